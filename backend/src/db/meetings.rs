//! Meetings and their agenda items as stored. Rule: the SQL of meetings lives here and rows leave
//! it with their codes read; what an agenda shows whom is `crate::meetings`.

use super::codes::{
    meeting_kind_code, meeting_kind_from, meeting_status_code, meeting_status_from,
};
use super::entities::{agenda_items, meetings};
use super::ids::{stored, stored_opt, texts};
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::ids::{AgendaItemId, ComplaintId, MeasureId, MeetingId, UserId};
use klachten_core::meetings::{MeetingKind, MeetingStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// A meeting as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// Id.
    pub id: MeetingId,
    /// Title, as written.
    pub title: String,
    /// Kind.
    pub kind: MeetingKind,
    /// Date.
    pub held_on: NaiveDate,
    /// Draft or published.
    pub status: MeetingStatus,
    /// The minutes as written.
    pub minutes: Option<String>,
    /// A director approved the redacted minutes for their readers.
    pub minutes_reviewed: bool,
}

/// An item on an agenda as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// Id.
    pub id: AgendaItemId,
    /// The meeting.
    pub meeting_id: MeetingId,
    /// Its place (ordering only; numbers are counted when shown).
    pub position: i32,
    /// The complaint it is about.
    pub complaint_id: Option<ComplaintId>,
    /// The measure or proposal it is about.
    pub measure_id: Option<MeasureId>,
    /// The decision as written.
    pub decision: Option<String>,
    /// When it was taken.
    pub decided_at: Option<DateTime<Utc>>,
    /// The measure the decision created or moved.
    pub decision_measure_id: Option<MeasureId>,
    /// A director approved the redacted decision for its readers.
    pub decision_reviewed: bool,
}

/// A decision as recorded on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// As written.
    pub text: String,
    /// Its redacted form is approved for readers.
    pub reviewed: bool,
    /// Who took it down.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
    /// The measure it created or moved.
    pub measure_id: Option<MeasureId>,
}

fn corrupt() -> DbErr {
    DbErr::Custom("stored meeting has an unreadable code".into())
}

fn meeting_of(row: meetings::Model) -> Result<Meeting, DbErr> {
    Ok(Meeting {
        kind: meeting_kind_from(&row.kind).ok_or_else(corrupt)?,
        status: meeting_status_from(&row.status).ok_or_else(corrupt)?,
        id: stored(&row.id)?,
        title: row.title,
        held_on: row.held_on,
        minutes: row.minutes,
        minutes_reviewed: row.minutes_reviewed,
    })
}

fn item_of(row: agenda_items::Model) -> Result<AgendaItem, DbErr> {
    Ok(AgendaItem {
        id: stored(&row.id)?,
        meeting_id: stored(&row.meeting_id)?,
        position: row.position,
        complaint_id: stored_opt(row.complaint_id.as_deref())?,
        measure_id: stored_opt(row.measure_id.as_deref())?,
        decision: row.decision,
        decided_at: row.decided_at,
        decision_measure_id: stored_opt(row.decision_measure_id.as_deref())?,
        decision_reviewed: row.decision_reviewed,
    })
}

/// Meeting `id`.
pub async fn find(db: &impl ConnectionTrait, id: MeetingId) -> Result<Option<Meeting>, DbErr> {
    meetings::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .map(meeting_of)
        .transpose()
}

/// The ids of up to `limit` meetings, latest date first; only the published ones when asked.
pub async fn latest_ids(
    db: &impl ConnectionTrait,
    published_only: bool,
    limit: u64,
) -> Result<Vec<MeetingId>, DbErr> {
    let mut query = meetings::Entity::find();
    if published_only {
        query = query
            .filter(meetings::Column::Status.eq(meeting_status_code(MeetingStatus::Published)));
    }
    query
        .order_by_desc(meetings::Column::HeldOn)
        .limit(limit)
        .all(db)
        .await?
        .iter()
        .map(|m| stored(&m.id))
        .collect()
}

/// Stores a new draft meeting made by `created_by` (a user id) at `now`.
pub async fn insert(
    db: &impl ConnectionTrait,
    meeting: &Meeting,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    meetings::ActiveModel {
        id: Set(meeting.id.to_string()),
        title: Set(meeting.title.clone()),
        kind: Set(meeting_kind_code(meeting.kind).to_owned()),
        held_on: Set(meeting.held_on),
        status: Set(meeting_status_code(meeting.status).to_owned()),
        minutes: Set(meeting.minutes.clone()),
        created_by: Set(created_by.to_owned()),
        created_at: Set(now),
        published_at: Set(None),
        minutes_reviewed: Set(meeting.minutes_reviewed),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Changes meeting `id`'s title, kind and date.
pub async fn set_facts(
    db: &impl ConnectionTrait,
    id: MeetingId,
    title: &str,
    kind: MeetingKind,
    held_on: NaiveDate,
) -> Result<(), DbErr> {
    meetings::ActiveModel {
        id: Set(id.to_string()),
        title: Set(title.to_owned()),
        kind: Set(meeting_kind_code(kind).to_owned()),
        held_on: Set(held_on),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Publishes draft meeting `id` at `now`; false when it was no longer a draft.
pub async fn publish(
    db: &impl ConnectionTrait,
    id: MeetingId,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let published = meetings::Entity::update_many()
        .col_expr(
            meetings::Column::Status,
            Expr::value(meeting_status_code(MeetingStatus::Published)),
        )
        .col_expr(meetings::Column::PublishedAt, Expr::value(now))
        .filter(meetings::Column::Id.eq(id.to_string()))
        .filter(meetings::Column::Status.eq(meeting_status_code(MeetingStatus::Draft)))
        .exec(db)
        .await?;
    Ok(published.rows_affected == 1)
}

/// Stores meeting `id`'s minutes and whether their redacted form is approved.
pub async fn set_minutes(
    db: &impl ConnectionTrait,
    id: MeetingId,
    minutes: Option<String>,
    reviewed: bool,
) -> Result<(), DbErr> {
    meetings::ActiveModel {
        id: Set(id.to_string()),
        minutes: Set(minutes),
        minutes_reviewed: Set(reviewed),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Replaces meeting `id`'s title and minutes (the retention purge's redaction).
pub async fn set_title_and_minutes(
    db: &impl ConnectionTrait,
    id: MeetingId,
    title: String,
    minutes: Option<String>,
) -> Result<(), DbErr> {
    meetings::ActiveModel {
        id: Set(id.to_string()),
        title: Set(title),
        minutes: Set(minutes),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Agenda item `id`.
pub async fn item(
    db: &impl ConnectionTrait,
    id: AgendaItemId,
) -> Result<Option<AgendaItem>, DbErr> {
    agenda_items::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .map(item_of)
        .transpose()
}

/// The items of a meeting, in order.
pub async fn items_of(
    db: &impl ConnectionTrait,
    meeting_id: MeetingId,
) -> Result<Vec<AgendaItem>, DbErr> {
    agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.eq(meeting_id.to_string()))
        .order_by_asc(agenda_items::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(item_of)
        .collect()
}

/// The items about complaint `complaint_id` or one of the measures `measure_ids` (as their
/// subject or as what their decision created or moved).
pub async fn items_about(
    db: &impl ConnectionTrait,
    complaint_id: ComplaintId,
    measure_ids: &[MeasureId],
) -> Result<Vec<AgendaItem>, DbErr> {
    let measure_ids = texts(measure_ids);
    agenda_items::Entity::find()
        .filter(
            Condition::any()
                .add(agenda_items::Column::ComplaintId.eq(complaint_id.to_string()))
                .add(agenda_items::Column::MeasureId.is_in(measure_ids.clone()))
                .add(agenda_items::Column::DecisionMeasureId.is_in(measure_ids)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(item_of)
        .collect()
}

/// Adds an undecided item at `position`, with a random id (it tells nothing of when the item
/// was added); returns its id.
pub async fn add_item(
    db: &impl ConnectionTrait,
    meeting_id: MeetingId,
    position: i32,
    complaint_id: Option<ComplaintId>,
    measure_id: Option<MeasureId>,
) -> Result<AgendaItemId, DbErr> {
    let id: AgendaItemId = super::ids::random();
    agenda_items::ActiveModel {
        id: Set(id.to_string()),
        meeting_id: Set(meeting_id.to_string()),
        position: Set(position),
        complaint_id: Set(complaint_id.map(|id| id.to_string())),
        measure_id: Set(measure_id.map(|id| id.to_string())),
        decision: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        decision_measure_id: Set(None),
        decision_reviewed: Set(false),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Takes item `id` off its agenda.
pub async fn remove_item(db: &impl ConnectionTrait, id: AgendaItemId) -> Result<(), DbErr> {
    agenda_items::Entity::delete_by_id(id.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Puts item `id` at `position`.
pub async fn set_position(
    db: &impl ConnectionTrait,
    id: AgendaItemId,
    position: i32,
) -> Result<(), DbErr> {
    agenda_items::Entity::update_many()
        .col_expr(agenda_items::Column::Position, Expr::value(position))
        .filter(agenda_items::Column::Id.eq(id.to_string()))
        .exec(db)
        .await?;
    Ok(())
}

/// Records `decision` on item `id`.
pub async fn record_decision(
    db: &impl ConnectionTrait,
    id: AgendaItemId,
    decision: Decision,
) -> Result<(), DbErr> {
    agenda_items::ActiveModel {
        id: Set(id.to_string()),
        decision: Set(Some(decision.text)),
        decision_reviewed: Set(decision.reviewed),
        decided_by: Set(Some(decision.by.to_string())),
        decided_at: Set(Some(decision.at)),
        decision_measure_id: Set(decision.measure_id.map(|id| id.to_string())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Replaces item `id`'s decision text (the retention purge's redaction).
pub async fn set_decision_text(
    db: &impl ConnectionTrait,
    id: AgendaItemId,
    text: Option<String>,
) -> Result<(), DbErr> {
    agenda_items::ActiveModel {
        id: Set(id.to_string()),
        decision: Set(text),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
