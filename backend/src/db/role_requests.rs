//! Proposed role changes as stored. Rule: the SQL of proposals lives here; who may propose or
//! decide is the core's (`klachten_core::accounts`).

use super::codes::{roles_from_string, roles_to_string};
use super::entities::role_requests;
use chrono::{DateTime, Utc};
use klachten_core::actor::{Role, User};
use klachten_core::ids::{RoleRequestId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// Where a proposal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting for a director.
    Pending,
    /// A director approved it and it was applied.
    Approved,
    /// A director rejected it.
    Rejected,
    /// A newer change of the same user's roles replaced it.
    Superseded,
}

impl Status {
    const ALL: [Self; 4] = [
        Self::Pending,
        Self::Approved,
        Self::Rejected,
        Self::Superseded,
    ];

    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Approved => "APPROVED",
            Self::Rejected => "REJECTED",
            Self::Superseded => "SUPERSEDED",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A proposed role change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRequest {
    /// Id.
    pub id: RoleRequestId,
    /// Whose roles.
    pub user_id: UserId,
    /// Their roles when it was proposed.
    pub roles_before: Vec<Role>,
    /// The roles proposed.
    pub roles_requested: Vec<Role>,
    /// Who proposed it, as the audit log names them.
    pub proposed_by: String,
    /// When.
    pub proposed_at: DateTime<Utc>,
    /// Where it stands.
    pub status: Status,
}

fn from_row(row: role_requests::Model) -> Result<RoleRequest, DbErr> {
    let corrupt = || DbErr::Custom("stored role change proposal is unreadable".into());
    Ok(RoleRequest {
        user_id: row.user_id.parse().map_err(|_| corrupt())?,
        roles_before: roles_from_string(&row.roles_before),
        roles_requested: roles_from_string(&row.roles_requested),
        status: Status::from_code(&row.status).ok_or_else(corrupt)?,
        id: super::ids::stored(&row.id)?,
        proposed_by: row.proposed_by,
        proposed_at: row.proposed_at,
    })
}

/// Stores a new proposal to give `subject` the roles `roles`.
pub async fn propose(
    db: &impl ConnectionTrait,
    subject: &User,
    roles: &[Role],
    by: &str,
    now: DateTime<Utc>,
) -> Result<RoleRequest, DbErr> {
    let row = role_requests::ActiveModel {
        id: Set(super::ids::random::<RoleRequestId>().to_string()),
        user_id: Set(subject.id.to_string()),
        roles_before: Set(roles_to_string(&subject.roles)),
        roles_requested: Set(roles_to_string(roles)),
        proposed_by: Set(by.to_owned()),
        proposed_at: Set(now),
        status: Set(Status::Pending.code().to_owned()),
        decided_by: Set(None),
        decided_at: Set(None),
    }
    .insert(db)
    .await?;
    from_row(row)
}

/// The proposal `id`, if there is one.
pub async fn find(
    db: &impl ConnectionTrait,
    id: RoleRequestId,
) -> Result<Option<RoleRequest>, DbErr> {
    role_requests::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .map(from_row)
        .transpose()
}

/// Records the decision on proposal `id` by `by` (the audit log's name for them).
pub async fn decide(
    db: &impl ConnectionTrait,
    id: RoleRequestId,
    status: Status,
    by: &str,
    now: DateTime<Utc>,
) -> Result<RoleRequest, DbErr> {
    let decided = role_requests::ActiveModel {
        id: Set(id.to_string()),
        status: Set(status.code().to_owned()),
        decided_by: Set(Some(by.to_owned())),
        decided_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await?;
    from_row(decided)
}

/// Marks the proposals still waiting for `user` as replaced by a newer change.
pub async fn supersede_pending(db: &impl ConnectionTrait, user: UserId) -> Result<(), DbErr> {
    role_requests::Entity::update_many()
        .col_expr(
            role_requests::Column::Status,
            Expr::value(Status::Superseded.code()),
        )
        .filter(role_requests::Column::UserId.eq(user.to_string()))
        .filter(role_requests::Column::Status.eq(Status::Pending.code()))
        .exec(db)
        .await?;
    Ok(())
}

/// Every proposal waiting for a director, oldest first.
pub async fn pending(db: &impl ConnectionTrait) -> Result<Vec<RoleRequest>, DbErr> {
    role_requests::Entity::find()
        .filter(role_requests::Column::Status.eq(Status::Pending.code()))
        .order_by_asc(role_requests::Column::ProposedAt)
        .all(db)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}
