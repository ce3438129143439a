//! API clients: their keys (made here, shown once, stored as SHA-256 with a visible prefix),
//! authentication by key, and the per-client budget of request units. Rule: the key never
//! reaches a log line, an error or the database in clear.

use crate::db::codes::{scope_code, scope_from};
use crate::db::entities::{api_budgets, api_client_operations, api_clients, api_keys};
use crate::db::new_id;
use chrono::{DateTime, Utc};
use klachten_core::integration::{self, Bucket, RetryAfter, Scope};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};

/// An authenticated API client, as a request knows it.
#[derive(Debug, Clone)]
pub struct Client {
    /// Its id.
    pub id: String,
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

/// The stored scopes of a client.
pub fn scopes_of(row: &api_clients::Model) -> Vec<Scope> {
    row.scopes.split(',').filter_map(scope_from).collect()
}

/// The stored form of `scopes`.
pub fn scopes_text(scopes: &[Scope]) -> String {
    let mut codes: Vec<&str> = scopes.iter().map(|s| scope_code(*s)).collect();
    codes.sort_unstable();
    codes.dedup();
    codes.join(",")
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
    client_id: &str,
    now: DateTime<Utc>,
) -> Result<(String, String), DbErr> {
    let (prefix, key) = new_key();
    api_keys::ActiveModel {
        id: Set(new_id()),
        client_id: Set(client_id.to_owned()),
        prefix: Set(prefix.clone()),
        hash: Set(hash(&key)),
        created_at: Set(now),
        valid_until: Set(None),
    }
    .insert(db)
    .await?;
    Ok((prefix, key))
}

/// Rotation: the client's current keys stay valid until `overlap_until`, and a new key is issued.
pub async fn rotate(
    db: &impl ConnectionTrait,
    client_id: &str,
    now: DateTime<Utc>,
    overlap_until: DateTime<Utc>,
) -> Result<(String, String), DbErr> {
    for key in api_keys::Entity::find()
        .filter(api_keys::Column::ClientId.eq(client_id.to_owned()))
        .all(db)
        .await?
    {
        let until = key
            .valid_until
            .map_or(overlap_until, |u| u.min(overlap_until));
        let mut key: api_keys::ActiveModel = key.into();
        key.valid_until = Set(Some(until));
        key.update(db).await?;
    }
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

/// Is `client` neither revoked nor expired at `now`?
pub fn usable(client: &api_clients::Model, now: DateTime<Utc>) -> bool {
    client.revoked_at.is_none()
        && client
            .expires_on
            .is_none_or(|day| day >= klachten_core::time::amsterdam_date(now))
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
    let trusted = api_client_operations::Entity::find()
        .filter(api_client_operations::Column::ClientId.eq(client.id.clone()))
        .all(db)
        .await?;
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
    let Some(stored) = api_keys::Entity::find()
        .filter(api_keys::Column::Prefix.eq(prefix.to_owned()))
        .one(db)
        .await?
    else {
        return Ok(Err(Refused::Unknown));
    };
    // The prefix finds the key; the hash of the whole key proves it.
    if stored.hash != hash(key) {
        return Ok(Err(Refused::Unknown));
    }
    if stored.valid_until.is_some_and(|until| until <= now) {
        return Ok(Err(Refused::NoLongerValid));
    }
    let Some(client) = api_clients::Entity::find_by_id(stored.client_id.clone())
        .one(db)
        .await?
    else {
        return Ok(Err(Refused::Unknown));
    };
    if !usable(&client, now) {
        return Ok(Err(Refused::NoLongerValid));
    }
    Ok(Ok(Client {
        scopes: scopes_of(&client),
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
        let Some(row) = api_budgets::Entity::find_by_id(client.id.clone())
            .one(db)
            .await?
        else {
            // The client's first request: its budget starts full (once, whoever comes first).
            api_budgets::Entity::insert(api_budgets::ActiveModel {
                client_id: Set(client.id.clone()),
                units: Set(f64::from(client.units_per_minute)),
                at_ms: Set(now_ms),
                version: Set(0),
            })
            .on_conflict(
                OnConflict::column(api_budgets::Column::ClientId)
                    .do_nothing()
                    .to_owned(),
            )
            .try_insert()
            .exec_without_returning(db)
            .await?;
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
        let updated = api_budgets::Entity::update_many()
            .col_expr(api_budgets::Column::Units, Expr::value(next.units))
            .col_expr(api_budgets::Column::AtMs, Expr::value(next.at_ms))
            .col_expr(api_budgets::Column::Version, Expr::value(row.version + 1))
            .filter(api_budgets::Column::ClientId.eq(client.id.clone()))
            .filter(api_budgets::Column::Version.eq(row.version))
            .exec(db)
            .await?;
        if updated.rows_affected == 1 {
            return Ok(Ok(()));
        }
    }
    // Many requests at the same instant: let this one through; the charges still count.
    Ok(Ok(()))
}

/// Charges `client` `cost` units for the request it made (one statement, whatever else runs).
pub async fn charge(db: &impl ConnectionTrait, client: &Client, cost: u32) -> Result<(), DbErr> {
    use sea_orm::sea_query::ExprTrait as _;
    api_budgets::Entity::update_many()
        .col_expr(
            api_budgets::Column::Units,
            Expr::col(api_budgets::Column::Units).sub(f64::from(cost)),
        )
        .col_expr(
            api_budgets::Column::Version,
            Expr::col(api_budgets::Column::Version).add(1),
        )
        .filter(api_budgets::Column::ClientId.eq(client.id.clone()))
        .exec(db)
        .await?;
    Ok(())
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
