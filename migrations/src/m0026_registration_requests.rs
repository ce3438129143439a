//! Registrations sent with a request id: sending the same registration again (a retry after a
//! lost answer) finds the complaint made the first time instead of making a second one.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("registration_requests")
                    .col(string("user_id"))
                    .col(string("request_id"))
                    .col(string("request_hash"))
                    .col(string("complaint_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("user_id").col("request_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_registration_requests_complaint_id")
                            .from("registration_requests", "complaint_id")
                            .to("complaints", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }
}
