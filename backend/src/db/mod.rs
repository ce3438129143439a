//! The repositories: connection, migrations, first-start seeding, and every SQL statement. Rule:
//! SQL lives under `db/` only, and rows leave it as the core's types or plain structs of their
//! own, never as entities or API types.

#[expect(
    missing_docs,
    reason = "the entity derive macros generate undocumented items"
)]
pub mod entities;

pub mod audit;
pub mod clients;
pub mod codes;
pub mod complaints;
pub mod ids;
pub mod jobs;
pub mod letters;
pub mod measures;
pub mod meetings;
pub mod outbox;
pub mod role_requests;
pub mod sessions;
pub mod settings;
pub mod sqlite;
pub mod users;
pub mod versions;
pub mod webhooks;

pub use ids::{new_id, next, random, random_id, stored, stored_opt, texts};

use chrono::NaiveDate;
use entities::{calendar_versions, procedure_versions};
use klachten_core::calendar::{CalendarVersion, WorkingDayCalendar};
use klachten_core::procedure::{ProcedureParameters, ProcedureVersion};
use klachten_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ConnectOptions, Database, DatabaseConnection, DbErr, EntityTrait, Set,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::collections::HashMap;
use std::time::Duration;

/// Connects to `url` (SQLite or PostgreSQL) and brings the schema up to date.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite") { 1 } else { 10 })
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    // A statement or an idle transaction that hangs is stopped by PostgreSQL itself, so its
    // connection returns to the pool (the request itself is stopped after 15 s as well).
    options.map_sqlx_postgres_opts(|pg| {
        pg.options([
            ("statement_timeout", "15s"),
            ("idle_in_transaction_session_timeout", "30s"),
        ])
        // Operators find the server's sessions in pg_stat_activity by this name.
        .application_name("klachten")
    });
    // SQLite, on every connection: enforce foreign keys, keep writes durable but quick, and
    // overwrite deleted content with zeros, so erased data (the retention purge) does not linger
    // in free pages of the file.
    options.map_sqlx_sqlite_opts(|sqlite| {
        sqlite
            .foreign_keys(true)
            .pragma("journal_mode", "WAL")
            .pragma("synchronous", "NORMAL")
            .pragma("secure_delete", "ON")
    });
    let db = Database::connect(options).await?;
    Migrator::up(&db, None).await?;
    seed(&db).await?;
    Ok(db)
}

/// Starts a transaction that may write. On SQLite it takes the write lock at once (`BEGIN
/// IMMEDIATE`), so it waits its turn (the busy timeout) while another process — a `klachten`
/// command, a backup — writes; a deferred one that read first would instead fail at once with
/// "database is locked" when it came to write. PostgreSQL ignores the mode; inside a
/// transaction this is a savepoint.
pub async fn begin<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// On first start: the procedure of 1 June 2022 and the default calendar.
async fn seed(db: &DatabaseConnection) -> Result<(), DbErr> {
    if procedure_versions::Entity::find().one(db).await?.is_none() {
        let original = ProcedureVersion::original();
        procedure_versions::ActiveModel {
            id: Set(new_id()),
            label: Set(original.label),
            effective_from: Set(original.effective_from),
            text: Set(original.text),
            parameters: Set(serde_json::to_string(&original.parameters)
                .map_err(|e| DbErr::Custom(e.to_string()))?),
        }
        .insert(db)
        .await?;
    }
    if calendar_versions::Entity::find().one(db).await?.is_none() {
        let first = klachten_core::calendar::default_calendar_history().versions()[0].clone();
        calendar_versions::ActiveModel {
            id: Set(new_id()),
            label: Set(first.label),
            effective_from: Set(first.effective_from),
            rules: Set(
                serde_json::to_string(&first.calendar).map_err(|e| DbErr::Custom(e.to_string()))?
            ),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The procedure and calendar versions, loaded once per request.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Procedure versions by id.
    pub procedures: HashMap<String, ProcedureVersion>,
    /// Calendar versions by id.
    pub calendars: HashMap<String, CalendarVersion>,
    /// The id of each procedure version with its effective date, oldest first.
    pub procedure_history: Vec<(String, NaiveDate)>,
    /// The id of each calendar version, oldest first.
    pub calendar_history: Vec<(String, NaiveDate)>,
}

impl Rules {
    /// Loads every version.
    pub async fn load(db: &impl sea_orm::ConnectionTrait) -> Result<Self, DbErr> {
        let mut procedures = HashMap::new();
        let mut procedure_history = Vec::new();
        for row in procedure_versions::Entity::find().all(db).await? {
            let parameters: ProcedureParameters =
                serde_json::from_str(&row.parameters).map_err(|e| DbErr::Custom(e.to_string()))?;
            procedure_history.push((row.id.clone(), row.effective_from));
            procedures.insert(
                row.id,
                ProcedureVersion {
                    label: row.label,
                    effective_from: row.effective_from,
                    text: row.text,
                    parameters,
                },
            );
        }
        let mut calendars = HashMap::new();
        let mut calendar_history = Vec::new();
        for row in calendar_versions::Entity::find().all(db).await? {
            let calendar: WorkingDayCalendar =
                serde_json::from_str(&row.rules).map_err(|e| DbErr::Custom(e.to_string()))?;
            calendar_history.push((row.id.clone(), row.effective_from));
            calendars.insert(
                row.id,
                CalendarVersion {
                    label: row.label,
                    effective_from: row.effective_from,
                    calendar,
                },
            );
        }
        procedure_history.sort_by_key(|(_, d)| *d);
        calendar_history.sort_by_key(|(_, d)| *d);
        Ok(Self {
            procedures,
            calendars,
            procedure_history,
            calendar_history,
        })
    }

    /// The periods of the procedure version `stored` falls under.
    pub fn parameters_of(&self, stored: &complaints::Stored) -> Result<ProcedureParameters, DbErr> {
        self.procedures
            .get(&stored.procedure_version_id)
            .map(|p| p.parameters)
            .ok_or_else(|| DbErr::Custom("a complaint without its procedure version".to_owned()))
    }

    /// The working-day calendar `stored` is counted with.
    pub fn calendar_of(&self, stored: &complaints::Stored) -> Result<&WorkingDayCalendar, DbErr> {
        self.calendars
            .get(&stored.calendar_version_id)
            .map(|c| &c.calendar)
            .ok_or_else(|| DbErr::Custom("a complaint without its calendar version".to_owned()))
    }

    /// The clocks of `complaint` (stored as `stored`) on `today`, under its own procedure and
    /// calendar versions.
    pub fn deadlines_of(
        &self,
        stored: &complaints::Stored,
        complaint: &klachten_core::complaint::Complaint,
        today: NaiveDate,
    ) -> Result<klachten_core::clocks::Deadlines, DbErr> {
        Ok(klachten_core::clocks::deadlines(
            complaint,
            self.calendar_of(stored)?,
            &self.parameters_of(stored)?,
            today,
        ))
    }

    /// The ids of the procedure and calendar versions in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> Option<(String, String)> {
        let pick = |history: &[(String, NaiveDate)]| {
            let index = history
                .partition_point(|(_, from)| *from <= date)
                .saturating_sub(1);
            history.get(index).map(|(id, _)| id.clone())
        };
        Some((
            pick(&self.procedure_history)?,
            pick(&self.calendar_history)?,
        ))
    }
}
