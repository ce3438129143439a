//! Role changes that grant access to who complained wait for a director: the proposals, and
//! whether a user must choose a new password (one set by someone else) at the next login.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(boolean("must_change_password").default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("role_requests")
                    .col(string("id").primary_key())
                    .col(string("user_id"))
                    .col(string("roles_before"))
                    .col(string("roles_requested"))
                    .col(string("proposed_by"))
                    .col(timestamp_with_time_zone("proposed_at"))
                    .col(string("status"))
                    .col(string_null("decided_by"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_role_requests_user_id")
                            .from("role_requests", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_role_requests_status")
                    .table("role_requests")
                    .col("status")
                    .to_owned(),
            )
            .await
    }
}
