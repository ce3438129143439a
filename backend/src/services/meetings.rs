//! Meeting use cases: the directors prepare a meeting (title, kind, date, agenda items), publish
//! its agenda, record decisions and minutes; staff and integrations read published agendas and
//! export them. Rule: the core decides who may prepare, publish, minute and read
//! (`klachten_core::meetings`); every agenda is built by `crate::meetings`, anonymised for every
//! reader; every change and every export is audited.

use super::Caller;
use super::measures::{NewMeasure, create as create_measure, move_status};
use crate::db::audit;
use crate::db::codes::{meeting_kind_code, meeting_status_code};
use crate::db::complaints as store;
use crate::db::entities::{agenda_items, meetings as meeting_rows};
use crate::error::{ApiError, ApiResult, Code};
use crate::meetings::{self as agendas, Agenda};
use crate::state::AppState;
use chrono::NaiveDate;
use klachten_core::actor::User;
use klachten_core::ids::ComplaintId;
use klachten_core::limits::MEETING_TITLE;
use klachten_core::measures::MeasureStatus;
use klachten_core::meetings::{self as core, MeetingError, MeetingKind, MeetingStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

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
    complaint_id: Option<&str>,
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
    id: &str,
) -> ApiResult<(meeting_rows::Model, MeetingStatus)> {
    let row = meeting_rows::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("meeting"))?;
    let (_, status) = agendas::kind_and_status(&row)?;
    Ok((row, status))
}

async fn item(db: &impl ConnectionTrait, id: &str) -> ApiResult<agenda_items::Model> {
    agenda_items::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("agenda item"))
}

fn checked_title(title: &str) -> ApiResult<String> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MEETING_TITLE {
        return Err(ApiError::validation(format!(
            "give a title of 1 to {MEETING_TITLE} characters"
        )));
    }
    Ok(title.to_owned())
}

/// Meetings, newest first (at most 100): every one for directors, the published ones for others.
pub async fn list(state: &AppState, caller: Caller<'_>) -> ApiResult<Vec<Agenda>> {
    let actor = caller.actor();
    let mut query = meeting_rows::Entity::find();
    if core::may_prepare(&actor).is_err() {
        query = query
            .filter(meeting_rows::Column::Status.eq(meeting_status_code(MeetingStatus::Published)));
    }
    let rows = query
        .order_by_desc(meeting_rows::Column::HeldOn)
        .limit(100)
        .all(&state.db)
        .await?;
    let shared = agendas::Shared::load(&state.db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(agenda) = agendas::load(&state.db, &shared, &row.id, state.clock.today())
            .await?
            .filter(|a| core::may_read(&actor, a.status))
        {
            out.push(agenda);
        }
    }
    Ok(out)
}

/// The agenda `id` if `caller` may read it; `NOT_FOUND` otherwise (a draft is not announced).
pub async fn read(state: &AppState, caller: Caller<'_>, id: &str) -> ApiResult<Agenda> {
    let shared = agendas::Shared::load(&state.db).await?;
    agendas::load(&state.db, &shared, id, state.clock.today())
        .await?
        .filter(|a| core::may_read(&caller.actor(), a.status))
        .ok_or_else(|| ApiError::not_found("meeting"))
}

/// The agenda `id` for an export in `format` (`markdown`, `pdf`), audited as one.
pub async fn export(
    state: &AppState,
    caller: Caller<'_>,
    id: &str,
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
pub async fn create(state: &AppState, user: &User, facts: MeetingFacts) -> ApiResult<String> {
    let user = director(user)?;
    let title = checked_title(&facts.title)?;
    // Random: the id tells nothing of when the meeting was planned.
    let id = crate::db::random_id();
    let txn = crate::db::begin(&state.db).await?;
    meeting_rows::ActiveModel {
        id: Set(id.clone()),
        title: Set(title),
        kind: Set(meeting_kind_code(facts.kind).to_owned()),
        held_on: Set(facts.held_on),
        status: Set(meeting_status_code(MeetingStatus::Draft).to_owned()),
        minutes: Set(None),
        created_by: Set(user.id.to_string()),
        created_at: Set(state.clock.now()),
        published_at: Set(None),
        minutes_reviewed: Set(false),
    }
    .insert(&txn)
    .await?;
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
pub async fn update(state: &AppState, user: &User, id: &str, facts: MeetingFacts) -> ApiResult<()> {
    let user = director(user)?;
    let title = checked_title(&facts.title)?;
    let txn = crate::db::begin(&state.db).await?;
    let (row, _) = for_change(&txn, id).await?;
    let mut row: meeting_rows::ActiveModel = row.into();
    row.title = Set(title);
    row.kind = Set(meeting_kind_code(facts.kind).to_owned());
    row.held_on = Set(facts.held_on);
    row.update(&txn).await?;
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
    meeting_id: &str,
    complaint_id: Option<&str>,
    measure_id: Option<&str>,
) -> ApiResult<()> {
    let user = director(user)?;
    let txn = crate::db::begin(&state.db).await?;
    let (_, status) = for_change(&txn, meeting_id).await?;
    core::may_change_items(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    let (complaint, measure) = match (complaint_id, measure_id) {
        (Some(cid), None) => {
            let parsed = cid
                .parse::<ComplaintId>()
                .ok()
                .ok_or_else(|| ApiError::not_found("complaint"))?;
            store::load(&txn, parsed)
                .await?
                .ok_or_else(|| ApiError::not_found("complaint"))?;
            (Some(parsed.to_string()), None)
        }
        (None, Some(mid)) => {
            super::measures::find(&txn, mid).await?;
            (None, Some(mid.to_owned()))
        }
        _ => {
            return Err(ApiError::validation(
                "give either complaintId or measureId, not both and not neither",
            ));
        }
    };
    let items = agendas::items_of(&txn, meeting_id).await?;
    if items.iter().any(|i| {
        (complaint.is_some() && i.complaint_id == complaint)
            || (measure.is_some() && i.measure_id == measure)
    }) {
        return Err(ApiError::new(
            Code::Conflict,
            "this item is already on the agenda",
        ));
    }
    let position = items.iter().map(|i| i.position + 1).max().unwrap_or(1);
    let added = agendas::new_item(meeting_id, position, complaint.clone(), measure)
        .insert(&txn)
        .await?;
    let item_id = added.id;
    let detail = format!("meeting:{meeting_id}:item:{item_id}");
    let action = audit::Named::AgendaItemAdded;
    audited(
        &txn,
        state,
        Caller::User(user),
        action,
        complaint.as_deref(),
        detail,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Takes an item off a draft agenda; returns the meeting's id.
pub async fn remove_item(state: &AppState, user: &User, item_id: &str) -> ApiResult<String> {
    let user = director(user)?;
    let txn = crate::db::begin(&state.db).await?;
    let item = item(&txn, item_id).await?;
    let (_, status) = for_change(&txn, &item.meeting_id).await?;
    core::may_change_items(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    agenda_items::Entity::delete_by_id(item.id.clone())
        .exec(&txn)
        .await?;
    let detail = format!("meeting:{}:item:{}", item.meeting_id, item.id);
    let action = audit::Named::AgendaItemRemoved;
    let complaint = item.complaint_id.as_deref();
    audited(&txn, state, Caller::User(user), action, complaint, detail).await?;
    txn.commit().await?;
    Ok(item.meeting_id)
}

/// Moves an item to `number` (1 is first) on a draft agenda; returns the meeting's id.
pub async fn move_item(
    state: &AppState,
    user: &User,
    item_id: &str,
    number: i32,
) -> ApiResult<String> {
    let user = director(user)?;
    let txn = crate::db::begin(&state.db).await?;
    let moved = item(&txn, item_id).await?;
    let (_, status) = for_change(&txn, &moved.meeting_id).await?;
    core::may_change_items(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    let items = agendas::items_of(&txn, &moved.meeting_id).await?;
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let from = ids.iter().position(|i| *i == moved.id).unwrap_or(0);
    let to = usize::try_from(number.max(1) - 1).unwrap_or(0);
    for (position, id) in (1..).zip(core::reorder(&ids, from, to)) {
        agenda_items::Entity::update_many()
            .col_expr(
                agenda_items::Column::Position,
                sea_orm::sea_query::Expr::value(position),
            )
            .filter(agenda_items::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(moved.meeting_id)
}

/// Publishes the agenda: every staff member can then read it. Refused with `SUMMARY_MISSING`
/// while a complaint on it has no reviewed anonymised summary.
pub async fn publish(state: &AppState, user: &User, meeting_id: &str) -> ApiResult<()> {
    let user = director(user)?;
    let shared = agendas::Shared::load(&state.db).await?;
    let agenda = agendas::load(&state.db, &shared, meeting_id, state.clock.today())
        .await?
        .ok_or_else(|| ApiError::not_found("meeting"))?;
    core::may_publish(
        &user.actor(),
        agenda.status,
        agenda.items.len(),
        &agenda.unsummarised(),
    )
    .map_err(|e| meeting_error(&e))?;
    let txn = crate::db::begin(&state.db).await?;
    let published = meeting_rows::Entity::update_many()
        .col_expr(
            meeting_rows::Column::Status,
            sea_orm::sea_query::Expr::value(meeting_status_code(MeetingStatus::Published)),
        )
        .col_expr(
            meeting_rows::Column::PublishedAt,
            sea_orm::sea_query::Expr::value(state.clock.now()),
        )
        .filter(meeting_rows::Column::Id.eq(meeting_id.to_owned()))
        .filter(meeting_rows::Column::Status.eq(meeting_status_code(MeetingStatus::Draft)))
        .exec(&txn)
        .await?;
    if published.rows_affected != 1 {
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
    row: &agenda_items::Model,
) -> ApiResult<Option<String>> {
    Ok(match (&row.complaint_id, &row.measure_id) {
        (Some(c), _) => Some(c.clone()),
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
    item_id: &str,
    decision: Decision,
) -> ApiResult<String> {
    let user = director(user)?;
    let text = decision.text.trim().to_owned();
    if text.is_empty() {
        return Err(ApiError::validation("write down the decision"));
    }
    let txn = crate::db::begin(&state.db).await?;
    let row = item(&txn, item_id).await?;
    let (_, status) = for_change(&txn, &row.meeting_id).await?;
    core::may_minute(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    let mut decision_measure = row.decision_measure_id.clone();
    if let Some(next) = decision.measure_status {
        let Some(measure_id) = &row.measure_id else {
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
    let meeting_id = row.meeting_id.clone();
    let complaint_id = row.complaint_id.clone();
    let mut active: agenda_items::ActiveModel = row.into();
    active.decision = Set(Some(text));
    active.decision_reviewed = Set(decision.reviewed);
    active.decided_by = Set(Some(user.id.to_string()));
    active.decided_at = Set(Some(state.clock.now()));
    active.decision_measure_id = Set(decision_measure);
    active.update(&txn).await?;
    let detail = format!("meeting:{meeting_id}:item:{item_id}");
    let action = audit::Named::DecisionRecorded;
    audited(
        &txn,
        state,
        Caller::User(user),
        action,
        complaint_id.as_deref(),
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
    meeting_id: &str,
    minutes: &str,
    reviewed: bool,
) -> ApiResult<()> {
    let user = director(user)?;
    let txn = crate::db::begin(&state.db).await?;
    let (row, status) = for_change(&txn, meeting_id).await?;
    core::may_minute(&user.actor(), status).map_err(|e| meeting_error(&e))?;
    let minutes = minutes.trim().to_owned();
    let mut row: meeting_rows::ActiveModel = row.into();
    row.minutes = Set((!minutes.is_empty()).then_some(minutes));
    row.minutes_reviewed = Set(reviewed);
    row.update(&txn).await?;
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
