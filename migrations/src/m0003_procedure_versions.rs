//! Versions of the published complaints procedure and their periods.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("procedure_versions")
                    .col(string("id").primary_key().take())
                    .col(string("label"))
                    .col(date_uniq("effective_from"))
                    .col(text("text"))
                    .col(text("parameters"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
