//! Waits for a supplement (aanvulling): they suspend the resolution clock.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("suspensions")
                    .col(string("id").primary_key().take())
                    .col(string("complaint_id"))
                    .col(integer("seq"))
                    .col(date("requested_on"))
                    .col(date("due_on"))
                    .col(date_null("received_on"))
                    .col(string("returns_to"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_suspensions_complaint_id")
                            .from("suspensions", "complaint_id")
                            .to("complaints", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_suspensions_complaint_id_seq")
                    .table("suspensions")
                    .col("complaint_id")
                    .col("seq")
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
