//! A legal hold on a complaint (it stops the retention purge) and the clock outcomes a purged
//! complaint keeps once its dates are coarsened to months.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        for column in [
            date_null("legal_hold_since"),
            string_null("legal_hold_by"),
            text_null("legal_hold_reason"),
            text_null("kept_outcomes"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("complaints")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
