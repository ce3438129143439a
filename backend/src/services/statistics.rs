//! Exports of the figures. Rule: directors only; the annual report is anonymised
//! (`crate::statistics`), and each export is audited.

use crate::db::audit;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use chrono::Datelike;
use klachten_core::actor::Capability;
use klachten_core::actor::User;

/// The annual report for `year` as PDF (directors), audited as an export.
pub async fn annual_report(state: &AppState, user: &User, year: i32) -> ApiResult<Vec<u8>> {
    super::require(user, Capability::ExactFigures)?;
    let today = state.clock.today();
    if !(2000..=today.year()).contains(&year) {
        return Err(ApiError::validation(format!(
            "choose a year from 2000 to {}",
            today.year()
        )));
    }
    let firm = &state.config.firm_name;
    let pdf = crate::statistics::annual_report(&state.db, year, firm, today).await?;
    let entry = audit::Entry {
        actor: &audit::user_label(user.id),
        action: audit::Named::ReportExported.into(),
        complaint_id: None,
        detail: Some(format!("annual-report:{year}")),
    };
    audit::append(&state.db, &state.audit_key, state.clock.now(), entry).await?;
    Ok(pdf)
}
