//! Versions of the working-day calendar rules, closure days included.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("calendar_versions")
                    .col(string("id").primary_key().take())
                    .col(string("label"))
                    .col(date_uniq("effective_from"))
                    .col(text("rules"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
