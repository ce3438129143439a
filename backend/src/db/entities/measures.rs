//! A measure or improvement proposal.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "measures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub complaint_id: Option<String>,
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub owner_id: String,
    pub due_on: Date,
    pub status: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    /// Someone who sees its complaint identified approved the redacted description for
    /// anonymised readers.
    pub description_reviewed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
