//! Complaints, measures and agenda items made before ids became random get a random id.
//!
//! Their earlier ids were UUIDv7, which decode to the moment a record was made. Every reference
//! to such an id moves to a fresh UUIDv4 in one transaction; the earlier id is kept in
//! `id_aliases` (never shown), so a link in an old letter or mail still finds its complaint for
//! those allowed to see it. The audit log is append-only and keeps the ids it was written with;
//! the audit view finds their complaints through the same aliases.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One kind of record whose id moves, and everything that refers to it.
struct Kind {
    /// The alias kind, and the table whose `id` moves.
    table: &'static str,
    /// Columns holding the id exactly: (table, column).
    references: &'static [(&'static str, &'static str)],
    /// Text columns that may hold the id inside a longer text: (table, column).
    texts: &'static [(&'static str, &'static str)],
}

const WEBHOOK_TEXTS: [(&str, &str); 3] = [
    ("webhook_deliveries", "payload"),
    ("webhook_deliveries", "dedupe_key"),
    ("mail_outbox", "dedupe_key"),
];

const KINDS: [Kind; 3] = [
    Kind {
        table: "complaints",
        references: &[
            ("complaint_parties", "complaint_id"),
            ("suspensions", "complaint_id"),
            ("complaint_events", "complaint_id"),
            ("conversations", "complaint_id"),
            ("measures", "complaint_id"),
            ("letters", "complaint_id"),
            ("agenda_items", "complaint_id"),
            ("registration_requests", "complaint_id"),
            ("mail_outbox", "complaint_id"),
        ],
        texts: &WEBHOOK_TEXTS,
    },
    Kind {
        table: "measures",
        references: &[
            ("measure_events", "measure_id"),
            ("agenda_items", "measure_id"),
            ("agenda_items", "decision_measure_id"),
        ],
        texts: &WEBHOOK_TEXTS,
    },
    Kind {
        table: "agenda_items",
        references: &[],
        texts: &WEBHOOK_TEXTS,
    },
];

/// The foreign keys onto a moving id; PostgreSQL checks them at commit while the ids move.
const FOREIGN_KEYS: [(&str, &str); 10] = [
    ("complaint_parties", "fk_complaint_parties_complaint_id"),
    ("suspensions", "fk_suspensions_complaint_id"),
    ("complaint_events", "fk_complaint_events_complaint_id"),
    ("conversations", "fk_conversations_complaint_id"),
    ("measures", "fk_measures_complaint_id"),
    ("letters", "fk_letters_complaint_id"),
    ("agenda_items", "fk_agenda_items_complaint_id"),
    (
        "registration_requests",
        "fk_registration_requests_complaint_id",
    ),
    ("agenda_items", "fk_agenda_items_measure_id"),
    ("measure_events", "fk_measure_events_measure_id"),
];

/// A UUID whose version digit says it carries a time (v1, v6, v7).
fn tells_time(id: &str) -> bool {
    matches!(id.as_bytes().get(14), Some(b'1' | b'6' | b'7'))
}

/// A fresh random id, in the form every id here has.
fn fresh() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("id_aliases")
                    .col(string("legacy_id").primary_key().take())
                    .col(string("kind"))
                    .col(string("id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_id_aliases_id")
                    .table("id_aliases")
                    .col("id")
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let run = |sql: String| db.execute_raw(Statement::from_string(backend, sql));
        match backend {
            DbBackend::Sqlite => {
                run("PRAGMA defer_foreign_keys = ON".into()).await?;
            }
            _ => {
                for (table, key) in FOREIGN_KEYS {
                    run(format!(
                        "ALTER TABLE {table} ALTER CONSTRAINT {key} DEFERRABLE INITIALLY IMMEDIATE"
                    ))
                    .await?;
                }
                run("SET CONSTRAINTS ALL DEFERRED".into()).await?;
            }
        }

        for kind in &KINDS {
            let rows = db
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("SELECT id FROM {}", kind.table),
                ))
                .await?;
            let mut moves = Vec::new();
            for row in rows {
                let id: String = row.try_get_by_index(0)?;
                // Only well-formed ids are moved; they are then safe to write into SQL text.
                if let Ok(parsed) = uuid::Uuid::parse_str(&id)
                    && parsed.to_string() == id
                    && tells_time(&id)
                {
                    moves.push((id, fresh()));
                }
            }
            for chunk in moves.chunks(200) {
                let values: Vec<String> = chunk
                    .iter()
                    .map(|(old, new)| format!("('{old}', '{}', '{new}')", kind.table))
                    .collect();
                run(format!(
                    "INSERT INTO id_aliases (legacy_id, kind, id) VALUES {}",
                    values.join(", ")
                ))
                .await?;
            }
            let kind_name = kind.table;
            let alias = |table: &str, column: &str| {
                format!(
                    "UPDATE {table} SET {column} = (SELECT a.id FROM id_aliases a \
                     WHERE a.kind = '{kind_name}' AND a.legacy_id = {table}.{column}) \
                     WHERE {column} IN (SELECT legacy_id FROM id_aliases WHERE kind = '{kind_name}')"
                )
            };
            run(alias(kind.table, "id")).await?;
            for (table, column) in kind.references {
                run(alias(table, column)).await?;
            }
            for (old, new) in &moves {
                for (table, column) in kind.texts {
                    run(format!(
                        "UPDATE {table} SET {column} = REPLACE({column}, '{old}', '{new}') \
                         WHERE {column} LIKE '%{old}%'"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }
}
