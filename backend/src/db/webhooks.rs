//! Webhooks as stored: the subscriptions (their secrets sealed), the deliveries queued for them
//! and every attempt. Rule: the SQL of webhooks lives here; what is posted, signed and retried is
//! `crate::webhooks`, who may manage which webhook `services::webhooks`.

use super::entities::{webhook_attempts, webhook_deliveries, webhooks};
use super::ids::{stored, texts};
use chrono::{DateTime, Utc};
use klachten_core::ids::{ApiClientId, DeliveryId, WebhookId};
use klachten_core::integration::WebhookEvent;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

/// The stored code of an event (the GraphQL enum's word).
pub const fn event_code(event: WebhookEvent) -> &'static str {
    match event {
        WebhookEvent::ComplaintRegistered => "COMPLAINT_REGISTERED",
        WebhookEvent::ComplaintStatusChanged => "COMPLAINT_STATUS_CHANGED",
        WebhookEvent::ClockLate => "CLOCK_LATE",
        WebhookEvent::MeasureDone => "MEASURE_DONE",
        WebhookEvent::Ping => "PING",
    }
}

/// The event a stored code names.
pub fn event_from(code: &str) -> Option<WebhookEvent> {
    [
        WebhookEvent::ComplaintRegistered,
        WebhookEvent::ComplaintStatusChanged,
        WebhookEvent::ClockLate,
        WebhookEvent::MeasureDone,
        WebhookEvent::Ping,
    ]
    .into_iter()
    .find(|e| event_code(*e) == code)
}

/// Events as stored: comma-separated codes, in a fixed order.
fn events_text(events: &[WebhookEvent]) -> String {
    let mut events = events.to_vec();
    events.sort();
    events.dedup();
    events
        .iter()
        .map(|e| event_code(*e))
        .collect::<Vec<_>>()
        .join(",")
}

/// A webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// Id.
    pub id: WebhookId,
    /// The API client it is for.
    pub client_id: ApiClientId,
    /// Where it posts.
    pub url: String,
    /// What it posts (codes this release does not know are left out).
    pub events: Vec<WebhookEvent>,
    /// What it is for.
    pub description: String,
    /// The signing secret, sealed.
    pub secret: String,
    /// The secret before the last rotation, sealed, while it still signs.
    pub previous_secret: Option<String>,
    /// Until when the previous secret signs too.
    pub previous_valid_until: Option<DateTime<Utc>>,
    /// Whether it is on.
    pub active: bool,
    /// When it switched itself off (its receiver kept failing).
    pub switched_off_at: Option<DateTime<Utc>>,
    /// Who made it, as the audit log names them.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

fn webhook_of(row: webhooks::Model) -> Result<Webhook, DbErr> {
    Ok(Webhook {
        events: row.events.split(',').filter_map(event_from).collect(),
        id: stored(&row.id)?,
        client_id: stored(&row.client_id)?,
        url: row.url,
        description: row.description,
        secret: row.secret,
        previous_secret: row.previous_secret,
        previous_valid_until: row.previous_valid_until,
        active: row.active,
        switched_off_at: row.switched_off_at,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

fn columns(hook: &Webhook) -> webhooks::ActiveModel {
    webhooks::ActiveModel {
        id: Set(hook.id.to_string()),
        client_id: Set(hook.client_id.to_string()),
        url: Set(hook.url.clone()),
        events: Set(events_text(&hook.events)),
        description: Set(hook.description.clone()),
        secret: Set(hook.secret.clone()),
        previous_secret: Set(hook.previous_secret.clone()),
        previous_valid_until: Set(hook.previous_valid_until),
        active: Set(hook.active),
        switched_off_at: Set(hook.switched_off_at),
        created_by: Set(hook.created_by.clone()),
        created_at: Set(hook.created_at),
    }
}

/// A delivery of one event to one webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Id.
    pub id: DeliveryId,
    /// The webhook.
    pub webhook_id: WebhookId,
    /// The event's code.
    pub event: String,
    /// The event's id, the same in every delivery of it.
    pub event_id: String,
    /// The JSON body.
    pub payload: String,
    /// `QUEUED`, `DELIVERED`, `FAILED` or `CANCELLED`.
    pub status: String,
    /// Attempts made.
    pub attempts: i32,
    /// The receiver's last status code.
    pub response_status: Option<i32>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was delivered.
    pub delivered_at: Option<DateTime<Utc>>,
}

fn delivery_of(row: webhook_deliveries::Model) -> Result<Delivery, DbErr> {
    Ok(Delivery {
        id: stored(&row.id)?,
        webhook_id: stored(&row.webhook_id)?,
        event: row.event,
        event_id: row.event_id,
        payload: row.payload,
        status: row.status,
        attempts: row.attempts,
        response_status: row.response_status,
        last_error: row.last_error,
        created_at: row.created_at,
        delivered_at: row.delivered_at,
    })
}

/// One attempt at a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Its number, from 1.
    pub attempt: i32,
    /// When.
    pub at: DateTime<Utc>,
    /// The receiver's status code.
    pub response_status: Option<i32>,
    /// Why it failed.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i32,
}

/// Webhook `id`.
pub async fn find(db: &impl ConnectionTrait, id: WebhookId) -> Result<Option<Webhook>, DbErr> {
    webhooks::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .map(webhook_of)
        .transpose()
}

/// Every webhook, oldest first; only those of `client_id` when given.
pub async fn all(
    db: &impl ConnectionTrait,
    client_id: Option<ApiClientId>,
) -> Result<Vec<Webhook>, DbErr> {
    let mut query = webhooks::Entity::find().order_by_asc(webhooks::Column::CreatedAt);
    if let Some(client_id) = client_id {
        query = query.filter(webhooks::Column::ClientId.eq(client_id.to_string()));
    }
    query.all(db).await?.into_iter().map(webhook_of).collect()
}

/// How many webhooks client `client_id` has.
pub async fn count_of_client(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
) -> Result<u64, DbErr> {
    webhooks::Entity::find()
        .filter(webhooks::Column::ClientId.eq(client_id.to_string()))
        .count(db)
        .await
}

/// The active webhooks that subscribe to `event`.
pub async fn subscribed(
    db: &impl ConnectionTrait,
    event: WebhookEvent,
) -> Result<Vec<Webhook>, DbErr> {
    let all = webhooks::Entity::find()
        .filter(webhooks::Column::Active.eq(true))
        .filter(webhooks::Column::Events.contains(event_code(event)))
        .all(db)
        .await?
        .into_iter()
        .map(webhook_of)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(all
        .into_iter()
        .filter(|h| h.events.contains(&event))
        .collect())
}

/// Stores a new webhook.
pub async fn insert(db: &impl ConnectionTrait, hook: &Webhook) -> Result<(), DbErr> {
    columns(hook).insert(db).await?;
    Ok(())
}

/// Stores `hook` as it now stands.
pub async fn save(db: &impl ConnectionTrait, hook: &Webhook) -> Result<(), DbErr> {
    columns(hook).update(db).await?;
    Ok(())
}

/// Deletes webhook `id` (its deliveries go with it).
pub async fn delete(db: &impl ConnectionTrait, id: WebhookId) -> Result<(), DbErr> {
    webhooks::Entity::delete_by_id(id.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Switches webhook `id` off at `now`; false when it was off already.
pub async fn switch_off(
    db: &impl ConnectionTrait,
    id: WebhookId,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let switched = webhooks::Entity::update_many()
        .col_expr(webhooks::Column::Active, Expr::value(false))
        .col_expr(webhooks::Column::SwitchedOffAt, Expr::value(now))
        .filter(webhooks::Column::Id.eq(id.to_string()))
        .filter(webhooks::Column::Active.eq(true))
        .exec(db)
        .await?;
    Ok(switched.rows_affected == 1)
}

/// The webhook ids of every failed delivery of `ids` (one per failed delivery).
pub async fn failed_deliveries_of(
    db: &impl ConnectionTrait,
    ids: &[WebhookId],
) -> Result<Vec<WebhookId>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let failed: Vec<String> = webhook_deliveries::Entity::find()
        .select_only()
        .column(webhook_deliveries::Column::WebhookId)
        .filter(webhook_deliveries::Column::WebhookId.is_in(texts(ids)))
        .filter(webhook_deliveries::Column::Status.eq("FAILED"))
        .into_tuple()
        .all(db)
        .await?;
    failed.iter().map(|id| stored(id)).collect()
}

/// A delivery to queue.
pub struct NewDelivery<'a> {
    /// Id.
    pub id: DeliveryId,
    /// The webhook.
    pub webhook_id: WebhookId,
    /// The event.
    pub event: WebhookEvent,
    /// The event's id.
    pub event_id: &'a str,
    /// The JSON body.
    pub payload: &'a str,
    /// Queued at most once per key.
    pub dedupe: Option<String>,
}

/// Queues `delivery` at `now`; false when one with the same dedupe key exists.
pub async fn insert_delivery(
    db: &impl ConnectionTrait,
    delivery: NewDelivery<'_>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let inserted = webhook_deliveries::Entity::insert(webhook_deliveries::ActiveModel {
        id: Set(delivery.id.to_string()),
        webhook_id: Set(delivery.webhook_id.to_string()),
        event: Set(event_code(delivery.event).to_owned()),
        event_id: Set(delivery.event_id.to_owned()),
        payload: Set(delivery.payload.to_owned()),
        status: Set("QUEUED".to_owned()),
        attempts: Set(0),
        response_status: Set(None),
        last_error: Set(None),
        dedupe_key: Set(delivery.dedupe),
        created_at: Set(now),
        delivered_at: Set(None),
    })
    .on_conflict(
        OnConflict::column(webhook_deliveries::Column::DedupeKey)
            .do_nothing()
            .to_owned(),
    )
    .try_insert()
    .exec_without_returning(db)
    .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

/// Delivery `id`.
pub async fn find_delivery(
    db: &impl ConnectionTrait,
    id: DeliveryId,
) -> Result<Option<Delivery>, DbErr> {
    webhook_deliveries::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .map(delivery_of)
        .transpose()
}

/// Up to `limit` deliveries of `webhook_id`, newest first; only those standing `status` when
/// given.
pub async fn deliveries_of(
    db: &impl ConnectionTrait,
    webhook_id: WebhookId,
    status: Option<&str>,
    limit: u64,
) -> Result<Vec<Delivery>, DbErr> {
    let mut query = webhook_deliveries::Entity::find()
        .filter(webhook_deliveries::Column::WebhookId.eq(webhook_id.to_string()))
        .order_by_desc(webhook_deliveries::Column::CreatedAt)
        .order_by_desc(webhook_deliveries::Column::Id)
        .limit(limit);
    if let Some(status) = status {
        query = query.filter(webhook_deliveries::Column::Status.eq(status));
    }
    query.all(db).await?.into_iter().map(delivery_of).collect()
}

/// The status and moment of the last `limit` deliveries of `webhook_id` that ended (delivered
/// or failed), newest first.
pub async fn ended_deliveries(
    db: &impl ConnectionTrait,
    webhook_id: WebhookId,
    limit: u64,
) -> Result<Vec<(String, DateTime<Utc>)>, DbErr> {
    webhook_deliveries::Entity::find()
        .select_only()
        .column(webhook_deliveries::Column::Status)
        .column(webhook_deliveries::Column::CreatedAt)
        .filter(webhook_deliveries::Column::WebhookId.eq(webhook_id.to_string()))
        .filter(webhook_deliveries::Column::Status.is_in(["DELIVERED", "FAILED"]))
        .order_by_desc(webhook_deliveries::Column::CreatedAt)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Stores `delivery`'s status, attempts, response and delivery moment as they now stand.
pub async fn save_delivery(db: &impl ConnectionTrait, delivery: &Delivery) -> Result<(), DbErr> {
    webhook_deliveries::ActiveModel {
        id: Set(delivery.id.to_string()),
        status: Set(delivery.status.clone()),
        attempts: Set(delivery.attempts),
        response_status: Set(delivery.response_status),
        last_error: Set(delivery.last_error.clone()),
        delivered_at: Set(delivery.delivered_at),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Puts delivery `id` back in the queue.
pub async fn requeue(db: &impl ConnectionTrait, id: DeliveryId) -> Result<(), DbErr> {
    webhook_deliveries::Entity::update_many()
        .col_expr(webhook_deliveries::Column::Status, Expr::value("QUEUED"))
        .filter(webhook_deliveries::Column::Id.eq(id.to_string()))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes the deliveries that ended before `before`. Returns how many went.
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let removed = webhook_deliveries::Entity::delete_many()
        .filter(webhook_deliveries::Column::CreatedAt.lt(before))
        .filter(webhook_deliveries::Column::Status.ne("QUEUED"))
        .exec(db)
        .await?;
    Ok(removed.rows_affected)
}

/// The attempts at delivery `delivery_id`, first first.
pub async fn attempts_of(
    db: &impl ConnectionTrait,
    delivery_id: DeliveryId,
) -> Result<Vec<Attempt>, DbErr> {
    Ok(webhook_attempts::Entity::find()
        .filter(webhook_attempts::Column::DeliveryId.eq(delivery_id.to_string()))
        .order_by_asc(webhook_attempts::Column::Attempt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| Attempt {
            attempt: a.attempt,
            at: a.at,
            response_status: a.response_status,
            error: a.error,
            duration_ms: a.duration_ms,
        })
        .collect())
}

/// Logs `attempt` at delivery `delivery_id`.
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    delivery_id: DeliveryId,
    attempt: Attempt,
) -> Result<(), DbErr> {
    webhook_attempts::ActiveModel {
        id: Set(super::new_id()),
        delivery_id: Set(delivery_id.to_string()),
        attempt: Set(attempt.attempt),
        at: Set(attempt.at),
        response_status: Set(attempt.response_status),
        error: Set(attempt.error),
        duration_ms: Set(attempt.duration_ms),
    }
    .insert(db)
    .await?;
    Ok(())
}
