//! Measures and improvement proposals through the API (`services::measures`). Rule: arguments
//! mapped in; a measure mapped out as its `Reading` lets the reader see it (the description
//! redacted and only once reviewed, dates as months, for those who see the complaint
//! anonymised).

use super::context::{require_caller, require_user, state};
use super::ids::{id_out, typed, typed_opt};
use super::types::{Date, Measure, MeasureEvent, MeasureKind, MeasureStatus, MeasureSummary};
use crate::error::{ApiError, ApiResult};
use crate::services::measures as services;
use crate::services::measures::Loaded;
pub use crate::services::measures::Reading;
use async_graphql::{Context, ID, InputObject, Object};
use chrono::NaiveDate;
use klachten_core::integration::Scope;
use klachten_core::measures::{self as core, MeasureKind as CoreKind, MeasureStatus as CoreStatus};
use klachten_core::policy::{self, YearMonth};
use klachten_core::redaction::{RedactionContext, redact};
use std::collections::HashMap;

impl From<CoreKind> for MeasureKind {
    fn from(k: CoreKind) -> Self {
        match k {
            CoreKind::Measure => Self::Measure,
            CoreKind::ImprovementProposal => Self::ImprovementProposal,
        }
    }
}

impl From<MeasureKind> for CoreKind {
    fn from(k: MeasureKind) -> Self {
        match k {
            MeasureKind::Measure => Self::Measure,
            MeasureKind::ImprovementProposal => Self::ImprovementProposal,
        }
    }
}

impl From<CoreStatus> for MeasureStatus {
    fn from(s: CoreStatus) -> Self {
        match s {
            CoreStatus::Proposed => Self::Proposed,
            CoreStatus::Agreed => Self::Agreed,
            CoreStatus::InProgress => Self::InProgress,
            CoreStatus::Done => Self::Done,
            CoreStatus::Dropped => Self::Dropped,
        }
    }
}

impl From<MeasureStatus> for CoreStatus {
    fn from(s: MeasureStatus) -> Self {
        match s {
            MeasureStatus::Proposed => Self::Proposed,
            MeasureStatus::Agreed => Self::Agreed,
            MeasureStatus::InProgress => Self::InProgress,
            MeasureStatus::Done => Self::Done,
            MeasureStatus::Dropped => Self::Dropped,
        }
    }
}

/// A measure as `reading` lets its reader see it.
pub fn measure_out(
    loaded: &Loaded,
    names: &HashMap<String, String>,
    today: NaiveDate,
    reading: &Reading,
) -> ApiResult<Measure> {
    let (row, events) = loaded;
    let measure = &row.measure;
    let anonymised = reading.months;
    let redacted = || redact(&measure.description, &reading.context);
    let owner = measure.owner.to_string();
    Ok(Measure {
        id: id_out(row.id),
        complaint_id: row.complaint_id.map(id_out),
        kind: measure.kind.into(),
        description: if reading.redacted {
            policy::released(redacted, row.description_reviewed)
        } else {
            Some(measure.description.clone())
        },
        description_redacted: (!reading.redacted).then(redacted),
        description_reviewed: row.description_reviewed,
        owner_name: names.get(&owner).cloned(),
        owner_id: ID(owner),
        due_on: (!anonymised).then_some(Date(measure.due_on)),
        due_month: YearMonth::of(measure.due_on).to_string(),
        status: measure.status.into(),
        allowed_statuses: core::allowed_statuses(&reading.actor, measure)
            .into_iter()
            .map(Into::into)
            .collect(),
        late: if anonymised {
            core::is_late_by_month(measure, today)
        } else {
            core::is_late(measure, today)
        },
        history: events
            .iter()
            .map(|e| MeasureEvent {
                status: e.status.into(),
                actor_id: ID(e.actor_id.clone()),
                at: (!anonymised).then(|| e.at.to_rfc3339()),
                month: YearMonth::of(klachten_core::time::amsterdam_date(e.at)).to_string(),
            })
            .collect(),
    })
}

/// A measure as an anonymised view shows it.
pub fn measure_summary(
    loaded: &Loaded,
    today: NaiveDate,
    redaction: &RedactionContext,
) -> ApiResult<MeasureSummary> {
    let measure = &loaded.0.measure;
    Ok(MeasureSummary {
        kind: measure.kind.into(),
        description: policy::released(
            || redact(&measure.description, redaction),
            loaded.0.description_reviewed,
        ),
        due_month: YearMonth::of(measure.due_on).to_string(),
        status: measure.status.into(),
        late: core::is_late_by_month(measure, today),
    })
}

/// A measure or proposal to add.
#[derive(InputObject, Debug, Clone)]
pub struct AddMeasureInput {
    /// The complaint it comes from; leave out for a proposal that stands alone.
    pub complaint_id: Option<ID>,
    /// Measure or proposal.
    pub kind: MeasureKind,
    /// What is to be done.
    pub description: String,
    /// The redacted description is approved for readers who see the complaint anonymised;
    /// until then they read the kind only. Review it with `reviewMeasureDescription`.
    #[graphql(default = false)]
    pub description_reviewed: bool,
    /// Who sees it through.
    pub owner_id: ID,
    /// By when.
    pub due_on: Date,
}

/// A root-cause category (oorzaakcategorie).
#[derive(async_graphql::SimpleObject, Debug, Clone)]
pub struct CauseCategory {
    /// The code stored with a complaint's root cause, e.g. `communicatie`.
    pub code: String,
    /// The label shown, e.g. "Communicatie".
    pub label: String,
    /// Whether it can be chosen for a new root cause.
    pub active: bool,
}

/// Filters for `measures`.
#[derive(InputObject, Debug, Clone, Default)]
pub struct MeasureFilter {
    /// Only those of this complaint.
    pub complaint_id: Option<ID>,
    /// Only these statuses.
    pub status: Option<Vec<MeasureStatus>>,
    /// Only those past their due date and not finished.
    pub late: Option<bool>,
}

/// Queries about measures.
#[derive(Default)]
pub struct MeasureQuery;

#[Object]
impl MeasureQuery {
    /// The root-cause categories (oorzaakcategorieën) the admins keep, in their order; the
    /// inactive ones only when asked (admins use them to reactivate one).
    async fn cause_categories(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Also the categories that can no longer be chosen.")]
        include_inactive: Option<bool>,
    ) -> async_graphql::Result<Vec<CauseCategory>> {
        require_user(ctx)?;
        let include_inactive = include_inactive.unwrap_or(false);
        let found = services::cause_categories(state(ctx), include_inactive).await?;
        Ok(found.into_iter().map(category_out).collect())
    }

    /// Measures and proposals: all of them for handlers and directors, your own for everyone
    /// else; descriptions redacted where you may not see the complaint identified.
    async fn measures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only what matches; leave out for everything.")] filter: Option<
            MeasureFilter,
        >,
    ) -> async_graphql::Result<Vec<Measure>> {
        let caller = require_caller(ctx, Scope::ReadMeasures)?;
        let filter = filter.unwrap_or_default();
        let query = services::Filter {
            complaint_id: typed_opt(filter.complaint_id.as_ref())?,
            statuses: filter
                .status
                .map(|statuses| statuses.into_iter().map(Into::into).collect()),
        };
        let read = services::list(state(ctx), caller, query).await?;
        let all = measures_out(&read)?;
        Ok(all
            .into_iter()
            .filter(|m| filter.late.is_none_or(|late| m.late == late))
            .collect())
    }
}

/// Mutations of measures.
#[derive(Default)]
pub struct MeasureMutation;

#[Object]
impl MeasureMutation {
    /// Adds a root-cause category or changes its label or whether it can be chosen (admins).
    /// A category in use is never removed: deactivating keeps the complaints that have it.
    async fn save_cause_category(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The stored code: lowercase letters, digits and hyphens, e.g. `communicatie`."
        )]
        code: String,
        #[graphql(desc = "The name shown, e.g. \"Communicatie\".")] label: String,
        #[graphql(desc = "Whether it can be chosen for a new root cause.")] active: bool,
    ) -> async_graphql::Result<CauseCategory> {
        let user = require_user(ctx)?;
        let saved = services::save_cause_category(state(ctx), user, &code, &label, active).await?;
        Ok(category_out(saved))
    }

    /// Adds a measure or improvement proposal (handlers and directors).
    async fn add_measure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The measure or proposal.")] input: AddMeasureInput,
    ) -> async_graphql::Result<Measure> {
        let user = require_user(ctx)?;
        let read = services::add(state(ctx), user, new_measure(input)?).await?;
        Ok(only(&read)?)
    }

    /// Moves a measure to its next status (its owner or a director).
    async fn update_measure_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The measure or proposal.")] id: ID,
        #[graphql(desc = "The status to move to.")] status: MeasureStatus,
    ) -> async_graphql::Result<Measure> {
        let caller = require_caller(ctx, Scope::UpdateMeasureStatus)?;
        let read = services::update_status(state(ctx), caller, typed(&id)?, status.into()).await?;
        Ok(only(&read)?)
    }

    /// Approves (or withdraws) a measure's redacted description (`descriptionRedacted`) for
    /// readers who see its complaint anonymised; until then they read its kind only. For
    /// those who see the complaint identified; a standalone proposal, handlers and directors.
    async fn review_measure_description(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The measure or proposal.")] id: ID,
        #[graphql(desc = "Approve (true) or withdraw (false) the redacted description.")]
        reviewed: bool,
    ) -> async_graphql::Result<Measure> {
        let user = require_user(ctx)?;
        let read = services::review_description(state(ctx), user, typed(&id)?, reviewed).await?;
        Ok(only(&read)?)
    }
}

/// A category as the API shows it.
fn category_out(c: services::CauseCategory) -> CauseCategory {
    CauseCategory {
        code: c.code,
        label: c.label,
        active: c.active,
    }
}

/// The measures of `read` as the API shows them.
fn measures_out(read: &services::Read) -> ApiResult<Vec<Measure>> {
    read.measures
        .iter()
        .map(|(loaded, reading)| measure_out(loaded, &read.names, read.today, reading))
        .collect()
}

/// The one measure of `read`.
fn only(read: &services::Read) -> ApiResult<Measure> {
    measures_out(read)?
        .pop()
        .ok_or_else(ApiError::unknown::<klachten_core::ids::MeasureId>)
}

/// A new measure as the service takes it.
pub(super) fn new_measure(input: AddMeasureInput) -> ApiResult<services::NewMeasure> {
    Ok(services::NewMeasure {
        complaint_id: typed_opt(input.complaint_id.as_ref())?,
        kind: input.kind.into(),
        description: input.description,
        description_reviewed: input.description_reviewed,
        owner_id: typed(&input.owner_id)?,
        due_on: input.due_on.0,
    })
}
