//! The token signing keys. Rule: the database never holds a usable key. Keys live in the
//! `token_keys` setting sealed with the secrets key (`sealed`), or come from the environment
//! (`KLACHTEN_JWT_SECRET`); a copy of the database alone cannot mint a token. A rotation adds a
//! key that starts signing after [`OVERLAP`], long enough for every replica to have reloaded the
//! ring ([`RELOAD_SECONDS`]), and drops keys whose last token has expired.

use crate::auth::{SigningKey, env_key_id};
use crate::config::Config;
use crate::db::settings;
use crate::sealed::{self, SecretsKey};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use serde::{Deserialize, Serialize};

/// The setting that holds the sealed key ring.
const SETTING: &str = "token_keys";
/// The setting where an earlier release kept the signing secret in plain text.
const LEGACY: &str = "jwt_secret";
/// How long after a rotation the new key starts signing.
pub const OVERLAP: Duration = Duration::minutes(2);
/// How often a running server reads the ring again.
pub const RELOAD_SECONDS: u64 = 60;

#[derive(Serialize, Deserialize)]
struct Stored {
    kid: String,
    secret: String,
    active_from: DateTime<Utc>,
}

/// Why the keys cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] DbErr),
    /// The ring is sealed with another secrets key, or altered.
    #[error(
        "the token keys cannot be opened with this KLACHTEN_SECRETS_KEY (or key file): use the key they were sealed with"
    )]
    Unreadable,
    /// The keys come from the environment.
    #[error(
        "the token key comes from KLACHTEN_JWT_SECRET: rotate it there (every replica at once), or unset it to let klachten keep and rotate its own keys"
    )]
    FromEnvironment,
}

/// On start: deletes the signing secret an earlier release stored in plain text (everyone logs
/// in again once).
pub async fn remove_legacy(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    if settings::delete(db, LEGACY).await? {
        tracing::warn!(
            "the token signing secret stored in the database was removed; every session ends once"
        );
    }
    Ok(())
}

/// The key ring to sign and check with: the environment's secret when set, otherwise the
/// sealed ring, made on first start.
pub async fn load(
    db: &impl ConnectionTrait,
    config: &Config,
    key: &SecretsKey,
) -> Result<Vec<SigningKey>, KeyError> {
    if let Some(secret) = &config.jwt_secret {
        return Ok(vec![SigningKey {
            kid: env_key_id(secret.as_bytes()),
            secret: secret.as_bytes().to_vec(),
            active_from: DateTime::UNIX_EPOCH,
        }]);
    }
    if let Some(ring) = read(db, key).await? {
        return Ok(ring);
    }
    let first = vec![new_key(DateTime::UNIX_EPOCH)];
    let inserted = settings::insert(db, SETTING, &seal(key, &first)).await;
    match inserted {
        Ok(_) => {
            tracing::info!(kid = %first[0].kid, "a token signing key was made");
            Ok(first)
        }
        // Another replica made it at the same moment: use theirs.
        Err(_) => read(db, key).await?.ok_or(KeyError::Unreadable),
    }
}

/// Adds a key that signs from `now` + [`OVERLAP`] and drops those no token can still need
/// (superseded longer ago than a token lives). Returns the new key's id and when it starts.
pub async fn rotate(
    db: &impl ConnectionTrait,
    config: &Config,
    key: &SecretsKey,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), KeyError> {
    if config.jwt_secret.is_some() {
        return Err(KeyError::FromEnvironment);
    }
    let mut ring = load(db, config, key).await?;
    let fresh = new_key(now + OVERLAP);
    let made = (fresh.kid.clone(), fresh.active_from);
    ring.push(fresh);
    ring.sort_by_key(|k| k.active_from);
    let lifetime = Duration::minutes(config.token_minutes);
    // A key is needed while a token it signed may live: until its successor became active
    // plus a token's lifetime.
    let successors: Vec<DateTime<Utc>> = ring.iter().skip(1).map(|k| k.active_from).collect();
    let mut kept = Vec::new();
    for (k, next) in ring
        .into_iter()
        .zip(successors.into_iter().map(Some).chain([None]))
    {
        if next.is_none_or(|next| next + lifetime + OVERLAP > now) {
            kept.push(k);
        }
    }
    settings::update(db, SETTING, &seal(key, &kept)).await?;
    Ok(made)
}

async fn read(
    db: &impl ConnectionTrait,
    key: &SecretsKey,
) -> Result<Option<Vec<SigningKey>>, KeyError> {
    let Some(value) = settings::get(db, SETTING).await? else {
        return Ok(None);
    };
    if !sealed::is_sealed(&value) {
        return Err(KeyError::Unreadable);
    }
    let json = sealed::open(Some(key), &value).map_err(|_| KeyError::Unreadable)?;
    let stored: Vec<Stored> = serde_json::from_str(&json).map_err(|_| KeyError::Unreadable)?;
    stored
        .into_iter()
        .map(|s| {
            Ok(SigningKey {
                kid: s.kid,
                secret: hex::decode(s.secret).map_err(|_| KeyError::Unreadable)?,
                active_from: s.active_from,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn seal(key: &SecretsKey, ring: &[SigningKey]) -> String {
    let stored: Vec<Stored> = ring
        .iter()
        .map(|k| Stored {
            kid: k.kid.clone(),
            secret: hex::encode(&k.secret),
            active_from: k.active_from,
        })
        .collect();
    sealed::seal(
        Some(key),
        &serde_json::to_string(&stored).unwrap_or_default(),
    )
}

fn new_key(active_from: DateTime<Utc>) -> SigningKey {
    SigningKey {
        kid: uuid::Uuid::new_v4().simple().to_string()[..12].to_owned(),
        secret: sealed::random_bytes().to_vec(),
        active_from,
    }
}

/// Reads the ring again every [`RELOAD_SECONDS`], so a rotation made by `klachten token-key
/// rotate` (or on another replica) reaches this server before its new key signs.
pub async fn reload(state: std::sync::Arc<crate::state::AppState>, key: SecretsKey) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(RELOAD_SECONDS)).await;
        match load(&state.db, &state.config, &key).await {
            Ok(ring) => state.tokens.replace(ring),
            Err(e) => tracing::error!(error = %e, "the token keys could not be reloaded"),
        }
    }
}
