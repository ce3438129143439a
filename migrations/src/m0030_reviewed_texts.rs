//! Free texts that reach anonymised readers wait for a person's review of their redacted form:
//! the root cause's explanation, a measure's description, a decision and the minutes. Texts of
//! earlier releases start unreviewed, so nothing unreviewed is shown.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, column) of each new review flag.
const FLAGS: [(&str, &str); 4] = [
    ("complaints", "root_cause_reviewed"),
    ("measures", "description_reviewed"),
    ("agenda_items", "decision_reviewed"),
    ("meetings", "minutes_reviewed"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in FLAGS {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(boolean(column).default(false))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
