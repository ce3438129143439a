//! A letter as generated: never changed afterwards, except for being marked as sent.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub complaint_id: String,
    pub kind: String,
    pub template_version: String,
    pub procedure_label: String,
    /// SHA-256 of the PDF, hex.
    pub content_hash: String,
    #[sea_orm(column_type = "Blob")]
    pub pdf: Vec<u8>,
    pub generated_at: DateTimeUtc,
    pub generated_by: String,
    pub sent_on: Option<Date>,
    pub sent_via: Option<String>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The letter's content never reaches a log line.
        f.debug_struct("Letter")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
