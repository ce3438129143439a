//! The worker: runs queued jobs (`crate::db::jobs`) and the daily runs — the retention purge, the
//! clock scan, the audit log's anchor, the webhook log's pruning. Rule: this is the one place
//! that knows what each job kind means; the notifiers it calls (`mail`, `webhooks`) do not call
//! each other.

use crate::db::jobs::{self, Job, Kind, claim, complete, fail};
use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, DbErr};

/// How long an idle worker waits before asking again.
const IDLE: std::time::Duration = std::time::Duration::from_millis(500);

/// One worker: claims and runs jobs for as long as the server runs.
pub async fn work(
    state: std::sync::Arc<crate::state::AppState>,
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

async fn run_one(
    state: &crate::state::AppState,
    mailer: &crate::mail::Mailer,
    job: &Job,
    worker: &str,
) {
    let now = state.clock.now();
    let last = job.attempts >= job.max_attempts;
    let result = match Kind::from_code(&job.kind) {
        Some(Kind::SendMail) => {
            crate::mail::deliver(&state.db, mailer, &job.payload, last, now).await
        }
        Some(Kind::DeliverWebhook) => match job.payload.parse() {
            Ok(id) => {
                crate::webhooks::deliver(deliverer(state, &state.config), id, last, now).await
            }
            Err(_) => Err("BAD_PAYLOAD"),
        },
        None => Err("UNKNOWN_JOB"),
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
pub async fn daily(state: std::sync::Arc<crate::state::AppState>) {
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
            match crate::clock_scan::run(&state.db, &state.config, state.clock.now(), today).await {
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
pub async fn anchor_audit_log(
    state: &crate::state::AppState,
    today: NaiveDate,
) -> Result<(), DbErr> {
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
    jobs::claim_day(db, key, today).await.unwrap_or_else(|_| {
        tracing::error!(key, "a daily run could not be claimed");
        false
    })
}

/// What webhook deliveries need, with `config` (normally the server's own) and the admins told
/// by mail of a switch-off.
pub fn deliverer<'a>(
    state: &'a crate::state::AppState,
    config: &'a crate::config::Config,
) -> crate::webhooks::Deliverer<'a, MailSwitchOff<'a>> {
    crate::webhooks::Deliverer {
        db: &state.db,
        audit_key: &state.audit_key,
        sender: &state.webhooks,
        config,
        alert: MailSwitchOff(config),
    }
}

/// Tells the admins by mail when a webhook switched itself off, in the switch's transaction.
pub struct MailSwitchOff<'a>(&'a crate::config::Config);

impl crate::webhooks::SwitchOffAlert for MailSwitchOff<'_> {
    async fn switched_off(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        now: chrono::DateTime<chrono::Utc>,
        notice: &crate::webhooks::SwitchedOff<'_>,
    ) -> Result<(), DbErr> {
        crate::mail::webhook_switched_off(txn, self.0, now, notice).await
    }
}
