//! Complaints: identifying fields, the dated facts every clock is computed from, and a version for optimistic concurrency.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("complaints")
                    .col(string("id").primary_key().take())
                    .col(string_uniq("reference"))
                    .col(integer("year"))
                    .col(integer("sequence"))
                    .col(string("channel"))
                    .col(string("category"))
                    .col(string("status"))
                    .col(date("received_on"))
                    .col(text_null("complainant_name"))
                    .col(text_null("complainant_address"))
                    .col(text_null("complainant_phone"))
                    .col(text_null("complainant_email"))
                    .col(text_null("concerning"))
                    .col(text("facts"))
                    .col(date_null("conduct_on"))
                    .col(text_null("remedy_sought"))
                    .col(string("procedure_version_id"))
                    .col(string("calendar_version_id"))
                    .col(string("registered_by"))
                    .col(string_null("handler_id"))
                    .col(date_null("acknowledged_on"))
                    .col(date_null("first_contact_on"))
                    .col(date_null("discussed_on"))
                    .col(date_null("closed_on"))
                    .col(string_null("decline_ground"))
                    .col(date_null("dpo_requested_on"))
                    .col(date_null("dpo_advised_on"))
                    .col(text_null("dpo_advice"))
                    .col(boolean_null("dpo_followed"))
                    .col(text_null("dpo_reason"))
                    .col(text_null("summary"))
                    .col(boolean("summary_reviewed"))
                    .col(date_null("purged_on"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_complaints_procedure_version_id")
                            .from("complaints", "procedure_version_id")
                            .to("procedure_versions", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_complaints_calendar_version_id")
                            .from("complaints", "calendar_version_id")
                            .to("calendar_versions", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_complaints_registered_by")
                            .from("complaints", "registered_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaints_year_sequence")
                    .table("complaints")
                    .col("year")
                    .col("sequence")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaints_status")
                    .table("complaints")
                    .col("status")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaints_category")
                    .table("complaints")
                    .col("category")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaints_handler_id")
                    .table("complaints")
                    .col("handler_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaints_received_on")
                    .table("complaints")
                    .col("received_on")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaints_registered_by")
                    .table("complaints")
                    .col("registered_by")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
