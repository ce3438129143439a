//! An item on a meeting's agenda: a complaint, or a measure or improvement proposal, with the
//! decision taken on it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub meeting_id: String,
    pub position: i32,
    pub complaint_id: Option<String>,
    pub measure_id: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_measure_id: Option<String>,
    /// A director approved the redacted decision for its readers.
    pub decision_reviewed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
