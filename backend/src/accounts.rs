//! Role changes as use cases: each judged by the core (`klachten_core::accounts`), applied or
//! proposed in the caller's transaction, audited with the roles before and after, and mailed to
//! the directors. Rule: nobody changes their own roles; HANDLER, DIRECTOR and DPO are granted by
//! a director, directly or by approving what an admin proposed.

use crate::db::entities::role_requests;
use crate::db::users::{self, User};
use crate::db::{audit, codes, random_id};
use crate::error::{ApiError, ApiResult, Code};
use chrono::{DateTime, Utc};
use klachten_core::accounts::{self as rules, RoleChange, RoleRefusal};
use klachten_core::actor::{Actor, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::BTreeSet;

/// A proposal waiting for a director.
pub const PENDING: &str = "PENDING";

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
    pub proposal: Option<role_requests::Model>,
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
            supersede(db, subject).await?;
            let user = apply(db, state, by, subject, roles, None).await?;
            Ok(Outcome {
                user,
                proposal: None,
            })
        }
        RoleChange::NeedsApproval { .. } => {
            supersede(db, subject).await?;
            let proposal = role_requests::ActiveModel {
                id: Set(random_id()),
                user_id: Set(users::id_string(subject.id)),
                roles_before: Set(codes::roles_to_string(&subject.roles)),
                roles_requested: Set(codes::roles_to_string(roles)),
                proposed_by: Set(by.label.to_owned()),
                proposed_at: Set(now),
                status: Set(PENDING.to_owned()),
                decided_by: Set(None),
                decided_at: Set(None),
            }
            .insert(db)
            .await?;
            let change = format!("{} → {}", shown(&subject.roles), shown(roles));
            record(
                db,
                state,
                by.label,
                audit::Named::RoleChangeProposed,
                format!(
                    "user:{}; roles {change}; request:{}",
                    users::id_string(subject.id),
                    proposal.id
                ),
            )
            .await?;
            crate::mail::roles_changed(
                db,
                &state.config,
                now,
                &crate::mail::RoleMail {
                    key: &proposal.id,
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
    id: &str,
    approve: bool,
) -> ApiResult<(role_requests::Model, User)> {
    let proposal = role_requests::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("role change proposal"))?;
    if proposal.status != PENDING {
        return Err(ApiError::validation(format!(
            "this proposal was already decided ({}); look at the user's roles as they are now",
            proposal.status
        )));
    }
    let subject_id =
        users::parse_id(&proposal.user_id).ok_or_else(|| ApiError::not_found("user"))?;
    let subject = users::by_id(db, subject_id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    let proposer = proposal
        .proposed_by
        .strip_prefix("user:")
        .and_then(users::parse_id)
        .unwrap_or(klachten_core::ids::UserId(0));
    rules::may_decide(&by.actor, subject.id, proposer).map_err(refused)?;
    if codes::roles_to_string(&subject.roles) != proposal.roles_before {
        return Err(ApiError::new(
            Code::Conflict,
            "the user's roles changed after this was proposed; reject it and propose again",
        ));
    }
    let now = state.clock.now();
    let status = if approve { "APPROVED" } else { "REJECTED" };
    let mut decided: role_requests::ActiveModel = proposal.clone().into();
    decided.status = Set(status.to_owned());
    decided.decided_by = Set(Some(by.label.to_owned()));
    decided.decided_at = Set(Some(now));
    let decided = decided.update(db).await?;
    let requested = codes::roles_from_string(&proposal.roles_requested);
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
            detail: Some(format!(
                "user:{}; roles {change}",
                users::id_string(user.id)
            )),
        },
    )
    .await?;
    crate::mail::roles_changed(
        db,
        config,
        now,
        &crate::mail::RoleMail {
            key: &format!("created:{}", users::id_string(user.id)),
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

/// Proposals for `subject` still waiting: superseded by a newer change.
async fn supersede(db: &impl ConnectionTrait, subject: &User) -> ApiResult<()> {
    role_requests::Entity::update_many()
        .col_expr(role_requests::Column::Status, Expr::value("SUPERSEDED"))
        .filter(role_requests::Column::UserId.eq(users::id_string(subject.id)))
        .filter(role_requests::Column::Status.eq(PENDING))
        .exec(db)
        .await?;
    Ok(())
}

/// Sets the roles (their tokens end), audits before and after, and mails the directors.
async fn apply<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
    state: &crate::state::AppState,
    by: &By<'_>,
    subject: &User,
    roles: &[Role],
    approved: Option<&role_requests::Model>,
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
        format!("user:{}; roles {change}{how}", users::id_string(subject.id)),
    )
    .await?;
    crate::mail::roles_changed(
        db,
        &state.config,
        state.clock.now(),
        &crate::mail::RoleMail {
            key: &format!("{}:{}", users::id_string(subject.id), user.token_version),
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
