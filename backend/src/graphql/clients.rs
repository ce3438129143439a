//! API clients through the API (admins): create one with scopes and an expiry, see its keys by
//! their prefix, rotate its key with an overlap, revoke it. A key is shown once, when made.

use super::context::require_admin;
use super::context::{actor_label, state};
use super::types::Date;
use crate::clients::{issue_key, rotate, scopes_of, scopes_text};
use crate::db::entities::{api_client_operations, api_clients, api_keys};
use crate::db::{audit, new_id, users};
use crate::error::{ApiError, ApiResult};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use klachten_core::integration::Scope as CoreScope;
use klachten_core::limits;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// What an API client may do.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiScope {
    /// Read complaints, always anonymised (`complaints`, `complaint`).
    ReadComplaints,
    /// Read the statistics, small counts suppressed (`statistics`).
    ReadStatistics,
    /// Read published agendas (`meetings`, `agenda`, `agendaMarkdown`, `agendaPdf`).
    ReadAgendas,
    /// Read measures and improvement proposals, redacted (`measures`).
    ReadMeasures,
    /// Move a measure's status (`updateMeasureStatus`): one of the two changes an integration
    /// may make.
    UpdateMeasureStatus,
    /// Subscribe to events with webhooks and read their delivery log (`createWebhook`,
    /// `webhooks`, …): the other change an integration may make.
    ManageWebhooks,
}

impl From<ApiScope> for CoreScope {
    fn from(s: ApiScope) -> Self {
        match s {
            ApiScope::ReadComplaints => Self::ReadComplaints,
            ApiScope::ReadStatistics => Self::ReadStatistics,
            ApiScope::ReadAgendas => Self::ReadAgendas,
            ApiScope::ReadMeasures => Self::ReadMeasures,
            ApiScope::UpdateMeasureStatus => Self::UpdateMeasureStatus,
            ApiScope::ManageWebhooks => Self::ManageWebhooks,
        }
    }
}

impl From<CoreScope> for ApiScope {
    fn from(s: CoreScope) -> Self {
        match s {
            CoreScope::ReadComplaints => Self::ReadComplaints,
            CoreScope::ReadStatistics => Self::ReadStatistics,
            CoreScope::ReadAgendas => Self::ReadAgendas,
            CoreScope::ReadMeasures => Self::ReadMeasures,
            CoreScope::UpdateMeasureStatus => Self::UpdateMeasureStatus,
            CoreScope::ManageWebhooks => Self::ManageWebhooks,
        }
    }
}

/// A key of an API client, as the admin sees it: never the key itself.
#[derive(SimpleObject, Debug, Clone)]
pub struct ApiKeyInfo {
    /// The key's visible start, `kl_<prefix>_…`, to recognise it.
    pub prefix: String,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// After a rotation: until when it still works (RFC 3339).
    pub valid_until: Option<String>,
}

/// An API client (a third-party system with anonymised, scoped access).
#[derive(SimpleObject, Debug, Clone)]
pub struct ApiClient {
    /// Id.
    pub id: ID,
    /// Name, e.g. "CRM".
    pub name: String,
    /// What it is for.
    pub description: String,
    /// What it may do.
    pub scopes: Vec<ApiScope>,
    /// Its budget of request units per minute (one per operation, one per object returned).
    pub units_per_minute: i32,
    /// The last day its keys work, if it expires.
    pub expires_on: Option<Date>,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// When it was revoked (RFC 3339); its keys no longer work.
    pub revoked_at: Option<String>,
    /// Its keys, newest first.
    pub keys: Vec<ApiKeyInfo>,
    /// Its webhooks, oldest first.
    pub webhooks: Vec<super::webhooks::Webhook>,
    /// Its trusted operations, oldest first. When there are any, the client may send only
    /// these (by text, or by `extensions.persistedQuery.sha256Hash`); anything else gets
    /// `OPERATION_NOT_ALLOWED`.
    pub operations: Vec<TrustedOperation>,
}

/// An operation an API client may send, when its operations are restricted.
#[derive(SimpleObject, Debug, Clone)]
pub struct TrustedOperation {
    /// The SHA-256 of the text, in lowercase hex: the client may send the hash alone.
    pub hash: String,
    /// A name for people, e.g. "Nieuwe klachten per week".
    pub name: String,
    /// The operation's text.
    pub document: String,
    /// When it was registered (RFC 3339).
    pub created_at: String,
}

impl From<api_client_operations::Model> for TrustedOperation {
    fn from(row: api_client_operations::Model) -> Self {
        Self {
            hash: row.hash,
            name: row.name,
            document: row.document,
            created_at: row.created_at.to_rfc3339(),
        }
    }
}

/// A client with its new key: the only time the key is shown.
#[derive(SimpleObject, Debug, Clone)]
pub struct IssuedApiKey {
    /// The client.
    pub client: ApiClient,
    /// The key, for the `Authorization: Bearer` header. Store it now: it is kept only as a hash.
    pub key: String,
}

/// A new API client.
#[derive(InputObject, Debug, Clone)]
pub struct ApiClientInput {
    /// Name, e.g. "CRM".
    pub name: String,
    /// What it is for.
    #[graphql(default)]
    pub description: String,
    /// What it may do; at least one.
    pub scopes: Vec<ApiScope>,
    /// Its budget of request units per minute, 10 to 100000.
    #[graphql(default = 600)]
    pub units_per_minute: i32,
    /// The last day its keys work; leave out for no expiry.
    pub expires_on: Option<Date>,
}

async fn client_out(db: &impl ConnectionTrait, row: api_clients::Model) -> ApiResult<ApiClient> {
    let keys = api_keys::Entity::find()
        .filter(api_keys::Column::ClientId.eq(row.id.clone()))
        .order_by_desc(api_keys::Column::CreatedAt)
        .all(db)
        .await?;
    let hooks = crate::db::entities::webhooks::Entity::find()
        .filter(crate::db::entities::webhooks::Column::ClientId.eq(row.id.clone()))
        .order_by_asc(crate::db::entities::webhooks::Column::CreatedAt)
        .all(db)
        .await?;
    let operations = api_client_operations::Entity::find()
        .filter(api_client_operations::Column::ClientId.eq(row.id.clone()))
        .order_by_asc(api_client_operations::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(ApiClient {
        operations: operations.into_iter().map(Into::into).collect(),
        webhooks: super::webhooks::hooks_out(db, hooks).await?,
        scopes: scopes_of(&row).into_iter().map(Into::into).collect(),
        id: ID(row.id),
        name: row.name,
        description: row.description,
        units_per_minute: row.units_per_minute,
        expires_on: row.expires_on.map(Date),
        created_at: row.created_at.to_rfc3339(),
        revoked_at: row.revoked_at.map(|r| r.to_rfc3339()),
        keys: keys
            .into_iter()
            .map(|k| ApiKeyInfo {
                prefix: format!("{}{}", klachten_core::integration::KEY_PREFIX, k.prefix),
                created_at: k.created_at.to_rfc3339(),
                valid_until: k.valid_until.map(|v| v.to_rfc3339()),
            })
            .collect(),
    })
}

async fn find(db: &impl ConnectionTrait, id: &str) -> ApiResult<api_clients::Model> {
    api_clients::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("API client"))
}

async fn audited(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    ctx: &Context<'_>,
    user: &users::User,
    action: audit::Named,
    client_id: &str,
) -> ApiResult<()> {
    audit::append(
        db,
        &state(ctx).audit_key,
        state(ctx).clock.now(),
        audit::Entry {
            actor: &actor_label(user),
            action: action.into(),
            complaint_id: None,
            detail: Some(format!("client:{client_id}")),
        },
    )
    .await?;
    Ok(())
}

/// API client queries (admins).
#[derive(Default)]
pub struct ClientQuery;

#[Object]
impl ClientQuery {
    /// Every API client, newest first, with its keys by prefix (admins).
    async fn api_clients(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApiClient>> {
        require_admin(ctx)?;
        let db = &state(ctx).db;
        let rows = api_clients::Entity::find()
            .order_by_desc(api_clients::Column::CreatedAt)
            .all(db)
            .await
            .map_err(ApiError::from)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(client_out(db, row).await?);
        }
        Ok(out)
    }
}

/// API client mutations (admins).
#[derive(Default)]
pub struct ClientMutation;

#[Object]
impl ClientMutation {
    /// Creates an API client and its first key, shown once in the answer (admins).
    async fn create_api_client(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Name, scopes, budget and expiry.")] input: ApiClientInput,
    ) -> async_graphql::Result<IssuedApiKey> {
        let user = require_admin(ctx)?;
        let state = state(ctx);
        let name = input.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > limits::NAME {
            let message = format!("give a name of 1 to {} characters", limits::NAME);
            return Err(ApiError::validation(message).into());
        }
        if input.scopes.is_empty() {
            return Err(ApiError::validation("give the client at least one scope").into());
        }
        if !(10..=100_000).contains(&input.units_per_minute) {
            return Err(
                ApiError::validation("unitsPerMinute must be between 10 and 100000").into(),
            );
        }
        if input.expires_on.is_some_and(|d| d.0 < state.clock.today()) {
            return Err(ApiError::validation("expiresOn must be today or later").into());
        }
        let scopes: Vec<CoreScope> = input.scopes.iter().map(|s| (*s).into()).collect();
        let id = new_id();
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let row = api_clients::ActiveModel {
            id: Set(id.clone()),
            name: Set(name),
            description: Set(input.description.trim().to_owned()),
            scopes: Set(scopes_text(&scopes)),
            units_per_minute: Set(input.units_per_minute),
            expires_on: Set(input.expires_on.map(|d| d.0)),
            created_by: Set(users::id_string(user.id)),
            created_at: Set(now),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await
        .map_err(ApiError::from)?;
        let (_, key) = issue_key(&txn, &id, now).await.map_err(ApiError::from)?;
        audited(&txn, ctx, user, audit::Named::ApiClientCreated, &id).await?;
        let client = client_out(&txn, row).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(IssuedApiKey { client, key })
    }

    /// Gives the client a new key, shown once; its current keys keep working for
    /// `overlapHours` (0 to 720), so the integration can switch without a gap (admins).
    async fn rotate_api_client_key(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The API client.")] id: ID,
        #[graphql(
            default = 24,
            desc = "How long the current keys keep working, in hours (0 to 720)."
        )]
        overlap_hours: i32,
    ) -> async_graphql::Result<IssuedApiKey> {
        let user = require_admin(ctx)?;
        let state = state(ctx);
        if !(0..=720).contains(&overlap_hours) {
            return Err(ApiError::validation("overlapHours must be between 0 and 720").into());
        }
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let row = find(&txn, &id).await?;
        if row.revoked_at.is_some() {
            return Err(ApiError::new(
                crate::error::Code::InvalidTransition,
                "this API client is revoked; create a new one",
            )
            .into());
        }
        let now = state.clock.now();
        let until = now + chrono::Duration::hours(i64::from(overlap_hours));
        let (_, key) = rotate(&txn, &row.id, now, until)
            .await
            .map_err(ApiError::from)?;
        audited(&txn, ctx, user, audit::Named::ApiKeyRotated, &row.id).await?;
        let client = client_out(&txn, row).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(IssuedApiKey { client, key })
    }

    /// Registers an operation the client may send. From its first, the client may send only
    /// its registered operations (admins).
    async fn add_api_client_operation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The API client.")] client_id: ID,
        #[graphql(desc = "A name for people, 1 to 80 characters.")] name: String,
        #[graphql(desc = "The operation's text, exactly as the client will send it.")]
        document: String,
    ) -> async_graphql::Result<TrustedOperation> {
        let user = require_admin(ctx)?;
        let state = state(ctx);
        let name = name.trim().to_owned();
        if name.is_empty() || name.chars().count() > limits::NAME {
            let message = format!("give a name of 1 to {} characters", limits::NAME);
            return Err(ApiError::validation(message).into());
        }
        if async_graphql::parser::parse_query(&document).is_err() {
            return Err(ApiError::validation("the document is not a GraphQL operation").into());
        }
        if let Err(shape) = super::guard::check(&document) {
            return Err(ApiError::validation(shape.message()).into());
        }
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let client = find(&txn, &client_id).await?;
        let hash = crate::clients::operation_hash(&document);
        let known = api_client_operations::Entity::find()
            .filter(api_client_operations::Column::ClientId.eq(client.id.clone()))
            .filter(api_client_operations::Column::Hash.eq(hash.clone()))
            .one(&txn)
            .await
            .map_err(ApiError::from)?;
        if known.is_some() {
            return Err(ApiError::validation(
                "this operation is already registered for the client",
            )
            .into());
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
        .await
        .map_err(ApiError::from)?;
        audited(&txn, ctx, user, audit::Named::ApiOperationAdded, &client.id).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(row.into())
    }

    /// Removes a registered operation; with none left the client may send any operation its
    /// scopes allow again (admins).
    async fn remove_api_client_operation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The API client.")] client_id: ID,
        #[graphql(desc = "The operation's hash.")] hash: String,
    ) -> async_graphql::Result<bool> {
        let user = require_admin(ctx)?;
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let client = find(&txn, &client_id).await?;
        let removed = api_client_operations::Entity::delete_many()
            .filter(api_client_operations::Column::ClientId.eq(client.id.clone()))
            .filter(api_client_operations::Column::Hash.eq(hash.trim().to_ascii_lowercase()))
            .exec(&txn)
            .await
            .map_err(ApiError::from)?;
        if removed.rows_affected == 0 {
            return Err(ApiError::not_found("operation").into());
        }
        audited(
            &txn,
            ctx,
            user,
            audit::Named::ApiOperationRemoved,
            &client.id,
        )
        .await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(true)
    }

    /// Revokes the client: its keys stop working at once (admins).
    async fn revoke_api_client(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The API client.")] id: ID,
    ) -> async_graphql::Result<ApiClient> {
        let user = require_admin(ctx)?;
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let row = find(&txn, &id).await?;
        let row = if row.revoked_at.is_some() {
            row
        } else {
            let mut active: api_clients::ActiveModel = row.into();
            active.revoked_at = Set(Some(state.clock.now()));
            active.update(&txn).await.map_err(ApiError::from)?
        };
        audited(&txn, ctx, user, audit::Named::ApiClientRevoked, &row.id).await?;
        let client = client_out(&txn, row).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(client)
    }
}
