//! API clients as stored: the clients, their keys (hashes with a visible prefix), their trusted
//! operations and their budgets. Rule: the SQL of clients lives here; keys are made and checked
//! in `crate::clients`, and never reach this module in clear.

use super::codes::{scope_code, scope_from};
use super::entities::{api_budgets, api_client_operations, api_clients, api_keys};
use super::ids::{stored, texts};
use super::new_id;
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::ids::ApiClientId;
use klachten_core::integration::Scope;
use sea_orm::sea_query::{Expr, ExprTrait as _, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

/// An API client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    /// Id.
    pub id: ApiClientId,
    /// Name, e.g. "CRM".
    pub name: String,
    /// What it is for.
    pub description: String,
    /// What it may do (codes this release does not know are left out).
    pub scopes: Vec<Scope>,
    /// Its budget of request units per minute.
    pub units_per_minute: i32,
    /// The last day its keys work, if it expires.
    pub expires_on: Option<NaiveDate>,
    /// Who made it (a user id).
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiClient {
    /// Is it neither revoked nor expired at `now`?
    pub fn usable(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none()
            && self
                .expires_on
                .is_none_or(|day| day >= klachten_core::time::amsterdam_date(now))
    }
}

/// A key of a client: its hash, never the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// The client.
    pub client_id: ApiClientId,
    /// The key's visible start, after `kl_`.
    pub prefix: String,
    /// SHA-256 of the whole key, in hex.
    pub hash: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// After a rotation: until when it still works.
    pub valid_until: Option<DateTime<Utc>>,
}

/// An operation a client may send, when its operations are restricted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// SHA-256 of the text, in lowercase hex.
    pub hash: String,
    /// A name for people.
    pub name: String,
    /// The operation's text.
    pub document: String,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
}

/// A client's budget of request units as last written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Units left.
    pub units: f64,
    /// When they were counted (ms since the epoch).
    pub at_ms: i64,
    /// Bumped by every write, so a write can be made conditional on what was read.
    pub version: i32,
}

/// The stored form of `scopes`.
fn scopes_text(scopes: &[Scope]) -> String {
    let mut codes: Vec<&str> = scopes.iter().map(|s| scope_code(*s)).collect();
    codes.sort_unstable();
    codes.dedup();
    codes.join(",")
}

fn client_of(row: api_clients::Model) -> Result<ApiClient, DbErr> {
    Ok(ApiClient {
        scopes: row.scopes.split(',').filter_map(scope_from).collect(),
        id: stored(&row.id)?,
        name: row.name,
        description: row.description,
        units_per_minute: row.units_per_minute,
        expires_on: row.expires_on,
        created_by: row.created_by,
        created_at: row.created_at,
        revoked_at: row.revoked_at,
    })
}

fn key_of(row: api_keys::Model) -> Result<ApiKey, DbErr> {
    Ok(ApiKey {
        client_id: stored(&row.client_id)?,
        prefix: row.prefix,
        hash: row.hash,
        created_at: row.created_at,
        valid_until: row.valid_until,
    })
}

fn operation_of(row: api_client_operations::Model) -> Operation {
    Operation {
        hash: row.hash,
        name: row.name,
        document: row.document,
        created_at: row.created_at,
    }
}

/// Stores a new client.
pub async fn insert(db: &impl ConnectionTrait, client: ApiClient) -> Result<ApiClient, DbErr> {
    let row = api_clients::ActiveModel {
        id: Set(client.id.to_string()),
        name: Set(client.name),
        description: Set(client.description),
        scopes: Set(scopes_text(&client.scopes)),
        units_per_minute: Set(client.units_per_minute),
        expires_on: Set(client.expires_on),
        created_by: Set(client.created_by),
        created_at: Set(client.created_at),
        revoked_at: Set(client.revoked_at),
    }
    .insert(db)
    .await?;
    client_of(row)
}

/// Client `id`.
pub async fn find(db: &impl ConnectionTrait, id: ApiClientId) -> Result<Option<ApiClient>, DbErr> {
    api_clients::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .map(client_of)
        .transpose()
}

/// The clients with these ids.
pub async fn find_many(
    db: &impl ConnectionTrait,
    ids: &[ApiClientId],
) -> Result<Vec<ApiClient>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    api_clients::Entity::find()
        .filter(api_clients::Column::Id.is_in(texts(ids)))
        .all(db)
        .await?
        .into_iter()
        .map(client_of)
        .collect()
}

/// Every client, newest first.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<ApiClient>, DbErr> {
    api_clients::Entity::find()
        .order_by_desc(api_clients::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(client_of)
        .collect()
}

/// Marks client `id` revoked at `now` (unless it already was); returns it as it now stands.
pub async fn revoke(
    db: &impl ConnectionTrait,
    id: ApiClientId,
    now: DateTime<Utc>,
) -> Result<Option<ApiClient>, DbErr> {
    api_clients::Entity::update_many()
        .col_expr(api_clients::Column::RevokedAt, Expr::value(now))
        .filter(api_clients::Column::Id.eq(id.to_string()))
        .filter(api_clients::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    find(db, id).await
}

/// Stores a key of `client_id`: its visible prefix and the hash of the whole key.
pub async fn insert_key(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
    prefix: &str,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    api_keys::ActiveModel {
        id: Set(new_id()),
        client_id: Set(client_id.to_string()),
        prefix: Set(prefix.to_owned()),
        hash: Set(hash.to_owned()),
        created_at: Set(now),
        valid_until: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The keys of `client_id`, newest first.
pub async fn keys_of(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
) -> Result<Vec<ApiKey>, DbErr> {
    api_keys::Entity::find()
        .filter(api_keys::Column::ClientId.eq(client_id.to_string()))
        .order_by_desc(api_keys::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(key_of)
        .collect()
}

/// The key whose visible start is `prefix`.
pub async fn key_by_prefix(
    db: &impl ConnectionTrait,
    prefix: &str,
) -> Result<Option<ApiKey>, DbErr> {
    api_keys::Entity::find()
        .filter(api_keys::Column::Prefix.eq(prefix.to_owned()))
        .one(db)
        .await?
        .map(key_of)
        .transpose()
}

/// Lets every key of `client_id` work until `until` at the latest (a rotation's overlap).
pub async fn end_keys_by(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
    until: DateTime<Utc>,
) -> Result<(), DbErr> {
    for key in api_keys::Entity::find()
        .filter(api_keys::Column::ClientId.eq(client_id.to_string()))
        .all(db)
        .await?
    {
        let until = key.valid_until.map_or(until, |u| Ord::min(u, until));
        let mut key: api_keys::ActiveModel = key.into();
        key.valid_until = Set(Some(until));
        key.update(db).await?;
    }
    Ok(())
}

/// The operations `client_id` may send, oldest first.
pub async fn operations_of(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
) -> Result<Vec<Operation>, DbErr> {
    Ok(api_client_operations::Entity::find()
        .filter(api_client_operations::Column::ClientId.eq(client_id.to_string()))
        .order_by_asc(api_client_operations::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(operation_of)
        .collect())
}

/// Registers `operation` for `client_id`.
pub async fn insert_operation(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
    operation: Operation,
) -> Result<Operation, DbErr> {
    let row = api_client_operations::ActiveModel {
        id: Set(new_id()),
        client_id: Set(client_id.to_string()),
        name: Set(operation.name),
        hash: Set(operation.hash),
        document: Set(operation.document),
        created_at: Set(operation.created_at),
    }
    .insert(db)
    .await?;
    Ok(operation_of(row))
}

/// Removes the operation with `hash` from `client_id`'s; how many went.
pub async fn delete_operation(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
    hash: &str,
) -> Result<u64, DbErr> {
    Ok(api_client_operations::Entity::delete_many()
        .filter(api_client_operations::Column::ClientId.eq(client_id.to_string()))
        .filter(api_client_operations::Column::Hash.eq(hash.to_owned()))
        .exec(db)
        .await?
        .rows_affected)
}

/// `client_id`'s budget, if it made a request before.
pub async fn budget(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
) -> Result<Option<Budget>, DbErr> {
    Ok(api_budgets::Entity::find_by_id(client_id.to_string())
        .one(db)
        .await?
        .map(|row| Budget {
            units: row.units,
            at_ms: row.at_ms,
            version: row.version,
        }))
}

/// Starts `client_id`'s budget at `units` (once, whoever comes first).
pub async fn start_budget(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
    units: f64,
    at_ms: i64,
) -> Result<(), DbErr> {
    api_budgets::Entity::insert(api_budgets::ActiveModel {
        client_id: Set(client_id.to_string()),
        units: Set(units),
        at_ms: Set(at_ms),
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
    Ok(())
}

/// Writes `units` counted at `at_ms` as `client_id`'s budget if it is still at `read`'s
/// version; false when another request wrote first.
pub async fn update_budget(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
    read: Budget,
    units: f64,
    at_ms: i64,
) -> Result<bool, DbErr> {
    let updated = api_budgets::Entity::update_many()
        .col_expr(api_budgets::Column::Units, Expr::value(units))
        .col_expr(api_budgets::Column::AtMs, Expr::value(at_ms))
        .col_expr(api_budgets::Column::Version, Expr::value(read.version + 1))
        .filter(api_budgets::Column::ClientId.eq(client_id.to_string()))
        .filter(api_budgets::Column::Version.eq(read.version))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Takes `cost` units from `client_id`'s budget (one statement, whatever else runs).
pub async fn charge(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
    cost: u32,
) -> Result<(), DbErr> {
    api_budgets::Entity::update_many()
        .col_expr(
            api_budgets::Column::Units,
            Expr::col(api_budgets::Column::Units).sub(f64::from(cost)),
        )
        .col_expr(
            api_budgets::Column::Version,
            Expr::col(api_budgets::Column::Version).add(1),
        )
        .filter(api_budgets::Column::ClientId.eq(client_id.to_string()))
        .exec(db)
        .await?;
    Ok(())
}
