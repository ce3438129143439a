//! Webhooks: an API client is told of events (a complaint registered, a status changed, a clock
//! ran out, a measure finished) by a signed JSON POST to an address it chose.
//!
//! Rules:
//! - An event is queued with the change that causes it, in the same transaction, one delivery
//!   per subscribed webhook; a job posts it, never the request. A failed post is retried
//!   (1, 5 and 30 minutes, then every 2 hours, 8 attempts), and every attempt is logged.
//! - The payload is built from the anonymised projection (`policy::anonymise`) and shows only
//!   codes and the month of receipt: what the client could read with its key, never more.
//!   A client is told of an event only while it holds the read scope of its payload.
//! - The body is signed with HMAC-SHA256 over `<timestamp>.<body>` with the webhook's secret
//!   (`Klachten-Signature: t=<timestamp>,v1=<hex>`); after a rotation the old secret signs too,
//!   for the overlap the admin chose.
//! - A webhook never reaches this machine or the private network unless the operator allows it
//!   (`KLACHTEN_WEBHOOK_INTERNAL_TARGETS`): the addresses a name resolves to are checked when
//!   connecting, so a name that later points inside is refused too. Redirects are not followed.

use crate::config::Config;
use crate::db::audit::Named;
use crate::db::codes::{category_code, channel_code, ground_code, status_code};
use crate::db::jobs;
use crate::db::random_id;
use crate::db::webhooks::{self as stored, Attempt, Delivery, NewDelivery, Webhook};
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use klachten_core::complaint::Status;
use klachten_core::ids::{ApiClientId, DeliveryId};
use klachten_core::integration::{
    EndedDelivery, WebhookEvent, internal_address, signature_header, switch_off_due,
};
use klachten_core::policy::{AnonymisedComplaint, YearMonth};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;

/// Attempts per delivery before it fails for good.
pub const MAX_ATTEMPTS: i32 = 8;

/// How long the delivery log is kept.
pub const LOG_DAYS: i64 = 90;

pub use crate::db::webhooks::{event_code, event_from};

/// A new webhook secret: `whsec_` and 32 random bytes in hex.
pub fn generate_secret() -> String {
    let bytes: [u8; 16] = uuid::Uuid::new_v4().into_bytes();
    let more: [u8; 16] = uuid::Uuid::new_v4().into_bytes();
    format!("whsec_{}{}", hex::encode(bytes), hex::encode(more))
}

/// The HMAC-SHA256 of `content` under `secret`, in hex.
pub fn sign(secret: &str, content: &str) -> String {
    #[expect(
        clippy::expect_used,
        reason = "HMAC accepts a key of any length; this cannot fail"
    )]
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(content.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Why a webhook address is refused, said so the person who gave it can fix it.
pub fn check_url(url: &str, internal_allowed: bool) -> Result<reqwest::Url, String> {
    let url = url.trim();
    if url.len() > 2000 {
        return Err("the URL is longer than 2000 characters".to_owned());
    }
    let parsed = reqwest::Url::parse(url).map_err(|_| {
        "the URL cannot be read; give a full address such as https://example.nl/hooks/klachten"
            .to_owned()
    })?;
    match parsed.scheme() {
        "https" => {}
        "http" if internal_allowed => {}
        _ => return Err("the URL must start with https://".to_owned()),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(
            "the URL may not hold a user name or password; the signature proves who sends"
                .to_owned(),
        );
    }
    if parsed.fragment().is_some() {
        return Err("the URL may not have a #fragment".to_owned());
    }
    let internal = match parsed.host() {
        None => return Err("the URL has no host".to_owned()),
        Some(url::Host::Ipv4(ip)) => internal_address(ip.into()),
        Some(url::Host::Ipv6(ip)) => internal_address(ip.into()),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost") || name.ends_with(".internal")
        }
    };
    if internal && !internal_allowed {
        return Err(
            "the URL points at this server or a private network; give a public address".to_owned(),
        );
    }
    Ok(parsed)
}

/// Posts deliveries: one HTTP client for the whole server.
pub struct Sender {
    http: reqwest::Client,
}

/// The error a connection gets when every address of a name is internal.
#[derive(Debug, thiserror::Error)]
#[error("the address is internal")]
struct Internal;

/// Resolves names and drops internal addresses (unless allowed), so the address checked is
/// the address connected to.
struct Guarded {
    internal_allowed: bool,
}

impl reqwest::dns::Resolve for Guarded {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let internal_allowed = self.internal_allowed;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| internal_allowed || !internal_address(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(Internal) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

impl Sender {
    /// The sender; `internal_allowed` lets webhooks reach this machine and private networks.
    pub fn new(internal_allowed: bool) -> Result<Self, String> {
        // rustls needs one process-wide crypto provider; another part may have installed it.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .user_agent(concat!("Klachten-Webhooks/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(Guarded { internal_allowed }))
            .build()
            .map_err(|_| "the HTTP client for webhooks cannot be built".to_owned())?;
        Ok(Self { http })
    }
}

/// An event to tell the subscribed webhooks of.
pub struct Event {
    /// What happened.
    pub kind: WebhookEvent,
    /// What about (anonymised).
    pub data: Value,
    /// Told at most once per webhook and key (a late clock per due date).
    pub dedupe: Option<String>,
}

/// The anonymised complaint as an event shows it: codes and the month of receipt only.
pub fn complaint_data(view: &AnonymisedComplaint) -> Value {
    json!({
        "id": view.id.to_string(),
        "reference": view.reference.to_string(),
        "status": status_code(view.status),
        "channel": channel_code(view.channel),
        "category": category_code(view.category),
        "receivedMonth": view.received_month.to_string(),
        "declineGround": view.decline_ground.map(ground_code),
    })
}

/// `COMPLAINT_REGISTERED`.
pub fn registered(view: &AnonymisedComplaint) -> Event {
    Event {
        kind: WebhookEvent::ComplaintRegistered,
        data: json!({ "complaint": complaint_data(view) }),
        dedupe: None,
    }
}

/// `COMPLAINT_STATUS_CHANGED`, from `previous` to the view's status.
pub fn status_changed(view: &AnonymisedComplaint, previous: Status) -> Event {
    Event {
        kind: WebhookEvent::ComplaintStatusChanged,
        data: json!({
            "complaint": complaint_data(view),
            "previousStatus": status_code(previous),
        }),
        dedupe: None,
    }
}

/// `CLOCK_LATE`: `clock` is the field name of the clock in the API (`acknowledgement`,
/// `firstContact`, `resolution`, `privacyResolution`). Its due date is not shown (anonymised
/// views show no day), but it keys the event: told once per clock and due date.
pub fn clock_late(view: &AnonymisedComplaint, clock: &str, due_on: chrono::NaiveDate) -> Event {
    let id = view.id.to_string();
    Event {
        kind: WebhookEvent::ClockLate,
        data: json!({ "complaint": complaint_data(view), "clock": clock }),
        dedupe: Some(format!("CLOCK_LATE:{id}:{clock}:{due_on}")),
    }
}

/// `MEASURE_DONE`: the measure by its codes (its description is read through the API,
/// redacted).
pub fn measure_done(stored: &crate::db::measures::StoredMeasure) -> Event {
    let measure = &stored.measure;
    Event {
        kind: WebhookEvent::MeasureDone,
        data: json!({
            "measure": {
                "id": stored.id,
                "kind": crate::db::codes::measure_kind_code(measure.kind),
                "status": crate::db::codes::measure_status_code(measure.status),
                "dueMonth": YearMonth::of(measure.due_on).to_string(),
                "complaintId": stored.complaint_id,
            }
        }),
        dedupe: None,
    }
}

/// The JSON body of an event. Like every anonymised view it dates by the month (Europe/
/// Amsterdam); its id is random, so it carries no moment either.
fn body(event_id: &str, kind: WebhookEvent, now: DateTime<Utc>, data: &Value) -> String {
    json!({
        "id": event_id,
        "event": event_code(kind),
        "occurredMonth": YearMonth::of(klachten_core::time::amsterdam_date(now)).to_string(),
        "data": data,
    })
    .to_string()
}

/// Queues `event` for every active webhook that subscribes to it and whose client may read
/// it, inside the caller's transaction. Returns how many deliveries were queued.
pub async fn emit(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    event: Event,
) -> Result<usize, DbErr> {
    let hooks = stored::subscribed(db, event.kind).await?;
    if hooks.is_empty() {
        return Ok(0);
    }
    let client_ids: Vec<ApiClientId> = hooks.iter().map(|h| h.client_id).collect();
    let clients = crate::db::clients::find_many(db, &client_ids).await?;
    let event_id = random_id();
    let payload = body(&event_id, event.kind, now, &event.data);
    let mut queued = 0;
    for hook in hooks {
        let Some(client) = clients.iter().find(|c| c.id == hook.client_id) else {
            continue;
        };
        if !client.usable(now) || !event.kind.allowed_for(&client.scopes) {
            continue;
        }
        let dedupe = event.dedupe.as_ref().map(|d| format!("{}:{d}", hook.id));
        if queue(db, now, &hook, event.kind, &event_id, &payload, dedupe)
            .await?
            .is_some()
        {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues one delivery to `hook` and the job that posts it; `None` when one with the same
/// dedupe key exists.
async fn queue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    hook: &Webhook,
    kind: WebhookEvent,
    event_id: &str,
    payload: &str,
    dedupe: Option<String>,
) -> Result<Option<DeliveryId>, DbErr> {
    // Time-ordered: the delivery log lists by it. Its moment is the delivery's own, which the
    // receiver sees anyway when the request arrives (and the log shows as createdAt).
    let id: DeliveryId = crate::db::next();
    let delivery = NewDelivery {
        id,
        webhook_id: hook.id,
        event: kind,
        event_id,
        payload,
        dedupe,
    };
    if !stored::insert_delivery(db, delivery, now).await? {
        return Ok(None);
    }
    jobs::enqueue(
        db,
        jobs::Kind::DeliverWebhook,
        &id.to_string(),
        now,
        MAX_ATTEMPTS,
    )
    .await?;
    Ok(Some(id))
}

/// Queues a `PING` to `hook` alone (a test asked for by hand); `None` if none was queued.
pub async fn ping(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    hook: &Webhook,
) -> Result<Option<DeliveryId>, DbErr> {
    let event_id = random_id();
    let payload = body(
        &event_id,
        WebhookEvent::Ping,
        now,
        &json!({ "webhookId": hook.id }),
    );
    queue(db, now, hook, WebhookEvent::Ping, &event_id, &payload, None).await
}

/// Queues `delivery` again, with a fresh set of attempts (a redelivery asked for by hand).
pub async fn redeliver(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    delivery: &Delivery,
) -> Result<(), DbErr> {
    stored::requeue(db, delivery.id).await?;
    jobs::enqueue(
        db,
        jobs::Kind::DeliverWebhook,
        &delivery.id.to_string(),
        now,
        MAX_ATTEMPTS,
    )
    .await?;
    Ok(())
}

/// The secrets that sign now: the current one, and the previous one during its overlap.
fn secrets(hook: &Webhook, now: DateTime<Utc>) -> Vec<&str> {
    let mut secrets = vec![hook.secret.as_str()];
    if let (Some(previous), Some(until)) = (&hook.previous_secret, hook.previous_valid_until)
        && until > now
    {
        secrets.push(previous);
    }
    secrets
}

/// How an attempt went: the receiver's status code, or why there was none.
struct Outcome {
    status: Option<u16>,
    error: Option<&'static str>,
    millis: i32,
}

impl Sender {
    async fn post(&self, url: &str, delivery: &Delivery, signature: String) -> Outcome {
        let started = std::time::Instant::now();
        let sent = self
            .http
            .post(url)
            .header("Content-Type", "application/json")
            .header("Klachten-Event", &delivery.event)
            .header("Klachten-Delivery", delivery.id.to_string())
            .header("Klachten-Signature", signature)
            .body(delivery.payload.clone())
            .send()
            .await;
        let millis = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
        match sent {
            Ok(response) => {
                let status = response.status();
                Outcome {
                    status: Some(status.as_u16()),
                    error: (!status.is_success()).then_some(if status.is_server_error() {
                        "HTTP_5XX"
                    } else if status.is_redirection() {
                        "HTTP_3XX"
                    } else {
                        "HTTP_4XX"
                    }),
                    millis,
                }
            }
            Err(e) => Outcome {
                status: None,
                error: Some(if caused_by_internal(&e) {
                    "INTERNAL_TARGET"
                } else if e.is_timeout() {
                    "TIMEOUT"
                } else {
                    "UNREACHABLE"
                }),
                millis,
            },
        }
    }
}

fn caused_by_internal(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<Internal>() {
            return true;
        }
        current = e.source();
    }
    false
}

/// What a delivery needs besides the job: the database, the audit key, the HTTP sender, the
/// configuration and who is told when a webhook switches itself off.
pub struct Deliverer<'a, A> {
    /// The database.
    pub db: &'a DatabaseConnection,
    /// The audit chain's key (a switch-off is audited).
    pub audit_key: &'a crate::db::audit::AuditKey,
    /// Posts the requests.
    pub sender: &'a Sender,
    /// Allowed targets and the secrets key.
    pub config: &'a Config,
    /// Told of a switch-off.
    pub alert: A,
}

/// Posts the delivery `id` (the `DELIVER_WEBHOOK` job) and logs the attempt. An error is a
/// code; the job retries. A delivery whose webhook was removed, switched off or whose client
/// lost access is cancelled; one to an address that is not allowed fails at once.
pub async fn deliver(
    via: Deliverer<'_, impl SwitchOffAlert>,
    id: DeliveryId,
    last_attempt: bool,
    now: DateTime<Utc>,
) -> Result<(), &'static str> {
    let Deliverer {
        db,
        audit_key,
        sender,
        config,
        alert,
    } = via;
    let database = |_: DbErr| "DATABASE";
    let Some(delivery) = stored::find_delivery(db, id).await.map_err(database)? else {
        return Ok(());
    };
    if delivery.status != "QUEUED" {
        return Ok(());
    }
    let hook = stored::find(db, delivery.webhook_id)
        .await
        .map_err(database)?;
    let client = match &hook {
        Some(hook) => crate::db::clients::find(db, hook.client_id)
            .await
            .map_err(database)?,
        None => None,
    };
    let Some((hook, _)) = hook.zip(client).filter(|(hook, client)| {
        hook.active
            && client.usable(now)
            && event_from(&delivery.event).is_some_and(|e| e.allowed_for(&client.scopes))
    }) else {
        return finish(db, &delivery, "CANCELLED", None, None, now).await;
    };
    let refused = |code| Outcome {
        status: None,
        error: Some(code),
        millis: 0,
    };
    let outcome = if check_url(&hook.url, config.webhook_internal_targets).is_err() {
        refused("INTERNAL_TARGET")
    } else {
        let timestamp = now.timestamp();
        let content = klachten_core::integration::signed_content(timestamp, &delivery.payload);
        // A secret sealed under a key this server lacks: nothing unsigned goes out; the operator
        // can set the key and the retries carry on.
        let signatures: Result<Vec<String>, _> = secrets(&hook, now)
            .into_iter()
            .map(|stored| crate::sealed::open(config.secrets_key.as_ref(), stored))
            .map(|secret| secret.map(|secret| sign(&secret, &content)))
            .collect();
        match signatures {
            Ok(signatures) => {
                sender
                    .post(
                        &hook.url,
                        &delivery,
                        signature_header(timestamp, &signatures),
                    )
                    .await
            }
            Err(unreadable) => refused(unreadable.code()),
        }
    };
    record_attempt(db, &delivery, &outcome, now).await?;
    let status = outcome.status.map(i32::from);
    match outcome.error {
        None => finish(db, &delivery, "DELIVERED", status, None, now).await,
        // Where the address may not be reached, trying again changes nothing.
        Some("INTERNAL_TARGET") => {
            finish(db, &delivery, "FAILED", status, outcome.error, now).await?;
            switch_off_if_failing(db, audit_key, &alert, &hook, "INTERNAL_TARGET", now).await
        }
        Some(code) => {
            let state = if last_attempt { "FAILED" } else { "QUEUED" };
            finish(db, &delivery, state, status, Some(code), now).await?;
            if last_attempt {
                switch_off_if_failing(db, audit_key, &alert, &hook, code, now).await?;
            }
            Err(code)
        }
    }
}

/// Who is told, in the same transaction, when a webhook switched itself off: the worker passes
/// the mail notifier; this module does not call it.
pub trait SwitchOffAlert {
    /// Queues the notice inside `txn`.
    fn switched_off(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        now: DateTime<Utc>,
        notice: &SwitchedOff<'_>,
    ) -> impl Future<Output = Result<(), DbErr>> + Send;
}

/// What the admins are told when a webhook switched itself off.
pub struct SwitchedOff<'a> {
    /// The webhook.
    pub webhook_id: klachten_core::ids::WebhookId,
    /// The integration's name.
    pub client: &'a str,
    /// The receiver's host (not the whole address: it may hold a token).
    pub host: String,
    /// Deliveries in a row that failed for good.
    pub failures: usize,
    /// When the first of them was made.
    pub since: DateTime<Utc>,
    /// The last delivery's error code.
    pub last_error: &'a str,
}

/// After a delivery failed for good: switches the webhook off when its receiver keeps failing
/// (`integration::switch_off_due`), records why in the audit log and tells the admins through
/// `alert`. Only the worker that switches it off tells anyone.
async fn switch_off_if_failing(
    db: &DatabaseConnection,
    audit_key: &crate::db::audit::AuditKey,
    alert: &impl SwitchOffAlert,
    hook: &Webhook,
    last_error: &str,
    now: DateTime<Utc>,
) -> Result<(), &'static str> {
    let database = |_: DbErr| "DATABASE";
    let ended = stored::ended_deliveries(db, hook.id, 50)
        .await
        .map_err(database)?;
    let ended: Vec<EndedDelivery> = ended
        .into_iter()
        .map(|(status, created_at)| EndedDelivery {
            delivered: status == "DELIVERED",
            created_at,
        })
        .collect();
    if !switch_off_due(&ended, now) {
        return Ok(());
    }
    let failures = ended.iter().take_while(|d| !d.delivered).count();
    let since = ended[failures - 1].created_at;
    let txn = crate::db::begin(db).await.map_err(database)?;
    let switched = stored::switch_off(&txn, hook.id, now)
        .await
        .map_err(database)?;
    if switched {
        let client = crate::db::clients::find(&txn, hook.client_id)
            .await
            .map_err(database)?
            .map_or_else(|| hook.client_id.to_string(), |c| c.name);
        crate::db::audit::append(
            &txn,
            audit_key,
            now,
            crate::db::audit::Entry {
                actor: "system",
                action: Named::WebhookSwitchedOff.into(),
                complaint_id: None,
                detail: Some(format!(
                    "webhook:{}; {failures} failed deliveries in a row since {}; last error {last_error}",
                    hook.id,
                    since.to_rfc3339()
                )),
            },
        )
        .await
        .map_err(database)?;
        let notice = SwitchedOff {
            webhook_id: hook.id,
            client: &client,
            host: url::Url::parse(&hook.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default(),
            failures,
            since,
            last_error,
        };
        alert
            .switched_off(&txn, now, &notice)
            .await
            .map_err(database)?;
        tracing::warn!(webhook = %hook.id, failures, "webhook switched off: its receiver keeps failing");
    }
    txn.commit().await.map_err(database)?;
    Ok(())
}

async fn record_attempt(
    db: &DatabaseConnection,
    delivery: &Delivery,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<(), &'static str> {
    let attempt = Attempt {
        attempt: delivery.attempts + 1,
        at: now,
        response_status: outcome.status.map(i32::from),
        error: outcome.error.map(str::to_owned),
        duration_ms: outcome.millis,
    };
    stored::record_attempt(db, delivery.id, attempt)
        .await
        .map_err(|_| "DATABASE")
}

async fn finish(
    db: &DatabaseConnection,
    delivery: &Delivery,
    status: &str,
    response_status: Option<i32>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), &'static str> {
    let mut row = delivery.clone();
    row.status = status.to_owned();
    if status != "CANCELLED" {
        row.attempts = delivery.attempts + 1;
        row.response_status = response_status;
        row.last_error = error.map(str::to_owned);
    }
    if status == "DELIVERED" {
        row.delivered_at = Some(now);
    }
    stored::save_delivery(db, &row)
        .await
        .map_err(|_| "DATABASE")
}

/// Removes the delivery log older than [`LOG_DAYS`] (the daily scan). Returns how many
/// deliveries went.
pub async fn prune(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    stored::prune(db, now - Duration::days(LOG_DAYS)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::dns::Resolve;
    use std::str::FromStr;

    #[test]
    fn addresses_are_checked_before_a_webhook_is_saved() {
        let refused = [
            ("http://hooks.example.nl/x", "https://"),
            ("https://127.0.0.1/x", "private"),
            ("https://[fd00::1]/x", "private"),
            ("https://localhost:8080/x", "private"),
            ("https://metadata.google.internal/x", "private"),
            ("https://user:pw@hooks.example.nl/x", "password"),
            ("https://hooks.example.nl/x#frag", "fragment"),
            ("hooks.example.nl/x", "cannot be read"),
        ];
        for (url, says) in refused {
            let message = check_url(url, false).unwrap_err();
            assert!(message.contains(says), "{url}: {message}");
            assert!(!message.contains("pw"), "{message}");
        }
        assert!(check_url("https://hooks.example.nl/klachten?x=1", false).is_ok());
        // Where the operator allows it: a receiver inside the firm, over http too.
        assert!(check_url("http://127.0.0.1:9000/x", true).is_ok());
        assert!(check_url("http://10.0.0.5/x", true).is_ok());
        assert!(check_url("ftp://10.0.0.5/x", true).is_err());
    }

    #[tokio::test]
    async fn a_name_that_resolves_inside_is_refused_when_connecting() {
        let name = || reqwest::dns::Name::from_str("localhost").unwrap();
        let refused = Guarded {
            internal_allowed: false,
        }
        .resolve(name())
        .await;
        let error = refused.err().expect("localhost is internal");
        assert!(caused_by_internal(error.as_ref()), "{error}");
        let allowed = Guarded {
            internal_allowed: true,
        }
        .resolve(name())
        .await;
        assert!(allowed.is_ok_and(|mut a| a.any(|a| a.ip().is_loopback())));
    }

    #[tokio::test]
    async fn an_https_receiver_that_breaks_off_the_handshake_is_unreachable() {
        // The TLS stack is set up (crypto provider, roots) and a failed handshake is an
        // ordinary failure, tried again later.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                drop(socket);
            }
        });
        let sender = Sender::new(true).unwrap();
        let delivery = Delivery {
            id: DeliveryId(1),
            webhook_id: klachten_core::ids::WebhookId(2),
            event: "PING".into(),
            event_id: "e".into(),
            payload: "{}".into(),
            status: "QUEUED".into(),
            attempts: 0,
            response_status: None,
            last_error: None,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            delivered_at: None,
        };
        let outcome = sender
            .post(
                &format!("https://127.0.0.1:{port}/x"),
                &delivery,
                "t=0".into(),
            )
            .await;
        assert_eq!(outcome.status, None);
        assert_eq!(outcome.error, Some("UNREACHABLE"));
        // Without permission the same address is never contacted.
        let guarded = Sender::new(false).unwrap();
        let outcome = guarded
            .post(
                &format!("https://localhost:{port}/x"),
                &delivery,
                "t=0".into(),
            )
            .await;
        assert_eq!(outcome.error, Some("INTERNAL_TARGET"));
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_the_timestamp_and_body() {
        // RFC 4231, test case 2.
        assert_eq!(
            sign("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let secret = generate_secret();
        assert!(
            secret.starts_with("whsec_") && secret.len() == 70,
            "{secret}"
        );
        assert_ne!(secret, generate_secret());
    }
}
