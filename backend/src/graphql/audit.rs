//! The audit log as directors read it. Rule: entries hold ids and actions only, so the log can
//! be shown as stored; a complaint is named by its reference, a user by their name. Reading the
//! log is itself recorded.

use super::context::{actor_label, require_user, state};
use super::types::Date;
use crate::db::complaints as store;
use crate::db::entities::{audit_log, complaints};
use crate::db::{audit, users};
use crate::error::ApiError;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::actor::Role;
use klachten_core::time::amsterdam_offset;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// What to show of the audit log; everything left out is not filtered on.
#[derive(InputObject, Debug, Clone, Default)]
pub struct AuditFilter {
    /// One complaint, by its reference (`KL-2026-0042`).
    pub complaint_reference: Option<String>,
    /// What one user did, and failed logins on their account.
    pub user_id: Option<ID>,
    /// From this day on (Europe/Amsterdam).
    pub from: Option<Date>,
    /// Up to and including this day (Europe/Amsterdam).
    pub to: Option<Date>,
}

/// One entry of the audit log.
#[derive(SimpleObject, Debug, Clone)]
pub struct AuditEntry {
    /// Its place in the chain (also the cursor: pass it as `before` for older entries).
    pub seq: ID,
    /// When (RFC 3339).
    pub at: String,
    /// Who: `user:<id>`, `system` or `anonymous`.
    pub actor: String,
    /// The user's name, when the actor is a user.
    pub actor_name: Option<String>,
    /// What, e.g. `LOGIN_FAILED`, `READ_IDENTIFIED`, `ACKNOWLEDGE`, `PURGE`.
    pub action: String,
    /// The complaint's reference, if the entry concerns one.
    pub complaint_reference: Option<String>,
    /// Further detail: ids, counts and codes, never identifying values.
    pub detail: Option<String>,
    /// The entry's hash, which the next entry carries.
    pub hash: String,
}

/// A page of the audit log, newest first.
#[derive(SimpleObject, Debug, Clone)]
pub struct AuditPage {
    /// The entries.
    pub entries: Vec<AuditEntry>,
    /// Older entries match the filter too.
    pub has_more: bool,
}

/// A mail in the outbox, as directors follow it.
#[derive(SimpleObject, Debug, Clone)]
pub struct OutboxMail {
    /// Id.
    pub id: ID,
    /// What it is: `NEW_COMPLAINT`, `CLOCK_DUE_SOON`, `CLOCK_LATE`, `LETTER`.
    pub kind: String,
    /// To.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// `QUEUED`, `SENT`, `FAILED` (given up) or `ERASED` (by the purge).
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// Why the last attempt failed: `UNREACHABLE`, `REJECTED`, `BAD_RECIPIENT`, …
    pub last_error: Option<String>,
    /// Queued at (RFC 3339).
    pub created_at: String,
    /// Sent at (RFC 3339).
    pub sent_at: Option<String>,
    /// The complaint's reference, if it is about one.
    pub complaint_reference: Option<String>,
}

/// The first instant of `day` in Europe/Amsterdam.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN).and_utc();
    midnight - amsterdam_offset(midnight)
}

/// The largest page.
const MAX_PAGE: i32 = 200;

/// Audit log queries.
#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log, newest first (directors). `before` is the `seq` of the last entry seen.
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only what matches; leave out for everything.")] filter: Option<
            AuditFilter,
        >,
        #[graphql(default = 50, desc = "How many to return at most.")] first: i32,
        #[graphql(desc = "A cursor: return entries older than this one.")] before: Option<ID>,
    ) -> async_graphql::Result<AuditPage> {
        let user = require_user(ctx)?;
        if !user.roles.contains(&Role::Director) {
            return Err(ApiError::forbidden().into());
        }
        if !(1..=MAX_PAGE).contains(&first) {
            return Err(
                ApiError::validation(format!("first must be between 1 and {MAX_PAGE}")).into(),
            );
        }
        let state = state(ctx);
        let filter = filter.unwrap_or_default();
        let mut query = audit_log::Entity::find();
        if let Some(before) = &before {
            let seq: i64 = before
                .parse()
                .map_err(|_| ApiError::validation("before is the seq of an entry"))?;
            query = query.filter(audit_log::Column::Seq.lt(seq));
        }
        if let Some(reference) = &filter.complaint_reference {
            let complaint = complaints::Entity::find()
                .filter(complaints::Column::Reference.eq(reference.trim().to_uppercase()))
                .one(&state.db)
                .await
                .map_err(ApiError::from)?;
            // An unknown reference matches nothing rather than everything; entries written
            // before the complaint's id became random name it by its earlier id.
            let mut ids = vec![complaint.map_or_else(String::new, |c| c.id)];
            let earlier = store::earlier_ids(&state.db, &ids[0])
                .await
                .map_err(ApiError::from)?;
            ids.extend(earlier);
            query = query.filter(audit_log::Column::ComplaintId.is_in(ids));
        }
        if let Some(user_id) = &filter.user_id {
            // What they did, and failed logins on their account.
            let actor = format!("user:{}", user_id.0);
            query = query.filter(
                Condition::any()
                    .add(audit_log::Column::Actor.eq(actor.clone()))
                    .add(audit_log::Column::Detail.eq(format!("account:{actor}"))),
            );
        }
        if let Some(from) = filter.from {
            query = query.filter(audit_log::Column::At.gte(start_of(from.0)));
        }
        if let Some(to) = filter.to {
            let next = to.0.succ_opt().unwrap_or(to.0);
            query = query.filter(audit_log::Column::At.lt(start_of(next)));
        }
        let mut rows = query
            .order_by_desc(audit_log::Column::Seq)
            .limit(u64::try_from(first).unwrap_or(50) + 1)
            .all(&state.db)
            .await
            .map_err(ApiError::from)?;
        let has_more = rows.len() > usize::try_from(first).unwrap_or(50);
        rows.truncate(usize::try_from(first).unwrap_or(50));

        let names: HashMap<String, String> = users::all(&state.db)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(|u| (format!("user:{}", users::id_string(u.id)), u.name))
            .collect();
        let complaint_ids: Vec<String> =
            rows.iter().filter_map(|r| r.complaint_id.clone()).collect();
        let current = store::current_ids(&state.db, complaint_ids.clone())
            .await
            .map_err(ApiError::from)?;
        let by_id: HashMap<String, String> = complaints::Entity::find()
            .filter(complaints::Column::Id.is_in(complaint_ids.iter().chain(current.values())))
            .all(&state.db)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(|c| (c.id, c.reference))
            .collect();
        let reference_of = |id: &String| {
            by_id
                .get(id)
                .or_else(|| current.get(id).and_then(|now| by_id.get(now)))
                .cloned()
        };
        audit::append(
            &state.db,
            &state.audit_key,
            state.clock.now(),
            audit::Entry {
                actor: &actor_label(user),
                action: audit::Named::AuditLogRead.into(),
                complaint_id: None,
                detail: Some(format!("entries:{}", rows.len())),
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(AuditPage {
            entries: rows
                .into_iter()
                .map(|r| AuditEntry {
                    seq: ID(r.seq.to_string()),
                    at: r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    actor_name: names.get(&r.actor).cloned(),
                    actor: r.actor,
                    action: r.action,
                    complaint_reference: r.complaint_id.as_ref().and_then(reference_of),
                    detail: r.detail,
                    hash: r.hash,
                })
                .collect(),
            has_more,
        })
    }

    /// The outbox, newest first (directors): what was sent, what waits, what failed and why.
    async fn outbox(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50, desc = "How many to return at most.")] first: i32,
    ) -> async_graphql::Result<Vec<OutboxMail>> {
        use crate::db::entities::mail_outbox;
        let user = require_user(ctx)?;
        if !user.roles.contains(&Role::Director) {
            return Err(ApiError::forbidden().into());
        }
        if !(1..=MAX_PAGE).contains(&first) {
            return Err(
                ApiError::validation(format!("first must be between 1 and {MAX_PAGE}")).into(),
            );
        }
        let state = state(ctx);
        let rows = mail_outbox::Entity::find()
            .order_by_desc(mail_outbox::Column::CreatedAt)
            .order_by_desc(mail_outbox::Column::Id)
            .limit(u64::try_from(first).unwrap_or(50))
            .all(&state.db)
            .await
            .map_err(ApiError::from)?;
        let ids: Vec<String> = rows.iter().filter_map(|r| r.complaint_id.clone()).collect();
        let references: HashMap<String, String> = complaints::Entity::find()
            .filter(complaints::Column::Id.is_in(ids))
            .all(&state.db)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(|c| (c.id, c.reference))
            .collect();
        let instant = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Ok(rows
            .into_iter()
            .map(|m| OutboxMail {
                id: ID(m.id),
                complaint_reference: m.complaint_id.and_then(|c| references.get(&c).cloned()),
                kind: m.kind,
                recipient: m.recipient,
                subject: m.subject,
                status: m.status,
                attempts: m.attempts,
                last_error: m.last_error,
                created_at: instant(m.created_at),
                sent_at: m.sent_at.map(instant),
            })
            .collect())
    }
}
