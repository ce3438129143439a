//! API client use cases (admins): list, create with scopes and an expiry, rotate the key with an
//! overlap, register and remove trusted operations, revoke. Rule: admins only; a key is
//! returned once, when made, and stored hashed; every change is audited.

use super::webhooks::{Hook, hooks_of_client};
use crate::clients::{issue_key, rotate};
use crate::db::audit;
use crate::db::clients as stored;
pub use crate::db::clients::{ApiClient, ApiKey, Operation};
use crate::error::{ApiError, ApiResult, Code};
use crate::state::AppState;
use chrono::NaiveDate;
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::ids::ApiClientId;
use klachten_core::integration::Scope;
use sea_orm::{ConnectionTrait, DatabaseTransaction};

/// A client with its keys (by prefix), webhooks and trusted operations.
pub struct ClientRead {
    /// The client.
    pub client: ApiClient,
    /// Its keys, newest first (hashes only).
    pub keys: Vec<ApiKey>,
    /// Its webhooks, oldest first.
    pub hooks: Vec<Hook>,
    /// The operations it may send, oldest first.
    pub operations: Vec<Operation>,
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
        return Err(
            ApiError::validation(format!("give a name of 1 to {longest} characters"))
                .in_dutch(format!("Geef een naam van 1 tot {longest} tekens.")),
        );
    }
    Ok(name.to_owned())
}

async fn read(db: &impl ConnectionTrait, client: ApiClient) -> ApiResult<ClientRead> {
    Ok(ClientRead {
        keys: stored::keys_of(db, client.id).await?,
        hooks: hooks_of_client(db, client.id).await?,
        operations: stored::operations_of(db, client.id).await?,
        client,
    })
}

async fn find(db: &impl ConnectionTrait, id: ApiClientId) -> ApiResult<ApiClient> {
    stored::find(db, id)
        .await?
        .ok_or_else(ApiError::unknown::<ApiClientId>)
}

async fn audited(
    txn: &DatabaseTransaction,
    state: &AppState,
    user: &User,
    action: audit::Named,
    client_id: ApiClientId,
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
    let rows = stored::all(&state.db).await?;
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
        return Err(ApiError::validation("give the client at least one scope")
            .in_dutch("Geef de koppeling minstens één recht."));
    }
    if !(10..=100_000).contains(&new.units_per_minute) {
        return Err(
            ApiError::validation("unitsPerMinute must be between 10 and 100000")
                .in_dutch("Het aantal eenheden per minuut ligt tussen 10 en 100.000."),
        );
    }
    if new.expires_on.is_some_and(|d| d < state.clock.today()) {
        return Err(ApiError::validation("expiresOn must be today or later")
            .in_dutch("De einddatum is vandaag of later."));
    }
    let id: ApiClientId = crate::db::next();
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let client = ApiClient {
        id,
        name,
        description: new.description.trim().to_owned(),
        scopes: new.scopes,
        units_per_minute: new.units_per_minute,
        expires_on: new.expires_on,
        created_by: admin.id.to_string(),
        created_at: now,
        revoked_at: None,
    };
    let row = stored::insert(&txn, client).await?;
    let (_, key) = issue_key(&txn, id, now).await?;
    audited(&txn, state, admin, audit::Named::ApiClientCreated, id).await?;
    let client = read(&txn, row).await?;
    txn.commit().await?;
    Ok((client, key))
}

/// Gives the client a new key, returned this once; its current keys keep working for
/// `overlap_hours` (0 to 720).
pub async fn rotate_key(
    state: &AppState,
    admin: &User,
    id: ApiClientId,
    overlap_hours: i32,
) -> ApiResult<(ClientRead, String)> {
    admins_only(admin)?;
    if !(0..=720).contains(&overlap_hours) {
        return Err(
            ApiError::validation("overlapHours must be between 0 and 720")
                .in_dutch("De overlap ligt tussen 0 en 720 uur."),
        );
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
    let (_, key) = rotate(&txn, row.id, now, until).await?;
    audited(&txn, state, admin, audit::Named::ApiKeyRotated, row.id).await?;
    let client = read(&txn, row).await?;
    txn.commit().await?;
    Ok((client, key))
}

/// Registers an operation the client may send (`document` already checked as one); from its
/// first, the client may send only its registered operations.
pub async fn add_operation(
    state: &AppState,
    admin: &User,
    client_id: ApiClientId,
    name: String,
    document: String,
) -> ApiResult<Operation> {
    admins_only(admin)?;
    let txn = crate::db::begin(&state.db).await?;
    let client = find(&txn, client_id).await?;
    let hash = crate::clients::operation_hash(&document);
    let known = stored::operations_of(&txn, client.id).await?;
    if known.iter().any(|o| o.hash == hash) {
        return Err(
            ApiError::validation("this operation is already registered for the client")
                .in_dutch("Deze opdracht is al vastgelegd voor de koppeling."),
        );
    }
    let operation = Operation {
        hash,
        name,
        document,
        created_at: state.clock.now(),
    };
    let row = stored::insert_operation(&txn, client.id, operation).await?;
    audited(
        &txn,
        state,
        admin,
        audit::Named::ApiOperationAdded,
        client.id,
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
    client_id: ApiClientId,
    hash: &str,
) -> ApiResult<()> {
    admins_only(admin)?;
    let txn = crate::db::begin(&state.db).await?;
    let client = find(&txn, client_id).await?;
    let hash = hash.trim().to_ascii_lowercase();
    if stored::delete_operation(&txn, client.id, &hash).await? == 0 {
        return Err(ApiError::not_found("operation"));
    }
    audited(
        &txn,
        state,
        admin,
        audit::Named::ApiOperationRemoved,
        client.id,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Revokes the client: its keys stop working at once.
pub async fn revoke(state: &AppState, admin: &User, id: ApiClientId) -> ApiResult<ClientRead> {
    admins_only(admin)?;
    let txn = crate::db::begin(&state.db).await?;
    find(&txn, id).await?;
    let row = stored::revoke(&txn, id, state.clock.now())
        .await?
        .ok_or_else(ApiError::unknown::<ApiClientId>)?;
    audited(&txn, state, admin, audit::Named::ApiClientRevoked, row.id).await?;
    let client = read(&txn, row).await?;
    txn.commit().await?;
    Ok(client)
}
