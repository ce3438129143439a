//! The audit log and the outbox as directors read them. Rule: directors only; entries hold ids
//! and actions, so they are shown as stored, a complaint named by its reference and a user by
//! their name; reading the log is itself recorded.

use crate::db::audit;
use crate::db::complaints as store;
use crate::db::outbox::{self, OutboxMail};
use crate::db::users;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::ids::UserId;
use klachten_core::time::amsterdam_offset;
use std::collections::HashMap;

/// Which entries to read; what is left out is not filtered on.
#[derive(Debug, Default)]
pub struct Filter {
    /// One complaint, by its reference.
    pub complaint_reference: Option<String>,
    /// What one user (by id) did, and failed logins on their account.
    pub user_id: Option<UserId>,
    /// From this day on (Europe/Amsterdam).
    pub from: Option<NaiveDate>,
    /// Up to and including this day (Europe/Amsterdam).
    pub to: Option<NaiveDate>,
}

/// An entry with the names it refers to.
pub struct Entry {
    /// As stored.
    pub row: audit::Logged,
    /// The actor's name, when the actor is a user.
    pub actor_name: Option<String>,
    /// The reference of the complaint it concerns.
    pub complaint_reference: Option<String>,
}

/// A mail in the outbox with the reference of its complaint.
pub struct Mail {
    /// As stored.
    pub row: OutboxMail,
    /// The reference of the complaint it is about.
    pub complaint_reference: Option<String>,
}

/// The largest page.
const MAX_PAGE: i32 = 200;

/// Directors only, asking for a page of 1 to [`MAX_PAGE`]; the size as a count.
fn directors_only(user: &User, first: i32) -> ApiResult<usize> {
    super::require(user, Capability::ReadAuditLog)?;
    if !(1..=MAX_PAGE).contains(&first) {
        return Err(ApiError::validation(format!(
            "first must be between 1 and {MAX_PAGE}"
        )));
    }
    Ok(usize::try_from(first).unwrap_or(50))
}

/// The first instant of `day` in Europe/Amsterdam.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN).and_utc();
    midnight - amsterdam_offset(midnight)
}

/// Up to `first` entries older than `before` (the `seq` of an entry), newest first, and whether
/// more match; the read is audited.
pub async fn read(
    state: &AppState,
    user: &User,
    filter: Filter,
    first: i32,
    before: Option<String>,
) -> ApiResult<(Vec<Entry>, bool)> {
    let first = directors_only(user, first)?;
    let mut query = audit::Query::default();
    if let Some(before) = before {
        let seq: i64 = before
            .parse()
            .map_err(|_| ApiError::validation("before is the seq of an entry"))?;
        query.before = Some(seq);
    }
    if let Some(reference) = &filter.complaint_reference {
        let id = store::id_by_reference(&state.db, &reference.trim().to_uppercase()).await?;
        // An unknown reference matches nothing rather than everything; entries written before
        // the complaint's id became random name it by its earlier id.
        let mut ids = vec![id.unwrap_or_default()];
        let earlier = store::earlier_ids(&state.db, &ids[0]).await?;
        ids.extend(earlier);
        query.complaint_ids = Some(ids);
    }
    if let Some(user_id) = filter.user_id {
        // What they did, and failed logins on their account.
        query.actor = Some(format!("user:{user_id}"));
    }
    query.from = filter.from.map(start_of);
    query.until = filter.to.map(|to| start_of(to.succ_opt().unwrap_or(to)));
    let limit = u64::try_from(first).unwrap_or(50) + 1;
    let mut rows = audit::read(&state.db, query, limit).await?;
    let has_more = rows.len() > first;
    rows.truncate(first);
    let names: HashMap<String, String> = users::all(&state.db)
        .await?
        .into_iter()
        .map(|u| (audit::user_label(u.id), u.name))
        .collect();
    let complaint_ids: Vec<String> = rows.iter().filter_map(|r| r.complaint_id.clone()).collect();
    let current = store::current_ids(&state.db, complaint_ids.clone()).await?;
    let ids: Vec<String> = complaint_ids
        .into_iter()
        .chain(current.values().cloned())
        .collect();
    let by_id = store::references(&state.db, ids).await?;
    let reference_of = |id: &String| {
        by_id
            .get(id)
            .or_else(|| current.get(id).and_then(|now| by_id.get(now)))
            .cloned()
    };
    let entry = audit::Entry {
        actor: &audit::user_label(user.id),
        action: audit::Named::AuditLogRead.into(),
        complaint_id: None,
        detail: Some(format!("entries:{}", rows.len())),
    };
    audit::append(&state.db, &state.audit_key, state.clock.now(), entry).await?;
    let entries = rows
        .into_iter()
        .map(|row| Entry {
            actor_name: names.get(&row.actor).cloned(),
            complaint_reference: row.complaint_id.as_ref().and_then(reference_of),
            row,
        })
        .collect();
    Ok((entries, has_more))
}

/// The last `first` mails of the outbox, newest first.
pub async fn outbox(state: &AppState, user: &User, first: i32) -> ApiResult<Vec<Mail>> {
    let first = directors_only(user, first)?;
    let rows = outbox::latest(&state.db, u64::try_from(first).unwrap_or(50)).await?;
    let ids = rows
        .iter()
        .filter_map(|r| r.complaint_id.map(|c| c.to_string()));
    let references = store::references(&state.db, ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| Mail {
            complaint_reference: row
                .complaint_id
                .and_then(|c| references.get(&c.to_string()).cloned()),
            row,
        })
        .collect())
}
