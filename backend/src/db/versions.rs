//! Procedure and calendar versions as stored (their rules as JSON). Rule: the SQL of versions
//! lives here; which version a complaint is held to is `db::Rules`, and when one may change is
//! the service's.

use super::entities::{calendar_versions, complaints, procedure_versions};
use chrono::NaiveDate;
use klachten_core::calendar::WorkingDayCalendar;
use klachten_core::procedure::ProcedureVersion;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

/// Which of the two kinds of version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The complaints procedure.
    Procedure,
    /// The working-day calendar.
    Calendar,
}

fn json(value: &impl serde::Serialize) -> Result<String, DbErr> {
    serde_json::to_string(value).map_err(|e| DbErr::Custom(e.to_string()))
}

/// The id of the version of `kind` that starts on `day`, if there is one.
pub async fn starting_on(
    db: &impl ConnectionTrait,
    kind: Kind,
    day: NaiveDate,
) -> Result<Option<String>, DbErr> {
    Ok(match kind {
        Kind::Procedure => procedure_versions::Entity::find()
            .filter(procedure_versions::Column::EffectiveFrom.eq(day))
            .one(db)
            .await?
            .map(|v| v.id),
        Kind::Calendar => calendar_versions::Entity::find()
            .filter(calendar_versions::Column::EffectiveFrom.eq(day))
            .one(db)
            .await?
            .map(|v| v.id),
    })
}

/// How many complaints were registered under version `id` of `kind`.
pub async fn complaints_under(
    db: &impl ConnectionTrait,
    kind: Kind,
    id: &str,
) -> Result<u64, DbErr> {
    let column = match kind {
        Kind::Procedure => complaints::Column::ProcedureVersionId,
        Kind::Calendar => complaints::Column::CalendarVersionId,
    };
    complaints::Entity::find()
        .filter(column.eq(id.to_owned()))
        .count(db)
        .await
}

/// Stores `version` of the procedure under `id`: replacing that version when `replace`, as a new
/// one otherwise.
pub async fn save_procedure(
    db: &impl ConnectionTrait,
    id: &str,
    replace: bool,
    version: &ProcedureVersion,
) -> Result<(), DbErr> {
    let row = procedure_versions::ActiveModel {
        id: Set(id.to_owned()),
        label: Set(version.label.clone()),
        effective_from: Set(version.effective_from),
        text: Set(version.text.clone()),
        parameters: Set(json(&version.parameters)?),
    };
    if replace {
        row.update(db).await?;
    } else {
        row.insert(db).await?;
    }
    Ok(())
}

/// Stores a calendar version labelled `label` from `effective_from` on under `id`: replacing that
/// version when `replace`, as a new one otherwise.
pub async fn save_calendar(
    db: &impl ConnectionTrait,
    id: &str,
    replace: bool,
    label: &str,
    effective_from: NaiveDate,
    calendar: &WorkingDayCalendar,
) -> Result<(), DbErr> {
    let row = calendar_versions::ActiveModel {
        id: Set(id.to_owned()),
        label: Set(label.to_owned()),
        effective_from: Set(effective_from),
        rules: Set(json(calendar)?),
    };
    if replace {
        row.update(db).await?;
    } else {
        row.insert(db).await?;
    }
    Ok(())
}
