//! API client use cases (admins): list, create with scopes and an expiry, rotate the key with an
//! overlap, register and remove trusted operations, revoke. Rule: admins only; a key is
//! returned once, when made, and stored hashed; every change is audited.

use super::webhooks::{Hook, hooks};
use crate::clients::{issue_key, rotate, scopes_text};
use crate::db::entities::{api_client_operations, api_clients, api_keys, webhooks};
use crate::db::{audit, new_id};
use crate::error::{ApiError, ApiResult, Code};
use crate::state::AppState;
use chrono::NaiveDate;
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::integration::Scope;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

/// A client with its keys (by prefix), webhooks and trusted operations.
pub struct ClientRead {
    /// As stored.
    pub row: api_clients::Model,
    /// Its keys, newest first (hashes only).
    pub keys: Vec<api_keys::Model>,
    /// Its webhooks, oldest first.
    pub hooks: Vec<Hook>,
    /// The operations it may send, oldest first.
    pub operations: Vec<api_client_operations::Model>,
}

/// What a new client is.
pub struct NewClient {
    /// Its name, 1 to `limits::NAME` characters.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// What it may do; at least one.
    pub scopes: Vec<Scope>,
    /// Its budget of request units per minute, 10 to 100000.
    pub units_per_minute: i32,
    /// The last day its keys work.
    pub expires_on: Option<NaiveDate>,
}

fn admins_only(user: &User) -> ApiResult<()> {
    super::require(user, Capability::Administer)
}

/// A name of 1 to `limits::NAME` characters, trimmed.
pub fn checked_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    let longest = klachten_core::limits::NAME;
    if name.is_empty() || name.chars().count() > longest {
        return Err(ApiError::validation(format!(
            "give a name of 1 to {longest} characters"
        )));
    }
    Ok(name.to_owned())
}

async fn read(db: &impl ConnectionTrait, row: api_clients::Model) -> ApiResult<ClientRead> {
    let keys = api_keys::Entity::find()
        .filter(api_keys::Column::ClientId.eq(row.id.clone()))
        .order_by_desc(api_keys::Column::CreatedAt)
        .all(db)
        .await?;
    let rows = webhooks::Entity::find()
        .filter(webhooks::Column::ClientId.eq(row.id.clone()))
        .order_by_asc(webhooks::Column::CreatedAt)
        .all(db)
        .await?;
    let operations = api_client_operations::Entity::find()
        .filter(api_client_operations::Column::ClientId.eq(row.id.clone()))
        .order_by_asc(api_client_operations::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(ClientRead {
        hooks: hooks(db, rows).await?,
        row,
        keys,
        operations,
    })
}

async fn find(db: &impl ConnectionTrait, id: &str) -> ApiResult<api_clients::Model> {
    api_clients::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("API client"))
}

async fn audited(
    txn: &DatabaseTransaction,
    state: &AppState,
    user: &User,
    action: audit::Named,
    client_id: &str,
) -> ApiResult<()> {
    let entry = audit::Entry {
        actor: &audit::user_label(user.id),
        action: action.into(),
        complaint_id: None,
        detail: Some(format!("client:{client_id}")),
    };
    audit::append(txn, &state.audit_key, state.clock.now(), entry).await?;
    Ok(())
}

/// Every API client, newest first.
pub async fn list(state: &AppState, admin: &User) -> ApiResult<Vec<ClientRead>> {
    admins_only(admin)?;
    let rows = api_clients::Entity::find()
        .order_by_desc(api_clients::Column::CreatedAt)
        .all(&state.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(read(&state.db, row).await?);
    }
    Ok(out)
}

/// Creates a client and its first key, returned this once.
pub async fn create(
    state: &AppState,
    admin: &User,
    new: NewClient,
) -> ApiResult<(ClientRead, String)> {
    admins_only(admin)?;
    let name = checked_name(&new.name)?;
    if new.scopes.is_empty() {
        return Err(ApiError::validation("give the client at least one scope"));
    }
    if !(10..=100_000).contains(&new.units_per_minute) {
        return Err(ApiError::validation(
            "unitsPerMinute must be between 10 and 100000",
        ));
    }
    if new.expires_on.is_some_and(|d| d < state.clock.today()) {
        return Err(ApiError::validation("expiresOn must be today or later"));
    }
    let id = new_id();
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let row = api_clients::ActiveModel {
        id: Set(id.clone()),
        name: Set(name),
        description: Set(new.description.trim().to_owned()),
        scopes: Set(scopes_text(&new.scopes)),
        units_per_minute: Set(new.units_per_minute),
        expires_on: Set(new.expires_on),
        created_by: Set(admin.id.to_string()),
        created_at: Set(now),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let (_, key) = issue_key(&txn, &id, now).await?;
    audited(&txn, state, admin, audit::Named::ApiClientCreated, &id).await?;
    let client = read(&txn, row).await?;
    txn.commit().await?;
    Ok((client, key))
}

/// Gives the client a new key, returned this once; its current keys keep working for
/// `overlap_hours` (0 to 720).
pub async fn rotate_key(
    state: &AppState,
    admin: &User,
    id: &str,
    overlap_hours: i32,
) -> ApiResult<(ClientRead, String)> {
    admins_only(admin)?;
    if !(0..=720).contains(&overlap_hours) {
        return Err(ApiError::validation(
            "overlapHours must be between 0 and 720",
        ));
    }
    let txn = crate::db::begin(&state.db).await?;
    let row = find(&txn, id).await?;
    if row.revoked_at.is_some() {
        return Err(ApiError::new(
            Code::InvalidTransition,
            "this API client is revoked; create a new one",
        ));
    }
    let now = state.clock.now();
    let until = now + chrono::Duration::hours(i64::from(overlap_hours));
    let (_, key) = rotate(&txn, &row.id, now, until).await?;
    audited(&txn, state, admin, audit::Named::ApiKeyRotated, &row.id).await?;
    let client = read(&txn, row).await?;
    txn.commit().await?;
    Ok((client, key))
}

/// Registers an operation the client may send (`document` already checked as one); from its
/// first, the client may send only its registered operations.
pub async fn add_operation(
    state: &AppState,
    admin: &User,
    client_id: &str,
    name: String,
    document: String,
) -> ApiResult<api_client_operations::Model> {
    admins_only(admin)?;
    let txn = crate::db::begin(&state.db).await?;
    let client = find(&txn, client_id).await?;
    let hash = crate::clients::operation_hash(&document);
    let known = api_client_operations::Entity::find()
        .filter(api_client_operations::Column::ClientId.eq(client.id.clone()))
        .filter(api_client_operations::Column::Hash.eq(hash.clone()))
        .one(&txn)
        .await?;
    if known.is_some() {
        return Err(ApiError::validation(
            "this operation is already registered for the client",
        ));
    }
    let row = api_client_operations::ActiveModel {
        id: Set(new_id()),
        client_id: Set(client.id.clone()),
        name: Set(name),
        hash: Set(hash),
        document: Set(document),
        created_at: Set(state.clock.now()),
    }
    .insert(&txn)
    .await?;
    audited(
        &txn,
        state,
        admin,
        audit::Named::ApiOperationAdded,
        &client.id,
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Removes a registered operation (by its hash); with none left the client may send any
/// operation its scopes allow again.
pub async fn remove_operation(
    state: &AppState,
    admin: &User,
    client_id: &str,
    hash: &str,
) -> ApiResult<()> {
    admins_only(admin)?;
    let txn = crate::db::begin(&state.db).await?;
    let client = find(&txn, client_id).await?;
    let removed = api_client_operations::Entity::delete_many()
        .filter(api_client_operations::Column::ClientId.eq(client.id.clone()))
        .filter(api_client_operations::Column::Hash.eq(hash.trim().to_ascii_lowercase()))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(ApiError::not_found("operation"));
    }
    audited(
        &txn,
        state,
        admin,
        audit::Named::ApiOperationRemoved,
        &client.id,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Revokes the client: its keys stop working at once.
pub async fn revoke(state: &AppState, admin: &User, id: &str) -> ApiResult<ClientRead> {
    admins_only(admin)?;
    let txn = crate::db::begin(&state.db).await?;
    let row = find(&txn, id).await?;
    let row = if row.revoked_at.is_some() {
        row
    } else {
        let mut active: api_clients::ActiveModel = row.into();
        active.revoked_at = Set(Some(state.clock.now()));
        active.update(&txn).await?
    };
    audited(&txn, state, admin, audit::Named::ApiClientRevoked, &row.id).await?;
    let client = read(&txn, row).await?;
    txn.commit().await?;
    Ok(client)
}
