//! Webhook use cases: list, create, change, rotate the secret, delete, ping, redeliver, and the
//! delivery log. Rule: admins manage every client's webhooks, an API client with
//! `MANAGE_WEBHOOKS` only its own (another's is "not found"); a client is told only of events
//! its scopes let it read; the signing secret is sealed at rest and shown once; every change is
//! audited.

use crate::clients::Client;
use crate::db::audit;
use crate::db::clients::ApiClient;
use crate::db::webhooks::{self as stored, Attempt, Webhook};
use crate::error::{ApiError, ApiResult, Code};
use crate::state::AppState;
use crate::webhooks::{check_url, event_code, generate_secret};
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::ids::{ApiClientId, DeliveryId, WebhookId};
use klachten_core::integration::{MAX_WEBHOOKS_PER_CLIENT, WebhookEvent};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

/// Who manages webhooks.
#[derive(Clone, Copy)]
pub enum Manager<'a> {
    /// An admin: every client's.
    Admin(&'a User),
    /// An API client with `MANAGE_WEBHOOKS`: its own.
    Client(&'a Client),
}

impl<'a> Manager<'a> {
    /// `user` as a manager: admins only.
    pub fn user(user: &'a User) -> ApiResult<Self> {
        super::require(user, Capability::Administer)?;
        Ok(Self::Admin(user))
    }

    fn label(self) -> String {
        match self {
            Self::Admin(user) => audit::user_label(user.id),
            Self::Client(client) => client.label(),
        }
    }

    fn owns(self, client_id: ApiClientId) -> bool {
        match self {
            Self::Admin(_) => true,
            Self::Client(client) => client.id == client_id,
        }
    }
}

/// A webhook with the number of its deliveries that failed for good.
pub struct Hook {
    /// As stored (the secret sealed).
    pub row: Webhook,
    /// Deliveries that failed for good.
    pub failed: usize,
}

/// A delivery with its attempts.
pub struct Delivery {
    /// As stored.
    pub row: stored::Delivery,
    /// Its attempts, first first.
    pub log: Vec<Attempt>,
}

/// What a new webhook is.
pub struct NewHook {
    /// The API client it is for (an admin must say; a client may leave it out).
    pub client_id: Option<ApiClientId>,
    /// Where to post.
    pub url: String,
    /// What to post.
    pub events: Vec<WebhookEvent>,
    /// What it is for.
    pub description: String,
}

/// What to change of a webhook; what is left out stays.
pub struct HookChange {
    /// Where to post.
    pub url: Option<String>,
    /// What to post.
    pub events: Option<Vec<WebhookEvent>>,
    /// What it is for.
    pub description: Option<String>,
    /// Switch it on or off.
    pub active: Option<bool>,
}

/// The webhooks `rows`, with their failed deliveries counted in one query.
pub async fn hooks(db: &impl ConnectionTrait, rows: Vec<Webhook>) -> ApiResult<Vec<Hook>> {
    let ids: Vec<WebhookId> = rows.iter().map(|r| r.id).collect();
    let failed = stored::failed_deliveries_of(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| Hook {
            failed: failed.iter().filter(|w| **w == row.id).count(),
            row,
        })
        .collect())
}

/// The webhooks of API client `client_id`, oldest first.
pub async fn hooks_of_client(
    db: &impl ConnectionTrait,
    client_id: ApiClientId,
) -> ApiResult<Vec<Hook>> {
    let rows = stored::all(db, Some(client_id)).await?;
    hooks(db, rows).await
}

async fn hook(db: &impl ConnectionTrait, row: Webhook) -> ApiResult<Hook> {
    hooks(db, vec![row])
        .await?
        .pop()
        .ok_or_else(ApiError::unknown::<WebhookId>)
}

async fn delivery(db: &impl ConnectionTrait, row: stored::Delivery) -> ApiResult<Delivery> {
    let log = stored::attempts_of(db, row.id).await?;
    Ok(Delivery { row, log })
}

/// The webhook `id`, if `manager` may manage it (else "not found": others' ids stay unknown).
async fn find(
    db: &impl ConnectionTrait,
    manager: Manager<'_>,
    id: WebhookId,
) -> ApiResult<Webhook> {
    stored::find(db, id)
        .await?
        .filter(|w| manager.owns(w.client_id))
        .ok_or_else(ApiError::unknown::<WebhookId>)
}

async fn client_of(db: &impl ConnectionTrait, id: ApiClientId) -> ApiResult<ApiClient> {
    crate::db::clients::find(db, id)
        .await?
        .ok_or_else(ApiError::unknown::<ApiClientId>)
}

/// The events, checked: at least one, not `PING`, each readable with the client's scopes.
fn checked_events(events: &[WebhookEvent], client: &ApiClient) -> ApiResult<Vec<WebhookEvent>> {
    if events.is_empty() {
        return Err(ApiError::validation("give at least one event")
            .in_dutch("Kies minstens één gebeurtenis."));
    }
    let scopes = &client.scopes;
    for event in events {
        if *event == WebhookEvent::Ping {
            return Err(ApiError::validation(
                "PING cannot be subscribed to; pingWebhook sends one",
            )
            .in_dutch("Op PING kunt u zich niet abonneren; met ‘Test’ stuurt u er een."));
        }
        if let Some(scope) = event.scope().filter(|s| !scopes.contains(s)) {
            return Err(ApiError::new(
                Code::Forbidden,
                format!(
                    "{} needs the scope {}, which this API client lacks; an administrator can add it",
                    event_code(*event),
                    crate::db::codes::scope_code(scope)
                ),
            ));
        }
    }
    // As stored: each once, in a fixed order.
    let mut events = events.to_vec();
    events.sort();
    events.dedup();
    Ok(events)
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

fn checked_url(state: &AppState, url: &str) -> ApiResult<String> {
    check_url(url, state.config.webhook_internal_targets)
        .map(|u| u.to_string())
        .map_err(ApiError::validation)
}

async fn audited(
    txn: &DatabaseTransaction,
    state: &AppState,
    manager: Manager<'_>,
    action: audit::Named,
    webhook_id: WebhookId,
) -> ApiResult<()> {
    let entry = audit::Entry {
        actor: &manager.label(),
        action: action.into(),
        complaint_id: None,
        detail: Some(format!("webhook:{webhook_id}")),
    };
    audit::append(txn, &state.audit_key, state.clock.now(), entry).await?;
    Ok(())
}

/// The webhooks, oldest first: a client its own; an admin those of `client_id`, or all.
pub async fn list(
    state: &AppState,
    manager: Manager<'_>,
    client_id: Option<ApiClientId>,
) -> ApiResult<Vec<Hook>> {
    let only = match manager {
        Manager::Client(client) => Some(client.id),
        Manager::Admin(_) => client_id,
    };
    let rows = stored::all(&state.db, only).await?;
    hooks(&state.db, rows).await
}

/// A webhook's delivery log, newest first: at most `first`, only those standing `status`.
pub async fn deliveries(
    state: &AppState,
    manager: Manager<'_>,
    webhook_id: WebhookId,
    status: Option<&str>,
    first: u64,
) -> ApiResult<Vec<Delivery>> {
    let hook = find(&state.db, manager, webhook_id).await?;
    let mut out = Vec::new();
    for row in stored::deliveries_of(&state.db, hook.id, status, first).await? {
        out.push(delivery(&state.db, row).await?);
    }
    Ok(out)
}

/// Creates a webhook (at most [`MAX_WEBHOOKS_PER_CLIENT`] per client); returns it with its
/// signing secret, which is shown this once.
pub async fn create(
    state: &AppState,
    manager: Manager<'_>,
    new: NewHook,
) -> ApiResult<(Hook, String)> {
    let client_id = match (manager, new.client_id) {
        (Manager::Client(client), None) => client.id,
        (Manager::Client(client), Some(id)) if id == client.id => client.id,
        (Manager::Client(_), Some(_)) => return Err(ApiError::unknown::<ApiClientId>()),
        (Manager::Admin(_), Some(id)) => id,
        (Manager::Admin(_), None) => {
            return Err(
                ApiError::validation("give clientId: the API client the webhook is for")
                    .in_dutch("Kies de koppeling waarvoor de webhook is."),
            );
        }
    };
    let url = checked_url(state, &new.url)?;
    let description = checked_description(&new.description)?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let client = client_of(&txn, client_id).await?;
    if !client.usable(now) {
        return Err(ApiError::new(
            Code::InvalidTransition,
            "this API client is revoked or expired; it cannot get webhooks",
        ));
    }
    let events = checked_events(&new.events, &client)?;
    let count = stored::count_of_client(&txn, client.id).await?;
    if usize::try_from(count).unwrap_or(usize::MAX) >= MAX_WEBHOOKS_PER_CLIENT {
        return Err(ApiError::validation(format!(
            "an API client has at most {MAX_WEBHOOKS_PER_CLIENT} webhooks; remove one first"
        ))
        .in_dutch(format!(
            "Een koppeling heeft hoogstens {MAX_WEBHOOKS_PER_CLIENT} webhooks; verwijder er eerst een."
        )));
    }
    let secret = generate_secret();
    let row = Webhook {
        id: crate::db::next(),
        client_id: client.id,
        url,
        events,
        description,
        secret: crate::sealed::seal(state.config.secrets_key.as_ref(), &secret),
        previous_secret: None,
        previous_valid_until: None,
        active: true,
        switched_off_at: None,
        created_by: manager.label(),
        created_at: now,
    };
    stored::insert(&txn, &row).await?;
    audited(&txn, state, manager, audit::Named::WebhookCreated, row.id).await?;
    let hook = hook(&txn, row).await?;
    txn.commit().await?;
    Ok((hook, secret))
}

/// Changes a webhook's address, events, description or whether it is on.
pub async fn update(
    state: &AppState,
    manager: Manager<'_>,
    id: WebhookId,
    change: HookChange,
) -> ApiResult<Hook> {
    let url = change
        .url
        .as_deref()
        .map(|u| checked_url(state, u))
        .transpose()?;
    let description = change
        .description
        .as_deref()
        .map(checked_description)
        .transpose()?;
    let txn = crate::db::begin(&state.db).await?;
    let mut row = find(&txn, manager, id).await?;
    if let Some(events) = &change.events {
        let client = client_of(&txn, row.client_id).await?;
        row.events = checked_events(events, &client)?;
    }
    if let Some(url) = url {
        row.url = url;
    }
    if let Some(description) = description {
        row.description = description;
    }
    if let Some(on) = change.active {
        row.active = on;
        row.switched_off_at = None;
    }
    stored::save(&txn, &row).await?;
    audited(&txn, state, manager, audit::Named::WebhookUpdated, row.id).await?;
    let hook = hook(&txn, row).await?;
    txn.commit().await?;
    Ok(hook)
}

/// Gives a webhook a new signing secret, returned this once; the old one also signs for
/// `overlap_hours` (0 to 720).
pub async fn rotate_secret(
    state: &AppState,
    manager: Manager<'_>,
    id: WebhookId,
    overlap_hours: i32,
) -> ApiResult<(Hook, String)> {
    if !(0..=720).contains(&overlap_hours) {
        return Err(
            ApiError::validation("overlapHours must be between 0 and 720")
                .in_dutch("De overlap ligt tussen 0 en 720 uur."),
        );
    }
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let mut row = find(&txn, manager, id).await?;
    let secret = generate_secret();
    row.previous_secret = (overlap_hours > 0).then(|| row.secret.clone());
    row.previous_valid_until =
        (overlap_hours > 0).then(|| now + chrono::Duration::hours(overlap_hours.into()));
    row.secret = crate::sealed::seal(state.config.secrets_key.as_ref(), &secret);
    stored::save(&txn, &row).await?;
    audited(
        &txn,
        state,
        manager,
        audit::Named::WebhookSecretRotated,
        row.id,
    )
    .await?;
    let hook = hook(&txn, row).await?;
    txn.commit().await?;
    Ok((hook, secret))
}

/// Removes a webhook with its delivery log; deliveries not yet sent are dropped.
pub async fn delete(state: &AppState, manager: Manager<'_>, id: WebhookId) -> ApiResult<()> {
    let txn = crate::db::begin(&state.db).await?;
    let row = find(&txn, manager, id).await?;
    stored::delete(&txn, row.id).await?;
    audited(&txn, state, manager, audit::Named::WebhookDeleted, row.id).await?;
    txn.commit().await?;
    Ok(())
}

fn switched_off() -> ApiError {
    ApiError::new(
        Code::InvalidTransition,
        "the webhook is switched off; switch it on with updateWebhook first",
    )
}

/// Sends the webhook a `PING` event, to test the receiver and its signature check.
pub async fn ping(state: &AppState, manager: Manager<'_>, id: WebhookId) -> ApiResult<Delivery> {
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let row = find(&txn, manager, id).await?;
    if !row.active {
        return Err(switched_off());
    }
    let delivery_id = crate::webhooks::ping(&txn, now, &row)
        .await?
        .ok_or_else(ApiError::unknown::<DeliveryId>)?;
    audited(&txn, state, manager, audit::Named::WebhookPinged, row.id).await?;
    let sent = stored::find_delivery(&txn, delivery_id)
        .await?
        .ok_or_else(ApiError::unknown::<DeliveryId>)?;
    let out = delivery(&txn, sent).await?;
    txn.commit().await?;
    Ok(out)
}

/// Sends a delivery again, with a fresh set of attempts (after the receiver was fixed).
pub async fn redeliver(
    state: &AppState,
    manager: Manager<'_>,
    id: DeliveryId,
) -> ApiResult<Delivery> {
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let sent = stored::find_delivery(&txn, id)
        .await?
        .ok_or_else(ApiError::unknown::<DeliveryId>)?;
    let hook = find(&txn, manager, sent.webhook_id)
        .await
        .map_err(|_| ApiError::unknown::<DeliveryId>())?;
    if sent.status == "QUEUED" {
        return Err(ApiError::new(
            Code::InvalidTransition,
            "this delivery is still queued; it will be tried again by itself",
        ));
    }
    if !hook.active {
        return Err(switched_off());
    }
    crate::webhooks::redeliver(&txn, now, &sent).await?;
    audited(
        &txn,
        state,
        manager,
        audit::Named::WebhookRedelivered,
        hook.id,
    )
    .await?;
    let sent = stored::Delivery {
        status: "QUEUED".to_owned(),
        ..sent
    };
    let out = delivery(&txn, sent).await?;
    txn.commit().await?;
    Ok(out)
}
