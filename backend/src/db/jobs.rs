//! The job queue. Rule: work that may fail or take time (sending mail, posting a webhook) is
//! queued in the database inside the transaction that causes it and done by a worker
//! (`crate::worker`), never inside the request. A job is claimed with a lease: on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so each job runs once however many replicas and workers ask; a job
//! whose worker died is claimed again when its lease runs out. Daily runs are claimed per day, so
//! one replica runs them. This module knows no job's meaning: it stores kinds and payloads.

use super::entities::jobs;
use super::new_id;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, Set, Statement,
};

/// How long a claimed job is a worker's before another may take it.
pub const LEASE: Duration = Duration::minutes(5);

/// What a job does; stored as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Send one queued mail (`crate::mail::deliver`); the payload is the mail's id.
    SendMail,
    /// Post one webhook delivery (`crate::webhooks::deliver`); the payload is the delivery's id.
    DeliverWebhook,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Self; 2] = [Self::SendMail, Self::DeliverWebhook];

    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::SendMail => "SEND_MAIL",
            Self::DeliverWebhook => "DELIVER_WEBHOOK",
        }
    }

    /// The kind of a stored code; `None` for a code this release does not know.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Id.
    pub id: String,
    /// What to do, as stored: a [`Kind`]'s code.
    pub kind: String,
    /// Its argument (ids, never identifying data).
    pub payload: String,
    /// This is attempt number …
    pub attempts: i32,
    /// … of at most.
    pub max_attempts: i32,
}

/// Queues a job (inside the caller's transaction, so it exists only if the cause commits).
pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: Kind,
    payload: &str,
    run_at: DateTime<Utc>,
    max_attempts: i32,
) -> Result<String, DbErr> {
    let id = new_id();
    jobs::ActiveModel {
        id: Set(id.clone()),
        kind: Set(kind.code().to_owned()),
        payload: Set(payload.to_owned()),
        status: Set("QUEUED".to_owned()),
        run_at: Set(run_at),
        attempts: Set(0),
        max_attempts: Set(max_attempts),
        locked_by: Set(None),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(run_at),
        finished_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Claims the next job that is due, or one whose lease ran out, for `worker` until
/// `now + LEASE`.
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<Option<Job>, DbErr> {
    let backend = db.get_database_backend();
    let (skip_locked, p) = match backend {
        DatabaseBackend::Postgres => (" FOR UPDATE SKIP LOCKED", ["$1", "$2", "$3"]),
        // SQLite runs one writer at a time: the statement alone is atomic.
        _ => ("", ["?1", "?2", "?3"]),
    };
    let sql = format!(
        "UPDATE jobs SET status = 'RUNNING', locked_by = {worker}, locked_until = {until}, \
         attempts = attempts + 1 \
         WHERE id = (SELECT id FROM jobs \
             WHERE (status = 'QUEUED' AND run_at <= {now}) \
                OR (status = 'RUNNING' AND locked_until < {now}) \
             ORDER BY run_at, id LIMIT 1{skip_locked}) \
         RETURNING id, kind, payload, attempts, max_attempts",
        worker = p[0],
        until = p[1],
        now = p[2],
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [worker.into(), (now + LEASE).into(), now.into()],
        ))
        .await?;
    row.map(|r| {
        Ok(Job {
            id: r.try_get("", "id")?,
            kind: r.try_get("", "kind")?,
            payload: r.try_get("", "payload")?,
            attempts: r.try_get("", "attempts")?,
            max_attempts: r.try_get("", "max_attempts")?,
        })
    })
    .transpose()
}

/// Marks `job` done, if `worker` still holds it.
pub async fn complete(
    db: &DatabaseConnection,
    job: &Job,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    jobs::Entity::update_many()
        .col_expr(jobs::Column::Status, Expr::value("DONE"))
        .col_expr(jobs::Column::FinishedAt, Expr::value(now))
        .col_expr(
            jobs::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(jobs::Column::Id.eq(job.id.clone()))
        .filter(jobs::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt: the job is tried again later (1, 5, 30 minutes, then every 2
/// hours), or fails for good after its last attempt. `error` is a code, never identifying.
pub async fn fail(
    db: &DatabaseConnection,
    job: &Job,
    worker: &str,
    error: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let last = job.attempts >= job.max_attempts;
    let wait = match job.attempts {
        1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(30),
        _ => Duration::hours(2),
    };
    jobs::Entity::update_many()
        .col_expr(
            jobs::Column::Status,
            Expr::value(if last { "FAILED" } else { "QUEUED" }),
        )
        .col_expr(jobs::Column::RunAt, Expr::value(now + wait))
        .col_expr(jobs::Column::LastError, Expr::value(error.to_owned()))
        .col_expr(
            jobs::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            jobs::Column::FinishedAt,
            Expr::value(if last { Some(now) } else { None }),
        )
        .filter(jobs::Column::Id.eq(job.id.clone()))
        .filter(jobs::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(last)
}

/// Claims the daily run `key` for `today`: true for exactly one caller per day, however many
/// replicas ask. The claim is one conditional UPDATE, which PostgreSQL serialises on the row.
pub async fn claim_day(
    db: &DatabaseConnection,
    key: &str,
    today: NaiveDate,
) -> Result<bool, DbErr> {
    crate::db::settings::claim(db, &format!("daily.{key}"), &today.to_string()).await
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_job_kind_reads_back_from_its_code_and_unknown_codes_do_not() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(Kind::from_code("SEND_LETTER"), None);
    }
}
