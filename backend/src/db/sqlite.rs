//! SQLite's own maintenance statements: copying the file, checking it, emptying the write-ahead
//! log. Rule: the only SQL outside the repositories' tables, and only here.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

/// Writes a copy of the database to the new file `target` (`VACUUM INTO`: one transaction's
/// view, without free pages).
pub async fn vacuum_into(db: &impl ConnectionTrait, target: &str) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [target.into()],
    ))
    .await?;
    Ok(())
}

/// SQLite's integrity check: `ok`, or what is wrong.
pub async fn integrity_check(db: &impl ConnectionTrait) -> Result<String, DbErr> {
    Ok(db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await?
        .and_then(|row| row.try_get_by_index::<String>(0).ok())
        .unwrap_or_default())
}

/// Moves the write-ahead log into the database file and truncates it; false while a reader
/// keeps the log busy.
pub async fn checkpoint(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA wal_checkpoint(TRUNCATE)",
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get_by_index::<i64>(0).ok()) == Some(0))
}
