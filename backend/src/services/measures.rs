//! Measures and improvement proposals, and the root-cause categories. Rule: the core decides who
//! may create and move a measure (`klachten_core::measures`); handlers and directors read them
//! all, everyone else their own; a description reaches a reader who may not see its complaint
//! identified only redacted and only once reviewed; every change is on the measure's history
//! and in the audit log.

use super::Caller;
use crate::db::audit;
use crate::db::complaints as store;
use crate::db::measures as repo;
pub use crate::db::measures::{CauseCategory, Loaded, StatusChange, StoredMeasure};
use crate::db::users;
use crate::error::{ApiError, ApiResult, Code};
use crate::state::AppState;
use chrono::NaiveDate;
use klachten_core::actor::Actor;
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::ids::{ComplaintId, MeasureId, UserId};
use klachten_core::measures::{self as core, MeasureKind, MeasureStatus};
use klachten_core::policy::{self, Access};
use klachten_core::redaction::RedactionContext;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use std::collections::HashMap;

/// How one reader reads a measure.
pub struct Reading {
    /// The names its description loses when redacted.
    pub context: RedactionContext,
    /// The reader sees the description only redacted, and only once reviewed.
    pub redacted: bool,
    /// The reader sees its complaint anonymised: dates as months only.
    pub months: bool,
    /// The reader, for what they may do with it.
    pub actor: Actor,
}

fn sees_all(actor: &Actor) -> bool {
    actor.may(Capability::WorkOnMeasures)
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
                    actor: actor.clone(),
                }
            }
            None => Self {
                context: RedactionContext::for_staff(staff_names),
                redacted: !sees_all(actor),
                months: false,
                actor: actor.clone(),
            },
        }
    }

    /// How `actor` reads the stored measure `row`, its complaint and the staff's names loaded.
    pub async fn load(
        db: &impl ConnectionTrait,
        actor: &Actor,
        row: &StoredMeasure,
        staff_names: &[String],
    ) -> ApiResult<Self> {
        let complaint = match row.complaint_id {
            Some(id) => store::load(db, id).await?.map(|s| s.complaint),
            None => None,
        };
        Ok(Self::of(actor, complaint.as_ref(), staff_names))
    }
}

/// Measures as one caller reads them.
pub struct Read {
    /// Each measure with its history and how the caller reads it.
    pub measures: Vec<(Loaded, Reading)>,
    /// Names by user id (owners); for users only, integrations get none.
    pub names: HashMap<String, String>,
    /// The day they were read.
    pub today: NaiveDate,
}

fn measure_error(e: core::MeasureError) -> ApiError {
    let code = match e.code() {
        "FORBIDDEN" => Code::Forbidden,
        "INVALID_TRANSITION" => Code::InvalidTransition,
        _ => Code::Validation,
    };
    ApiError::new(code, e.to_string())
}

fn not_a_reviewer() -> ApiError {
    ApiError::new(
        Code::Forbidden,
        "only someone who sees the measure's complaint identified can review its redacted description",
    )
}

/// Names by user id, empty for an integration (which gets no staff names), and every name for
/// the redactor.
async fn names_for(
    db: &impl ConnectionTrait,
    caller: Caller<'_>,
) -> ApiResult<(HashMap<String, String>, Vec<String>)> {
    let all = users::all(db).await?;
    let staff: Vec<String> = all.iter().map(|u| u.name.clone()).collect();
    let names = if caller.user().is_some() {
        all.into_iter()
            .map(|u| (u.id.to_string(), u.name))
            .collect()
    } else {
        HashMap::new()
    };
    Ok((names, staff))
}

/// The root-cause categories in their order; the inactive ones too when asked.
pub async fn cause_categories(
    state: &AppState,
    include_inactive: bool,
) -> ApiResult<Vec<CauseCategory>> {
    Ok(repo::cause_categories(&state.db, include_inactive).await?)
}

/// Adds a root-cause category or changes its label or whether it can be chosen (admins).
pub async fn save_cause_category(
    state: &AppState,
    user: &User,
    code: &str,
    label: &str,
    active: bool,
) -> ApiResult<CauseCategory> {
    super::require(user, Capability::Administer)?;
    let code = code.trim().to_lowercase();
    let label = label.trim().to_owned();
    let well_formed = code
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit());
    if code.is_empty() || code.len() > 40 || !well_formed {
        return Err(ApiError::validation(
            "the code is 1 to 40 lowercase letters, digits or hyphens, e.g. \"communicatie\"",
        ));
    }
    let longest = klachten_core::limits::NAME;
    if label.is_empty() || label.chars().count() > longest {
        return Err(ApiError::validation(format!(
            "give a label of 1 to {longest} characters"
        )));
    }
    let txn = crate::db::begin(&state.db).await?;
    let category = CauseCategory {
        code: code.clone(),
        label,
        active,
    };
    let saved = repo::save_cause_category(&txn, category).await?;
    let entry = audit::Entry {
        actor: &audit::user_label(user.id),
        action: audit::Named::CauseCategorySaved.into(),
        complaint_id: None,
        detail: Some(format!("category:{code}")),
    };
    audit::append(&txn, &state.audit_key, state.clock.now(), entry).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Which measures to list; what is left out is not filtered on.
#[derive(Default)]
pub struct Filter {
    /// Those of one complaint.
    pub complaint_id: Option<ComplaintId>,
    /// Only these statuses.
    pub statuses: Option<Vec<MeasureStatus>>,
}

/// Measures and proposals, soonest due first: all of them for handlers and directors, their own
/// for everyone else.
pub async fn list(state: &AppState, caller: Caller<'_>, filter: Filter) -> ApiResult<Read> {
    let actor = caller.actor();
    let stored_filter = repo::Filter {
        complaint_id: filter.complaint_id,
        statuses: filter.statuses,
        owner: caller.user().filter(|_| !sees_all(&actor)).map(|u| u.id),
    };
    let rows = repo::list(&state.db, &stored_filter).await?;
    let (names, staff_names) = names_for(&state.db, caller).await?;
    // The complaints behind the measures, to decide what this caller may read.
    let complaint_ids: Vec<ComplaintId> = rows.iter().filter_map(|(m, _)| m.complaint_id).collect();
    let complaints: HashMap<ComplaintId, klachten_core::complaint::Complaint> =
        store::load_many(&state.db, &complaint_ids)
            .await?
            .into_iter()
            .map(|s| (s.complaint.id, s.complaint))
            .collect();
    let measures = rows
        .into_iter()
        .map(|loaded| {
            let complaint = loaded.0.complaint_id.and_then(|id| complaints.get(&id));
            let reading = Reading::of(&actor, complaint, &staff_names);
            (loaded, reading)
        })
        .collect();
    Ok(Read {
        measures,
        names,
        today: state.clock.today(),
    })
}

/// A new measure or proposal.
pub struct NewMeasure {
    /// The complaint it comes from; none for a proposal that stands alone.
    pub complaint_id: Option<ComplaintId>,
    /// Measure or proposal.
    pub kind: MeasureKind,
    /// What is to be done.
    pub description: String,
    /// Its redacted description is approved for anonymised readers.
    pub description_reviewed: bool,
    /// Who sees it through.
    pub owner_id: UserId,
    /// By when.
    pub due_on: NaiveDate,
}

/// Writes `row`'s status to its history and `action` to the audit log.
async fn recorded(
    txn: &DatabaseTransaction,
    state: &AppState,
    caller: Caller<'_>,
    row: &StoredMeasure,
    action: audit::Named,
) -> ApiResult<StatusChange> {
    let now = state.clock.now();
    let change = StatusChange {
        status: row.measure.status,
        // A user by id; an API client by its audit name.
        actor_id: caller
            .user()
            .map_or_else(|| caller.label(), |u| u.id.to_string()),
        at: now,
    };
    let event = repo::record_status(txn, row.id, change).await?;
    let entry = audit::Entry {
        actor: &caller.label(),
        action: action.into(),
        complaint_id: row.complaint_id,
        detail: Some(format!("measure:{}", row.id)),
    };
    audit::append(txn, &state.audit_key, now, entry).await?;
    Ok(event)
}

/// Creates a measure or proposal in `txn`, with its first history entry and an audit entry;
/// returns them with the owner's name.
pub async fn create(
    txn: &DatabaseTransaction,
    state: &AppState,
    user: &User,
    new: NewMeasure,
) -> ApiResult<(StoredMeasure, StatusChange, String)> {
    let actor = user.actor();
    let owner = new.owner_id;
    let measure = core::propose(&actor, new.kind, &new.description, owner, new.due_on)
        .map_err(measure_error)?;
    let owner_user = users::by_id(txn, owner)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| ApiError::validation("ownerId must be an active user"))?;
    let complaint_id = match new.complaint_id {
        Some(id) => {
            let stored = store::load(txn, id)
                .await?
                .ok_or_else(ApiError::unknown::<ComplaintId>)?;
            // Approving the redacted text takes someone who sees what it hides (not so once
            // the complaint is purged).
            if new.description_reviewed
                && policy::access(&actor, &stored.complaint) == Access::Anonymised
            {
                return Err(not_a_reviewer());
            }
            Some(id)
        }
        None => None,
    };
    // Random: the id tells nothing of when the measure was made.
    let new_measure = StoredMeasure {
        id: crate::db::random(),
        complaint_id,
        measure,
        description_reviewed: new.description_reviewed,
    };
    let row = repo::insert(txn, new_measure, &user.id.to_string(), state.clock.now()).await?;
    let caller = Caller::User(user);
    let event = recorded(txn, state, caller, &row, audit::Named::MeasureAdded).await?;
    Ok((row, event, owner_user.name))
}

/// Adds a measure or improvement proposal (the core decides who may).
pub async fn add(state: &AppState, user: &User, new: NewMeasure) -> ApiResult<Read> {
    let txn = crate::db::begin(&state.db).await?;
    let (row, event, owner_name) = create(&txn, state, user, new).await?;
    txn.commit().await?;
    let staff_names = users::names(&state.db).await?;
    let reading = Reading::load(&state.db, &user.actor(), &row, &staff_names).await?;
    Ok(Read {
        names: HashMap::from([(row.measure.owner.to_string(), owner_name)]),
        measures: vec![((row, vec![event]), reading)],
        today: state.clock.today(),
    })
}

/// Moves `row` to `status` in `txn` (its owner or a director), with a history and an audit
/// entry; returns the measure as moved. Someone else's change in between gives `CONFLICT`.
pub async fn move_status(
    txn: &DatabaseTransaction,
    state: &AppState,
    caller: Caller<'_>,
    row: &StoredMeasure,
    status: MeasureStatus,
) -> ApiResult<StoredMeasure> {
    let next = core::change_status(&caller.actor(), &row.measure, status).map_err(measure_error)?;
    if !repo::move_status(txn, row.id, row.measure.status, next.status).await? {
        return Err(ApiError::new(
            Code::Conflict,
            "the measure was changed by someone else; reload it and try again",
        ));
    }
    let moved = StoredMeasure {
        measure: next,
        ..row.clone()
    };
    recorded(txn, state, caller, &moved, audit::Named::MeasureStatus).await?;
    if moved.measure.status == MeasureStatus::Done {
        let now = state.clock.now();
        crate::webhooks::emit(txn, now, crate::webhooks::measure_done(&moved)).await?;
    }
    Ok(moved)
}

/// The measure `id` as stored.
pub async fn find(db: &impl ConnectionTrait, id: MeasureId) -> ApiResult<StoredMeasure> {
    repo::find(db, id)
        .await?
        .ok_or_else(ApiError::unknown::<MeasureId>)
}

/// Moves measure `id` to its next status (its owner or a director).
pub async fn update_status(
    state: &AppState,
    caller: Caller<'_>,
    id: MeasureId,
    status: MeasureStatus,
) -> ApiResult<Read> {
    let row = find(&state.db, id).await?;
    let txn = crate::db::begin(&state.db).await?;
    move_status(&txn, state, caller, &row, status).await?;
    txn.commit().await?;
    read_one(state, caller, row.id).await
}

/// Approves (or withdraws) a measure's redacted description for anonymised readers; only for
/// those who read its description as written.
pub async fn review_description(
    state: &AppState,
    user: &User,
    id: MeasureId,
    reviewed: bool,
) -> ApiResult<Read> {
    let txn = crate::db::begin(&state.db).await?;
    let row = find(&txn, id).await?;
    let staff = users::names(&txn).await?;
    if Reading::load(&txn, &user.actor(), &row, &staff)
        .await?
        .redacted
    {
        return Err(not_a_reviewer());
    }
    repo::set_reviewed(&txn, row.id, reviewed).await?;
    let entry = audit::Entry {
        actor: &audit::user_label(user.id),
        action: audit::Named::MeasureDescriptionReviewed.into(),
        complaint_id: row.complaint_id,
        detail: Some(format!("measure:{};reviewed:{reviewed}", row.id)),
    };
    audit::append(&txn, &state.audit_key, state.clock.now(), entry).await?;
    txn.commit().await?;
    read_one(state, Caller::User(user), row.id).await
}

/// Measure `id` as `caller` reads it after a change.
async fn read_one(state: &AppState, caller: Caller<'_>, id: MeasureId) -> ApiResult<Read> {
    let (fresh, events) = repo::find_loaded(&state.db, id)
        .await?
        .ok_or_else(ApiError::unknown::<MeasureId>)?;
    let (names, staff) = names_for(&state.db, caller).await?;
    // The owner or a director sees the description as written when they may see the
    // complaint; otherwise it is redacted like everywhere else.
    let reading = Reading::load(&state.db, &caller.actor(), &fresh, &staff).await?;
    Ok(Read {
        measures: vec![((fresh, events), reading)],
        names,
        today: state.clock.today(),
    })
}
