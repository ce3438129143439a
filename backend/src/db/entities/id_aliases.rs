//! The earlier, time-bearing id of a record that was given a random one: storage only. Never
//! shown; it lets an old link find its complaint, and the audit view name the complaint of an
//! entry written before the move.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "id_aliases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub legacy_id: String,
    /// The table the record lives in: `complaints`, `measures`, `meetings` or `agenda_items`.
    pub kind: String,
    pub id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
