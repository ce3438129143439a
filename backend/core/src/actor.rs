//! Who acts: a user with roles, a third-party API client, or the system itself (jobs). Rule: an
//! API client is always only `INTEGRATION`, whatever roles are claimed for it; what a role lets
//! its holder do apart from any one complaint is the one table in [`Capability::roles`].

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

/// Something a role lets its holder do, apart from any one complaint: the server's checks and
/// the app's screens both read [`Capability::roles`], so the app never keeps its own copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Capability {
    /// Register complaints (ontvanger).
    RegisterComplaints,
    /// Follow every complaint, not only those one is involved in.
    SeeEveryComplaint,
    /// See the list of colleagues (to assign, add a party, filter by handler).
    ListStaff,
    /// Propose measures and keep the board of measures.
    WorkOnMeasures,
    /// Write, send and e-mail letters.
    WriteLetters,
    /// Prepare, publish and minute the directors' meetings.
    PrepareMeetings,
    /// See figures with small counts exact, and download the annual report.
    ExactFigures,
    /// Read the audit log (toezicht).
    ReadAuditLog,
    /// Place and release a legal hold.
    LegalHold,
    /// See accounts and propose role changes.
    ManageAccounts,
    /// Change roles directly and decide on role changes others proposed.
    GrantRoles,
    /// Functioneel beheer: create accounts, API clients, webhooks, procedure and calendar
    /// versions, cause categories.
    Administer,
}

impl Capability {
    /// Every capability, in a fixed order.
    pub const ALL: [Self; 12] = [
        Self::RegisterComplaints,
        Self::SeeEveryComplaint,
        Self::ListStaff,
        Self::WorkOnMeasures,
        Self::WriteLetters,
        Self::PrepareMeetings,
        Self::ExactFigures,
        Self::ReadAuditLog,
        Self::LegalHold,
        Self::ManageAccounts,
        Self::GrantRoles,
        Self::Administer,
    ];

    /// The roles that hold it: the one table.
    pub const fn roles(self) -> &'static [Role] {
        use Role::{Admin, Director, Handler, Staff};
        match self {
            Self::RegisterComplaints => &[Staff, Handler, Director],
            Self::SeeEveryComplaint | Self::WorkOnMeasures | Self::WriteLetters => {
                &[Handler, Director]
            }
            Self::ListStaff => &[Handler, Director, Admin],
            Self::ManageAccounts => &[Director, Admin],
            Self::PrepareMeetings
            | Self::ExactFigures
            | Self::ReadAuditLog
            | Self::LegalHold
            | Self::GrantRoles => &[Director],
            Self::Administer => &[Admin],
        }
    }

    /// Whether someone with `roles` holds it.
    pub fn held_by<'a>(self, roles: impl IntoIterator<Item = &'a Role>) -> bool {
        roles.into_iter().any(|r| self.roles().contains(r))
    }

    /// Everything someone with `roles` may do, in [`Capability::ALL`]'s order.
    pub fn of<'a>(roles: impl IntoIterator<Item = &'a Role> + Clone) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|c| c.held_by(roles.clone()))
            .collect()
    }
}

/// A staff member's account as the server knows it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// Login e-mail address, lower case.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// Bumped on logout, deactivation or a role change: older tokens stop working.
    pub token_version: i32,
    /// Whether the user may log in.
    pub active: bool,
    /// The password was set by someone else: the user must choose a new one before anything
    /// else.
    pub must_change_password: bool,
}

impl User {
    /// The user as an actor of the domain core.
    pub fn actor(&self) -> Actor {
        Actor::user(self.id, self.roles.iter().copied())
    }
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

    /// Whether the actor's roles hold `capability`.
    pub fn may(&self, capability: Capability) -> bool {
        capability.held_by(&self.roles)
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

    #[test]
    fn capabilities_follow_the_role_table() {
        use Capability::*;
        assert_eq!(Capability::ALL[11], Administer);
        let cases: [(&[Role], &[Capability]); 7] = [
            (&[Role::Staff], &[RegisterComplaints]),
            (
                &[Role::Handler],
                &[
                    RegisterComplaints,
                    SeeEveryComplaint,
                    ListStaff,
                    WorkOnMeasures,
                    WriteLetters,
                ],
            ),
            // Directors hold everything but functioneel beheer.
            (&[Role::Director], &Capability::ALL[..11]),
            (&[Role::Dpo], &[]),
            (&[Role::Admin], &[ListStaff, ManageAccounts, Administer]),
            (&[Role::Integration], &[]),
            (
                &[Role::Staff, Role::Admin],
                &[RegisterComplaints, ListStaff, ManageAccounts, Administer],
            ),
        ];
        for (roles, expected) in cases {
            assert_eq!(Capability::of(roles), expected, "{roles:?}");
            for c in Capability::ALL {
                assert_eq!(
                    Actor::user(UserId(1), roles.iter().copied()).may(c),
                    expected.contains(&c) && !roles.contains(&Role::Integration),
                    "{roles:?} {c:?}"
                );
            }
        }
    }

    #[test]
    fn no_capability_is_held_by_nobody_or_by_an_integration() {
        for c in Capability::ALL {
            assert!(!c.roles().is_empty(), "{c:?}");
            assert!(!c.roles().contains(&Role::Integration), "{c:?}");
            assert!(!Actor::api_client(ApiClientId(1)).may(c));
            assert!(!Actor::system().may(c));
        }
    }
}
