//! A consistent copy of the SQLite database, made while the server runs (`klachten backup`),
//! and checked before it is reported: the copy opens, passes SQLite's integrity check and its
//! audit chain verifies. PostgreSQL is backed up with its own tools (`pg_dump`).
//!
//! A backup holds identifying data: the retention purge cannot reach it, so keep backups only
//! as long as needed to recover (see the README).

use crate::db::audit;
use crate::db::sqlite;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend};
use std::path::Path;

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// Size of the copy in bytes.
    pub bytes: u64,
    /// Entries of the copy's audit log, all verified.
    pub audit_entries: usize,
}

/// What to do instead on PostgreSQL.
pub const POSTGRES_ADVICE: &str = "on PostgreSQL, back up with pg_dump --format=custom \
     --file=klachten.dump \"$DATABASE_URL\" and restore into an empty database with \
     pg_restore --no-owner --dbname=<url> klachten.dump; then run klachten audit verify";

/// Copies the SQLite database behind `db` to the new file `to` (`VACUUM INTO`: one
/// transaction's view, without free pages, so erased data is not carried along), then checks
/// the copy. `to` must not exist yet.
pub async fn sqlite(
    db: &DatabaseConnection,
    audit_key: &audit::AuditKey,
    to: &Path,
) -> Result<Backup, String> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(POSTGRES_ADVICE.to_owned());
    }
    if to.exists() {
        return Err(format!(
            "{} already exists; name a new file, so no backup is overwritten",
            to.display()
        ));
    }
    let target = to
        .to_str()
        .ok_or_else(|| "name the backup file with a path in plain characters".to_owned())?;
    sqlite::vacuum_into(db, target)
        .await
        .map_err(|e| format!("the copy could not be written to {}: {e}", to.display()))?;
    check(to, audit_key).await
}

/// Opens a copy read-only and checks it.
async fn check(copy: &Path, audit_key: &audit::AuditKey) -> Result<Backup, String> {
    let unreadable =
        |e: sea_orm::DbErr| format!("the copy at {} cannot be read: {e}", copy.display());
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode=ro", copy.display()));
    options.sqlx_logging(false);
    let conn = Database::connect(options).await.map_err(unreadable)?;
    let integrity = sqlite::integrity_check(&conn).await.map_err(unreadable)?;
    if integrity != "ok" {
        return Err(format!(
            "the copy at {} fails SQLite's integrity check ({integrity}); do not rely on it",
            copy.display()
        ));
    }
    let audit_entries = match audit::verify(&conn, audit_key, &[])
        .await
        .map_err(unreadable)?
    {
        Ok(count) => count,
        Err(broken) => {
            return Err(format!(
                "the copy's audit log is broken at {broken}; the source database needs `klachten audit verify`"
            ));
        }
    };
    conn.close().await.map_err(unreadable)?;
    let bytes = std::fs::metadata(copy).map(|m| m.len()).unwrap_or(0);
    Ok(Backup {
        bytes,
        audit_entries,
    })
}
