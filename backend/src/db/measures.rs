//! Measures as stored: rows with their status histories, and the core measure of a row.
//! Rule: SQL about measures lives here; what a reader may see of them is decided elsewhere.

use super::codes::{measure_kind_from, measure_status_from};
use super::entities::{measure_events, measures};
use klachten_core::ids::UserId;
use klachten_core::measures as core;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// A stored measure with its history.
pub type Loaded = (measures::Model, Vec<measure_events::Model>);

fn corrupt() -> DbErr {
    DbErr::Custom("stored measure has an unreadable code".into())
}

/// The domain measure of a row.
pub fn to_core(row: &measures::Model) -> Result<core::Measure, DbErr> {
    Ok(core::Measure {
        kind: measure_kind_from(&row.kind).ok_or_else(corrupt)?,
        description: row.description.clone(),
        owner: row.owner_id.parse::<UserId>().ok().ok_or_else(corrupt)?,
        due_on: row.due_on,
        status: measure_status_from(&row.status).ok_or_else(corrupt)?,
    })
}

/// Measures with their histories, by complaint id, in two statements.
pub async fn for_complaints(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> Result<HashMap<String, Vec<Loaded>>, DbErr> {
    let mut out: HashMap<String, Vec<Loaded>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = measures::Entity::find()
        .filter(measures::Column::ComplaintId.is_in(ids.to_vec()))
        .order_by_asc(measures::Column::CreatedAt)
        .all(db)
        .await?;
    let mut histories = histories(db, &rows).await?;
    for row in rows {
        let events = histories.remove(&row.id).unwrap_or_default();
        if let Some(complaint) = row.complaint_id.clone() {
            out.entry(complaint).or_default().push((row, events));
        }
    }
    Ok(out)
}

/// The status histories of `rows`, by measure id, in one statement.
pub async fn histories(
    db: &impl ConnectionTrait,
    rows: &[measures::Model],
) -> Result<HashMap<String, Vec<measure_events::Model>>, DbErr> {
    let mut out: HashMap<String, Vec<measure_events::Model>> = HashMap::new();
    if rows.is_empty() {
        return Ok(out);
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    for e in measure_events::Entity::find()
        .filter(measure_events::Column::MeasureId.is_in(ids))
        .order_by_asc(measure_events::Column::At)
        .all(db)
        .await?
    {
        out.entry(e.measure_id.clone()).or_default().push(e);
    }
    Ok(out)
}

/// Whether `code` names a cause category the admins keep and have not retired.
pub async fn cause_category_active(db: &impl ConnectionTrait, code: &str) -> Result<bool, DbErr> {
    Ok(
        super::entities::cause_categories::Entity::find_by_id(code.to_owned())
            .one(db)
            .await?
            .is_some_and(|c| c.active),
    )
}
