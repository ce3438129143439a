//! Who may change whose roles. Rule: nobody changes their own roles, and nobody gains access to
//! who complained without a director: the roles that see complaints identified (HANDLER,
//! DIRECTOR, DPO) are granted by a director, directly or by approving what an admin proposed.
//! klachtenregeling: "Uitsluitend de betrokkenen, directie en onafhankelijke
//! klachtenbehandelaar zijn bij de afhandeling betrokken."

use crate::actor::{Actor, Capability, Principal, Role};
use crate::ids::UserId;
use std::collections::BTreeSet;

/// The roles that see complaints identified.
pub const IDENTIFYING: [Role; 3] = [Role::Handler, Role::Director, Role::Dpo];

/// What a requested role change comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleChange {
    /// The roles stay as they are.
    Unchanged,
    /// The change applies at once.
    Direct,
    /// It grants identifying roles (`granted`): it waits for a director's approval.
    NeedsApproval {
        /// The identifying roles it would add.
        granted: BTreeSet<Role>,
    },
}

/// Why a role change or approval is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleRefusal {
    /// Nobody changes (or approves a change of) their own roles.
    OwnRoles,
    /// Only admins and directors change roles; only directors approve.
    NotAllowed,
    /// The one who proposed a change does not also approve it.
    OwnProposal,
}

impl std::fmt::Display for RoleRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::OwnRoles => {
                "nobody changes their own roles: ask an admin to propose it and a director to approve it"
            }
            Self::NotAllowed => {
                "only admins change roles, and only directors grant HANDLER, DIRECTOR or DPO or approve a proposal"
            }
            Self::OwnProposal => "another director approves what you proposed",
        })
    }
}

/// The identifying roles `after` adds to `before`.
pub fn granted(before: &BTreeSet<Role>, after: &BTreeSet<Role>) -> BTreeSet<Role> {
    after
        .difference(before)
        .copied()
        .filter(|r| IDENTIFYING.contains(r))
        .collect()
}

/// Judges `by` changing the roles of `subject` from `before` to `after`: directors change
/// roles directly; admins directly only when no identifying role is added, else the change
/// waits for a director; nobody changes their own.
pub fn role_change(
    by: &Actor,
    subject: UserId,
    before: &BTreeSet<Role>,
    after: &BTreeSet<Role>,
) -> Result<RoleChange, RoleRefusal> {
    if before == after {
        return Ok(RoleChange::Unchanged);
    }
    if by.principal() == Principal::User(subject) {
        return Err(RoleRefusal::OwnRoles);
    }
    if by.may(Capability::GrantRoles) {
        return Ok(RoleChange::Direct);
    }
    if !by.may(Capability::ManageAccounts) {
        return Err(RoleRefusal::NotAllowed);
    }
    let granted = granted(before, after);
    if granted.is_empty() {
        Ok(RoleChange::Direct)
    } else {
        Ok(RoleChange::NeedsApproval { granted })
    }
}

/// Judges `by` approving (or rejecting) a change of `subject`'s roles that `proposer` asked
/// for: a director who is neither.
pub fn may_decide(by: &Actor, subject: UserId, proposer: UserId) -> Result<(), RoleRefusal> {
    if !by.may(Capability::GrantRoles) {
        return Err(RoleRefusal::NotAllowed);
    }
    match by.principal() {
        Principal::User(user) if user == subject => Err(RoleRefusal::OwnRoles),
        Principal::User(user) if user == proposer => Err(RoleRefusal::OwnProposal),
        Principal::User(_) => Ok(()),
        _ => Err(RoleRefusal::NotAllowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(roles: &[Role]) -> BTreeSet<Role> {
        roles.iter().copied().collect()
    }

    /// Who, whose, roles before, roles after, and the outcome.
    type Row<'a> = (
        &'a Actor,
        UserId,
        &'a [Role],
        &'a [Role],
        Result<RoleChange, RoleRefusal>,
    );

    const ME: UserId = UserId(1);
    const OTHER: UserId = UserId(2);
    const PROPOSER: UserId = UserId(3);

    #[test]
    fn who_may_change_which_roles() {
        use Role::{Admin, Director, Dpo, Handler, Staff};
        let admin = Actor::user(ME, [Admin]);
        let director = Actor::user(ME, [Director]);
        let staff = Actor::user(ME, [Staff]);
        let both = Actor::user(ME, [Admin, Director]);
        // (who, subject, before, after, outcome)
        let rows: Vec<Row<'_>> = vec![
            (
                &admin,
                OTHER,
                &[Staff],
                &[Staff, Admin],
                Ok(RoleChange::Direct),
            ),
            (&admin, OTHER, &[Handler], &[Staff], Ok(RoleChange::Direct)),
            (
                &admin,
                OTHER,
                &[Staff],
                &[Staff, Handler],
                Ok(RoleChange::NeedsApproval {
                    granted: set(&[Handler]),
                }),
            ),
            (
                &admin,
                OTHER,
                &[Staff],
                &[Director, Dpo],
                Ok(RoleChange::NeedsApproval {
                    granted: set(&[Director, Dpo]),
                }),
            ),
            (
                &admin,
                ME,
                &[Admin],
                &[Admin, Handler],
                Err(RoleRefusal::OwnRoles),
            ),
            (&admin, ME, &[Admin], &[Staff], Err(RoleRefusal::OwnRoles)),
            (&admin, ME, &[Admin], &[Admin], Ok(RoleChange::Unchanged)),
            (
                &director,
                OTHER,
                &[Staff],
                &[Handler],
                Ok(RoleChange::Direct),
            ),
            (
                &director,
                ME,
                &[Director],
                &[Director, Admin],
                Err(RoleRefusal::OwnRoles),
            ),
            (
                &both,
                ME,
                &[Admin, Director],
                &[Admin, Director, Dpo],
                Err(RoleRefusal::OwnRoles),
            ),
            (
                &staff,
                OTHER,
                &[Staff],
                &[Staff, Handler],
                Err(RoleRefusal::NotAllowed),
            ),
            (
                &staff,
                OTHER,
                &[Staff],
                &[Admin],
                Err(RoleRefusal::NotAllowed),
            ),
        ];
        for (by, subject, before, after, want) in rows {
            assert_eq!(
                role_change(by, subject, &set(before), &set(after)),
                want,
                "{by:?} {before:?} -> {after:?}"
            );
        }
    }

    #[test]
    fn a_director_who_is_neither_subject_nor_proposer_decides() {
        let director = Actor::user(ME, [Role::Director]);
        assert_eq!(may_decide(&director, OTHER, PROPOSER), Ok(()));
        assert_eq!(
            may_decide(&director, ME, PROPOSER),
            Err(RoleRefusal::OwnRoles)
        );
        assert_eq!(
            may_decide(&director, OTHER, ME),
            Err(RoleRefusal::OwnProposal)
        );
        let admin = Actor::user(ME, [Role::Admin]);
        assert_eq!(
            may_decide(&admin, OTHER, PROPOSER),
            Err(RoleRefusal::NotAllowed)
        );
        let client = Actor::api_client(crate::ids::ApiClientId(9));
        assert_eq!(
            may_decide(&client, OTHER, PROPOSER),
            Err(RoleRefusal::NotAllowed)
        );
    }
}
