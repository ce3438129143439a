//! Trusted operations of API clients: when a client has any, it may send only those.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("api_client_operations")
                    .col(string("id").primary_key().take())
                    .col(string("client_id"))
                    .col(string("name"))
                    .col(string("hash"))
                    .col(text("document"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_client_operations_client_id")
                            .from("api_client_operations", "client_id")
                            .to("api_clients", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_api_client_operations_client_hash")
                    .table("api_client_operations")
                    .col("client_id")
                    .col("hash")
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
