//! Conversations with the complainant, their summary and the agreements (afspraken).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("conversations")
                    .col(string("id").primary_key().take())
                    .col(string("complaint_id"))
                    .col(date("held_on"))
                    .col(string("kind"))
                    .col(text("summary"))
                    .col(text("agreements"))
                    .col(string("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conversations_complaint_id")
                            .from("conversations", "complaint_id")
                            .to("complaints", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_complaint_id")
                    .table("conversations")
                    .col("complaint_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
