//! Webhooks through the API: an API client with the scope `MANAGE_WEBHOOKS` manages its own;
//! admins manage those of every client. The secret is shown once, when made or rotated.

use super::context::{Caller, require_caller, state};
use crate::clients::{scopes_of, usable};
use crate::db::entities::{api_clients, webhook_attempts, webhook_deliveries, webhooks};
use crate::db::{audit, new_id};
use crate::error::{ApiError, ApiResult, Code};
use crate::webhooks::{check_url, event_code, events_of, events_text, generate_secret};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use klachten_core::actor::Role;
use klachten_core::integration::{MAX_WEBHOOKS_PER_CLIENT, Scope, WebhookEvent as CoreEvent};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// An event a webhook is told of.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookEvent {
    /// A complaint was registered (needs `READ_COMPLAINTS`).
    ComplaintRegistered,
    /// A complaint moved to another status; the payload has the old one too (needs
    /// `READ_COMPLAINTS`).
    ComplaintStatusChanged,
    /// A clock ran out (termijn verstreken), found by the daily scan; once per clock and due
    /// date (needs `READ_COMPLAINTS`).
    ClockLate,
    /// A measure or improvement proposal was finished (gereed) (needs `READ_MEASURES`).
    MeasureDone,
    /// A test delivery (`pingWebhook`); cannot be subscribed to.
    Ping,
}

impl From<WebhookEvent> for CoreEvent {
    fn from(e: WebhookEvent) -> Self {
        match e {
            WebhookEvent::ComplaintRegistered => Self::ComplaintRegistered,
            WebhookEvent::ComplaintStatusChanged => Self::ComplaintStatusChanged,
            WebhookEvent::ClockLate => Self::ClockLate,
            WebhookEvent::MeasureDone => Self::MeasureDone,
            WebhookEvent::Ping => Self::Ping,
        }
    }
}

impl From<CoreEvent> for WebhookEvent {
    fn from(e: CoreEvent) -> Self {
        match e {
            CoreEvent::ComplaintRegistered => Self::ComplaintRegistered,
            CoreEvent::ComplaintStatusChanged => Self::ComplaintStatusChanged,
            CoreEvent::ClockLate => Self::ClockLate,
            CoreEvent::MeasureDone => Self::MeasureDone,
            CoreEvent::Ping => Self::Ping,
        }
    }
}

/// Where a delivery stands.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookDeliveryStatus {
    /// Waiting for its first or next attempt.
    Queued,
    /// The receiver answered with a 2xx status.
    Delivered,
    /// Every attempt failed, or the address may not be reached; `redeliverWebhookDelivery`
    /// tries again.
    Failed,
    /// Not sent: the webhook was switched off or its client lost access first.
    Cancelled,
}

impl WebhookDeliveryStatus {
    const fn code(self) -> &'static str {
        match self {
            Self::Queued => "QUEUED",
            Self::Delivered => "DELIVERED",
            Self::Failed => "FAILED",
            Self::Cancelled => "CANCELLED",
        }
    }

    fn from_code(code: &str) -> Self {
        [Self::Queued, Self::Delivered, Self::Failed, Self::Cancelled]
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or(Self::Failed)
    }
}

/// A webhook: where an API client is told of events.
#[derive(SimpleObject, Debug, Clone)]
pub struct Webhook {
    /// Id.
    pub id: ID,
    /// The API client it belongs to.
    pub client_id: ID,
    /// Where events are posted.
    pub url: String,
    /// The events it is told of.
    pub events: Vec<WebhookEvent>,
    /// What it is for.
    pub description: String,
    /// Whether events are sent; a switched-off webhook is kept with its log.
    pub active: bool,
    /// When it switched itself off because its receiver kept failing (at least 5 deliveries in
    /// a row failed for good, the first 3 or more days before; RFC 3339). The admins were
    /// mailed. Null otherwise; switching it on again clears it.
    pub switched_off_at: Option<String>,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// After a rotation: until when the old secret also signs (RFC 3339).
    pub previous_secret_valid_until: Option<String>,
    /// Deliveries in the log (90 days) that failed for good: the receiver needs attention.
    pub failed_deliveries: i32,
}

/// A webhook with its new signing secret: the only time the secret is shown.
#[derive(SimpleObject, Debug, Clone)]
pub struct IssuedWebhookSecret {
    /// The webhook.
    pub webhook: Webhook,
    /// The secret that signs its deliveries (`Klachten-Signature`). Store it now.
    pub secret: String,
}

/// One attempt at a delivery.
#[derive(SimpleObject, Debug, Clone)]
pub struct WebhookAttempt {
    /// Attempt number, from 1.
    pub attempt: i32,
    /// When (RFC 3339).
    pub at: String,
    /// The receiver's HTTP status, if it answered.
    pub response_status: Option<i32>,
    /// Why it failed: `HTTP_4XX`, `HTTP_5XX`, `HTTP_3XX` (redirects are not followed),
    /// `TIMEOUT` (10 s), `UNREACHABLE` or `INTERNAL_TARGET` (the address is not allowed).
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    pub duration_ms: i32,
}

/// One event for one webhook, and how its delivery went.
#[derive(SimpleObject, Debug, Clone)]
pub struct WebhookDelivery {
    /// Id; sent as the `Klachten-Delivery` header.
    pub id: ID,
    /// The webhook.
    pub webhook_id: ID,
    /// The event.
    pub event: WebhookEvent,
    /// The event's id (the payload's `id`): the same for every webhook told of it, and for
    /// every attempt, so a receiver can ignore repeats.
    pub event_id: String,
    /// The JSON body as sent (anonymised).
    pub payload: String,
    /// Where it stands.
    pub status: WebhookDeliveryStatus,
    /// Attempts so far.
    pub attempts: i32,
    /// The last HTTP status the receiver gave.
    pub response_status: Option<i32>,
    /// Why the last attempt failed (see `WebhookAttempt.error`).
    pub last_error: Option<String>,
    /// When the event happened (RFC 3339).
    pub created_at: String,
    /// When it was delivered (RFC 3339).
    pub delivered_at: Option<String>,
    /// Every attempt, first to last.
    pub log: Vec<WebhookAttempt>,
}

/// A new webhook.
#[derive(InputObject, Debug, Clone)]
pub struct WebhookInput {
    /// The API client it is for: admins give it; an API client leaves it out (its own).
    pub client_id: Option<ID>,
    /// Where to post: `https://…` (plain `http` and internal addresses only where the server
    /// allows them).
    pub url: String,
    /// The events to be told of; at least one; not `PING`.
    pub events: Vec<WebhookEvent>,
    /// What it is for.
    #[graphql(default)]
    pub description: String,
}

/// A change to a webhook; what is left out stays.
#[derive(InputObject, Debug, Clone)]
pub struct WebhookChange {
    /// Where to post.
    pub url: Option<String>,
    /// The events to be told of.
    pub events: Option<Vec<WebhookEvent>>,
    /// What it is for.
    pub description: Option<String>,
    /// Switch it on or off.
    pub active: Option<bool>,
}

/// Who manages webhooks: admins every client's, an API client with `MANAGE_WEBHOOKS` its own.
fn manager<'a>(ctx: &Context<'a>) -> ApiResult<Caller<'a>> {
    let caller = require_caller(ctx, Scope::ManageWebhooks)?;
    match caller {
        Caller::User(user) if !user.roles.contains(&Role::Admin) => Err(ApiError::forbidden()),
        _ => Ok(caller),
    }
}

/// May `caller` manage the webhooks of `client_id`?
fn owns(caller: Caller<'_>, client_id: &str) -> bool {
    match caller {
        Caller::User(_) => true,
        Caller::Client(client) => client.id == client_id,
    }
}

/// The webhooks as the API shows them, with their failed deliveries counted in one query.
pub(super) async fn hooks_out(
    db: &impl ConnectionTrait,
    rows: Vec<webhooks::Model>,
) -> ApiResult<Vec<Webhook>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let failed: Vec<String> = if ids.is_empty() {
        Vec::new()
    } else {
        webhook_deliveries::Entity::find()
            .select_only()
            .column(webhook_deliveries::Column::WebhookId)
            .filter(webhook_deliveries::Column::WebhookId.is_in(ids))
            .filter(webhook_deliveries::Column::Status.eq(WebhookDeliveryStatus::Failed.code()))
            .into_tuple()
            .all(db)
            .await?
    };
    Ok(rows
        .into_iter()
        .map(|row| Webhook {
            failed_deliveries: i32::try_from(failed.iter().filter(|w| **w == row.id).count())
                .unwrap_or(i32::MAX),
            events: events_of(&row).into_iter().map(Into::into).collect(),
            id: ID(row.id),
            client_id: ID(row.client_id),
            url: row.url,
            description: row.description,
            active: row.active,
            switched_off_at: row.switched_off_at.map(|t| t.to_rfc3339()),
            created_at: row.created_at.to_rfc3339(),
            previous_secret_valid_until: row.previous_valid_until.map(|t| t.to_rfc3339()),
        })
        .collect())
}

async fn hook_out(db: &impl ConnectionTrait, row: webhooks::Model) -> ApiResult<Webhook> {
    hooks_out(db, vec![row])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("webhook"))
}

async fn delivery_out(
    db: &impl ConnectionTrait,
    row: webhook_deliveries::Model,
) -> ApiResult<WebhookDelivery> {
    let log = webhook_attempts::Entity::find()
        .filter(webhook_attempts::Column::DeliveryId.eq(row.id.clone()))
        .order_by_asc(webhook_attempts::Column::Attempt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| WebhookAttempt {
            attempt: a.attempt,
            at: a.at.to_rfc3339(),
            response_status: a.response_status,
            error: a.error,
            duration_ms: a.duration_ms,
        })
        .collect();
    Ok(WebhookDelivery {
        event: crate::webhooks::event_from(&row.event)
            .unwrap_or(CoreEvent::Ping)
            .into(),
        status: WebhookDeliveryStatus::from_code(&row.status),
        id: ID(row.id),
        webhook_id: ID(row.webhook_id),
        event_id: row.event_id,
        payload: row.payload,
        attempts: row.attempts,
        response_status: row.response_status,
        last_error: row.last_error,
        created_at: row.created_at.to_rfc3339(),
        delivered_at: row.delivered_at.map(|t| t.to_rfc3339()),
        log,
    })
}

/// The webhook `id`, if `caller` may manage it (else "not found": others' ids stay unknown).
async fn find(
    db: &impl ConnectionTrait,
    caller: Caller<'_>,
    id: &str,
) -> ApiResult<webhooks::Model> {
    webhooks::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .filter(|w| owns(caller, &w.client_id))
        .ok_or_else(|| ApiError::not_found("webhook"))
}

/// The events, checked: at least one, not `PING`, each readable with the client's scopes.
fn checked_events(
    events: &[WebhookEvent],
    client: &api_clients::Model,
) -> ApiResult<Vec<CoreEvent>> {
    if events.is_empty() {
        return Err(ApiError::validation("give at least one event"));
    }
    let scopes = scopes_of(client);
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        let event = CoreEvent::from(*event);
        if event == CoreEvent::Ping {
            return Err(ApiError::validation(
                "PING cannot be subscribed to; pingWebhook sends one",
            ));
        }
        if let Some(scope) = event.scope().filter(|s| !scopes.contains(s)) {
            return Err(ApiError::new(
                Code::Forbidden,
                format!(
                    "{} needs the scope {}, which this API client lacks; an administrator can add it",
                    event_code(event),
                    crate::db::codes::scope_code(scope)
                ),
            ));
        }
        out.push(event);
    }
    Ok(out)
}

fn checked_description(text: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.chars().count() > klachten_core::limits::LABEL {
        return Err(ApiError::too_long(
            "the description",
            klachten_core::limits::LABEL,
        ));
    }
    Ok(text.to_owned())
}

fn checked_url(ctx: &Context<'_>, url: &str) -> ApiResult<String> {
    check_url(url, state(ctx).config.webhook_internal_targets)
        .map(|u| u.to_string())
        .map_err(ApiError::validation)
}

async fn audited(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    ctx: &Context<'_>,
    caller: Caller<'_>,
    action: audit::Named,
    webhook_id: &str,
) -> ApiResult<()> {
    audit::append(
        db,
        &state(ctx).audit_key,
        state(ctx).clock.now(),
        audit::Entry {
            actor: &caller.label(),
            action: action.into(),
            complaint_id: None,
            detail: Some(format!("webhook:{webhook_id}")),
        },
    )
    .await?;
    Ok(())
}

async fn client_of(db: &impl ConnectionTrait, id: &str) -> ApiResult<api_clients::Model> {
    api_clients::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("API client"))
}

/// Webhook queries (admins; API clients with `MANAGE_WEBHOOKS`, their own).
#[derive(Default)]
pub struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// The webhooks, oldest first: an API client its own; an admin those of `clientId`, or
    /// every client's.
    async fn webhooks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this API client's (admins).")] client_id: Option<ID>,
    ) -> async_graphql::Result<Vec<Webhook>> {
        let caller = manager(ctx)?;
        let mut query = webhooks::Entity::find().order_by_asc(webhooks::Column::CreatedAt);
        let only = match caller {
            Caller::Client(client) => Some(client.id.clone()),
            Caller::User(_) => client_id.map(|c| c.0),
        };
        if let Some(only) = only {
            query = query.filter(webhooks::Column::ClientId.eq(only));
        }
        let db = &state(ctx).db;
        let rows = query.all(db).await.map_err(ApiError::from)?;
        Ok(hooks_out(db, rows).await?)
    }

    /// A webhook's delivery log, newest first, kept for 90 days.
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] webhook_id: ID,
        #[graphql(desc = "Only deliveries that stand so.")] status: Option<WebhookDeliveryStatus>,
        #[graphql(default = 20, desc = "How many, 1 to 100.")] first: i32,
    ) -> async_graphql::Result<Vec<WebhookDelivery>> {
        let caller = manager(ctx)?;
        if !(1..=super::context::MAX_PAGE).contains(&first) {
            return Err(ApiError::validation(format!(
                "first must be between 1 and {}",
                super::context::MAX_PAGE
            ))
            .into());
        }
        let db = &state(ctx).db;
        let hook = find(db, caller, &webhook_id).await?;
        let mut query = webhook_deliveries::Entity::find()
            .filter(webhook_deliveries::Column::WebhookId.eq(hook.id))
            .order_by_desc(webhook_deliveries::Column::CreatedAt)
            .order_by_desc(webhook_deliveries::Column::Id)
            .limit(u64::try_from(first).unwrap_or(20));
        if let Some(status) = status {
            query = query.filter(webhook_deliveries::Column::Status.eq(status.code()));
        }
        let rows = query.all(db).await.map_err(ApiError::from)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(delivery_out(db, row).await?);
        }
        Ok(out)
    }
}

/// Webhook mutations (admins; API clients with `MANAGE_WEBHOOKS`, their own).
#[derive(Default)]
pub struct WebhookMutation;

#[Object]
impl WebhookMutation {
    /// Creates a webhook; its signing secret is shown once, in the answer. At most 10 per
    /// client.
    async fn create_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Where to post which events.")] input: WebhookInput,
    ) -> async_graphql::Result<IssuedWebhookSecret> {
        let caller = manager(ctx)?;
        let state = state(ctx);
        let client_id = match (caller, &input.client_id) {
            (Caller::Client(client), None) => client.id.clone(),
            (Caller::Client(client), Some(id)) if id.0 == client.id => client.id.clone(),
            (Caller::Client(_), Some(_)) => {
                return Err(ApiError::not_found("API client").into());
            }
            (Caller::User(_), Some(id)) => id.0.clone(),
            (Caller::User(_), None) => {
                return Err(ApiError::validation(
                    "give clientId: the API client the webhook is for",
                )
                .into());
            }
        };
        let url = checked_url(ctx, &input.url)?;
        let description = checked_description(&input.description)?;
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let client = client_of(&txn, &client_id).await?;
        if !usable(&client, now) {
            return Err(ApiError::new(
                Code::InvalidTransition,
                "this API client is revoked or expired; it cannot get webhooks",
            )
            .into());
        }
        let events = checked_events(&input.events, &client)?;
        let count = webhooks::Entity::find()
            .filter(webhooks::Column::ClientId.eq(client.id.clone()))
            .count(&txn)
            .await
            .map_err(ApiError::from)?;
        if usize::try_from(count).unwrap_or(usize::MAX) >= MAX_WEBHOOKS_PER_CLIENT {
            return Err(ApiError::validation(format!(
                "an API client has at most {MAX_WEBHOOKS_PER_CLIENT} webhooks; remove one first"
            ))
            .into());
        }
        let secret = generate_secret();
        let row = webhooks::ActiveModel {
            id: Set(new_id()),
            client_id: Set(client.id),
            url: Set(url),
            events: Set(events_text(&events)),
            description: Set(description),
            secret: Set(crate::sealed::seal(
                state.config.secrets_key.as_ref(),
                &secret,
            )),
            previous_secret: Set(None),
            previous_valid_until: Set(None),
            active: Set(true),
            switched_off_at: Set(None),
            created_by: Set(caller.label()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(ApiError::from)?;
        audited(&txn, ctx, caller, audit::Named::WebhookCreated, &row.id).await?;
        let webhook = hook_out(&txn, row).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(IssuedWebhookSecret { webhook, secret })
    }

    /// Changes a webhook's address, events, description or whether it is on.
    async fn update_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] id: ID,
        #[graphql(desc = "What to change.")] change: WebhookChange,
    ) -> async_graphql::Result<Webhook> {
        let caller = manager(ctx)?;
        let state = state(ctx);
        let url = change
            .url
            .as_deref()
            .map(|u| checked_url(ctx, u))
            .transpose()?;
        let description = change
            .description
            .as_deref()
            .map(checked_description)
            .transpose()?;
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let row = find(&txn, caller, &id).await?;
        let mut active: webhooks::ActiveModel = row.clone().into();
        if let Some(events) = &change.events {
            let client = client_of(&txn, &row.client_id).await?;
            active.events = Set(events_text(&checked_events(events, &client)?));
        }
        if let Some(url) = url {
            active.url = Set(url);
        }
        if let Some(description) = description {
            active.description = Set(description);
        }
        if let Some(on) = change.active {
            active.active = Set(on);
            active.switched_off_at = Set(None);
        }
        let row = active.update(&txn).await.map_err(ApiError::from)?;
        audited(&txn, ctx, caller, audit::Named::WebhookUpdated, &row.id).await?;
        let webhook = hook_out(&txn, row).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(webhook)
    }

    /// Gives a webhook a new signing secret, shown once; the old one also signs for
    /// `overlapHours` (0 to 720), so the receiver can switch without missing an event.
    async fn rotate_webhook_secret(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] id: ID,
        #[graphql(
            default = 24,
            desc = "How long the old secret also signs, in hours (0 to 720)."
        )]
        overlap_hours: i32,
    ) -> async_graphql::Result<IssuedWebhookSecret> {
        let caller = manager(ctx)?;
        if !(0..=720).contains(&overlap_hours) {
            return Err(ApiError::validation("overlapHours must be between 0 and 720").into());
        }
        let state = state(ctx);
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let row = find(&txn, caller, &id).await?;
        let secret = generate_secret();
        let mut active: webhooks::ActiveModel = row.clone().into();
        active.previous_secret = Set((overlap_hours > 0).then(|| row.secret.clone()));
        active.previous_valid_until =
            Set((overlap_hours > 0).then(|| now + chrono::Duration::hours(overlap_hours.into())));
        active.secret = Set(crate::sealed::seal(
            state.config.secrets_key.as_ref(),
            &secret,
        ));
        let row = active.update(&txn).await.map_err(ApiError::from)?;
        audited(
            &txn,
            ctx,
            caller,
            audit::Named::WebhookSecretRotated,
            &row.id,
        )
        .await?;
        let webhook = hook_out(&txn, row).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(IssuedWebhookSecret { webhook, secret })
    }

    /// Removes a webhook with its delivery log; deliveries not yet sent are dropped.
    async fn delete_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let caller = manager(ctx)?;
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let row = find(&txn, caller, &id).await?;
        webhooks::Entity::delete_by_id(row.id.clone())
            .exec(&txn)
            .await
            .map_err(ApiError::from)?;
        audited(&txn, ctx, caller, audit::Named::WebhookDeleted, &row.id).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(true)
    }

    /// Sends the webhook a `PING` event, to test the receiver and its signature check.
    async fn ping_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] id: ID,
    ) -> async_graphql::Result<WebhookDelivery> {
        let caller = manager(ctx)?;
        let state = state(ctx);
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let row = find(&txn, caller, &id).await?;
        if !row.active {
            return Err(ApiError::new(
                Code::InvalidTransition,
                "the webhook is switched off; switch it on with updateWebhook first",
            )
            .into());
        }
        let delivery_id = crate::webhooks::ping(&txn, now, &row)
            .await
            .map_err(ApiError::from)?;
        audited(&txn, ctx, caller, audit::Named::WebhookPinged, &row.id).await?;
        let delivery = webhook_deliveries::Entity::find_by_id(delivery_id)
            .one(&txn)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("delivery"))?;
        let out = delivery_out(&txn, delivery).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(out)
    }

    /// Sends a delivery again, with a fresh set of attempts (after the receiver was fixed).
    async fn redeliver_webhook_delivery(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The delivery.")] id: ID,
    ) -> async_graphql::Result<WebhookDelivery> {
        let caller = manager(ctx)?;
        let state = state(ctx);
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let delivery = webhook_deliveries::Entity::find_by_id(id.0.clone())
            .one(&txn)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("delivery"))?;
        let hook = find(&txn, caller, &delivery.webhook_id)
            .await
            .map_err(|_| ApiError::not_found("delivery"))?;
        if delivery.status == "QUEUED" {
            return Err(ApiError::new(
                Code::InvalidTransition,
                "this delivery is still queued; it will be tried again by itself",
            )
            .into());
        }
        if !hook.active {
            return Err(ApiError::new(
                Code::InvalidTransition,
                "the webhook is switched off; switch it on with updateWebhook first",
            )
            .into());
        }
        crate::webhooks::redeliver(&txn, now, &delivery)
            .await
            .map_err(ApiError::from)?;
        audited(
            &txn,
            ctx,
            caller,
            audit::Named::WebhookRedelivered,
            &hook.id,
        )
        .await?;
        let delivery = webhook_deliveries::Model {
            status: "QUEUED".to_owned(),
            ..delivery
        };
        let out = delivery_out(&txn, delivery).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(out)
    }
}
