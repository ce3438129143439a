//! Involved parties (betrokkenen) added to a complaint besides its registrar.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("complaint_parties")
                    .col(string("complaint_id"))
                    .col(string("user_id"))
                    .col(string("added_by"))
                    .col(timestamp_with_time_zone("added_at"))
                    .primary_key(Index::create().col("complaint_id").col("user_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_complaint_parties_complaint_id")
                            .from("complaint_parties", "complaint_id")
                            .to("complaints", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_complaint_parties_user_id")
                            .from("complaint_parties", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_complaint_parties_user_id")
                    .table("complaint_parties")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
