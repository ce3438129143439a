//! Measures as stored: rows with their status histories, and the root-cause categories. Rule:
//! SQL about measures lives here and rows leave it as core measures; what a reader may see of
//! them is decided elsewhere.

use super::codes::{
    measure_kind_code, measure_kind_from, measure_status_code, measure_status_from,
};
use super::entities::{cause_categories, measure_events, measures};
use super::ids::{stored, stored_opt, texts};
use chrono::{DateTime, Utc};
use klachten_core::ids::{ComplaintId, MeasureId, UserId};
use klachten_core::measures::{self as core, MeasureStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use std::collections::HashMap;

/// A measure as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMeasure {
    /// Id.
    pub id: MeasureId,
    /// The complaint it comes from; none for a proposal that stands alone.
    pub complaint_id: Option<ComplaintId>,
    /// What the core knows of it.
    pub measure: core::Measure,
    /// Someone who sees its complaint identified approved the redacted description.
    pub description_reviewed: bool,
}

/// One step of a measure's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The status it moved to.
    pub status: MeasureStatus,
    /// Who moved it: a user id, or an API client's audit name.
    pub actor_id: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A stored measure with its history.
pub type Loaded = (StoredMeasure, Vec<StatusChange>);

/// A root-cause category the admins keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CauseCategory {
    /// Its code (`communicatie`).
    pub code: String,
    /// Its label for people.
    pub label: String,
    /// Whether it can still be chosen.
    pub active: bool,
}

fn corrupt() -> DbErr {
    DbErr::Custom("stored measure has an unreadable code".into())
}

fn from_row(row: measures::Model) -> Result<StoredMeasure, DbErr> {
    Ok(StoredMeasure {
        measure: core::Measure {
            kind: measure_kind_from(&row.kind).ok_or_else(corrupt)?,
            description: row.description,
            owner: row.owner_id.parse().map_err(|_| corrupt())?,
            due_on: row.due_on,
            status: measure_status_from(&row.status).ok_or_else(corrupt)?,
        },
        id: stored(&row.id)?,
        complaint_id: stored_opt(row.complaint_id.as_deref())?,
        description_reviewed: row.description_reviewed,
    })
}

fn category_of(row: cause_categories::Model) -> CauseCategory {
    CauseCategory {
        code: row.code,
        label: row.label,
        active: row.active,
    }
}

/// Which measures to load; what is left out is not filtered on.
#[derive(Debug, Default)]
pub struct Filter {
    /// Those of one complaint.
    pub complaint_id: Option<ComplaintId>,
    /// Only these statuses.
    pub statuses: Option<Vec<MeasureStatus>>,
    /// Only those of this owner.
    pub owner: Option<UserId>,
}

/// The measures `filter` picks, soonest due first, with their histories.
pub async fn list(db: &impl ConnectionTrait, filter: &Filter) -> Result<Vec<Loaded>, DbErr> {
    let mut query = measures::Entity::find();
    if let Some(id) = filter.complaint_id {
        query = query.filter(measures::Column::ComplaintId.eq(id.to_string()));
    }
    if let Some(statuses) = &filter.statuses {
        let codes = statuses.iter().map(|s| measure_status_code(*s).to_owned());
        query = query.filter(measures::Column::Status.is_in(codes));
    }
    if let Some(owner) = filter.owner {
        query = query.filter(measures::Column::OwnerId.eq(owner.to_string()));
    }
    let rows = query.order_by_asc(measures::Column::DueOn).all(db).await?;
    with_histories(db, rows).await
}

/// Measures with their histories, by complaint id, in two statements.
pub async fn for_complaints(
    db: &impl ConnectionTrait,
    ids: &[ComplaintId],
) -> Result<HashMap<ComplaintId, Vec<Loaded>>, DbErr> {
    let mut out: HashMap<ComplaintId, Vec<Loaded>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = measures::Entity::find()
        .filter(measures::Column::ComplaintId.is_in(texts(ids)))
        .order_by_asc(measures::Column::CreatedAt)
        .all(db)
        .await?;
    for loaded in with_histories(db, rows).await? {
        if let Some(complaint) = loaded.0.complaint_id {
            out.entry(complaint).or_default().push(loaded);
        }
    }
    Ok(out)
}

/// The measures of these complaints (oldest first) and the measures with these ids, once each,
/// without their histories: what an agenda mentions.
pub async fn of_complaints_and_ids(
    db: &impl ConnectionTrait,
    complaint_ids: &[ComplaintId],
    ids: &[MeasureId],
) -> Result<Vec<StoredMeasure>, DbErr> {
    let mut rows: Vec<measures::Model> = Vec::new();
    if !complaint_ids.is_empty() {
        rows.extend(
            measures::Entity::find()
                .filter(measures::Column::ComplaintId.is_in(texts(complaint_ids)))
                .order_by_asc(measures::Column::CreatedAt)
                .all(db)
                .await?,
        );
    }
    let mut ids = texts(ids);
    ids.retain(|id| !rows.iter().any(|r| &r.id == id));
    if !ids.is_empty() {
        rows.extend(
            measures::Entity::find()
                .filter(measures::Column::Id.is_in(ids))
                .all(db)
                .await?,
        );
    }
    rows.into_iter().map(from_row).collect()
}

/// The ids of the measures of complaint `complaint_id`.
pub async fn ids_of_complaint(
    db: &impl ConnectionTrait,
    complaint_id: ComplaintId,
) -> Result<Vec<MeasureId>, DbErr> {
    measures::Entity::find()
        .filter(measures::Column::ComplaintId.eq(complaint_id.to_string()))
        .all(db)
        .await?
        .iter()
        .map(|m| stored(&m.id))
        .collect()
}

/// `rows` as core measures with their status histories: one more statement.
async fn with_histories(
    db: &impl ConnectionTrait,
    rows: Vec<measures::Model>,
) -> Result<Vec<Loaded>, DbErr> {
    let mut histories: HashMap<String, Vec<StatusChange>> = HashMap::new();
    if !rows.is_empty() {
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        for e in measure_events::Entity::find()
            .filter(measure_events::Column::MeasureId.is_in(ids))
            .order_by_asc(measure_events::Column::At)
            .all(db)
            .await?
        {
            // A status this release does not know is left out of the history.
            if let Some(status) = measure_status_from(&e.status) {
                histories
                    .entry(e.measure_id)
                    .or_default()
                    .push(StatusChange {
                        status,
                        actor_id: e.actor_id,
                        at: e.at,
                    });
            }
        }
    }
    rows.into_iter()
        .map(|row| {
            let history = histories.remove(&row.id).unwrap_or_default();
            Ok((from_row(row)?, history))
        })
        .collect()
}

/// Every measure in one of `statuses`.
pub async fn with_status(
    db: &impl ConnectionTrait,
    statuses: &[MeasureStatus],
) -> Result<Vec<StoredMeasure>, DbErr> {
    let codes = statuses.iter().map(|s| measure_status_code(*s).to_owned());
    measures::Entity::find()
        .filter(measures::Column::Status.is_in(codes))
        .all(db)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// When each measure was moved to `status`: (measure id, moment), every time it happened.
pub async fn moves_to(
    db: &impl ConnectionTrait,
    status: MeasureStatus,
) -> Result<Vec<(MeasureId, DateTime<Utc>)>, DbErr> {
    measure_events::Entity::find()
        .filter(measure_events::Column::Status.eq(measure_status_code(status)))
        .all(db)
        .await?
        .iter()
        .map(|e| Ok((stored(&e.measure_id)?, e.at)))
        .collect()
}

/// The measures with these ids.
pub async fn find_many(
    db: &impl ConnectionTrait,
    ids: &[MeasureId],
) -> Result<Vec<StoredMeasure>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    measures::Entity::find()
        .filter(measures::Column::Id.is_in(texts(ids)))
        .all(db)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// The measures of complaint `complaint_id`.
pub async fn of_complaint(
    db: &impl ConnectionTrait,
    complaint_id: ComplaintId,
) -> Result<Vec<StoredMeasure>, DbErr> {
    measures::Entity::find()
        .filter(measures::Column::ComplaintId.eq(complaint_id.to_string()))
        .all(db)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// Replaces measure `id`'s description (the retention purge's redaction).
pub async fn set_description(
    db: &impl ConnectionTrait,
    id: MeasureId,
    description: String,
) -> Result<(), DbErr> {
    measures::Entity::update_many()
        .col_expr(measures::Column::Description, Expr::value(description))
        .filter(measures::Column::Id.eq(id.to_string()))
        .exec(db)
        .await?;
    Ok(())
}

/// Measure `id`.
pub async fn find(
    db: &impl ConnectionTrait,
    id: MeasureId,
) -> Result<Option<StoredMeasure>, DbErr> {
    measures::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .map(from_row)
        .transpose()
}

/// Measure `id` with its history.
pub async fn find_loaded(
    db: &impl ConnectionTrait,
    id: MeasureId,
) -> Result<Option<Loaded>, DbErr> {
    let Some(row) = measures::Entity::find_by_id(id.to_string()).one(db).await? else {
        return Ok(None);
    };
    Ok(with_histories(db, vec![row]).await?.pop())
}

/// Stores a new measure made by `created_by` (a user id) at `now`.
pub async fn insert(
    db: &impl ConnectionTrait,
    measure: StoredMeasure,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<StoredMeasure, DbErr> {
    let row = measures::ActiveModel {
        id: Set(measure.id.to_string()),
        complaint_id: Set(measure.complaint_id.map(|id| id.to_string())),
        kind: Set(measure_kind_code(measure.measure.kind).to_owned()),
        description: Set(measure.measure.description),
        owner_id: Set(measure.measure.owner.to_string()),
        due_on: Set(measure.measure.due_on),
        status: Set(measure_status_code(measure.measure.status).to_owned()),
        created_by: Set(created_by.to_owned()),
        created_at: Set(now),
        description_reviewed: Set(measure.description_reviewed),
    }
    .insert(db)
    .await?;
    from_row(row)
}

/// Writes `change` on measure `measure_id`'s history.
pub async fn record_status(
    db: &impl ConnectionTrait,
    measure_id: MeasureId,
    change: StatusChange,
) -> Result<StatusChange, DbErr> {
    measure_events::ActiveModel {
        id: Set(super::new_id()),
        measure_id: Set(measure_id.to_string()),
        status: Set(measure_status_code(change.status).to_owned()),
        actor_id: Set(change.actor_id.clone()),
        at: Set(change.at),
    }
    .insert(db)
    .await?;
    Ok(change)
}

/// Moves measure `id` from `from` to `to`; false when its status was no longer `from` (someone
/// else changed it in between).
pub async fn move_status(
    db: &impl ConnectionTrait,
    id: MeasureId,
    from: MeasureStatus,
    to: MeasureStatus,
) -> Result<bool, DbErr> {
    let updated = measures::Entity::update_many()
        .col_expr(
            measures::Column::Status,
            Expr::value(measure_status_code(to)),
        )
        .filter(measures::Column::Id.eq(id.to_string()))
        .filter(measures::Column::Status.eq(measure_status_code(from)))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Sets whether measure `id`'s redacted description is approved for anonymised readers.
pub async fn set_reviewed(
    db: &impl ConnectionTrait,
    id: MeasureId,
    reviewed: bool,
) -> Result<(), DbErr> {
    measures::Entity::update_many()
        .col_expr(measures::Column::DescriptionReviewed, Expr::value(reviewed))
        .filter(measures::Column::Id.eq(id.to_string()))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether `code` names a cause category the admins keep and have not retired.
pub async fn cause_category_active(db: &impl ConnectionTrait, code: &str) -> Result<bool, DbErr> {
    Ok(cause_categories::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .is_some_and(|c| c.active))
}

/// The root-cause categories in their order; the retired ones too when asked.
pub async fn cause_categories(
    db: &impl ConnectionTrait,
    include_inactive: bool,
) -> Result<Vec<CauseCategory>, DbErr> {
    let mut query = cause_categories::Entity::find();
    if !include_inactive {
        query = query.filter(cause_categories::Column::Active.eq(true));
    }
    Ok(query
        .order_by_asc(cause_categories::Column::Position)
        .order_by_asc(cause_categories::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(category_of)
        .collect())
}

/// Adds category `code` at the end of the list, or changes its label and whether it can be
/// chosen.
pub async fn save_cause_category(
    db: &impl ConnectionTrait,
    category: CauseCategory,
) -> Result<CauseCategory, DbErr> {
    let existing = cause_categories::Entity::find_by_id(category.code.clone())
        .one(db)
        .await?;
    let saved = match existing {
        Some(row) => {
            let mut row: cause_categories::ActiveModel = row.into();
            row.label = Set(category.label);
            row.active = Set(category.active);
            row.update(db).await?
        }
        None => {
            let position = cause_categories::Entity::find()
                .all(db)
                .await?
                .iter()
                .map(|c| c.position + 1)
                .max()
                .unwrap_or(0);
            cause_categories::ActiveModel {
                code: Set(category.code),
                label: Set(category.label),
                active: Set(category.active),
                position: Set(position),
            }
            .insert(db)
            .await?
        }
    };
    Ok(category_of(saved))
}
