//! Role changes as use cases: each judged by the core (`klachten_core::accounts`), applied or
//! proposed in the caller's transaction, audited with the roles before and after, and mailed to
//! the directors. Rule: nobody changes their own roles; HANDLER, DIRECTOR and DPO are granted by
//! a director, directly or by approving what an admin proposed.

use crate::db::role_requests::{self as proposals, RoleRequest, Status};
use crate::db::users;
use crate::db::{audit, codes};
use crate::error::{ApiError, ApiResult, Code};
use chrono::{DateTime, Utc};
use klachten_core::accounts::{self as rules, RoleChange, RoleRefusal};
use klachten_core::actor::User;
use klachten_core::actor::{Actor, Role};
use klachten_core::ids::{RoleRequestId, UserId};
use sea_orm::ConnectionTrait;
use std::collections::BTreeSet;

/// Who acts, for the audit log and the mail.
pub struct By<'a> {
    /// The actor the core judges.
    pub actor: Actor,
    /// The audit log's name for them (`user:<id>`, or `cli` for the command line).
    pub label: &'a str,
    /// Their name, for the directors' mail.
    pub name: &'a str,
}

/// What a role change came to.
#[derive(Debug)]
pub struct Outcome {
    /// The user as they now stand.
    pub user: User,
    /// The proposal made, when the change waits for a director.
    pub proposal: Option<RoleRequest>,
}

fn refused(refusal: RoleRefusal) -> ApiError {
    ApiError::new(Code::Forbidden, refusal.to_string())
}

fn set(roles: &[Role]) -> BTreeSet<Role> {
    roles.iter().copied().collect()
}

fn shown(roles: &[Role]) -> String {
    if roles.is_empty() {
        "(geen)".to_owned()
    } else {
        codes::roles_to_string(roles).replace(',', ", ")
    }
}

/// Changes `subject`'s roles to `roles` as `by` asks: at once, or as a proposal for a director.
pub async fn change_roles<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
    state: &crate::state::AppState,
    by: &By<'_>,
    subject: &User,
    roles: &[Role],
) -> ApiResult<Outcome> {
    let now = state.clock.now();
    let before = set(&subject.roles);
    // One order for every role list (the order of the roles in the procedure).
    let roles: &[Role] = &set(roles).into_iter().collect::<Vec<_>>();
    match rules::role_change(&by.actor, subject.id, &before, &set(roles)).map_err(refused)? {
        RoleChange::Unchanged => Ok(Outcome {
            user: subject.clone(),
            proposal: None,
        }),
        RoleChange::Direct => {
            proposals::supersede_pending(db, subject.id).await?;
            let user = apply(db, state, by, subject, roles, None).await?;
            Ok(Outcome {
                user,
                proposal: None,
            })
        }
        RoleChange::NeedsApproval { .. } => {
            proposals::supersede_pending(db, subject.id).await?;
            let proposal = proposals::propose(db, subject, roles, by.label, now).await?;
            let change = format!("{} → {}", shown(&subject.roles), shown(roles));
            record(
                db,
                state,
                by.label,
                audit::Named::RoleChangeProposed,
                format!(
                    "user:{}; roles {change}; request:{}",
                    subject.id, proposal.id
                ),
            )
            .await?;
            crate::mail::roles_changed(
                db,
                &state.config,
                now,
                &crate::mail::RoleMail {
                    key: &proposal.id.to_string(),
                    subject: subject_line(subject),
                    change: &change,
                    by: by.name,
                    pending: true,
                },
            )
            .await?;
            Ok(Outcome {
                user: subject.clone(),
                proposal: Some(proposal),
            })
        }
    }
}

/// Approves or rejects the proposal `id` as `by` (a director who is neither its subject nor
/// its proposer). Approving applies it, unless the user's roles changed since it was made.
pub async fn decide<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
    state: &crate::state::AppState,
    by: &By<'_>,
    id: RoleRequestId,
    approve: bool,
) -> ApiResult<(RoleRequest, User)> {
    let proposal = proposals::find(db, id)
        .await?
        .ok_or_else(ApiError::unknown::<RoleRequestId>)?;
    if proposal.status != Status::Pending {
        return Err(ApiError::validation(format!(
            "this proposal was already decided ({}); look at the user's roles as they are now",
            proposal.status.code()
        ))
        .in_dutch(
            "Over dit voorstel is al beslist; bekijk de rollen van de gebruiker zoals ze nu zijn.",
        ));
    }
    let subject = users::by_id(db, proposal.user_id)
        .await?
        .ok_or_else(ApiError::unknown::<UserId>)?;
    let proposer = proposal
        .proposed_by
        .strip_prefix("user:")
        .and_then(|id| id.parse().ok())
        .unwrap_or(UserId(0));
    rules::may_decide(&by.actor, subject.id, proposer).map_err(refused)?;
    if set(&subject.roles) != set(&proposal.roles_before) {
        return Err(ApiError::new(
            Code::Conflict,
            "the user's roles changed after this was proposed; reject it and propose again",
        ));
    }
    let now = state.clock.now();
    let status = if approve {
        Status::Approved
    } else {
        Status::Rejected
    };
    let decided = proposals::decide(db, proposal.id, status, by.label, now).await?;
    let requested = proposal.roles_requested.clone();
    let user = if approve {
        apply(db, state, by, &subject, &requested, Some(&proposal)).await?
    } else {
        let change = format!("{} → {}", shown(&subject.roles), shown(&requested));
        record(
            db,
            state,
            by.label,
            audit::Named::RoleChangeRejected,
            format!(
                "user:{}; roles {change}; request:{}; proposed by {}",
                proposal.user_id, proposal.id, proposal.proposed_by
            ),
        )
        .await?;
        subject
    };
    Ok((decided, user))
}

/// Records a new user's roles (the API or the command line): audited and mailed like a change.
pub async fn created<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
    key: &audit::AuditKey,
    config: &crate::config::Config,
    now: DateTime<Utc>,
    by: &By<'_>,
    user: &User,
) -> ApiResult<()> {
    let change = format!("{} → {}", shown(&[]), shown(&user.roles));
    audit::append(
        db,
        key,
        now,
        audit::Entry {
            actor: by.label,
            action: audit::Named::UserCreated.into(),
            complaint_id: None,
            detail: Some(format!("user:{}; roles {change}", user.id)),
        },
    )
    .await?;
    crate::mail::roles_changed(
        db,
        config,
        now,
        &crate::mail::RoleMail {
            key: &format!("created:{}", user.id),
            subject: subject_line(user),
            change: &change,
            by: by.name,
            pending: false,
        },
    )
    .await?;
    Ok(())
}

fn subject_line(user: &User) -> String {
    format!("{} <{}>", user.name, user.email)
}

/// Sets the roles (their tokens end), audits before and after, and mails the directors.
async fn apply<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
    state: &crate::state::AppState,
    by: &By<'_>,
    subject: &User,
    roles: &[Role],
    approved: Option<&RoleRequest>,
) -> ApiResult<User> {
    let user = users::update(db, subject, None, Some(roles), None).await?;
    let change = format!("{} → {}", shown(&subject.roles), shown(roles));
    let how = approved.map_or_else(String::new, |p| {
        format!("; request:{} proposed by {}, approved", p.id, p.proposed_by)
    });
    record(
        db,
        state,
        by.label,
        audit::Named::RolesChanged,
        format!("user:{}; roles {change}{how}", subject.id),
    )
    .await?;
    crate::mail::roles_changed(
        db,
        &state.config,
        state.clock.now(),
        &crate::mail::RoleMail {
            key: &format!("{}:{}", subject.id, user.token_version),
            subject: subject_line(subject),
            change: &change,
            by: by.name,
            pending: false,
        },
    )
    .await?;
    Ok(user)
}

async fn record<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
    state: &crate::state::AppState,
    actor: &str,
    action: audit::Named,
    detail: String,
) -> ApiResult<()> {
    audit::append(
        db,
        &state.audit_key,
        state.clock.now(),
        audit::Entry {
            actor,
            action: action.into(),
            complaint_id: None,
            detail: Some(detail),
        },
    )
    .await?;
    Ok(())
}
