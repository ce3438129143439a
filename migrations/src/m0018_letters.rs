//! Letters to complainants: generated once, kept unchanged (the PDF and its hash), marked as
//! sent; a mail can carry one as its attachment.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("letters")
                    .col(string("id").primary_key().take())
                    .col(string("complaint_id"))
                    .col(string("kind"))
                    .col(string("template_version"))
                    .col(string("procedure_label"))
                    .col(string("content_hash"))
                    .col(blob("pdf"))
                    .col(timestamp_with_time_zone("generated_at"))
                    .col(string("generated_by"))
                    .col(date_null("sent_on"))
                    .col(string_null("sent_via"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_letters_complaint_id")
                            .from("letters", "complaint_id")
                            .to("complaints", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_letters_complaint_id")
                    .table("letters")
                    .col("complaint_id")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("mail_outbox")
                    .add_column(string_null("letter_id"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
