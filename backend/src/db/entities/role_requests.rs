//! A proposed role change waiting for (or decided by) a director: storage only.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub user_id: String,
    pub roles_before: String,
    pub roles_requested: String,
    pub proposed_by: String,
    pub proposed_at: DateTimeUtc,
    /// `PENDING`, `APPROVED`, `REJECTED` or `SUPERSEDED`.
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
