//! How a purged complaint ended (kept for the statistics), and the list of root-cause
//! categories the admins keep, seeded with the usual ones.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The categories a new install starts with: code and label.
const CATEGORIES: [(&str, &str); 7] = [
    ("communicatie", "Communicatie"),
    ("bejegening", "Bejegening"),
    ("deskundigheid", "Deskundigheid"),
    ("planning", "Planning en termijnen"),
    ("administratie", "Administratie"),
    ("privacy", "Privacy en gegevens"),
    ("overig", "Overig"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("complaints")
                    .add_column(text_null("kept_closure"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("cause_categories")
                    .col(string("code").primary_key().take())
                    .col(string("label"))
                    .col(boolean("active"))
                    .col(integer("position"))
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert()
            .into_table("cause_categories")
            .columns(["code", "label", "active", "position"])
            .to_owned();
        for (position, (code, label)) in (0i32..).zip(CATEGORIES) {
            insert.values_panic([code.into(), label.into(), true.into(), position.into()]);
        }
        manager.exec_stmt(insert).await?;
        Ok(())
    }
}
