//! The audit log and the outbox as directors read them (`services::audit_log`). Rule: input
//! checked and mapped here, nothing decided.

use super::context::{require_user, state};
use super::ids::typed_opt;
use super::types::Date;
use crate::services::audit_log;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

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
        let filter = filter.unwrap_or_default();
        let filter = audit_log::Filter {
            complaint_reference: filter.complaint_reference,
            user_id: typed_opt(filter.user_id.as_ref())?,
            from: filter.from.map(|d| d.0),
            to: filter.to.map(|d| d.0),
        };
        let before = before.map(|b| b.0);
        let (entries, has_more) = audit_log::read(state(ctx), user, filter, first, before).await?;
        Ok(AuditPage {
            entries: entries
                .into_iter()
                .map(|e| AuditEntry {
                    seq: ID(e.row.seq.to_string()),
                    at: e.row.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    actor_name: e.actor_name,
                    actor: e.row.actor,
                    action: e.row.action,
                    complaint_reference: e.complaint_reference,
                    detail: e.row.detail,
                    hash: e.row.hash,
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
        let user = require_user(ctx)?;
        let rows = audit_log::outbox(state(ctx), user, first).await?;
        let instant = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Ok(rows
            .into_iter()
            .map(|mail| (mail.row, mail.complaint_reference))
            .map(|(m, complaint_reference)| OutboxMail {
                id: ID(m.id),
                complaint_reference,
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
