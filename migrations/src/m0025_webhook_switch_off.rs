//! When a webhook was switched off by itself because its receiver kept failing.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("webhooks")
                    .add_column(timestamp_with_time_zone_null("switched_off_at"))
                    .to_owned(),
            )
            .await
    }
}
