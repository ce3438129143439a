//! The use cases. Rule: one public function per use case, called by a resolver (or the command
//! line); it owns the transaction, asks the core (lifecycle, policy), writes the audit entry and
//! queues the notifications, and returns core types and stored rows, never GraphQL types.

pub mod accounts;
pub mod audit_log;
pub mod clients;
pub mod complaints;
pub mod letters;
pub mod measures;
pub mod meetings;
pub mod sessions;
pub mod statistics;
pub mod users;
pub mod versions;
pub mod webhooks;

use crate::db::audit;
use crate::error::ApiResult;
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::actor::Actor;
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::ids::ComplaintId;
use sea_orm::ConnectionTrait;

/// Refuses `user` unless their roles hold `capability` (`FORBIDDEN`, nothing looked up first).
pub fn require(user: &User, capability: Capability) -> ApiResult<()> {
    if capability.held_by(&user.roles) {
        Ok(())
    } else {
        Err(crate::error::ApiError::forbidden())
    }
}

/// The refusal of an API client that was not given `scope`.
pub fn lacks_scope(scope: klachten_core::integration::Scope) -> crate::error::ApiError {
    crate::error::ApiError::new(
        crate::error::Code::Forbidden,
        format!(
            "this API client lacks the scope {}; an administrator can add it",
            crate::db::codes::scope_code(scope)
        ),
    )
}

/// Something that happened to a complaint, for its timeline and the audit log alike.
pub struct Event<'a> {
    /// Who did it, as the audit log names them (`user:<id>`, `system`).
    pub by: &'a str,
    /// What happened.
    pub action: audit::Named,
    /// The complaint.
    pub complaint_id: ComplaintId,
    /// The day it happened on.
    pub on: NaiveDate,
    /// Further non-identifying detail for the audit entry (ids, codes, hashes).
    pub detail: String,
}

/// Writes `event` on its complaint's timeline and in the audit log, in `db`'s transaction.
pub async fn on_record(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    state: &AppState,
    event: Event<'_>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let actor_id = event.by.strip_prefix("user:").map(str::to_owned);
    let code = event.action.code();
    crate::db::complaints::record_event(
        db,
        event.complaint_id,
        code,
        actor_id,
        now,
        Some(event.on),
    )
    .await?;
    let entry = audit::Entry {
        actor: event.by,
        action: event.action.into(),
        complaint_id: Some(event.complaint_id),
        detail: Some(event.detail),
    };
    audit::append(db, &state.audit_key, now, entry).await?;
    Ok(())
}

/// Who asks: a logged-in user, or an API client.
#[derive(Clone, Copy)]
pub enum Caller<'a> {
    /// A logged-in user.
    User(&'a User),
    /// An API client (always `INTEGRATION`, anonymised views only).
    Client(&'a crate::clients::Client),
}

impl<'a> Caller<'a> {
    /// The actor the core judges.
    pub fn actor(self) -> Actor {
        match self {
            Self::User(user) => user.actor(),
            Self::Client(client) => Actor::api_client(client.id),
        }
    }

    /// The audit log's name for it.
    pub fn label(self) -> String {
        match self {
            Self::User(user) => audit::user_label(user.id),
            Self::Client(client) => client.label(),
        }
    }

    /// The user, when a user asks.
    pub const fn user(self) -> Option<&'a User> {
        match self {
            Self::User(user) => Some(user),
            Self::Client(_) => None,
        }
    }
}
