//! Users as the server knows them. Rule: the password hash never leaves this module and
//! `crate::auth`.

use super::codes::{roles_from_string, roles_to_string};
use super::entities::users;
use klachten_core::actor::Role;
use klachten_core::actor::User;
use klachten_core::ids::UserId;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

fn from_row(row: users::Model) -> Option<(User, String)> {
    let user = User {
        id: row.id.parse::<UserId>().ok()?,
        email: row.email,
        name: row.name,
        roles: roles_from_string(&row.roles),
        token_version: row.token_version,
        active: row.active,
        must_change_password: row.must_change_password,
    };
    Some((user, row.password_hash))
}

/// The user with `email` and their password hash.
pub async fn by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<(User, String)>, DbErr> {
    let row = users::Entity::find()
        .filter(users::Column::Email.eq(email.trim().to_lowercase()))
        .one(db)
        .await?;
    Ok(row.and_then(from_row))
}

/// The user with `id`.
pub async fn by_id(db: &impl ConnectionTrait, id: UserId) -> Result<Option<User>, DbErr> {
    Ok(users::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .and_then(from_row)
        .map(|(u, _)| u))
}

/// Every user, by name.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<User>, DbErr> {
    let rows = users::Entity::find()
        .order_by_asc(users::Column::Name)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(from_row)
        .map(|(u, _)| u)
        .collect())
}

/// Every staff member's name: what the redactor removes besides a complaint's own names.
pub async fn names(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    Ok(all(db).await?.into_iter().map(|u| u.name).collect())
}

/// Creates a user with an already hashed password.
pub async fn create(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    password_hash: String,
    roles: &[Role],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<User, DbErr> {
    let id = super::ids::new_id();
    users::ActiveModel {
        id: Set(id.clone()),
        email: Set(email.trim().to_lowercase()),
        name: Set(name.trim().to_owned()),
        password_hash: Set(password_hash),
        roles: Set(roles_to_string(roles)),
        token_version: Set(1),
        active: Set(true),
        created_at: Set(now),
        must_change_password: Set(false),
    }
    .insert(db)
    .await?;
    Ok(User {
        id: id
            .parse::<UserId>()
            .ok()
            .ok_or_else(|| DbErr::Custom("generated id".into()))?,
        email: email.trim().to_lowercase(),
        name: name.trim().to_owned(),
        roles: roles.to_vec(),
        token_version: 1,
        active: true,
        must_change_password: false,
    })
}

/// Marks that the user must choose a new password at the next login (one set by someone
/// else), or that they did.
pub async fn set_must_change_password(
    db: &impl ConnectionTrait,
    user: UserId,
    must: bool,
) -> Result<(), DbErr> {
    users::ActiveModel {
        id: Set(user.to_string()),
        must_change_password: Set(must),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Sets a new password the user chose themselves, and ends every session they had: the token
/// version is bumped. Returns the user as they now stand.
pub async fn change_password(
    db: &impl ConnectionTrait,
    user: &User,
    password_hash: String,
) -> Result<User, DbErr> {
    let next = User {
        token_version: user.token_version + 1,
        must_change_password: false,
        ..user.clone()
    };
    users::ActiveModel {
        id: Set(user.id.to_string()),
        password_hash: Set(password_hash),
        token_version: Set(next.token_version),
        must_change_password: Set(false),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(next)
}

/// The password hash of `user`, to check the current password.
pub async fn password_hash(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Option<String>, DbErr> {
    Ok(users::Entity::find_by_id(user.to_string())
        .one(db)
        .await?
        .map(|row| row.password_hash))
}

/// Bumps the token version: every token issued before stops working.
pub async fn revoke_tokens(db: &impl ConnectionTrait, user: &User) -> Result<(), DbErr> {
    users::ActiveModel {
        id: Set(user.id.to_string()),
        token_version: Set(user.token_version + 1),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Changes a user's name, roles or active flag; a change of roles or active flag bumps the token
/// version so that tokens issued before stop working at once.
pub async fn update(
    db: &impl ConnectionTrait,
    user: &User,
    name: Option<&str>,
    roles: Option<&[Role]>,
    active: Option<bool>,
) -> Result<User, DbErr> {
    let mut next = user.clone();
    if let Some(name) = name {
        next.name = name.trim().to_owned();
    }
    if let Some(roles) = roles {
        next.roles = roles.to_vec();
    }
    if let Some(active) = active {
        next.active = active;
    }
    if next.roles != user.roles || next.active != user.active {
        next.token_version += 1;
    }
    users::ActiveModel {
        id: Set(user.id.to_string()),
        name: Set(next.name.clone()),
        roles: Set(roles_to_string(&next.roles)),
        active: Set(next.active),
        token_version: Set(next.token_version),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(next)
}
