//! Complaints, measures, meetings and agenda items made before ids became random get a random
//! id.
//!
//! Their earlier ids were UUIDv7, which decode to the moment a record was made. Every reference
//! to such an id moves to a fresh UUIDv4 in one transaction; the earlier id is kept in
//! `id_aliases` (never shown), so a link in an old letter or mail still finds its complaint for
//! those allowed to see it. The audit log is append-only and keeps the ids it was written with;
//! the audit view finds their complaints through the same aliases.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};
use std::collections::HashMap;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One kind of record whose id moves, and everything that refers to it.
struct Kind {
    /// The alias kind, and the table whose `id` moves.
    table: &'static str,
    /// Columns holding the id exactly: (table, column).
    references: &'static [(&'static str, &'static str)],
}

/// Text columns that may hold a moved id inside a longer text (webhook bodies, de-duplication
/// keys): (table, column) of tables keyed by `id`.
const TEXTS: [(&str, &str); 3] = [
    ("webhook_deliveries", "payload"),
    ("webhook_deliveries", "dedupe_key"),
    ("mail_outbox", "dedupe_key"),
];

const KINDS: [Kind; 4] = [
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
    },
    Kind {
        table: "measures",
        references: &[
            ("measure_events", "measure_id"),
            ("agenda_items", "measure_id"),
            ("agenda_items", "decision_measure_id"),
        ],
    },
    Kind {
        table: "meetings",
        references: &[("agenda_items", "meeting_id")],
    },
    Kind {
        table: "agenda_items",
        references: &[],
    },
];

/// The foreign keys onto a moving id; PostgreSQL checks them at commit while the ids move.
const FOREIGN_KEYS: [(&str, &str); 11] = [
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
    ("agenda_items", "fk_agenda_items_meeting_id"),
];

/// A UUID whose version digit says it carries a time (v1, v6, v7).
fn tells_time(id: &str) -> bool {
    matches!(id.as_bytes().get(14), Some(b'1' | b'6' | b'7'))
}

/// A fresh random id, in the form every id here has.
fn fresh() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `text` with every moved id in it replaced, if it held one. An id is a run of hex digits and
/// dashes, so it is found whatever separates it (quotes, colons).
fn replace_ids(text: &str, moves: &HashMap<String, String>) -> Option<String> {
    let is_id_char = |c: char| c.is_ascii_hexdigit() || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut run: Option<usize> = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let inside = i < text.len() && is_id_char(c);
        if inside {
            run.get_or_insert(i);
            continue;
        }
        if let Some(start) = run.take() {
            let found = &text[start..i];
            match moves.get(found) {
                Some(new) => {
                    out.push_str(new);
                    changed = true;
                }
                None => out.push_str(found),
            }
        }
        if i < text.len() {
            out.push(c);
        }
    }
    changed.then_some(out)
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

        let mut all_moves: HashMap<String, String> = HashMap::new();
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
            all_moves.extend(moves);
        }
        // Texts are read once and written back where they held a moved id.
        for (table, column) in TEXTS {
            let rows = db
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"),
                ))
                .await?;
            for row in rows {
                let id: String = row.try_get_by_index(0)?;
                let text: String = row.try_get_by_index(1)?;
                if let Some(moved) = replace_ids(&text, &all_moves) {
                    manager
                        .exec_stmt(
                            Query::update()
                                .table(Alias::new(table))
                                .value(Alias::new(column), moved)
                                .and_where(Expr::col(Alias::new("id")).eq(id))
                                .to_owned(),
                        )
                        .await?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "0193a1f4-2b3c-7d4e-8f50-6a7b8c9d0e1f";
    const NEW: &str = "9c4e7a12-5b6d-4e8f-9a01-b2c3d4e5f607";

    #[test]
    fn moved_ids_are_replaced_wherever_a_text_holds_them() {
        let moves = HashMap::from([(OLD.to_owned(), NEW.to_owned())]);
        for (text, expected) in [
            (
                format!("{{\"id\":\"{OLD}\"}}"),
                Some(format!("{{\"id\":\"{NEW}\"}}")),
            ),
            (
                format!("hook:CLOCK_LATE:{OLD}:ACK:2026-12-01"),
                Some(format!("hook:CLOCK_LATE:{NEW}:ACK:2026-12-01")),
            ),
            (
                format!("new:{OLD}:anna-bee@example.nl"),
                Some(format!("new:{NEW}:anna-bee@example.nl")),
            ),
            (OLD.to_owned(), Some(NEW.to_owned())),
            // A longer run that merely contains the id is another id: left alone.
            (format!("{OLD}a"), None),
            ("nothing to move: Ł, ş, ễ".to_owned(), None),
            (String::new(), None),
        ] {
            assert_eq!(replace_ids(&text, &moves), expected, "{text}");
        }
    }

    #[test]
    fn only_ids_that_tell_a_time_move() {
        assert!(tells_time(OLD));
        assert!(!tells_time(NEW));
        assert!(!tells_time("short"));
    }
}
