//! API clients through the API (admins; `services::clients`): create one with scopes and an
//! expiry, see its keys by their prefix, rotate its key with an overlap, revoke it. Rule:
//! arguments mapped in (an operation's document checked as GraphQL here), clients mapped out.

use super::context::require_admin;
use super::context::state;
use super::ids::{id_out, typed};
use super::types::Date;
use crate::error::ApiError;
use crate::services::clients as services;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use klachten_core::integration::Scope as CoreScope;

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

impl From<services::Operation> for TrustedOperation {
    fn from(row: services::Operation) -> Self {
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

/// A client as the API shows it: its keys by prefix only.
fn client_out(client: services::ClientRead) -> ApiClient {
    let row = client.client;
    ApiClient {
        operations: client.operations.into_iter().map(Into::into).collect(),
        webhooks: client
            .hooks
            .into_iter()
            .map(super::webhooks::hook_out)
            .collect(),
        scopes: row.scopes.into_iter().map(Into::into).collect(),
        id: id_out(row.id),
        name: row.name,
        description: row.description,
        units_per_minute: row.units_per_minute,
        expires_on: row.expires_on.map(Date),
        created_at: row.created_at.to_rfc3339(),
        revoked_at: row.revoked_at.map(|r| r.to_rfc3339()),
        keys: client
            .keys
            .into_iter()
            .map(|k| ApiKeyInfo {
                prefix: format!("{}{}", klachten_core::integration::KEY_PREFIX, k.prefix),
                created_at: k.created_at.to_rfc3339(),
                valid_until: k.valid_until.map(|v| v.to_rfc3339()),
            })
            .collect(),
    }
}

/// API client queries (admins).
#[derive(Default)]
pub struct ClientQuery;

#[Object]
impl ClientQuery {
    /// Every API client, newest first, with its keys by prefix (admins).
    async fn api_clients(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApiClient>> {
        let admin = require_admin(ctx)?;
        let found = services::list(state(ctx), admin).await?;
        Ok(found.into_iter().map(client_out).collect())
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
        let admin = require_admin(ctx)?;
        let new = services::NewClient {
            name: input.name,
            description: input.description,
            scopes: input.scopes.iter().map(|s| (*s).into()).collect(),
            units_per_minute: input.units_per_minute,
            expires_on: input.expires_on.map(|d| d.0),
        };
        let (client, key) = services::create(state(ctx), admin, new).await?;
        Ok(IssuedApiKey {
            client: client_out(client),
            key,
        })
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
        let admin = require_admin(ctx)?;
        let (client, key) =
            services::rotate_key(state(ctx), admin, typed(&id)?, overlap_hours).await?;
        Ok(IssuedApiKey {
            client: client_out(client),
            key,
        })
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
        let admin = require_admin(ctx)?;
        let name = services::checked_name(&name)?;
        if async_graphql::parser::parse_query(&document).is_err() {
            return Err(ApiError::validation("the document is not a GraphQL operation").into());
        }
        if let Err(shape) = super::guard::check(&document) {
            return Err(ApiError::validation(shape.message()).into());
        }
        let client = typed(&client_id)?;
        let row = services::add_operation(state(ctx), admin, client, name, document).await?;
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
        let admin = require_admin(ctx)?;
        services::remove_operation(state(ctx), admin, typed(&client_id)?, &hash).await?;
        Ok(true)
    }

    /// Revokes the client: its keys stop working at once (admins).
    async fn revoke_api_client(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The API client.")] id: ID,
    ) -> async_graphql::Result<ApiClient> {
        let admin = require_admin(ctx)?;
        Ok(client_out(
            services::revoke(state(ctx), admin, typed(&id)?).await?,
        ))
    }
}
