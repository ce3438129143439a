//! The audit log. Rule: append-only and hash-chained — each entry's hash covers its content and
//! the previous entry's hash — and it never holds identifying values, only ids and actions.

use super::entities::audit_log;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Who: `user:<id>`, `client:<id>`, `system` or `anonymous`.
    pub actor: &'a str,
    /// What: `LOGIN`, `LOGIN_FAILED`, `READ_IDENTIFIED`, `REGISTER`, a lifecycle action, …
    pub action: &'a str,
    /// Which complaint, if any.
    pub complaint_id: Option<&'a str>,
    /// Further non-identifying detail (ids, counts, codes).
    pub detail: Option<String>,
}

fn hash(seq: i64, at: &DateTime<Utc>, entry: &Entry<'_>, prev: &str) -> String {
    let mut h = Sha256::new();
    for part in [
        seq.to_string().as_str(),
        &at.timestamp_millis().to_string(),
        entry.actor,
        entry.action,
        entry.complaint_id.unwrap_or(""),
        entry.detail.as_deref().unwrap_or(""),
        prev,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Appends `entry` at `at`, inside the caller's transaction so it commits or rolls back with
/// the change it records (or in one of its own, outside a transaction).
///
/// The chain needs one order: appends take turns. SQLite's write transactions already do; on
/// PostgreSQL the append takes a lock for the chain that is held until the caller's whole
/// transaction ends, so the next one reads this entry as the last (without it, two requests at
/// the same moment took the same number and one of them failed).
pub async fn append<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    at: DateTime<Utc>,
    entry: Entry<'_>,
) -> Result<(), DbErr> {
    // A savepoint inside the caller's transaction, or a write transaction of its own.
    let txn = super::begin(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(hashtext('klachten-audit-chain'))")
            .await?;
    }
    append_locked(&txn, at, entry).await?;
    txn.commit().await
}

async fn append_locked(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    entry: Entry<'_>,
) -> Result<(), DbErr> {
    let last = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Seq)
        .one(db)
        .await?;
    let (seq, prev) = last.map_or((1, GENESIS.to_owned()), |l| (l.seq + 1, l.hash));
    let hash = hash(seq, &at, &entry, &prev);
    audit_log::ActiveModel {
        seq: Set(seq),
        at: Set(at),
        actor: Set(entry.actor.to_owned()),
        action: Set(entry.action.to_owned()),
        complaint_id: Set(entry.complaint_id.map(str::to_owned)),
        detail: Set(entry.detail),
        prev_hash: Set(prev),
        hash: Set(hash),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The first entry that does not match its hash or its predecessor: altered, inserted out of
/// order, or following a deleted one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Its sequence number.
    pub seq: i64,
    /// When it claims to have been written.
    pub at: DateTime<Utc>,
    /// Its action.
    pub action: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "entry {} ({}, {}) does not match its hash or the entry before it",
            self.seq,
            self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            self.action
        )
    }
}

/// Checks the whole chain; returns the number of entries, or the first entry that breaks it.
pub async fn verify(db: &impl ConnectionTrait) -> Result<Result<usize, Broken>, DbErr> {
    let entries = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Seq)
        .all(db)
        .await?;
    let mut prev = GENESIS.to_owned();
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i64::try_from(i).unwrap_or(i64::MAX) + 1;
        let entry = Entry {
            actor: &e.actor,
            action: &e.action,
            complaint_id: e.complaint_id.as_deref(),
            detail: e.detail.clone(),
        };
        if e.seq != expected_seq
            || e.prev_hash != prev
            || hash(e.seq, &e.at, &entry, &prev) != e.hash
        {
            return Ok(Err(Broken {
                seq: e.seq,
                at: e.at,
                action: e.action.clone(),
            }));
        }
        prev.clone_from(&e.hash);
    }
    Ok(Ok(entries.len()))
}
