//! API clients: their keys (made here, shown once, stored as SHA-256 with a visible prefix),
//! authentication by key, and the per-client budget of request units. Rule: the key never
//! reaches a log line, an error or the database in clear.

use crate::db::clients as stored;
use chrono::{DateTime, Utc};
use klachten_core::ids::ApiClientId;
use klachten_core::integration::{self, Bucket, RetryAfter, Scope};
use sea_orm::{ConnectionTrait, DbErr};
use sha2::{Digest, Sha256};

/// An authenticated API client, as a request knows it.
#[derive(Debug, Clone)]
pub struct Client {
    /// Its id.
    pub id: ApiClientId,
    /// Its name.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// Its budget of request units per minute.
    pub units_per_minute: u32,
}

impl Client {
    /// The audit log's name for it.
    pub fn label(&self) -> String {
        format!("client:{}", self.id)
    }
}

fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// A new key: `kl_<8 characters>_<40 characters>`, from the system's random source.
fn new_key() -> (String, String) {
    let random = |n: usize| {
        let mut out = String::new();
        while out.len() < n {
            out.push_str(&uuid::Uuid::new_v4().simple().to_string());
        }
        out.truncate(n);
        out
    };
    let prefix = random(8);
    let key = format!("{}{prefix}_{}", integration::KEY_PREFIX, random(40));
    (prefix, key)
}

/// Stores a new key for `client_id` and returns it in clear (the only time it exists so).
pub async fn issue_key(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
    now: DateTime<Utc>,
) -> Result<(String, String), DbErr> {
    let (prefix, key) = new_key();
    stored::insert_key(db, client_id, &prefix, &hash(&key), now).await?;
    Ok((prefix, key))
}

/// Rotation: the client's current keys stay valid until `overlap_until`, and a new key is issued.
pub async fn rotate(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
    now: DateTime<Utc>,
    overlap_until: DateTime<Utc>,
) -> Result<(String, String), DbErr> {
    stored::end_keys_by(db, client_id, overlap_until).await?;
    issue_key(db, client_id, now).await
}

/// Why a key was refused; the message never repeats the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not one of our keys, or a wrong secret.
    Unknown,
    /// The key or its client was revoked, rotated out or expired.
    NoLongerValid,
}

/// The SHA-256 of an operation's text, in hex: how a trusted operation is named.
pub fn operation_hash(document: &str) -> String {
    hex::encode(Sha256::digest(document.as_bytes()))
}

/// What a client may send. `Ok(None)`: anything (it has no trusted operations); `Ok(Some(text))`:
/// the trusted operation to run, found by its text or by `hash` alone; `Err(())`: nothing that
/// was asked is trusted.
pub async fn trusted_operation(
    db: &impl ConnectionTrait,
    client: &Client,
    query: Option<&str>,
    hash: Option<&str>,
) -> Result<Result<Option<String>, ()>, DbErr> {
    let trusted = stored::operations_of(db, client.id).await?;
    if trusted.is_empty() {
        return Ok(Ok(None));
    }
    let wanted = match (query, hash) {
        (Some(query), Some(hash)) if operation_hash(query) != hash.to_ascii_lowercase() => {
            return Ok(Err(()));
        }
        (Some(query), _) => operation_hash(query),
        (None, Some(hash)) => hash.to_ascii_lowercase(),
        (None, None) => return Ok(Err(())),
    };
    Ok(trusted
        .into_iter()
        .find(|t| t.hash == wanted)
        .map(|t| Some(t.document))
        .ok_or(()))
}

/// The client a key belongs to, if the key is valid now.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Result<Client, Refused>, DbErr> {
    let Some((prefix, _)) = integration::split_key(key) else {
        return Ok(Err(Refused::Unknown));
    };
    let Some(found) = stored::key_by_prefix(db, prefix).await? else {
        return Ok(Err(Refused::Unknown));
    };
    // The prefix finds the key; the hash of the whole key proves it.
    if found.hash != hash(key) {
        return Ok(Err(Refused::Unknown));
    }
    if found.valid_until.is_some_and(|until| until <= now) {
        return Ok(Err(Refused::NoLongerValid));
    }
    let Some(client) = stored::find(db, found.client_id).await? else {
        return Ok(Err(Refused::Unknown));
    };
    if !client.usable(now) {
        return Ok(Err(Refused::NoLongerValid));
    }
    Ok(Ok(Client {
        scopes: client.scopes,
        units_per_minute: u32::try_from(client.units_per_minute).unwrap_or(0),
        id: client.id,
        name: client.name,
    }))
}

/// How often a budget update is tried again when another request updated it first.
const BUDGET_TRIES: usize = 8;

/// May `client` start a request now? The budget lives in the database, so every replica
/// counts from the same one; each update is conditional on the version read, and tried again
/// when another request came first.
pub async fn admit(
    db: &impl ConnectionTrait,
    client: &Client,
    now_ms: i64,
) -> Result<Result<(), RetryAfter>, DbErr> {
    for _ in 0..BUDGET_TRIES {
        let Some(row) = stored::budget(db, client.id).await? else {
            // The client's first request: its budget starts full (once, whoever comes first).
            let full = f64::from(client.units_per_minute);
            stored::start_budget(db, client.id, full, now_ms).await?;
            continue;
        };
        let bucket = Bucket {
            units: row.units,
            at_ms: row.at_ms,
        };
        let next = match integration::admit(Some(bucket), client.units_per_minute, now_ms) {
            Ok(next) => next,
            Err(wait) => return Ok(Err(wait)),
        };
        if stored::update_budget(db, client.id, row, next.units, next.at_ms).await? {
            return Ok(Ok(()));
        }
    }
    // Many requests at the same instant: let this one through; the charges still count.
    Ok(Ok(()))
}

/// Charges `client` `cost` units for the request it made (one statement, whatever else runs).
pub async fn charge(db: &impl ConnectionTrait, client: &Client, cost: u32) -> Result<(), DbErr> {
    stored::charge(db, client.id, cost).await
}

/// What an answer costs: one unit for the operation and one per object in it.
pub fn cost(data: &serde_json::Value) -> u32 {
    fn objects(value: &serde_json::Value) -> u32 {
        match value {
            serde_json::Value::Object(map) => 1 + map.values().map(objects).sum::<u32>(),
            serde_json::Value::Array(items) => items.iter().map(objects).sum(),
            _ => 0,
        }
    }
    1 + match data {
        // The data object itself is the operation, already counted.
        serde_json::Value::Object(map) => map.values().map(objects).sum(),
        other => objects(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_long_random_and_stored_only_as_a_hash() {
        let (prefix, key) = new_key();
        assert_eq!(
            integration::split_key(&key).map(|(p, _)| p),
            Some(prefix.as_str())
        );
        assert_ne!(new_key().1, key);
        assert_eq!(hash(&key).len(), 64);
        assert!(!hash(&key).contains(&key[12..]));
    }

    #[test]
    fn an_answer_costs_one_for_the_operation_and_one_per_object() {
        let five = json!({"complaints": {"edges": [{"node": {"id": 1}}, {"node": {"id": 2}}]}});
        // complaints + 2 edges + 2 nodes, plus the operation.
        assert_eq!(cost(&five), 6);
        assert_eq!(
            cost(&json!({"statistics": {"total": {"received": {"value": 3}}}})),
            4
        );
        assert_eq!(cost(&serde_json::Value::Null), 1);
    }
}
