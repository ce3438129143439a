//! Who acts: a user with roles, a third-party API client, or the system itself (jobs). Rule: an
//! API client is always only `INTEGRATION`, whatever roles are claimed for it.

use crate::ids::{ApiClientId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A role (rol). See the README's role table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Medewerker / ontvanger: registers complaints and follows those they are involved in.
    Staff,
    /// Onafhankelijke klachtenbehandelaar: handles every complaint.
    Handler,
    /// Directie: oversight, escalations, measures, the anonymised meeting agenda.
    Director,
    /// Functionaris Gegevensbescherming (FG): advises on complaints about personal data.
    Dpo,
    /// Functioneel beheer: users, API clients, calendar, procedure versions.
    Admin,
    /// A third-party system reading anonymised data.
    Integration,
}

impl Role {
    /// Every role, in a fixed order (for tables and tests).
    pub const ALL: [Self; 6] = [
        Self::Staff,
        Self::Handler,
        Self::Director,
        Self::Dpo,
        Self::Admin,
        Self::Integration,
    ];
}

/// Who is behind an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Principal {
    /// A logged-in user.
    User(UserId),
    /// A third-party system with an API key.
    ApiClient(ApiClientId),
    /// The product itself: scheduled jobs such as the retention purge.
    System,
}

/// An actor: a principal and its roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    principal: Principal,
    roles: BTreeSet<Role>,
}

impl Actor {
    /// A user with the given roles. `INTEGRATION` is not a user role and is dropped.
    pub fn user(id: UserId, roles: impl IntoIterator<Item = Role>) -> Self {
        Self {
            principal: Principal::User(id),
            roles: roles
                .into_iter()
                .filter(|r| *r != Role::Integration)
                .collect(),
        }
    }

    /// A third-party API client: only ever `INTEGRATION`.
    pub fn api_client(id: ApiClientId) -> Self {
        Self {
            principal: Principal::ApiClient(id),
            roles: BTreeSet::from([Role::Integration]),
        }
    }

    /// The product's own jobs.
    pub fn system() -> Self {
        Self {
            principal: Principal::System,
            roles: BTreeSet::new(),
        }
    }

    /// Who is behind the actor.
    pub const fn principal(&self) -> Principal {
        self.principal
    }

    /// The user, when the actor is one.
    pub const fn user_id(&self) -> Option<UserId> {
        match self.principal {
            Principal::User(id) => Some(id),
            _ => None,
        }
    }

    /// Whether the actor has `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The actor's roles.
    pub const fn roles(&self) -> &BTreeSet<Role> {
        &self.roles
    }

    /// Whether this is the system itself.
    pub const fn is_system(&self) -> bool {
        matches!(self.principal, Principal::System)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_client_is_only_ever_integration_and_a_user_never_is() {
        let client = Actor::api_client(ApiClientId(1));
        assert!(client.has(Role::Integration));
        assert_eq!(client.roles().len(), 1);
        assert_eq!(client.user_id(), None);
        let user = Actor::user(UserId(7), [Role::Staff, Role::Integration]);
        assert!(!user.has(Role::Integration));
        assert_eq!(user.user_id(), Some(UserId(7)));
        assert!(Actor::system().is_system());
        assert!(Actor::system().roles().is_empty());
    }
}
