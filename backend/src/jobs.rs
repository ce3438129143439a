//! Background work. Rule: work that may fail or take time (sending mail) is queued in the
//! database inside the transaction that causes it and done by a worker, never inside the
//! request. A worker claims a job with a lease: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so
//! each job runs once however many replicas and workers ask; a job whose worker died is claimed
//! again when its lease runs out. Daily scans are claimed per day, so one replica runs them.

use crate::db::entities::{jobs, settings};
use crate::db::new_id;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, Set, Statement,
};

/// How long a claimed job is a worker's before another may take it.
pub const LEASE: Duration = Duration::minutes(5);

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Id.
    pub id: String,
    /// What to do, e.g. `SEND_MAIL`.
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
    kind: &str,
    payload: &str,
    run_at: DateTime<Utc>,
    max_attempts: i32,
) -> Result<String, DbErr> {
    let id = new_id();
    jobs::ActiveModel {
        id: Set(id.clone()),
        kind: Set(kind.to_owned()),
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
    let key = format!("daily.{key}");
    settings::Entity::insert(settings::ActiveModel {
        key: Set(key.clone()),
        value: Set(String::new()),
    })
    .on_conflict(
        OnConflict::column(settings::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .try_insert()
    .exec_without_returning(db)
    .await?;
    let day = today.to_string();
    let claimed = settings::Entity::update_many()
        .col_expr(settings::Column::Value, Expr::value(day.clone()))
        .filter(settings::Column::Key.eq(key))
        .filter(settings::Column::Value.ne(day))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// How long an idle worker waits before asking again.
const IDLE: std::time::Duration = std::time::Duration::from_millis(500);

/// One worker: claims and runs jobs for as long as the server runs.
pub async fn work(
    state: std::sync::Arc<crate::AppState>,
    mailer: std::sync::Arc<crate::mail::Mailer>,
    name: String,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    // Once told to stop, the worker claims nothing more; a job it is running is finished and
    // recorded first, so a mail is never sent and then left claimed, to go out again after
    // its lease.
    while !*stop.borrow() {
        let now = state.clock.now();
        let idle = match claim(&state.db, &name, now).await {
            Ok(Some(job)) => {
                run_one(&state, &mailer, &job, &name).await;
                continue;
            }
            Ok(None) => IDLE,
            Err(_) => {
                tracing::error!(worker = %name, "a worker could not claim a job");
                IDLE
            }
        };
        tokio::select! {
            () = tokio::time::sleep(idle) => {}
            _ = stop.changed() => {}
        }
    }
}

async fn run_one(state: &crate::AppState, mailer: &crate::mail::Mailer, job: &Job, worker: &str) {
    let now = state.clock.now();
    let last = job.attempts >= job.max_attempts;
    let result = match job.kind.as_str() {
        crate::mail::SEND_MAIL => {
            crate::mail::deliver(&state.db, mailer, &job.payload, last, now).await
        }
        crate::webhooks::DELIVER_WEBHOOK => {
            crate::webhooks::deliver(
                &state.db,
                &state.audit_key,
                &state.webhooks,
                &state.config,
                &job.payload,
                last,
                now,
            )
            .await
        }
        _ => Err("UNKNOWN_JOB"),
    };
    let recorded = match result {
        Ok(()) => complete(&state.db, job, worker, now).await,
        Err(code) => {
            tracing::warn!(kind = %job.kind, attempt = job.attempts, error = code, "a job failed");
            fail(&state.db, job, worker, code, now).await.map(|_| ())
        }
    };
    if recorded.is_err() {
        tracing::error!(kind = %job.kind, "a job's result could not be recorded");
    }
}

/// The daily scans — the retention purge and the clock warnings — for as long as the server
/// runs: every hour it asks whether today's runs are still unclaimed.
pub async fn daily(state: std::sync::Arc<crate::AppState>) {
    loop {
        let today = state.clock.today();
        if state.config.daily_purge && claimed(&state.db, "purge", today).await {
            match crate::purge::run(
                &state.db,
                &state.config,
                &state.audit_key,
                state.clock.now(),
                today,
                false,
            )
            .await
            {
                Ok(report) => tracing::info!(
                    purged = report.purged.len(),
                    held = report.held.len(),
                    failed = report.failed.len(),
                    files_removed = report.files_removed,
                    "daily retention purge done"
                ),
                Err(e) => tracing::error!(code = e.code.as_str(), "daily retention purge failed"),
            }
        }
        if claimed(&state.db, "clocks", today).await {
            match crate::mail::scan_clocks(&state.db, &state.config, state.clock.now(), today).await
            {
                Ok(queued) => tracing::info!(queued, "daily clock warnings queued"),
                Err(_) => tracing::error!("daily clock warnings failed"),
            }
        }
        if claimed(&state.db, "audit-anchor", today).await
            && let Err(e) = anchor_audit_log(&state, today).await
        {
            tracing::error!(error = %e, "the audit log's daily anchor could not be written");
        }
        if claimed(&state.db, "webhook-log", today).await {
            match crate::webhooks::prune(&state.db, state.clock.now()).await {
                Ok(removed) => tracing::info!(removed, "old webhook deliveries removed"),
                Err(_) => tracing::error!("old webhook deliveries could not be removed"),
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// Writes the head of the audit chain outside the database: to the operator's log and in a
/// mail to the directors, who keep it; `klachten audit verify --anchor` later proves the chain
/// still holds it (nothing deleted at the end, nothing recomputed).
pub async fn anchor_audit_log(state: &crate::AppState, today: NaiveDate) -> Result<(), DbErr> {
    let Some(anchor) = crate::db::audit::head(&state.db).await? else {
        return Ok(());
    };
    tracing::info!(
        anchor = %anchor,
        "audit log anchor: `klachten audit verify --anchor {anchor}` proves the log still holds it"
    );
    let txn = crate::db::begin(&state.db).await?;
    crate::mail::audit_anchor(&txn, &state.config, state.clock.now(), today, &anchor).await?;
    txn.commit().await
}

async fn claimed(db: &DatabaseConnection, key: &str, today: NaiveDate) -> bool {
    claim_day(db, key, today).await.unwrap_or_else(|_| {
        tracing::error!(key, "a daily run could not be claimed");
        false
    })
}
