//! The root cause (oorzaak) of a complaint: a category and an explanation.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table("complaints")
                    .add_column(string_null("root_cause_category"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("complaints")
                    .add_column(text_null("root_cause"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
