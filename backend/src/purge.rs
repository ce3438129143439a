//! The retention purge — klachtenregeling: "Het dossier van de klachtbehandeling wordt na de
//! afhandeling 1 jaar bewaard." Rule: the domain core decides which complaint is due and what
//! of it is erased; this module finds the candidates, erases the rows that belong to them
//! (conversations, timeline, involved parties), redacts their measures, and leaves a purge entry
//! in the audit log as proof. One transaction per complaint, so a failure loses nothing else.

use crate::db::complaints::{self as store};
use crate::db::entities::{complaint_events, complaints, conversations, measures};
use crate::db::{Rules, audit, codes, users};
use crate::error::ApiError;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use klachten_core::actor::Actor;
use klachten_core::complaint::Status;
use klachten_core::lifecycle::{self, Command, LifecycleError};
use klachten_core::policy::ClockOutcomes;
use klachten_core::redaction::{RedactionContext, redact};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::fmt;

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
        Ok(())
    }
}

/// Purges every closed complaint whose retention period has passed on `as_of`; with `dry_run`
/// it only reports. `now` stamps the audit entries.
pub async fn run(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    as_of: NaiveDate,
    dry_run: bool,
) -> Result<Report, ApiError> {
    let closed: Vec<String> = [Status::Resolved, Status::Declined, Status::Withdrawn]
        .into_iter()
        .map(|s| codes::status_code(s).to_owned())
        .collect();
    let candidates = complaints::Entity::find()
        .filter(complaints::Column::Status.is_in(closed))
        .filter(complaints::Column::ClosedOn.lte(as_of))
        .order_by_asc(complaints::Column::Reference)
        .all(db)
        .await?;
    let mut report = Report {
        as_of: Some(as_of),
        dry_run,
        ..Report::default()
    };
    let rules = Rules::load(db).await?;
    let staff_names: Vec<String> = users::all(db).await?.into_iter().map(|u| u.name).collect();
    for row in candidates {
        let Some(id) = store::parse_complaint_id(&row.id) else {
            continue;
        };
        let txn = crate::db::begin(db).await?;
        let Some(stored) = store::load(&txn, id).await? else {
            continue;
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
            Err(LifecycleError::LegalHold) => {
                report.held.push(row.reference);
                continue;
            }
            Err(_) => continue,
        };
        if dry_run {
            report.purged.push(row.reference);
            continue;
        }
        // Measures stay (they are the lesson learnt), redacted while the names are still known.
        let context = RedactionContext::for_complaint(&stored.complaint, &staff_names);
        for measure in measures::Entity::find()
            .filter(measures::Column::ComplaintId.eq(row.id.clone()))
            .all(&txn)
            .await?
        {
            let description = redact(&measure.description, &context);
            let mut measure: measures::ActiveModel = measure.into();
            measure.description = Set(description);
            measure.update(&txn).await?;
        }
        // Decisions and minutes of the meetings that discussed it: the names in them can be
        // recognised only while the complaint still has them.
        crate::meetings::redact_for_purge(&txn, &row.id, &context).await?;
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
        conversations::Entity::delete_many()
            .filter(conversations::Column::ComplaintId.eq(row.id.clone()))
            .exec(&txn)
            .await?;
        complaint_events::Entity::delete_many()
            .filter(complaint_events::Column::ComplaintId.eq(row.id.clone()))
            .exec(&txn)
            .await?;
        crate::mail::erase_for(&txn, &row.id).await?;
        // The request ids of its registration carry a hash of what was sent.
        crate::db::entities::registration_requests::Entity::delete_many()
            .filter(
                crate::db::entities::registration_requests::Column::ComplaintId.eq(row.id.clone()),
            )
            .exec(&txn)
            .await?;
        crate::db::entities::letters::Entity::delete_many()
            .filter(crate::db::entities::letters::Column::ComplaintId.eq(row.id.clone()))
            .exec(&txn)
            .await?;
        store::record_event(&txn, &row.id, "PURGE", None, now, Some(as_of)).await?;
        let closed_on = stored.complaint.closed_on.unwrap_or(as_of);
        audit::append(
            &txn,
            now,
            audit::Entry {
                actor: "system",
                action: "PURGE",
                complaint_id: Some(&row.id),
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
        report.purged.push(row.reference);
    }
    Ok(report)
}
