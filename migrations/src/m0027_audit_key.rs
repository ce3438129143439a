//! The audit chain becomes keyed: each entry names the key its hash was made with (NULL for the
//! plain SHA-256 entries written before).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("audit_log")
                    .add_column(string_null("key_id"))
                    .to_owned(),
            )
            .await
    }
}
