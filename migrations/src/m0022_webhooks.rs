//! Webhooks of API clients, and their delivery log (one row per event and webhook, one per
//! attempt).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("webhooks")
                    .col(string("id").primary_key().take())
                    .col(string("client_id"))
                    .col(string("url"))
                    .col(string("events"))
                    .col(text("description"))
                    .col(string("secret"))
                    .col(string_null("previous_secret"))
                    .col(timestamp_with_time_zone_null("previous_valid_until"))
                    .col(boolean("active"))
                    .col(string("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhooks_client_id")
                            .from("webhooks", "client_id")
                            .to("api_clients", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhooks_client_id")
                    .table("webhooks")
                    .col("client_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("webhook_deliveries")
                    .col(string("id").primary_key().take())
                    .col(string("webhook_id"))
                    .col(string("event"))
                    .col(string("event_id"))
                    .col(text("payload"))
                    .col(string("status"))
                    .col(integer("attempts"))
                    .col(integer_null("response_status"))
                    .col(string_null("last_error"))
                    .col(string_null("dedupe_key").unique_key().take())
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_deliveries_webhook_id")
                            .from("webhook_deliveries", "webhook_id")
                            .to("webhooks", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_deliveries_webhook_created")
                    .table("webhook_deliveries")
                    .col("webhook_id")
                    .col("created_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("webhook_attempts")
                    .col(string("id").primary_key().take())
                    .col(string("delivery_id"))
                    .col(integer("attempt"))
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("response_status"))
                    .col(string_null("error"))
                    .col(integer("duration_ms"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_attempts_delivery_id")
                            .from("webhook_attempts", "delivery_id")
                            .to("webhook_deliveries", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_attempts_delivery_id")
                    .table("webhook_attempts")
                    .col("delivery_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
