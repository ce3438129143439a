//! Measures (maatregelen) and improvement proposals (verbetervoorstellen), with their history.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("measures")
                    .col(string("id").primary_key().take())
                    .col(string_null("complaint_id"))
                    .col(string("kind"))
                    .col(text("description"))
                    .col(string("owner_id"))
                    .col(date("due_on"))
                    .col(string("status"))
                    .col(string("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_measures_complaint_id")
                            .from("measures", "complaint_id")
                            .to("complaints", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_measures_owner_id")
                            .from("measures", "owner_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for column in ["complaint_id", "owner_id", "status"] {
            manager
                .create_index(
                    Index::create()
                        .name(format!("idx_measures_{column}"))
                        .table("measures")
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("measure_events")
                    .col(string("id").primary_key().take())
                    .col(string("measure_id"))
                    .col(string("status"))
                    .col(string("actor_id"))
                    .col(timestamp_with_time_zone("at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_measure_events_measure_id")
                            .from("measure_events", "measure_id")
                            .to("measures", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_measure_events_measure_id")
                    .table("measure_events")
                    .col("measure_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
