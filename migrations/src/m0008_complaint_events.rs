//! The timeline of a complaint: every step, who took it and when.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("complaint_events")
                    .col(string("id").primary_key().take())
                    .col(string("complaint_id"))
                    .col(string("action"))
                    .col(string_null("actor_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(date_null("on_date"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_complaint_events_complaint_id")
                            .from("complaint_events", "complaint_id")
                            .to("complaints", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaint_events_complaint_id_at")
                    .table("complaint_events")
                    .col("complaint_id")
                    .col("at")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
