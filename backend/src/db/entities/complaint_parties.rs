//! An involved party added to a complaint.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel, Debug)]
#[sea_orm(table_name = "complaint_parties")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub complaint_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: String,
    pub added_by: String,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
