//! A complaint row: storage only; `crate::db::complaints` maps it to `klachten_core::complaint::Complaint`.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub reference: String,
    pub year: i32,
    pub sequence: i32,
    pub channel: String,
    pub category: String,
    pub status: String,
    pub received_on: Date,
    #[sea_orm(column_type = "Text", nullable)]
    pub complainant_name: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub complainant_address: Option<String>,
    pub complainant_phone: Option<String>,
    pub complainant_email: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub concerning: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub facts: String,
    pub conduct_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub remedy_sought: Option<String>,
    pub procedure_version_id: String,
    pub calendar_version_id: String,
    pub registered_by: String,
    pub handler_id: Option<String>,
    pub acknowledged_on: Option<Date>,
    pub first_contact_on: Option<Date>,
    pub discussed_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub decline_ground: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outcome: Option<String>,
    pub dpo_requested_on: Option<Date>,
    pub dpo_advised_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub dpo_advice: Option<String>,
    pub dpo_followed: Option<bool>,
    #[sea_orm(column_type = "Text", nullable)]
    pub dpo_reason: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub summary: Option<String>,
    pub summary_reviewed: bool,
    pub purged_on: Option<Date>,
    pub root_cause_category: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub root_cause: Option<String>,
    pub root_cause_reviewed: bool,
    pub legal_hold_since: Option<Date>,
    pub legal_hold_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub legal_hold_reason: Option<String>,
    /// JSON of `klachten_core::policy::ClockOutcomes`, set by the purge.
    #[sea_orm(column_type = "Text", nullable)]
    pub kept_outcomes: Option<String>,
    /// JSON of `klachten_core::complaint::KeptClosure`, set by the purge.
    #[sea_orm(column_type = "Text", nullable)]
    pub kept_closure: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Identifying data and secrets never reach a log line.
        f.debug_struct("Complaint")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
