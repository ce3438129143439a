//! Measures and improvement proposals through the API. Rule: the core decides who may create
//! and move them; handlers and directors list them all, everyone else only their own, and a
//! description is redacted for anyone who may not see its complaint identified.

use super::context::{Caller, actor_label, require_caller, require_user, state};
use super::types::{Date, Measure, MeasureEvent, MeasureKind, MeasureStatus, MeasureSummary};
use crate::db::codes::{measure_kind_code, measure_status_code, measure_status_from};
use crate::db::complaints::{self as store, complaint_id_string, parse_complaint_id};
use crate::db::entities::{cause_categories, measure_events, measures};
use crate::db::measures::histories;
pub use crate::db::measures::{Loaded, to_core};
use crate::db::users::{self, id_string, parse_id};
use crate::db::{audit, new_id};
use crate::error::{ApiError, ApiResult};
use async_graphql::{Context, ID, InputObject, Object};
use chrono::NaiveDate;
use klachten_core::actor::{Actor, Role};
use klachten_core::integration::Scope;
use klachten_core::limits;
use klachten_core::measures::{self as core, MeasureKind as CoreKind, MeasureStatus as CoreStatus};
use klachten_core::policy::{self, Access, YearMonth};
use klachten_core::redaction::{RedactionContext, redact};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
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

/// How one reader reads a measure.
pub struct Reading {
    /// The names its description loses when redacted.
    pub context: RedactionContext,
    /// The reader sees the description only redacted, and only once reviewed.
    pub redacted: bool,
    /// The reader sees its complaint anonymised: dates as months only.
    pub months: bool,
}

impl Reading {
    /// How `actor` reads a measure of `complaint` (none for a proposal that stands alone):
    /// who sees the complaint identified reads the text as written and the dates; handlers
    /// and directors read a standalone proposal as written; everyone else redacted.
    pub fn of(
        actor: &Actor,
        complaint: Option<&klachten_core::complaint::Complaint>,
        staff_names: &[String],
    ) -> Self {
        match complaint {
            Some(c) => {
                let anonymised = policy::access(actor, c) == Access::Anonymised;
                Self {
                    context: RedactionContext::for_complaint(c, staff_names),
                    redacted: anonymised,
                    months: anonymised,
                }
            }
            None => Self {
                context: RedactionContext::for_staff(staff_names),
                redacted: !sees_all(actor),
                months: false,
            },
        }
    }

    /// How `actor` reads the stored measure `row`, its complaint and the staff's names loaded.
    pub async fn load(
        db: &impl ConnectionTrait,
        actor: &Actor,
        row: &measures::Model,
        staff_names: &[String],
    ) -> ApiResult<Self> {
        let complaint = match row.complaint_id.as_deref().and_then(parse_complaint_id) {
            Some(id) => store::load(db, id).await?.map(|s| s.complaint),
            None => None,
        };
        Ok(Self::of(actor, complaint.as_ref(), staff_names))
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
    let measure = to_core(row)?;
    let anonymised = reading.months;
    let redacted = || redact(&row.description, &reading.context);
    Ok(Measure {
        id: ID(row.id.clone()),
        complaint_id: row.complaint_id.clone().map(ID),
        kind: measure.kind.into(),
        description: if reading.redacted {
            policy::released(redacted, row.description_reviewed)
        } else {
            Some(row.description.clone())
        },
        description_redacted: (!reading.redacted).then(redacted),
        description_reviewed: row.description_reviewed,
        owner_id: ID(row.owner_id.clone()),
        owner_name: names.get(&row.owner_id).cloned(),
        due_on: (!anonymised).then_some(Date(measure.due_on)),
        due_month: YearMonth::of(measure.due_on).to_string(),
        status: measure.status.into(),
        late: if anonymised {
            core::is_late_by_month(&measure, today)
        } else {
            core::is_late(&measure, today)
        },
        history: events
            .iter()
            .filter_map(|e| {
                measure_status_from(&e.status).map(|s| MeasureEvent {
                    status: s.into(),
                    actor_id: ID(e.actor_id.clone()),
                    at: (!anonymised).then(|| e.at.to_rfc3339()),
                    month: YearMonth::of(klachten_core::time::amsterdam_date(e.at)).to_string(),
                })
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
    let measure = to_core(&loaded.0)?;
    Ok(MeasureSummary {
        kind: measure.kind.into(),
        description: policy::released(
            || redact(&measure.description, redaction),
            loaded.0.description_reviewed,
        ),
        due_month: YearMonth::of(measure.due_on).to_string(),
        status: measure.status.into(),
        late: core::is_late_by_month(&measure, today),
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

fn sees_all(actor: &Actor) -> bool {
    actor.has(Role::Handler) || actor.has(Role::Director)
}

fn measure_error(e: core::MeasureError) -> ApiError {
    let code = match e.code() {
        "FORBIDDEN" => crate::error::Code::Forbidden,
        "INVALID_TRANSITION" => crate::error::Code::InvalidTransition,
        _ => crate::error::Code::Validation,
    };
    ApiError::new(code, e.to_string())
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
        let mut query = cause_categories::Entity::find();
        if !include_inactive.unwrap_or(false) {
            query = query.filter(cause_categories::Column::Active.eq(true));
        }
        Ok(query
            .order_by_asc(cause_categories::Column::Position)
            .order_by_asc(cause_categories::Column::Code)
            .all(&state(ctx).db)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(|c| CauseCategory {
                code: c.code,
                label: c.label,
                active: c.active,
            })
            .collect())
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
        let state = state(ctx);
        let actor = caller.actor();
        let filter = filter.unwrap_or_default();
        let mut query = measures::Entity::find();
        if let Some(id) = &filter.complaint_id {
            query = query.filter(measures::Column::ComplaintId.eq(id.0.clone()));
        }
        if let Some(statuses) = &filter.status {
            query = query.filter(
                measures::Column::Status.is_in(
                    statuses
                        .iter()
                        .map(|s| measure_status_code((*s).into()).to_owned())
                        .collect::<Vec<_>>(),
                ),
            );
        }
        if let Some(user) = caller.user().filter(|_| !sees_all(&actor)) {
            query = query.filter(measures::Column::OwnerId.eq(id_string(user.id)));
        }
        let rows = query
            .order_by_asc(measures::Column::DueOn)
            .all(&state.db)
            .await
            .map_err(ApiError::from)?;
        let mut histories = histories(&state.db, &rows).await.map_err(ApiError::from)?;
        let all_users = users::all(&state.db).await.map_err(ApiError::from)?;
        let names: HashMap<String, String> = all_users
            .iter()
            .map(|u| (id_string(u.id), u.name.clone()))
            .collect();
        let staff_names: Vec<String> = all_users.into_iter().map(|u| u.name).collect();
        // The complaints behind the measures, to decide what this viewer may read.
        let complaint_ids: Vec<String> =
            rows.iter().filter_map(|r| r.complaint_id.clone()).collect();
        let complaint_rows = if complaint_ids.is_empty() {
            Vec::new()
        } else {
            crate::db::entities::complaints::Entity::find()
                .filter(crate::db::entities::complaints::Column::Id.is_in(complaint_ids))
                .all(&state.db)
                .await
                .map_err(ApiError::from)?
        };
        let complaints: HashMap<String, klachten_core::complaint::Complaint> =
            store::hydrate(&state.db, complaint_rows)
                .await
                .map_err(ApiError::from)?
                .into_iter()
                .map(|s| (complaint_id_string(s.complaint.id), s.complaint))
                .collect();
        let today = state.clock.today();
        let mut out = Vec::new();
        for row in rows {
            let events = histories.remove(&row.id).unwrap_or_default();
            let loaded = (row, events);
            let complaint = loaded
                .0
                .complaint_id
                .as_ref()
                .and_then(|id| complaints.get(id));
            let reading = Reading::of(&actor, complaint, &staff_names);
            let mut measure = measure_out(&loaded, &names, today, &reading)?;
            // Integrations get no staff names.
            if caller.user().is_none() {
                measure.owner_name = None;
            }
            if filter.late.is_none_or(|late| measure.late == late) {
                out.push(measure);
            }
        }
        Ok(out)
    }
}

/// Mutations of measures.
#[derive(Default)]
pub struct MeasureMutation;

/// Creates a measure or proposal in `txn`, with its first history entry and an audit entry;
/// returns them with the owner's name.
pub(super) async fn create(
    txn: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    state: &crate::state::AppState,
    user: &users::User,
    input: AddMeasureInput,
) -> ApiResult<(measures::Model, measure_events::Model, String)> {
    let actor = user.actor();
    let owner = parse_id(&input.owner_id).ok_or_else(|| ApiError::not_found("user"))?;
    let measure = core::propose(
        &actor,
        input.kind.into(),
        &input.description,
        owner,
        input.due_on.0,
    )
    .map_err(measure_error)?;
    let owner_user = users::by_id(txn, owner)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| ApiError::validation("ownerId must be an active user"))?;
    let complaint_id = match &input.complaint_id {
        Some(id) => {
            let parsed = parse_complaint_id(id).ok_or_else(|| ApiError::not_found("complaint"))?;
            let stored = store::load(txn, parsed)
                .await?
                .ok_or_else(|| ApiError::not_found("complaint"))?;
            // Approving the redacted text takes someone who sees what it hides (not so once
            // the complaint is purged).
            if input.description_reviewed
                && policy::access(&actor, &stored.complaint) == Access::Anonymised
            {
                return Err(not_a_reviewer());
            }
            Some(complaint_id_string(parsed))
        }
        None => None,
    };
    let now = state.clock.now();
    // Random: the id tells nothing of when the measure was made.
    let id = crate::db::random_id();
    let row = measures::ActiveModel {
        id: Set(id.clone()),
        complaint_id: Set(complaint_id.clone()),
        kind: Set(measure_kind_code(measure.kind).to_owned()),
        description: Set(measure.description.clone()),
        owner_id: Set(id_string(owner)),
        due_on: Set(measure.due_on),
        status: Set(measure_status_code(measure.status).to_owned()),
        created_by: Set(id_string(user.id)),
        created_at: Set(now),
        description_reviewed: Set(input.description_reviewed),
    }
    .insert(txn)
    .await?;
    let event = recorded(
        txn,
        &state.audit_key,
        Caller::User(user),
        &row,
        audit::Named::MeasureAdded,
        now,
    )
    .await?;
    Ok((row, event, owner_user.name))
}

fn not_a_reviewer() -> ApiError {
    ApiError::new(
        crate::error::Code::Forbidden,
        "only someone who sees the measure's complaint identified can review its redacted description",
    )
}

/// Moves `row` to `status` in `txn` (its owner or a director), with a history and an audit
/// entry; returns the new status code. Someone else's change in between gives `CONFLICT`.
pub(super) async fn move_status(
    txn: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    state: &crate::state::AppState,
    caller: Caller<'_>,
    row: &measures::Model,
    status: MeasureStatus,
) -> ApiResult<String> {
    let current = to_core(row)?;
    let next =
        core::change_status(&caller.actor(), &current, status.into()).map_err(measure_error)?;
    let now = state.clock.now();
    let code = measure_status_code(next.status).to_owned();
    let updated = measures::Entity::update_many()
        .col_expr(
            measures::Column::Status,
            sea_orm::sea_query::Expr::value(code.clone()),
        )
        .filter(measures::Column::Id.eq(row.id.clone()))
        .filter(measures::Column::Status.eq(row.status.clone()))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ApiError::new(
            crate::error::Code::Conflict,
            "the measure was changed by someone else; reload it and try again",
        ));
    }
    let moved = measures::Model {
        status: code.clone(),
        ..row.clone()
    };
    recorded(
        txn,
        &state.audit_key,
        caller,
        &moved,
        audit::Named::MeasureStatus,
        now,
    )
    .await?;
    if next.status == klachten_core::measures::MeasureStatus::Done {
        crate::webhooks::emit(txn, now, crate::webhooks::measure_done(&moved)).await?;
    }
    Ok(code)
}

/// Writes `row`'s status to its history and `action` to the audit log.
async fn recorded(
    txn: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    audit_key: &audit::AuditKey,
    caller: Caller<'_>,
    row: &measures::Model,
    action: audit::Named,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<measure_events::Model> {
    let event = measure_events::ActiveModel {
        id: Set(new_id()),
        measure_id: Set(row.id.clone()),
        status: Set(row.status.clone()),
        // A user by id; an API client by its audit name.
        actor_id: Set(caller
            .user()
            .map_or_else(|| caller.label(), |u| id_string(u.id))),
        at: Set(now),
    }
    .insert(txn)
    .await?;
    audit::append(
        txn,
        audit_key,
        now,
        audit::Entry {
            actor: &caller.label(),
            action: action.into(),
            complaint_id: row.complaint_id.as_deref(),
            detail: Some(format!("measure:{}", row.id)),
        },
    )
    .await?;
    Ok(event)
}

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
        if !user.roles.contains(&Role::Admin) {
            return Err(ApiError::forbidden().into());
        }
        let code = code.trim().to_lowercase();
        let label = label.trim().to_owned();
        if code.is_empty()
            || code.len() > 40
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
        {
            return Err(ApiError::validation(
                "the code is 1 to 40 lowercase letters, digits or hyphens, e.g. \"communicatie\"",
            )
            .into());
        }
        if label.is_empty() || label.chars().count() > limits::NAME {
            let message = format!("give a label of 1 to {} characters", limits::NAME);
            return Err(ApiError::validation(message).into());
        }
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let existing = cause_categories::Entity::find_by_id(code.clone())
            .one(&txn)
            .await
            .map_err(ApiError::from)?;
        match existing {
            Some(row) => {
                let mut row: cause_categories::ActiveModel = row.into();
                row.label = Set(label.clone());
                row.active = Set(active);
                row.update(&txn).await.map_err(ApiError::from)?;
            }
            None => {
                let position = cause_categories::Entity::find()
                    .all(&txn)
                    .await
                    .map_err(ApiError::from)?
                    .iter()
                    .map(|c| c.position + 1)
                    .max()
                    .unwrap_or(0);
                cause_categories::ActiveModel {
                    code: Set(code.clone()),
                    label: Set(label.clone()),
                    active: Set(active),
                    position: Set(position),
                }
                .insert(&txn)
                .await
                .map_err(ApiError::from)?;
            }
        }
        audit::append(
            &txn,
            &state.audit_key,
            state.clock.now(),
            audit::Entry {
                actor: &actor_label(user),
                action: audit::Named::CauseCategorySaved.into(),
                complaint_id: None,
                detail: Some(format!("category:{code}")),
            },
        )
        .await
        .map_err(ApiError::from)?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(CauseCategory {
            code,
            label,
            active,
        })
    }

    /// Adds a measure or improvement proposal (handlers and directors).
    async fn add_measure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The measure or proposal.")] input: AddMeasureInput,
    ) -> async_graphql::Result<Measure> {
        let user = require_user(ctx)?;
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let (row, event, owner_name) = create(&txn, state, user, input).await?;
        txn.commit().await.map_err(ApiError::from)?;
        let staff_names = users::names(&state.db).await?;
        let reading = Reading::load(&state.db, &user.actor(), &row, &staff_names).await?;
        let names = HashMap::from([(row.owner_id.clone(), owner_name)]);
        Ok(measure_out(
            &(row, vec![event]),
            &names,
            state.clock.today(),
            &reading,
        )?)
    }

    /// Moves a measure to its next status (its owner or a director).
    async fn update_measure_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The measure or proposal.")] id: ID,
        #[graphql(desc = "The status to move to.")] status: MeasureStatus,
    ) -> async_graphql::Result<Measure> {
        let caller = require_caller(ctx, Scope::UpdateMeasureStatus)?;
        let state = state(ctx);
        let row = measures::Entity::find_by_id(id.0.clone())
            .one(&state.db)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("measure"))?;
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let code = move_status(&txn, state, caller, &row, status).await?;
        txn.commit().await.map_err(ApiError::from)?;
        // The row as it now stands: only its status changed, and only by this request.
        let fresh = measures::Model {
            status: code,
            ..row
        };
        answer(state, caller, fresh).await
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
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let row = measures::Entity::find_by_id(id.0.clone())
            .one(&txn)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("measure"))?;
        let staff = users::names(&txn).await.map_err(ApiError::from)?;
        if Reading::load(&txn, &user.actor(), &row, &staff)
            .await?
            .redacted
        {
            return Err(not_a_reviewer().into());
        }
        let mut active: measures::ActiveModel = row.into();
        active.description_reviewed = Set(reviewed);
        let row = active.update(&txn).await.map_err(ApiError::from)?;
        audit::append(
            &txn,
            &state.audit_key,
            state.clock.now(),
            audit::Entry {
                actor: &actor_label(user),
                action: audit::Named::MeasureDescriptionReviewed.into(),
                complaint_id: row.complaint_id.as_deref(),
                detail: Some(format!("measure:{};reviewed:{reviewed}", row.id)),
            },
        )
        .await
        .map_err(ApiError::from)?;
        txn.commit().await.map_err(ApiError::from)?;
        answer(state, Caller::User(user), row).await
    }
}

/// `fresh` as `caller` reads it after a change.
async fn answer(
    state: &crate::state::AppState,
    caller: Caller<'_>,
    fresh: measures::Model,
) -> async_graphql::Result<Measure> {
    let events = histories(&state.db, std::slice::from_ref(&fresh))
        .await
        .map_err(ApiError::from)?
        .remove(&fresh.id)
        .unwrap_or_default();
    let names: HashMap<String, String> = users::all(&state.db)
        .await
        .map_err(ApiError::from)?
        .into_iter()
        .map(|u| (id_string(u.id), u.name))
        .collect();
    // The owner or a director sees the description as written when they may see the
    // complaint; otherwise it is redacted like everywhere else.
    let staff: Vec<String> = names.values().cloned().collect();
    let reading = Reading::load(&state.db, &caller.actor(), &fresh, &staff).await?;
    let mut out = measure_out(&(fresh, events), &names, state.clock.today(), &reading)?;
    if caller.user().is_none() {
        out.owner_name = None;
    }
    Ok(out)
}
