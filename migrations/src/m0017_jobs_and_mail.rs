//! Background jobs (leased, retried, run once however many workers ask) and the mail outbox.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("jobs")
                    .col(string("id").primary_key().take())
                    .col(string("kind"))
                    .col(text("payload"))
                    .col(string("status"))
                    .col(timestamp_with_time_zone("run_at"))
                    .col(integer("attempts"))
                    .col(integer("max_attempts"))
                    .col(string_null("locked_by"))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    .col(string_null("last_error"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_jobs_status_run_at")
                    .table("jobs")
                    .col("status")
                    .col("run_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("mail_outbox")
                    .col(string("id").primary_key().take())
                    .col(string("kind"))
                    .col(string("recipient"))
                    .col(string("subject"))
                    .col(text("body"))
                    .col(string_null("complaint_id"))
                    .col(string_null("dedupe_key").unique_key().take())
                    .col(string("status"))
                    .col(integer("attempts"))
                    .col(string_null("last_error"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mail_outbox_status_created_at")
                    .table("mail_outbox")
                    .col("status")
                    .col("created_at")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
