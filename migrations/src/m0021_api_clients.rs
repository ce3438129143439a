//! API clients for third-party integrations, and their keys (kept as hashes only).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("api_clients")
                    .col(string("id").primary_key().take())
                    .col(string("name"))
                    .col(text("description"))
                    .col(string("scopes"))
                    .col(integer("units_per_minute"))
                    .col(date_null("expires_on"))
                    .col(string("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("api_keys")
                    .col(string("id").primary_key().take())
                    .col(string("client_id"))
                    .col(string("prefix").unique_key().take())
                    .col(string("hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("valid_until"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_keys_client_id")
                            .from("api_keys", "client_id")
                            .to("api_clients", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_api_keys_client_id")
                    .table("api_keys")
                    .col("client_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
