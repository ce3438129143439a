//! Settings the server generates and keeps, such as the token signing secret.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("settings")
                    .col(string("key").primary_key().take())
                    .col(text("value"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
