//! The retention purge — klachtenregeling: "Het dossier van de klachtbehandeling wordt na de
//! afhandeling 1 jaar bewaard." Rule: the domain core decides which complaint is due and what
//! of it is erased; this module finds the candidates, erases the rows that belong to them
//! (conversations, timeline, involved parties), redacts their measures, and leaves a purge entry
//! in the audit log as proof. One transaction per complaint, so a failure loses nothing else and
//! stops nothing else: a complaint that cannot be purged is reported to the directors (mail and
//! audit entry) and tried again on the next run. Copies outside the rows go too: mail files of
//! erased mail are removed from the outbox folder, and on SQLite the write-ahead log, which
//! still holds the pages as they were, is checkpointed and truncated.

use crate::config::Config;
use crate::db::audit::AuditKey;
use crate::db::complaints::{self as store};
use crate::db::{Rules, audit, measures, outbox, users};
use crate::error::ApiError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use klachten_core::actor::Actor;
use klachten_core::complaint::Status;
use klachten_core::ids::ComplaintId;
use klachten_core::lifecycle::{self, Command, LifecycleError};
use klachten_core::policy::ClockOutcomes;
use klachten_core::redaction::{RedactionContext, redact};
use sea_orm::DatabaseConnection;
use std::fmt;
use std::path::Path;

/// What a purge did (or, dry, would do), by complaint reference.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The day the purge counted as today.
    pub as_of: Option<NaiveDate>,
    /// Nothing was changed.
    pub dry_run: bool,
    /// Purged (or, dry, due).
    pub purged: Vec<String>,
    /// Due, but kept by a legal hold.
    pub held: Vec<String>,
    /// Due, but the purge failed (tried again on the next run; the directors are told).
    pub failed: Vec<String>,
    /// Mail files of erased mail removed from the outbox folder.
    pub files_removed: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = self.as_of.map(|d| d.to_string()).unwrap_or_default();
        let verb = if self.dry_run {
            "would purge"
        } else {
            "purged"
        };
        writeln!(
            f,
            "retention purge as of {day}: {verb} {} complaint(s)",
            self.purged.len()
        )?;
        for reference in &self.purged {
            writeln!(f, "  {verb} {reference}")?;
        }
        for reference in &self.held {
            writeln!(f, "  kept {reference}: a legal hold stands")?;
        }
        for reference in &self.failed {
            writeln!(
                f,
                "  FAILED {reference}: not purged; the directors are told and the next run tries again"
            )?;
        }
        if self.files_removed > 0 {
            writeln!(
                f,
                "  removed {} mail file(s) of erased mail from the outbox folder",
                self.files_removed
            )?;
        }
        Ok(())
    }
}

/// Purges every closed complaint whose retention period has passed on `as_of`; with `dry_run`
/// it only reports. `now` stamps the audit entries; `config` names the outbox folder and the
/// address for the directors' mail.
pub async fn run(
    db: &DatabaseConnection,
    config: &Config,
    audit_key: &AuditKey,
    now: DateTime<Utc>,
    as_of: NaiveDate,
    dry_run: bool,
) -> Result<Report, ApiError> {
    let closed = [Status::Resolved, Status::Declined, Status::Withdrawn];
    let candidates = store::closed_by(db, &closed, as_of).await?;
    let mut report = Report {
        as_of: Some(as_of),
        dry_run,
        ..Report::default()
    };
    let rules = Rules::load(db).await?;
    let staff_names = users::names(db).await?;
    let run = Run {
        audit_key,
        rules: &rules,
        staff_names: &staff_names,
        now,
        as_of,
        dry_run,
    };
    for (id, reference) in candidates {
        match run.one(db, id).await {
            Ok(Some(Outcome::Purged)) => report.purged.push(reference),
            Ok(Some(Outcome::Held)) => report.held.push(reference),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(code = e.code.as_str(), "a complaint could not be purged");
                report.failed.push(reference);
            }
        }
    }
    if dry_run {
        return Ok(report);
    }
    if !report.failed.is_empty() {
        tell_directors(db, config, audit_key, now, as_of, &report.failed).await?;
    }
    report.files_removed = sweep_outbox(db, &config.outbox_dir).await?;
    checkpoint(db).await;
    Ok(report)
}

/// What happened to one candidate.
enum Outcome {
    Purged,
    Held,
}

/// What every complaint of one run shares.
struct Run<'a> {
    audit_key: &'a AuditKey,
    rules: &'a Rules,
    staff_names: &'a [String],
    now: DateTime<Utc>,
    as_of: NaiveDate,
    dry_run: bool,
}

impl Run<'_> {
    /// Purges one candidate in its own transaction; `None` when it is not due after all.
    async fn one(
        &self,
        db: &DatabaseConnection,
        id: ComplaintId,
    ) -> Result<Option<Outcome>, ApiError> {
        let Run {
            audit_key,
            rules,
            now,
            as_of,
            ..
        } = *self;
        let staff_names = self.staff_names.to_vec();
        let txn = crate::db::begin(db).await?;
        let Some(stored) = store::load(&txn, id).await? else {
            return Ok(None);
        };
        let parameters = rules.parameters_of(&stored)?;
        let outcomes = ClockOutcomes::of(&rules.deadlines_of(&stored, &stored.complaint, as_of)?);
        let working_days =
            klachten_core::statistics::closure_of(&stored.complaint, rules.calendar_of(&stored)?)
                .map_or(0, |c| c.working_days);
        let purged = lifecycle::apply(
            &Actor::system(),
            &stored.complaint,
            Command::Purge {
                on: as_of,
                staff_names: staff_names.clone(),
                outcomes,
                working_days,
            },
            as_of,
            &parameters,
        );
        let next = match purged {
            Ok(next) => next,
            Err(LifecycleError::LegalHold) => return Ok(Some(Outcome::Held)),
            Err(_) => return Ok(None),
        };
        if self.dry_run {
            return Ok(Some(Outcome::Purged));
        }
        // Measures stay (they are the lesson learnt), redacted while the names are still known.
        let context = RedactionContext::for_complaint(&stored.complaint, &staff_names);
        for measure in measures::of_complaint(&txn, id).await? {
            // A description nobody reviewed could still say who it was about: it goes.
            let description = if measure.description_reviewed {
                redact(&measure.measure.description, &context)
            } else {
                String::new()
            };
            measures::set_description(&txn, measure.id, description).await?;
        }
        // Decisions and minutes of the meetings that discussed it: the names in them can be
        // recognised only while the complaint still has them.
        crate::meetings::redact_for_purge(&txn, id, &context).await?;
        store::save(&txn, &stored, &next, "system", now).await?;
        let view = klachten_core::policy::anonymise(
            &next,
            &rules.deadlines_of(&stored, &next, as_of)?,
            &[],
        );
        crate::webhooks::emit(
            &txn,
            now,
            crate::webhooks::status_changed(&view, stored.complaint.status),
        )
        .await?;
        store::delete_record(&txn, id).await?;
        crate::mail::erase_for(&txn, id).await?;
        crate::db::letters::delete_of(&txn, id).await?;
        store::record_event(&txn, id, "PURGE", None, now, Some(as_of)).await?;
        let closed_on = stored.complaint.closed_on.unwrap_or(as_of);
        audit::append(
            &txn,
            audit_key,
            now,
            audit::Entry {
                actor: "system",
                action: audit::Action::Step(lifecycle::Action::Purge),
                complaint_id: Some(id),
                detail: Some(format!(
                    "rule:retention {} months after closure; closed {}-{:02}; as of {as_of}",
                    parameters.retention.get(),
                    closed_on.year(),
                    closed_on.month()
                )),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(Some(Outcome::Purged))
    }
}

/// Tells the directors which complaints the run could not purge, by reference only, and leaves
/// the same in the audit log.
async fn tell_directors(
    db: &DatabaseConnection,
    config: &Config,
    audit_key: &AuditKey,
    now: DateTime<Utc>,
    as_of: NaiveDate,
    failed: &[String],
) -> Result<(), ApiError> {
    let txn = crate::db::begin(db).await?;
    let references = failed.join(", ");
    audit::append(
        &txn,
        audit_key,
        now,
        audit::Entry {
            actor: "system",
            action: audit::Named::PurgeFailed.into(),
            complaint_id: None,
            detail: Some(format!("as of {as_of}; not purged: {references}")),
        },
    )
    .await?;
    crate::mail::purge_failed(&txn, config, now, as_of, failed).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes the mail files of erased mail from the outbox folder: written before the purge
/// erased the mail, or by a send that was under way while it did. Returns how many went.
async fn sweep_outbox(db: &DatabaseConnection, dir: &Path) -> Result<usize, ApiError> {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return Ok(0);
    };
    let mut ids = Vec::new();
    while let Ok(Some(entry)) = entries.next_entry().await {
        let name = entry.file_name();
        if let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".eml")) {
            ids.push(id.to_owned());
        }
    }
    let mut removed = 0;
    for chunk in ids.chunks(500) {
        let erased = outbox::with_status_among(db, chunk, crate::mail::ERASED).await?;
        for id in erased {
            if crate::mail::remove_file(dir, &id).await {
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// On SQLite, moves the write-ahead log into the database file and truncates it: until then
/// the log still holds the purged rows as they were. Secure delete (set on every connection)
/// has already overwritten them in the file.
async fn checkpoint(db: &DatabaseConnection) {
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        return;
    }
    // A reader in the middle of a transaction keeps the log busy: try again for a while.
    for _ in 0..50 {
        if crate::db::sqlite::checkpoint(db).await.unwrap_or(false) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tracing::error!(
        "the write-ahead log stayed busy and could not be truncated after the purge; the next purge tries again"
    );
}
