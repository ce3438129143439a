//! Meeting use cases: the directors prepare a meeting (title, kind, date, agenda items), publish
//! its agenda, record decisions and minutes; staff and integrations read published agendas and
//! export them. Rule: the core decides who may prepare, publish, minute and read
//! (`klachten_core::meetings`); every agenda is built by `crate::meetings`, anonymised for every
//! reader; every change and every export is audited.

use super::Caller;
use super::measures::{NewMeasure, create as create_measure, move_status};
use crate::db::audit;
use crate::db::complaints as store;
use crate::db::meetings::{self as stored, AgendaItem, Meeting};
use crate::error::{ApiError, ApiResult, Code};
use crate::meetings::{self as agendas, Agenda};
use crate::state::AppState;
use chrono::NaiveDate;
use klachten_core::actor::User;
use klachten_core::ids::{AgendaItemId, ComplaintId, MeasureId, MeetingId};
use klachten_core::limits::MEETING_TITLE;
use klachten_core::measures::MeasureStatus;
use klachten_core::meetings::{self as core, MeetingError, MeetingKind, MeetingStatus};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

fn meeting_error(e: &MeetingError) -> ApiError {
    let code = match e.code() {
        "FORBIDDEN" => Code::Forbidden,
        "INVALID_TRANSITION" => Code::InvalidTransition,
        "SUMMARY_MISSING" => Code::SummaryMissing,
        _ => Code::Validation,
    };
    ApiError::new(code, e.to_string())
}

/// `user`, if they may prepare meetings: the role is checked before anything is looked up.
fn director(user: &User) -> ApiResult<&User> {
    core::may_prepare(&user.actor()).map_err(|e| meeting_error(&e))?;
    Ok(user)
}

/// Whether `caller` sees what only those who prepare meetings see (drafts, texts before review).
pub fn prepares(caller: Caller<'_>) -> bool {
    core::may_prepare(&caller.actor()).is_ok()
}

async fn audited(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    state: &AppState,
    caller: Caller<'_>,
    action: audit::Named,
    complaint_id: Option<ComplaintId>,
    detail: String,
) -> ApiResult<()> {
    let entry = audit::Entry {
        actor: &caller.label(),
        action: action.into(),
        complaint_id,
        detail: Some(detail),
    };
    audit::append(db, &state.audit_key, state.clock.now(), entry).await?;
    Ok(())
}

/// A meeting row that may change, with its status.
async fn for_change(
    db: &impl ConnectionTrait,
    id: MeetingId,
) -> ApiResult<(Meeting, MeetingStatus)> {
    let row = stored::find(db, id)
        .await?
        .ok_or_else(ApiError::unknown::<MeetingId>)?;
    let status = row.status;
    Ok((row, status))
}

async fn item(db: &impl ConnectionTrait, id: AgendaItemId) -> ApiResult<AgendaItem> {
    stored::item(db, id)
        .await?
        .ok_or_else(ApiError::unknown::<AgendaItemId>)
}

fn checked_title(title: &str) -> ApiResult<String> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MEETING_TITLE {
        return Err(ApiError::validation(format!(
            "give a title of 1 to {MEETING_TITLE} characters"
        )));
    }
    crate::error::printable(title, "the title")?;
    Ok(title.to_owned())
}

/// Meetings, newest first (at most 100): every one for directors, the published ones for others.
pub async fn list(state: &AppState, caller: Caller<'_>) -> ApiResult<Vec<Agenda>> {
    let actor = caller.actor();
    let published_only = core::may_prepare(&actor).is_err();
    let ids = stored::latest_ids(&state.db, published_only, 100).await?;
    let shared = agendas::Shared::load(&state.db).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(agenda) = agendas::load(&state.db, &shared, id, state.clock.today())
            .await?
            .filter(|a| core::may_read(&actor, a.status))
        {
            out.push(agenda);
        }
    }
    Ok(out)
}

/// The agenda `id` if `caller` may read it; `NOT_FOUND` otherwise (a draft is not announced).
pub async fn read(state: &AppState, caller: Caller<'_>, id: MeetingId) -> ApiResult<Agenda> {
    let shared = agendas::Shared::load(&state.db).await?;
    agendas::load(&state.db, &shared, id, state.clock.today())
        .await?
        .filter(|a| core::may_read(&caller.actor(), a.status))
        .ok_or_else(ApiError::unknown::<MeetingId>)
}

/// The agenda `id` for an export in `format` (`markdown`, `pdf`), audited as one.
pub async fn export(
    state: &AppState,
    caller: Caller<'_>,
    id: MeetingId,
    format: &str,
) -> ApiResult<Agenda> {
    let agenda = read(state, caller, id).await?;
    let detail = format!("meeting:{}:{format}", agenda.id);
    audited(
        &state.db,
        state,
        caller,
        audit::Named::AgendaExported,
        None,
        detail,
    )
    .await?;
    Ok(agenda)
}

/// What a meeting is.
pub struct MeetingFacts {
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: MeetingKind,
    /// Its date.
    pub held_on: NaiveDate,
}

/// Creates a meeting as a draft; returns its id.
pub async fn create(state: &AppState, user: &User, facts: MeetingFacts) -> ApiResult<MeetingId> {
    let user = director(user)?;
    let title = checked_title(&facts.title)?;
    // Random: the id tells nothing of when the meeting was planned.
    let id: MeetingId = crate::db::random();
    let txn = crate::db::begin(&state.db).await?;
    let meeting = Meeting {
        id,
        title,
        kind: facts.kind,
        held_on: facts.held_on,
        status: MeetingStatus::Draft,
        minutes: None,
        minutes_reviewed: false,
    };
    stored::insert(&txn, &meeting, &user.id.to_string(), state.clock.now()).await?;
    let caller = Caller::User(user);
    let detail = format!("meeting:{id}");
    audited(
        &txn,
        state,
        caller,
        audit::Named::MeetingCreated,
        None,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Changes a meeting's title, kind or date.
pub async fn update(
    state: &AppState,
    user: &User,
    id: MeetingId,
    facts: MeetingFacts,
) -> ApiResult<()> {
    let user = director(user)?;
    let title = checked_title(&facts.title)?;
    let txn = crate::db::begin(&state.db).await?;
    for_change(&txn, id).await?;
    stored::set_facts(&txn, id, &title, facts.kind, facts.held_on).await?;
    let detail = format!("meeting:{id}");
    audited(
        &txn,
        state,
        Caller::User(user),
        audit::Named::MeetingUpdated,
        None,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a complaint or a measure/proposal to a draft agenda; exactly one of the two.
pub async fn add_item(
    state: &AppState,
    user: &User,
    meeting_id: MeetingId,
    complaint_id: Option<ComplaintId>,
    measure_id: Option<MeasureId>,
) -> ApiResult<()> {
    let user = director(user)?;
    let txn = crate::db::begin(&state.db).await?;
    let (_, status) = for_change(&txn, meeting_id).await?;
    core::may_change_items(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    let (complaint, measure) = match (complaint_id, measure_id) {
        (Some(cid), None) => {
            let stored = store::load(&txn, cid)
                .await?
                .ok_or_else(ApiError::unknown::<ComplaintId>)?;
            core::may_put_on_agenda(stored.complaint.status).map_err(|e| meeting_error(&e))?;
            (Some(cid), None)
        }
        (None, Some(mid)) => {
            super::measures::find(&txn, mid).await?;
            (None, Some(mid))
        }
        _ => {
            return Err(ApiError::validation(
                "give either complaintId or measureId, not both and not neither",
            ));
        }
    };
    let items = stored::items_of(&txn, meeting_id).await?;
    if items.iter().any(|i| {
        (complaint.is_some() && i.complaint_id == complaint)
            || (measure.is_some() && i.measure_id == measure)
    }) {
        return Err(ApiError::already(
            "ALREADY_ON_AGENDA",
            "this item is already on the agenda",
        ));
    }
    let position = items.iter().map(|i| i.position + 1).max().unwrap_or(1);
    let item_id = stored::add_item(&txn, meeting_id, position, complaint, measure).await?;
    let detail = format!("meeting:{meeting_id}:item:{item_id}");
    let action = audit::Named::AgendaItemAdded;
    audited(&txn, state, Caller::User(user), action, complaint, detail).await?;
    txn.commit().await?;
    Ok(())
}

/// Takes an item off a draft agenda; returns the meeting's id.
pub async fn remove_item(
    state: &AppState,
    user: &User,
    item_id: AgendaItemId,
) -> ApiResult<MeetingId> {
    let user = director(user)?;
    let txn = crate::db::begin(&state.db).await?;
    let item = item(&txn, item_id).await?;
    let (_, status) = for_change(&txn, item.meeting_id).await?;
    core::may_change_items(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    stored::remove_item(&txn, item.id).await?;
    let detail = format!("meeting:{}:item:{}", item.meeting_id, item.id);
    let action = audit::Named::AgendaItemRemoved;
    let complaint = item.complaint_id;
    audited(&txn, state, Caller::User(user), action, complaint, detail).await?;
    txn.commit().await?;
    Ok(item.meeting_id)
}

/// Moves an item to `number` (1 is first) on a draft agenda; returns the meeting's id.
pub async fn move_item(
    state: &AppState,
    user: &User,
    item_id: AgendaItemId,
    number: i32,
) -> ApiResult<MeetingId> {
    let user = director(user)?;
    let txn = crate::db::begin(&state.db).await?;
    let moved = item(&txn, item_id).await?;
    let (_, status) = for_change(&txn, moved.meeting_id).await?;
    core::may_change_items(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    let items = stored::items_of(&txn, moved.meeting_id).await?;
    let ids: Vec<AgendaItemId> = items.iter().map(|i| i.id).collect();
    let from = ids.iter().position(|i| *i == moved.id).unwrap_or(0);
    let to = usize::try_from(number.max(1) - 1).unwrap_or(0);
    for (position, id) in (1..).zip(core::reorder(&ids, from, to)) {
        stored::set_position(&txn, id, position).await?;
    }
    txn.commit().await?;
    Ok(moved.meeting_id)
}

/// Publishes the agenda: every staff member can then read it. Refused with `SUMMARY_MISSING`
/// while a complaint on it has no reviewed anonymised summary.
pub async fn publish(state: &AppState, user: &User, meeting_id: MeetingId) -> ApiResult<()> {
    let user = director(user)?;
    let shared = agendas::Shared::load(&state.db).await?;
    let agenda = agendas::load(&state.db, &shared, meeting_id, state.clock.today())
        .await?
        .ok_or_else(ApiError::unknown::<MeetingId>)?;
    core::may_publish(
        &user.actor(),
        agenda.status,
        agenda.items.len(),
        &agenda.unsummarised(),
    )
    .map_err(|e| meeting_error(&e))?;
    let txn = crate::db::begin(&state.db).await?;
    if !stored::publish(&txn, meeting_id, state.clock.now()).await? {
        return Err(ApiError::new(
            Code::Conflict,
            "the meeting was changed by someone else; reload it and try again",
        ));
    }
    let detail = format!("meeting:{meeting_id}:items:{}", agenda.items.len());
    audited(
        &txn,
        state,
        Caller::User(user),
        audit::Named::AgendaPublished,
        None,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A decision on an agenda item.
pub struct Decision {
    /// As written; readers see it redacted, once reviewed.
    pub text: String,
    /// The redacted decision is approved for the agenda's readers.
    pub reviewed: bool,
    /// A measure it creates, on the item's complaint (its `complaint_id` is filled in here).
    pub new_measure: Option<NewMeasure>,
    /// Moves the item's own measure or proposal to this status.
    pub measure_status: Option<MeasureStatus>,
}

/// The complaint an item is about: its own, or that of its measure.
async fn complaint_of(
    txn: &DatabaseTransaction,
    row: &AgendaItem,
) -> ApiResult<Option<ComplaintId>> {
    Ok(match (row.complaint_id, row.measure_id) {
        (Some(c), _) => Some(c),
        (None, Some(m)) => crate::db::measures::find(txn, m)
            .await?
            .and_then(|m| m.complaint_id),
        (None, None) => None,
    })
}

/// Records the decision on an item of a published agenda; returns the meeting's id.
pub async fn record_decision(
    state: &AppState,
    user: &User,
    item_id: AgendaItemId,
    decision: Decision,
) -> ApiResult<MeetingId> {
    let user = director(user)?;
    let text = decision.text.trim().to_owned();
    if text.is_empty() {
        return Err(ApiError::validation("write down the decision"));
    }
    let txn = crate::db::begin(&state.db).await?;
    let row = item(&txn, item_id).await?;
    let (_, status) = for_change(&txn, row.meeting_id).await?;
    core::may_minute(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    let mut decision_measure = row.decision_measure_id;
    if let Some(next) = decision.measure_status {
        let Some(measure_id) = row.measure_id else {
            return Err(ApiError::validation(
                "measureStatus applies to an item that is a measure or proposal",
            ));
        };
        let measure = super::measures::find(&txn, measure_id).await?;
        move_status(&txn, state, Caller::User(user), &measure, next).await?;
        decision_measure = Some(measure.id);
    }
    if let Some(new) = decision.new_measure {
        let new = NewMeasure {
            complaint_id: complaint_of(&txn, &row).await?,
            ..new
        };
        let (created, _, _) = create_measure(&txn, state, user, new).await?;
        decision_measure = Some(created.id);
    }
    let meeting_id = row.meeting_id;
    let complaint_id = row.complaint_id;
    let recorded = stored::Decision {
        text,
        reviewed: decision.reviewed,
        by: user.id,
        at: state.clock.now(),
        measure_id: decision_measure,
    };
    stored::record_decision(&txn, row.id, recorded).await?;
    let detail = format!("meeting:{meeting_id}:item:{item_id}");
    let action = audit::Named::DecisionRecorded;
    audited(
        &txn,
        state,
        Caller::User(user),
        action,
        complaint_id,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(meeting_id)
}

/// Saves the minutes of a published meeting; readers see them redacted, once reviewed.
pub async fn save_minutes(
    state: &AppState,
    user: &User,
    meeting_id: MeetingId,
    minutes: &str,
    reviewed: bool,
) -> ApiResult<()> {
    let user = director(user)?;
    let minutes = minutes.trim().to_owned();
    crate::error::printable(&minutes, "the minutes")?;
    let txn = crate::db::begin(&state.db).await?;
    let (_, status) = for_change(&txn, meeting_id).await?;
    core::may_minute(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    let minutes = (!minutes.is_empty()).then_some(minutes);
    stored::set_minutes(&txn, meeting_id, minutes, reviewed).await?;
    let detail = format!("meeting:{meeting_id}");
    audited(
        &txn,
        state,
        Caller::User(user),
        audit::Named::MinutesSaved,
        None,
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
