//! Settings: small named values the server keeps for itself (the sealed token keys, the day a
//! daily run was last claimed). Rule: the SQL of settings lives here; what a value means is its
//! owner's.

use super::entities::settings;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

/// The value of `key`, if it was ever set.
pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>, DbErr> {
    Ok(settings::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map(|s| s.value))
}

/// Sets `key`, which must not exist yet: fails when another writer set it first.
pub async fn insert(db: &impl ConnectionTrait, key: &str, value: &str) -> Result<(), DbErr> {
    settings::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Replaces the value of the existing `key`.
pub async fn update(db: &impl ConnectionTrait, key: &str, value: &str) -> Result<(), DbErr> {
    settings::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
    }
    .update(db)
    .await?;
    Ok(())
}

/// Deletes `key`; whether it was there.
pub async fn delete(db: &impl ConnectionTrait, key: &str) -> Result<bool, DbErr> {
    Ok(settings::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

/// Sets `key` to `value` unless it already holds it: true for exactly one caller, however many
/// ask at once (one conditional UPDATE, which PostgreSQL serialises on the row).
pub async fn claim(db: &impl ConnectionTrait, key: &str, value: &str) -> Result<bool, DbErr> {
    settings::Entity::insert(settings::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(String::new()),
    })
    .on_conflict(
        OnConflict::column(settings::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .try_insert()
    .exec_without_returning(db)
    .await?;
    let claimed = settings::Entity::update_many()
        .col_expr(settings::Column::Value, Expr::value(value.to_owned()))
        .filter(settings::Column::Key.eq(key.to_owned()))
        .filter(settings::Column::Value.ne(value.to_owned()))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}
