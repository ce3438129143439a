//! Webhooks through the API (`services::webhooks`): an API client with the scope
//! `MANAGE_WEBHOOKS` manages its own; admins manage those of every client. Rule: arguments
//! mapped in, webhooks and deliveries mapped out.

use super::context::{Caller, MAX_PAGE, require_caller, state};
use super::ids::{id_out, typed, typed_opt};
use crate::error::{ApiError, ApiResult};
use crate::services::webhooks::{self as services, Manager};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use klachten_core::integration::{Scope, WebhookEvent as CoreEvent};

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
fn manager<'a>(ctx: &Context<'a>) -> ApiResult<Manager<'a>> {
    match require_caller(ctx, Scope::ManageWebhooks)? {
        Caller::User(user) => Manager::user(user),
        Caller::Client(client) => Ok(Manager::Client(client)),
    }
}

/// A webhook as the API shows it.
pub(super) fn hook_out(hook: services::Hook) -> Webhook {
    let row = hook.row;
    Webhook {
        failed_deliveries: i32::try_from(hook.failed).unwrap_or(i32::MAX),
        events: row.events.iter().copied().map(Into::into).collect(),
        id: id_out(row.id),
        client_id: id_out(row.client_id),
        url: row.url,
        description: row.description,
        active: row.active,
        switched_off_at: row.switched_off_at.map(|t| t.to_rfc3339()),
        created_at: row.created_at.to_rfc3339(),
        previous_secret_valid_until: row.previous_valid_until.map(|t| t.to_rfc3339()),
    }
}

/// A delivery with its attempts as the API shows it.
fn delivery_out(delivery: services::Delivery) -> WebhookDelivery {
    let row = delivery.row;
    WebhookDelivery {
        event: crate::webhooks::event_from(&row.event)
            .unwrap_or(CoreEvent::Ping)
            .into(),
        status: WebhookDeliveryStatus::from_code(&row.status),
        id: id_out(row.id),
        webhook_id: id_out(row.webhook_id),
        event_id: row.event_id,
        payload: row.payload,
        attempts: row.attempts,
        response_status: row.response_status,
        last_error: row.last_error,
        created_at: row.created_at.to_rfc3339(),
        delivered_at: row.delivered_at.map(|t| t.to_rfc3339()),
        log: delivery
            .log
            .into_iter()
            .map(|a| WebhookAttempt {
                attempt: a.attempt,
                at: a.at.to_rfc3339(),
                response_status: a.response_status,
                error: a.error,
                duration_ms: a.duration_ms,
            })
            .collect(),
    }
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
        let manager = manager(ctx)?;
        let found = services::list(state(ctx), manager, typed_opt(client_id.as_ref())?).await?;
        Ok(found.into_iter().map(hook_out).collect())
    }

    /// A webhook's delivery log, newest first, kept for 90 days.
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] webhook_id: ID,
        #[graphql(desc = "Only deliveries that stand so.")] status: Option<WebhookDeliveryStatus>,
        #[graphql(default = 20, desc = "How many, 1 to 100.")] first: i32,
    ) -> async_graphql::Result<Vec<WebhookDelivery>> {
        let manager = manager(ctx)?;
        if !(1..=MAX_PAGE).contains(&first) {
            return Err(
                ApiError::validation(format!("first must be between 1 and {MAX_PAGE}")).into(),
            );
        }
        let status = status.map(WebhookDeliveryStatus::code);
        let first = u64::try_from(first).unwrap_or(20);
        let webhook = typed(&webhook_id)?;
        let found = services::deliveries(state(ctx), manager, webhook, status, first).await?;
        Ok(found.into_iter().map(delivery_out).collect())
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
        let manager = manager(ctx)?;
        let new = services::NewHook {
            client_id: typed_opt(input.client_id.as_ref())?,
            url: input.url,
            events: input.events.into_iter().map(Into::into).collect(),
            description: input.description,
        };
        let (hook, secret) = services::create(state(ctx), manager, new).await?;
        Ok(IssuedWebhookSecret {
            webhook: hook_out(hook),
            secret,
        })
    }

    /// Changes a webhook's address, events, description or whether it is on.
    async fn update_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] id: ID,
        #[graphql(desc = "What to change.")] change: WebhookChange,
    ) -> async_graphql::Result<Webhook> {
        let manager = manager(ctx)?;
        let change = services::HookChange {
            url: change.url,
            events: change
                .events
                .map(|events| events.into_iter().map(Into::into).collect()),
            description: change.description,
            active: change.active,
        };
        Ok(hook_out(
            services::update(state(ctx), manager, typed(&id)?, change).await?,
        ))
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
        let manager = manager(ctx)?;
        let (hook, secret) =
            services::rotate_secret(state(ctx), manager, typed(&id)?, overlap_hours).await?;
        Ok(IssuedWebhookSecret {
            webhook: hook_out(hook),
            secret,
        })
    }

    /// Removes a webhook with its delivery log; deliveries not yet sent are dropped.
    async fn delete_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] id: ID,
    ) -> async_graphql::Result<bool> {
        let manager = manager(ctx)?;
        services::delete(state(ctx), manager, typed(&id)?).await?;
        Ok(true)
    }

    /// Sends the webhook a `PING` event, to test the receiver and its signature check.
    async fn ping_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] id: ID,
    ) -> async_graphql::Result<WebhookDelivery> {
        let manager = manager(ctx)?;
        Ok(delivery_out(
            services::ping(state(ctx), manager, typed(&id)?).await?,
        ))
    }

    /// Sends a delivery again, with a fresh set of attempts (after the receiver was fixed).
    async fn redeliver_webhook_delivery(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The delivery.")] id: ID,
    ) -> async_graphql::Result<WebhookDelivery> {
        let manager = manager(ctx)?;
        Ok(delivery_out(
            services::redeliver(state(ctx), manager, typed(&id)?).await?,
        ))
    }
}
