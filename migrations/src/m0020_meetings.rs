//! Directors' meetings (directieoverleg) with their agenda items, decisions and minutes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("meetings")
                    .col(string("id").primary_key().take())
                    .col(string("title"))
                    .col(string("kind"))
                    .col(date("held_on"))
                    .col(string("status"))
                    .col(text_null("minutes"))
                    .col(string("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_meetings_held_on")
                    .table("meetings")
                    .col("held_on")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("agenda_items")
                    .col(string("id").primary_key().take())
                    .col(string("meeting_id"))
                    .col(integer("position"))
                    .col(string_null("complaint_id"))
                    .col(string_null("measure_id"))
                    .col(text_null("decision"))
                    .col(string_null("decided_by"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(string_null("decision_measure_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agenda_items_meeting_id")
                            .from("agenda_items", "meeting_id")
                            .to("meetings", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agenda_items_complaint_id")
                            .from("agenda_items", "complaint_id")
                            .to("complaints", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agenda_items_measure_id")
                            .from("agenda_items", "measure_id")
                            .to("measures", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agenda_items_meeting_id")
                    .table("agenda_items")
                    .col("meeting_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
