//! Saving a new version of the complaints procedure or of the working-day calendar (admins).
//! Rule: a version holds for complaints received from its start on, so one that complaints were
//! registered under never changes; a version starting on the same day that no complaint uses
//! yet is replaced. Every save is audited.

use crate::db::entities::{calendar_versions, complaints, procedure_versions};
use crate::db::{Rules, audit};
use crate::error::{ApiError, ApiResult, Code};
use crate::state::AppState;
use chrono::NaiveDate;
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::calendar::{CalendarVersion, WorkingDayCalendar};
use klachten_core::procedure::ProcedureVersion;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

fn admins_only(user: &User) -> ApiResult<()> {
    super::require(user, Capability::Administer)
}

/// A version that complaints were registered under no longer changes.
fn refuse_if_used(used: u64) -> ApiResult<()> {
    if used > 0 {
        return Err(ApiError::new(
            Code::Conflict,
            "complaints were already registered under the version that starts on this date; \
             let the new version start a day later",
        ));
    }
    Ok(())
}

/// Audits the saving of a version and commits it with the audit entry.
async fn commit(
    txn: DatabaseTransaction,
    state: &AppState,
    admin: &User,
    action: audit::Named,
    detail: String,
) -> ApiResult<()> {
    let entry = audit::Entry {
        actor: &audit::user_label(admin.id),
        action: action.into(),
        complaint_id: None,
        detail: Some(detail),
    };
    audit::append(&txn, &state.audit_key, state.clock.now(), entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Saves `version` of the complaints procedure; returns its id.
pub async fn save_procedure(
    state: &AppState,
    admin: &User,
    version: &ProcedureVersion,
) -> ApiResult<String> {
    admins_only(admin)?;
    let parameters =
        serde_json::to_string(&version.parameters).map_err(|e| ApiError::internal(&e))?;
    let txn = crate::db::begin(&state.db).await?;
    let same_day = procedure_versions::Entity::find()
        .filter(procedure_versions::Column::EffectiveFrom.eq(version.effective_from))
        .one(&txn)
        .await?;
    let id = if let Some(existing) = same_day {
        let used = complaints::Entity::find()
            .filter(complaints::Column::ProcedureVersionId.eq(existing.id.clone()))
            .count(&txn)
            .await?;
        refuse_if_used(used)?;
        let id = existing.id.clone();
        let mut row: procedure_versions::ActiveModel = existing.into();
        row.label = Set(version.label.clone());
        row.text = Set(version.text.clone());
        row.parameters = Set(parameters);
        row.update(&txn).await?;
        id
    } else {
        let id = crate::db::new_id();
        procedure_versions::ActiveModel {
            id: Set(id.clone()),
            label: Set(version.label.clone()),
            effective_from: Set(version.effective_from),
            text: Set(version.text.clone()),
            parameters: Set(parameters),
        }
        .insert(&txn)
        .await?;
        id
    };
    let detail = format!("procedure:{id}");
    commit(
        txn,
        state,
        admin,
        audit::Named::ProcedureVersionSaved,
        detail,
    )
    .await?;
    Ok(id)
}

/// Saves a version of the working-day calendar labelled `label` from `effective_from` on;
/// returns its id.
pub async fn save_calendar(
    state: &AppState,
    admin: &User,
    label: &str,
    effective_from: NaiveDate,
    calendar: &WorkingDayCalendar,
) -> ApiResult<String> {
    admins_only(admin)?;
    let rules = serde_json::to_string(calendar).map_err(|e| ApiError::internal(&e))?;
    let txn = crate::db::begin(&state.db).await?;
    let same_day = calendar_versions::Entity::find()
        .filter(calendar_versions::Column::EffectiveFrom.eq(effective_from))
        .one(&txn)
        .await?;
    let id = match same_day {
        Some(existing) => {
            let used = complaints::Entity::find()
                .filter(complaints::Column::CalendarVersionId.eq(existing.id.clone()))
                .count(&txn)
                .await?;
            refuse_if_used(used)?;
            let id = existing.id.clone();
            let mut row: calendar_versions::ActiveModel = existing.into();
            row.label = Set(label.to_owned());
            row.rules = Set(rules);
            row.update(&txn).await?;
            id
        }
        None => {
            let id = crate::db::new_id();
            calendar_versions::ActiveModel {
                id: Set(id.clone()),
                label: Set(label.to_owned()),
                effective_from: Set(effective_from),
                rules: Set(rules),
            }
            .insert(&txn)
            .await?;
            id
        }
    };
    let detail = format!("calendar:{id}");
    commit(
        txn,
        state,
        admin,
        audit::Named::CalendarVersionSaved,
        detail,
    )
    .await?;
    Ok(id)
}

/// Every version of the complaints procedure with its id, oldest first (any logged-in user).
pub async fn procedures(state: &AppState) -> ApiResult<Vec<(String, ProcedureVersion)>> {
    let mut rules = Rules::load(&state.db).await?;
    Ok(rules
        .procedure_history
        .iter()
        .filter_map(|(id, _)| rules.procedures.remove(id).map(|p| (id.clone(), p)))
        .collect())
}

/// Every version of the working-day calendar with its id, oldest first (any logged-in user).
pub async fn calendars(state: &AppState) -> ApiResult<Vec<(String, CalendarVersion)>> {
    let mut rules = Rules::load(&state.db).await?;
    Ok(rules
        .calendar_history
        .iter()
        .filter_map(|(id, _)| rules.calendars.remove(id).map(|c| (id.clone(), c)))
        .collect())
}
