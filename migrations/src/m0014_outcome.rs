//! What was settled when a complaint was resolved (uitkomst), for the closing letter.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("complaints")
                    .add_column(text_null("outcome"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
