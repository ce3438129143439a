//! Refresh sessions. Rule: only a hash of the refresh token is stored; a token is used once and
//! replaced (rotation); logout revokes them all.

use super::entities::refresh_sessions;
use chrono::{DateTime, Duration, Utc};
use klachten_core::ids::UserId;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};

/// How long a refresh session lasts: a working day and a bit.
pub const LIFETIME_HOURS: i64 = 12;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for `user_id`; returns the refresh token (for the cookie only).
pub async fn start(
    db: &impl ConnectionTrait,
    user_id: UserId,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let token = crate::auth::generate_secret();
    refresh_sessions::ActiveModel {
        id: Set(super::new_id()),
        user_id: Set(user_id.to_string()),
        token_hash: Set(hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(LIFETIME_HOURS)),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Uses a refresh token: if it is valid, revokes it and returns the user it belongs to.
pub async fn redeem(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<UserId>, DbErr> {
    let Some(session) = refresh_sessions::Entity::find()
        .filter(refresh_sessions::Column::TokenHash.eq(hash(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if session.revoked_at.is_some() || session.expires_at <= now {
        return Ok(None);
    }
    // Revoke only if still unrevoked, so two concurrent uses cannot both succeed.
    let revoked = refresh_sessions::Entity::update_many()
        .col_expr(refresh_sessions::Column::RevokedAt, Expr::value(now))
        .filter(refresh_sessions::Column::Id.eq(session.id))
        .filter(refresh_sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if revoked.rows_affected != 1 {
        return Ok(None);
    }
    super::ids::stored(&session.user_id).map(Some)
}

/// Revokes every session of `user_id`.
pub async fn revoke_all(
    db: &impl ConnectionTrait,
    user_id: UserId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    refresh_sessions::Entity::update_many()
        .col_expr(refresh_sessions::Column::RevokedAt, Expr::value(now))
        .filter(refresh_sessions::Column::UserId.eq(user_id.to_string()))
        .filter(refresh_sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
