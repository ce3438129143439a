//! Webhooks: an API client subscribes to events and receives them as signed, anonymised JSON
//! posts on a receiver on loopback; failures are retried and every attempt is in the log.

use super::integration::client;
use super::{register, step};
use chrono::Duration;
use hmac::{Hmac, Mac};
use klachten_core::actor::Role;
use klachten_tests::{TestApp, TestUser, error_code};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: String,
}

/// An HTTP receiver on loopback: answers with the scripted statuses in order, then 200.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    async fn start(script: &[u16]) -> Self {
        Self::start_slow(script, std::time::Duration::ZERO).await
    }

    /// A receiver that takes `delay` before it answers each request.
    async fn start_slow(script: &[u16], delay: std::time::Duration) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks/klachten", listener.local_addr().unwrap());
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let script = Arc::new(Mutex::new(script.iter().copied().collect::<VecDeque<_>>()));
        let (seen, answers) = (got.clone(), script.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let request = read_request(&mut socket).await;
                let status = answers.lock().unwrap().pop_front().unwrap_or(200);
                seen.lock().unwrap().push(request);
                tokio::time::sleep(delay).await;
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = socket.write_all(answer.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        });
        Self { url, got, task }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits (up to 20 s) until `n` requests arrived.
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the receiver got {} of {n} requests", self.received().len());
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Received {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            break data.len();
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let headers: HashMap<String, String> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = socket.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&data[head_end..]).into_owned();
    Received { headers, body }
}

/// Checks the `Klachten-Signature` header of `request` as a receiver would: HMAC-SHA256 of
/// `<t>.<body>` with `secret`. Returns how many of its `v1` signatures `secret` made.
fn valid_signatures(request: &Received, secret: &str) -> usize {
    let header = &request.headers["klachten-signature"];
    let mut parts = header.split(',');
    let t = parts
        .next()
        .and_then(|p| p.strip_prefix("t="))
        .unwrap_or_else(|| panic!("no timestamp in {header}"));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", request.body).as_bytes());
    let expected = hex::encode(mac.finalize().into_bytes());
    parts
        .filter_map(|p| p.strip_prefix("v1="))
        .filter(|s| *s == expected)
        .count()
}

const CANARIES: [&str; 7] = [
    "Kanarie",
    "Wietske",
    "06-12345678",
    "Vinkenslag",
    "Zoë",
    "geheimefeitentekst",
    "Vogelkooistraat",
];

const CREATE: &str = "mutation($input: WebhookInput!) { createWebhook(input: $input) { secret webhook { id clientId url events active } } }";

const DELIVERIES: &str = "query($id: ID!) { webhookDeliveries(webhookId: $id) { id event eventId status attempts responseStatus lastError payload log { attempt responseStatus error } } }";

/// An admin makes a webhook for `client_id`; the answer of `createWebhook` (with the secret).
async fn admin_creates(
    app: &TestApp,
    admin: &TestUser,
    client_id: &str,
    url: Value,
    events: Value,
) -> Value {
    let created = app
        .as_user(
            admin,
            CREATE,
            json!({"input": {"clientId": client_id, "url": url, "events": events}}),
        )
        .await;
    assert!(created["errors"].is_null(), "{created}");
    created["data"]["createWebhook"].clone()
}

/// Sends `webhook` a ping; the delivery's id.
async fn ping(app: &TestApp, user: &TestUser, webhook: &str) -> String {
    let body = app
        .as_user(
            user,
            "mutation($id: ID!) { pingWebhook(id: $id) { id } }",
            json!({"id": webhook}),
        )
        .await;
    body["data"]["pingWebhook"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

/// What most webhook tests start from: an admin, a receiver answering `script`, an API client
/// that reads complaints, and a webhook of that client for `COMPLAINT_REGISTERED`.
struct Subscribed {
    admin: TestUser,
    receiver: Receiver,
    client_id: String,
    webhook: String,
    secret: String,
}

/// Fails when `body` holds a day (`YYYY-MM-DD`), anywhere.
fn assert_no_day(body: &str) {
    let bytes = body.as_bytes();
    for at in 0..bytes.len().saturating_sub(9) {
        let w = &bytes[at..at + 10];
        let day = w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
        assert!(!day, "a day in an anonymised payload: {body}");
    }
}

async fn subscribed(app: &TestApp, script: &[u16]) -> Subscribed {
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let receiver = Receiver::start(script).await;
    let (client_id, _) = client(app, &admin, &["READ_COMPLAINTS"], 100_000).await;
    let created = admin_creates(
        app,
        &admin,
        &client_id,
        json!(receiver.url),
        json!(["COMPLAINT_REGISTERED"]),
    )
    .await;
    Subscribed {
        webhook: created["webhook"]["id"].as_str().unwrap().to_owned(),
        secret: created["secret"].as_str().unwrap().to_owned(),
        admin,
        receiver,
        client_id,
    }
}

async fn spawn_with_workers() -> TestApp {
    TestApp::on("2026-11-23")
        .configured(|config| {
            config.workers = 1;
            config.webhook_internal_targets = true;
        })
        .start()
        .await
}

/// The newest delivery of `webhook`, once `done` holds for it (up to 10 s).
async fn newest_delivery(
    app: &TestApp,
    admin: &TestUser,
    webhook: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let mut newest = Value::Null;
    for _ in 0..100 {
        newest = app.as_user(admin, DELIVERIES, json!({"id": webhook})).await["data"]
            ["webhookDeliveries"][0]
            .clone();
        if done(&newest) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    newest
}

#[tokio::test]
async fn an_api_client_subscribes_and_receives_signed_anonymised_events() {
    let app = spawn_with_workers().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let receiver = Receiver::start(&[]).await;
    let (client_id, key) = client(
        &app,
        &admin,
        &["READ_COMPLAINTS", "READ_MEASURES", "MANAGE_WEBHOOKS"],
        100_000,
    )
    .await;
    // The client subscribes itself, with its key.
    let created = app
        .gql(
            Some(&key),
            CREATE,
            json!({"input": {"url": receiver.url, "events": ["COMPLAINT_REGISTERED", "COMPLAINT_STATUS_CHANGED", "MEASURE_DONE"], "description": "Kwaliteit"}}),
        )
        .await;
    assert!(created["errors"].is_null(), "{created}");
    let issued = &created["data"]["createWebhook"];
    let secret = issued["secret"].as_str().unwrap().to_owned();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 60,
        "{secret}"
    );
    assert_eq!(issued["webhook"]["clientId"], client_id);
    assert_eq!(issued["webhook"]["active"], true);
    let webhook = issued["webhook"]["id"].as_str().unwrap().to_owned();
    // A registration and an acknowledgement: two events, in order.
    let id = register(&app, &staff, json!({"receivedOn": "2026-11-23"})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let acknowledged = step(
        &app,
        &handler,
        "acknowledgeComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-11-23"}),
    )
    .await;
    assert!(acknowledged["errors"].is_null(), "{acknowledged}");
    let got = receiver.wait_for(2).await;
    let events: Vec<Value> = got
        .iter()
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert_eq!(events[0]["event"], "COMPLAINT_REGISTERED");
    assert_eq!(
        events[0]["data"]["complaint"],
        json!({"id": id, "reference": "KL-2026-0001", "status": "RECEIVED", "channel": "LETTER", "category": "SERVICE", "receivedMonth": "2026-11", "declineGround": null})
    );
    assert_eq!(events[1]["event"], "COMPLAINT_STATUS_CHANGED");
    assert_eq!(events[1]["data"]["previousStatus"], "RECEIVED");
    assert_eq!(events[1]["data"]["complaint"]["status"], "ACKNOWLEDGED");
    for (request, event) in got.iter().zip(&events) {
        assert_eq!(valid_signatures(request, &secret), 1, "{request:?}");
        assert_eq!(valid_signatures(request, "whsec_wrong"), 0);
        assert_eq!(request.headers["content-type"], "application/json");
        assert_eq!(
            request.headers["klachten-event"],
            event["event"].as_str().unwrap()
        );
        assert!(request.headers["user-agent"].starts_with("Klachten-Webhooks/"));
        let stamp = format!("t={},", app.clock_now().timestamp());
        assert!(request.headers["klachten-signature"].starts_with(&stamp));
        for canary in CANARIES {
            assert!(
                !request.body.contains(canary),
                "{canary} in {}",
                request.body
            );
        }
        // Months, never a day or a moment: not in the body, not in the event's id.
        assert_eq!(event["occurredMonth"], "2026-11", "{event}");
        assert_no_day(&request.body);
        let id = uuid::Uuid::parse_str(event["id"].as_str().unwrap()).unwrap();
        assert_eq!(id.get_version_num(), 4, "a random id carries no time: {id}");
    }
    // A measure finished: told too.
    let added = app
        .as_user(&handler, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"complaintId": id, "kind": "MEASURE", "description": "Wietske Kanarie terugbellen.", "ownerId": handler.id, "dueOn": "2026-12-01"}}))
        .await;
    let measure = added["data"]["addMeasure"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for status in ["AGREED", "DONE"] {
        let moved = app
            .as_user(
                &handler,
                "mutation($id: ID!, $s: MeasureStatus!) { updateMeasureStatus(id: $id, status: $s) { status } }",
                json!({"id": measure, "s": status}),
            )
            .await;
        assert!(moved["errors"].is_null(), "{moved}");
    }
    let got = receiver.wait_for(3).await;
    let done: Value = serde_json::from_str(&got[2].body).unwrap();
    assert_eq!(done["event"], "MEASURE_DONE");
    assert_eq!(
        done["data"]["measure"],
        json!({"id": measure, "kind": "MEASURE", "status": "DONE", "dueMonth": "2026-12", "complaintId": id})
    );
    assert!(!got[2].body.contains("Kanarie"));
    assert_no_day(&got[2].body);
    // The delivery log, as the client reads it.
    let log = app
        .gql(Some(&key), DELIVERIES, json!({"id": webhook}))
        .await;
    let deliveries = log["data"]["webhookDeliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 3, "{log}");
    for delivery in deliveries {
        assert_eq!(delivery["status"], "DELIVERED", "{delivery}");
        assert_eq!(delivery["attempts"], 1);
        assert_eq!(delivery["responseStatus"], 200);
        assert_eq!(
            delivery["log"],
            json!([{"attempt": 1, "responseStatus": 200, "error": null}])
        );
    }
    assert_eq!(deliveries[0]["event"], "MEASURE_DONE", "newest first");
    assert_eq!(deliveries[0]["eventId"], done["id"]);
    // The client's changes are attributed to it in the audit log.
    let audit = app
        .as_user(
            &app.user("Dirk Directeur", &[Role::Director]).await,
            "{ auditLog(first: 200) { entries { actor action detail } } }",
            json!({}),
        )
        .await;
    let entries = audit["data"]["auditLog"]["entries"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["action"] == "WEBHOOK_CREATED"
            && e["actor"].as_str().unwrap().contains(&client_id)
            && e["detail"] == format!("webhook:{webhook}")),
        "{audit}"
    );
}

#[tokio::test]
async fn a_failing_receiver_is_retried_until_it_answers_and_every_attempt_is_logged() {
    let app = spawn_with_workers().await;
    // An admin makes the webhook for the client.
    let Subscribed {
        admin,
        receiver,
        webhook,
        secret,
        ..
    } = subscribed(&app, &[500, 404]).await;
    let ping = app
        .as_user(
            &admin,
            "mutation($id: ID!) { pingWebhook(id: $id) { event status attempts } }",
            json!({"id": webhook}),
        )
        .await;
    assert_eq!(
        ping["data"]["pingWebhook"],
        json!({"event": "PING", "status": "QUEUED", "attempts": 0})
    );
    receiver.wait_for(1).await;
    // The first attempt failed with 500: queued again, a minute later.
    let first = newest_delivery(&app, &admin, &webhook, |d| d["attempts"] == 1).await;
    assert_eq!(first["status"], "QUEUED", "{first}");
    assert_eq!(first["lastError"], "HTTP_5XX");
    assert_eq!(first["responseStatus"], 500);
    // Time passes: the second attempt gets 404, the third (five minutes on) 200.
    app.clock.set(app.clock_now() + Duration::minutes(2));
    receiver.wait_for(2).await;
    app.clock.set(app.clock_now() + Duration::minutes(6));
    let got = receiver.wait_for(3).await;
    // Every attempt carries the same event id and delivery id, each freshly signed.
    let ids: Vec<Value> = got
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap()["id"].clone())
        .collect();
    assert!(ids.iter().all(|i| *i == ids[0]), "{ids:?}");
    assert!(
        got.iter()
            .all(|r| r.headers["klachten-delivery"] == got[0].headers["klachten-delivery"])
    );
    assert!(got.iter().all(|r| valid_signatures(r, &secret) == 1));
    let done = newest_delivery(&app, &admin, &webhook, |d| d["status"] == "DELIVERED").await;
    assert_eq!(done["attempts"], 3, "{done}");
    assert_eq!(
        done["log"],
        json!([
            {"attempt": 1, "responseStatus": 500, "error": "HTTP_5XX"},
            {"attempt": 2, "responseStatus": 404, "error": "HTTP_4XX"},
            {"attempt": 3, "responseStatus": 200, "error": null},
        ])
    );
    // After a rotation with overlap, both secrets sign; the receiver can switch at leisure.
    let rotated = app
        .as_user(
            &admin,
            "mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapHours: 24) { secret webhook { previousSecretValidUntil } } }",
            json!({"id": webhook}),
        )
        .await;
    let new_secret = rotated["data"]["rotateWebhookSecret"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("{rotated}"))
        .to_owned();
    assert_ne!(new_secret, secret);
    assert!(
        rotated["data"]["rotateWebhookSecret"]["webhook"]["previousSecretValidUntil"].is_string()
    );
    app.as_user(
        &admin,
        "mutation($id: ID!) { pingWebhook(id: $id) { id } }",
        json!({"id": webhook}),
    )
    .await;
    let got = receiver.wait_for(4).await;
    assert_eq!(valid_signatures(&got[3], &new_secret), 1);
    assert_eq!(valid_signatures(&got[3], &secret), 1);
    // A day later the old secret no longer signs.
    app.clock.set(app.clock_now() + Duration::hours(25));
    app.as_user(
        &admin,
        "mutation($id: ID!) { pingWebhook(id: $id) { id } }",
        json!({"id": webhook}),
    )
    .await;
    let got = receiver.wait_for(5).await;
    assert_eq!(valid_signatures(&got[4], &new_secret), 1);
    assert_eq!(valid_signatures(&got[4], &secret), 0);
}

#[tokio::test]
async fn a_delivery_that_never_gets_through_fails_and_can_be_sent_again_by_hand() {
    let app = TestApp::on("2026-11-23")
        .configured(|config| {
            config.webhook_internal_targets = true;
        })
        .start()
        .await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let (client_id, _) = client(&app, &admin, &["READ_COMPLAINTS"], 100_000).await;
    let created = admin_creates(
        &app,
        &admin,
        &client_id,
        json!(format!("http://127.0.0.1:{port}/x")),
        json!(["COMPLAINT_REGISTERED"]),
    )
    .await;
    let webhook = created["webhook"]["id"].as_str().unwrap().to_owned();
    let delivery = ping(&app, &admin, &webhook).await;
    // Run the job's work by hand: twice, the second time as the last attempt.
    let state = &app.state;
    let now = app.clock_now();
    let run = |last: bool| {
        klachten::webhooks::deliver(
            klachten::worker::deliverer(state, &state.config),
            delivery.parse().unwrap(),
            last,
            now,
        )
    };
    assert_eq!(run(false).await, Err("UNREACHABLE"));
    let again = app
        .as_user(
            &admin,
            "mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id } }",
            json!({"id": delivery}),
        )
        .await;
    assert_eq!(
        error_code(&again),
        Some("INVALID_TRANSITION"),
        "still queued: {again}"
    );
    assert_eq!(run(true).await, Err("UNREACHABLE"));
    let log = app
        .as_user(&admin, DELIVERIES, json!({"id": webhook}))
        .await;
    let row = &log["data"]["webhookDeliveries"][0];
    assert_eq!(row["status"], "FAILED", "{log}");
    assert_eq!(row["attempts"], 2);
    assert_eq!(row["lastError"], "UNREACHABLE");
    // Fixed receiver: sent again by hand, with a fresh set of attempts.
    let receiver = Receiver::start(&[]).await;
    let moved = app
        .as_user(
            &admin,
            "mutation($id: ID!, $c: WebhookChange!) { updateWebhook(id: $id, change: $c) { url } }",
            json!({"id": webhook, "c": {"url": receiver.url}}),
        )
        .await;
    assert_eq!(moved["data"]["updateWebhook"]["url"], receiver.url.as_str());
    let again = app
        .as_user(
            &admin,
            "mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { status } }",
            json!({"id": delivery}),
        )
        .await;
    assert_eq!(
        again["data"]["redeliverWebhookDelivery"]["status"], "QUEUED",
        "{again}"
    );
    assert_eq!(run(false).await, Ok(()));
    assert_eq!(receiver.received().len(), 1);
    // A switched-off webhook's queued deliveries are cancelled, not sent.
    app.as_user(
        &admin,
        "mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { status } }",
        json!({"id": delivery}),
    )
    .await;
    app.as_user(
        &admin,
        "mutation($id: ID!, $c: WebhookChange!) { updateWebhook(id: $id, change: $c) { active } }",
        json!({"id": webhook, "c": {"active": false}}),
    )
    .await;
    assert_eq!(run(false).await, Ok(()));
    assert_eq!(receiver.received().len(), 1);
    let log = app
        .as_user(&admin, DELIVERIES, json!({"id": webhook}))
        .await;
    assert_eq!(log["data"]["webhookDeliveries"][0]["status"], "CANCELLED");
}

#[tokio::test]
async fn a_receiver_that_keeps_failing_switches_its_webhook_off_and_the_admins_are_mailed() {
    use klachten::db::entities::{audit_log, mail_outbox};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::on("2026-11-23")
        .configured(|config| {
            config.webhook_internal_targets = true;
        })
        .start()
        .await;
    let Subscribed {
        admin,
        receiver: _receiver,
        client_id,
        webhook,
        ..
    } = subscribed(&app, &[500; 10]).await;
    let hook = || async {
        let listed = app
            .as_user(
                &admin,
                "query($c: ID) { webhooks(clientId: $c) { id active switchedOffAt } }",
                json!({"c": client_id}),
            )
            .await;
        listed["data"]["webhooks"][0].clone()
    };
    // One ping a day, each failing for good (its last attempt answered 500).
    let fail_once = || async {
        let delivery = ping(&app, &admin, &webhook).await;
        let state = &app.state;
        let sent = klachten::webhooks::deliver(
            klachten::worker::deliverer(state, &state.config),
            delivery.parse().unwrap(),
            true,
            app.clock_now(),
        )
        .await;
        assert_eq!(sent, Err("HTTP_5XX"));
    };
    for day in ["2026-11-23", "2026-11-23", "2026-11-24", "2026-11-25"] {
        app.set_today(day);
        fail_once().await;
    }
    // Four failures: a receiver may be down for a while; the webhook stays on.
    let still = hook().await;
    assert_eq!(still["active"], true, "{still}");
    assert!(still["switchedOffAt"].is_null(), "{still}");
    // The fifth, three days after the first: switched off, recorded and told.
    app.set_today("2026-11-26");
    fail_once().await;
    let off = hook().await;
    assert_eq!(off["active"], false, "{off}");
    assert!(off["switchedOffAt"].as_str().is_some(), "{off}");
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("WEBHOOK_SWITCHED_OFF"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert!(
        audited[0]
            .detail
            .as_deref()
            .unwrap_or("")
            .contains(&webhook)
    );
    let mails = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Kind.eq("WEBHOOK_SWITCHED_OFF"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(mails.len(), 1, "one mail to the one admin");
    assert_eq!(mails[0].recipient, admin.email);
    assert!(
        mails[0].body.contains("5 leveringen op rij"),
        "{}",
        mails[0].body
    );
    assert!(mails[0].body.contains("23-11-2026"), "{}", mails[0].body);
    // The host only: the path of a receiver's address may hold a token.
    assert!(
        !mails[0].body.contains("/hooks/klachten"),
        "{}",
        mails[0].body
    );
    // Nothing more is sent to it, until someone switches it on again.
    let refused = app
        .as_user(
            &admin,
            "mutation($id: ID!) { pingWebhook(id: $id) { id } }",
            json!({"id": webhook}),
        )
        .await;
    assert_eq!(error_code(&refused), Some("INVALID_TRANSITION"));
    let on = app
        .as_user(
            &admin,
            "mutation($id: ID!, $c: WebhookChange!) { updateWebhook(id: $id, change: $c) { active switchedOffAt } }",
            json!({"id": webhook, "c": {"active": true}}),
        )
        .await;
    assert_eq!(on["data"]["updateWebhook"]["active"], true, "{on}");
    assert!(
        on["data"]["updateWebhook"]["switchedOffAt"].is_null(),
        "{on}"
    );
}

#[tokio::test]
async fn a_late_clock_is_told_once_and_a_revoked_client_is_told_nothing() {
    let app = TestApp::on("2026-11-23")
        .configured(|config| {
            config.webhook_internal_targets = true;
        })
        .start()
        .await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let (client_id, _) = client(&app, &admin, &["READ_COMPLAINTS"], 100_000).await;
    let (other_id, _) = client(&app, &admin, &["READ_COMPLAINTS"], 100_000).await;
    let mut hooks = Vec::new();
    for cid in [&client_id, &other_id] {
        let created = admin_creates(
            &app,
            &admin,
            cid,
            json!("http://127.0.0.1:9/x"),
            json!(["CLOCK_LATE", "COMPLAINT_REGISTERED"]),
        )
        .await;
        hooks.push(created["webhook"]["id"].as_str().unwrap().to_owned());
    }
    app.as_user(
        &admin,
        "mutation($id: ID!) { revokeApiClient(id: $id) { id } }",
        json!({"id": other_id}),
    )
    .await;
    register(&app, &staff, json!({"receivedOn": "2026-11-23"})).await;
    // The acknowledgement was due on 30 November; on 2 December it is late.
    let day = klachten_tests::date("2026-12-02");
    app.set_today("2026-12-02");
    for _ in 0..2 {
        klachten::clock_scan::run(&app.state.db, &app.state.config, app.clock_now(), day)
            .await
            .unwrap();
    }
    let log = app
        .as_user(&admin, DELIVERIES, json!({"id": hooks[0]}))
        .await;
    let events: Vec<&str> = log["data"]["webhookDeliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["event"].as_str().unwrap())
        .collect();
    let late: Vec<Value> = log["data"]["webhookDeliveries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["event"] == "CLOCK_LATE")
        .map(|d| serde_json::from_str(d["payload"].as_str().unwrap()).unwrap())
        .collect();
    assert!(events.contains(&"COMPLAINT_REGISTERED"), "{events:?}");
    let clocks: Vec<&Value> = late.iter().map(|p| &p["data"]["clock"]).collect();
    assert!(clocks.contains(&&json!("acknowledgement")), "{late:?}");
    let mut unique = clocks.clone();
    unique.dedup();
    assert_eq!(
        unique.len(),
        clocks.len(),
        "each late clock told once: {clocks:?}"
    );
    for payload in &late {
        let text = payload.to_string();
        assert!(!text.contains("2026-11-30"), "no due date in {text}");
    }
    // The revoked client's webhook got nothing.
    let other = app
        .as_user(&admin, DELIVERIES, json!({"id": hooks[1]}))
        .await;
    assert_eq!(other["data"]["webhookDeliveries"], json!([]), "{other}");
}

#[tokio::test]
async fn webhooks_are_refused_internal_addresses_missing_scopes_and_other_clients() {
    let app = TestApp::spawn().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let (_, manager) = client(&app, &admin, &["READ_MEASURES", "MANAGE_WEBHOOKS"], 100_000).await;
    let (_, reader) = client(&app, &admin, &["READ_COMPLAINTS"], 100_000).await;
    let (_, other) = client(
        &app,
        &admin,
        &["READ_COMPLAINTS", "MANAGE_WEBHOOKS"],
        100_000,
    )
    .await;
    let input = |url: &str, events: Value| json!({"input": {"url": url, "events": events}});
    // Addresses: public https only, unless the server allows internal ones.
    for url in [
        "http://hooks.example.nl/x",
        "https://127.0.0.1/x",
        "https://10.1.2.3/x",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/x",
        "https://[::ffff:192.168.1.1]/x",
        "https://localhost/x",
        "https://user:secret@hooks.example.nl/x",
        "ftp://hooks.example.nl/x",
        "geen adres",
    ] {
        let body = app
            .gql(Some(&manager), CREATE, input(url, json!(["MEASURE_DONE"])))
            .await;
        assert_eq!(error_code(&body), Some("VALIDATION"), "{url}: {body}");
        assert!(!body.to_string().contains("secret@"), "{body}");
    }
    // Events: only those whose payload the client may read; PING is sent, not subscribed.
    let refused = app
        .gql(
            Some(&manager),
            CREATE,
            input(
                "https://hooks.example.nl/x",
                json!(["COMPLAINT_REGISTERED"]),
            ),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    assert!(refused.to_string().contains("READ_COMPLAINTS"), "{refused}");
    for events in [json!([]), json!(["PING"])] {
        let body = app
            .gql(
                Some(&manager),
                CREATE,
                input("https://hooks.example.nl/x", events),
            )
            .await;
        assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    }
    // Without MANAGE_WEBHOOKS, and for users who are not admins: refused.
    let body = app
        .gql(
            Some(&reader),
            CREATE,
            input(
                "https://hooks.example.nl/x",
                json!(["COMPLAINT_REGISTERED"]),
            ),
        )
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    assert!(body.to_string().contains("MANAGE_WEBHOOKS"), "{body}");
    for query in ["{ webhooks { id } }"] {
        let body = app.as_user(&director, query, json!({})).await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    }
    // A client sees and changes only its own webhooks.
    let made = app
        .gql(
            Some(&manager),
            CREATE,
            input("https://hooks.example.nl/x", json!(["MEASURE_DONE"])),
        )
        .await;
    let id = made["data"]["createWebhook"]["webhook"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{made}"))
        .to_owned();
    let theirs = app
        .gql(Some(&other), "{ webhooks { id } }", json!({}))
        .await;
    assert_eq!(theirs["data"]["webhooks"], json!([]));
    for query in [
        "mutation($id: ID!) { deleteWebhook(id: $id) }",
        "mutation($id: ID!) { pingWebhook(id: $id) { id } }",
        "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }",
        "query($id: ID!) { webhookDeliveries(webhookId: $id) { id } }",
    ] {
        let body = app.gql(Some(&other), query, json!({"id": id})).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"), "{query}: {body}");
    }
    let mine = app
        .gql(Some(&manager), "{ webhooks { id url events } }", json!({}))
        .await;
    assert_eq!(
        mine["data"]["webhooks"],
        json!([{"id": id, "url": "https://hooks.example.nl/x", "events": ["MEASURE_DONE"]}])
    );
    let all = app.as_user(&admin, "{ webhooks { id } }", json!({})).await;
    assert_eq!(all["data"]["webhooks"].as_array().unwrap().len(), 1);
    // At most ten per client.
    for n in 1..10 {
        let body = app
            .gql(
                Some(&manager),
                CREATE,
                input(
                    &format!("https://hooks.example.nl/{n}"),
                    json!(["MEASURE_DONE"]),
                ),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let eleventh = app
        .gql(
            Some(&manager),
            CREATE,
            input("https://hooks.example.nl/11", json!(["MEASURE_DONE"])),
        )
        .await;
    assert_eq!(error_code(&eleventh), Some("VALIDATION"), "{eleventh}");
    let deleted = app
        .gql(
            Some(&manager),
            "mutation($id: ID!) { deleteWebhook(id: $id) }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(deleted["data"]["deleteWebhook"], true, "{deleted}");
}

#[tokio::test]
async fn the_retention_purge_is_told_as_a_status_change_without_identifying_data() {
    let app = TestApp::spawn().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let (client_id, _) = client(&app, &admin, &["READ_COMPLAINTS"], 100_000).await;
    let created = admin_creates(
        &app,
        &admin,
        &client_id,
        json!("https://hooks.example.nl/x"),
        json!(["COMPLAINT_STATUS_CHANGED"]),
    )
    .await;
    let webhook = created["webhook"]["id"].as_str().unwrap().to_owned();
    let id = register(&app, &staff, json!({"receivedOn": "2026-11-23"})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let withdrawn = step(
        &app,
        &handler,
        "withdrawComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-11-23"}),
    )
    .await;
    assert!(withdrawn["errors"].is_null(), "{withdrawn}");
    let report = super::purge::purge_as_of(&app, "2027-11-30", false).await;
    assert_eq!(report.purged.len(), 1);
    let log = app
        .as_user(&admin, DELIVERIES, json!({"id": webhook}))
        .await;
    let payloads: Vec<Value> = log["data"]["webhookDeliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| serde_json::from_str(d["payload"].as_str().unwrap()).unwrap())
        .collect();
    let moves: Vec<(&Value, &Value)> = payloads
        .iter()
        .map(|p| {
            (
                &p["data"]["previousStatus"],
                &p["data"]["complaint"]["status"],
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            (&json!("WITHDRAWN"), &json!("PURGED")),
            (&json!("RECEIVED"), &json!("WITHDRAWN")),
        ]
    );
    let text = log.to_string();
    for canary in CANARIES {
        assert!(!text.contains(canary), "{canary} in {text}");
    }
}

#[tokio::test]
async fn with_a_secrets_key_webhook_secrets_are_sealed_at_rest_and_still_sign() {
    use klachten::db::entities::webhooks;
    use klachten::sealed::{SecretsKey, open, seal_stored};
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let key: SecretsKey = "5a".repeat(32).parse().unwrap();
    let configured = key.clone();
    let app = TestApp::on("2026-11-23")
        .configured(|config| {
            config.webhook_internal_targets = true;
            config.secrets_key = Some(configured);
        })
        .start()
        .await;
    let Subscribed {
        admin,
        receiver,
        webhook,
        secret,
        ..
    } = subscribed(&app, &[]).await;
    // At rest: sealed, and the secret itself is nowhere in the database.
    let db = &app.state.db;
    let row = webhooks::Entity::find_by_id(webhook.clone())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.secret.starts_with("sealed:v1:"), "{}", row.secret);
    assert!(!app.database_contents().await.contains(&secret));
    // Deliveries are signed with the secret the client was given.
    let state = &app.state;
    let delivery = ping(&app, &admin, &webhook).await;
    let sent = klachten::webhooks::deliver(
        klachten::worker::deliverer(state, &state.config),
        delivery.parse().unwrap(),
        false,
        app.clock_now(),
    )
    .await;
    assert_eq!(sent, Ok(()));
    let got = receiver.wait_for(1).await;
    assert_eq!(valid_signatures(&got[0], &secret), 1);
    // A server without the key cannot read it: the attempt is logged, nothing goes out unsigned.
    let mut keyless = state.config.clone();
    keyless.secrets_key = None;
    let delivery = ping(&app, &admin, &webhook).await;
    let refused = klachten::webhooks::deliver(
        klachten::worker::deliverer(state, &keyless),
        delivery.parse().unwrap(),
        false,
        app.clock_now(),
    )
    .await;
    assert_eq!(refused, Err("SECRET_KEY_MISSING"));
    assert_eq!(receiver.received().len(), 1);
    let log = app
        .as_user(&admin, DELIVERIES, json!({"id": webhook}))
        .await;
    assert_eq!(
        log["data"]["webhookDeliveries"][0]["log"][0]["error"], "SECRET_KEY_MISSING",
        "{log}"
    );
    // A secret stored before the key was set is sealed when the server starts with it.
    let mut plain: webhooks::ActiveModel = row.into();
    plain.secret = Set("whsec_stored_before_the_key".to_owned());
    plain.update(db).await.unwrap();
    assert_eq!(seal_stored(db, Some(&key)).await.unwrap(), (1, 0));
    let resealed = webhooks::Entity::find_by_id(webhook.clone())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        open(Some(&key), &resealed.secret).as_deref(),
        Ok("whsec_stored_before_the_key")
    );
    assert_eq!(seal_stored(db, None).await.unwrap(), (0, 1));
}

#[tokio::test]
async fn a_worker_told_to_stop_finishes_the_delivery_it_is_sending_and_claims_no_more() {
    let app = TestApp::on("2026-11-23")
        .configured(|config| {
            config.webhook_internal_targets = true;
        })
        .start()
        .await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let receiver = Receiver::start_slow(&[], std::time::Duration::from_millis(800)).await;
    let (client_id, _) = client(&app, &admin, &["READ_COMPLAINTS"], 100_000).await;
    let created = admin_creates(
        &app,
        &admin,
        &client_id,
        json!(receiver.url),
        json!(["COMPLAINT_REGISTERED"]),
    )
    .await;
    let webhook = created["webhook"]["id"].as_str().unwrap().to_owned();
    ping(&app, &admin, &webhook).await;
    ping(&app, &admin, &webhook).await;
    let state = app.state.clone();
    let mailer = Arc::new(klachten::mail::Mailer::from_config(&state.config).unwrap());
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(klachten::worker::work(
        state,
        mailer,
        "worker-told-to-stop".to_owned(),
        stopping,
    ));
    // The first delivery is on its way (the receiver is slow to answer): the server stops.
    receiver.wait_for(1).await;
    stop.send(true).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), worker)
        .await
        .expect("the worker stops once its job is done")
        .unwrap();
    let log = app
        .as_user(&admin, DELIVERIES, json!({"id": webhook}))
        .await;
    let mut states: Vec<String> = log["data"]["webhookDeliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} after {}", d["status"].as_str().unwrap(), d["attempts"]))
        .collect();
    states.sort();
    // The one in flight was finished and recorded; the other was left for the next worker.
    assert_eq!(states, ["DELIVERED after 1", "QUEUED after 0"], "{log}");
    assert_eq!(receiver.received().len(), 1);
}
