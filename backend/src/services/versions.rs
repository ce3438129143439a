//! Saving a new version of the complaints procedure or of the working-day calendar (admins).
//! Rule: a version holds for complaints received from its start on, so one that complaints were
//! registered under never changes; a version starting on the same day that no complaint uses
//! yet is replaced. Every save is audited.

use crate::db::versions::{self as stored, Kind};
use crate::db::{Rules, audit};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use chrono::NaiveDate;
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::calendar::{CalendarVersion, WorkingDayCalendar};
use klachten_core::procedure::ProcedureVersion;
use sea_orm::DatabaseTransaction;

fn admins_only(user: &User) -> ApiResult<()> {
    super::require(user, Capability::Administer)
}

/// A version that complaints were registered under no longer changes.
fn refuse_if_used(used: u64) -> ApiResult<()> {
    if used > 0 {
        return Err(ApiError::already(
            "IN_USE",
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

/// The id to save a version of `kind` starting on `day` under, and whether it replaces the one
/// already starting that day (allowed only while no complaint was registered under it).
async fn slot(txn: &DatabaseTransaction, kind: Kind, day: NaiveDate) -> ApiResult<(String, bool)> {
    match stored::starting_on(txn, kind, day).await? {
        Some(id) => {
            refuse_if_used(stored::complaints_under(txn, kind, &id).await?)?;
            Ok((id, true))
        }
        None => Ok((crate::db::new_id(), false)),
    }
}

/// Saves `version` of the complaints procedure; returns its id.
pub async fn save_procedure(
    state: &AppState,
    admin: &User,
    version: &ProcedureVersion,
) -> ApiResult<String> {
    admins_only(admin)?;
    let txn = crate::db::begin(&state.db).await?;
    let (id, replace) = slot(&txn, Kind::Procedure, version.effective_from).await?;
    stored::save_procedure(&txn, &id, replace, version).await?;
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
    let txn = crate::db::begin(&state.db).await?;
    let (id, replace) = slot(&txn, Kind::Calendar, effective_from).await?;
    stored::save_calendar(&txn, &id, replace, label, effective_from, calendar).await?;
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
