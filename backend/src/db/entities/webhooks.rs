//! A webhook of an API client: where to post which events, and the secret that signs them.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub client_id: String,
    pub url: String,
    /// Comma-separated event codes.
    pub events: String,
    pub description: String,
    pub secret: String,
    /// After a rotation: the old secret, still signing until `previous_valid_until`.
    pub previous_secret: Option<String>,
    pub previous_valid_until: Option<DateTimeUtc>,
    pub active: bool,
    /// When the webhook switched itself off because its receiver kept failing; cleared when
    /// it is switched on again.
    pub switched_off_at: Option<DateTimeUtc>,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
