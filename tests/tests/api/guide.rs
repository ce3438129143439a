//! The integration guide (`docs/integration.md`) works as written: its GraphQL blocks and curl
//! bodies run against a real server with a real key, and the example client prints the reports
//! it promises.

use super::register;
use klachten_core::actor::Role;
use klachten_tests::TestApp;
use serde_json::{Value, json};

const GUIDE: &str = include_str!("../../../docs/integration.md");

/// The fenced blocks of `language` in the guide.
fn blocks(language: &str) -> Vec<String> {
    let fence = format!("```{language}\n");
    GUIDE
        .split(&fence)
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .map(str::to_owned)
        .collect()
}

/// The JSON bodies (`-d '…'`) of the guide's curl commands.
fn curl_bodies() -> Vec<Value> {
    blocks("sh")
        .iter()
        .filter_map(|block| block.split("-d '").nth(1))
        .filter_map(|rest| rest.split('\'').next())
        .map(|body| serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}")))
        .collect()
}

#[tokio::test]
async fn the_guide_runs_as_written_against_a_real_server() {
    let app = TestApp::on("2026-11-20").start().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    for category in ["SERVICE", "SERVICE", "EMPLOYEE"] {
        register(&app, &staff, json!({"category": category})).await;
    }
    let added = app
        .as_user(&handler, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"kind": "IMPROVEMENT_PROPOSAL", "description": "Terugbellijst invoeren.", "ownerId": handler.id, "dueOn": "2026-12-01"}}))
        .await;
    let measure = added["data"]["addMeasure"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let agreed = app
        .as_user(
            &handler,
            "mutation($id: ID!) { updateMeasureStatus(id: $id, status: AGREED) { status } }",
            json!({"id": measure}),
        )
        .await;
    assert!(agreed["errors"].is_null(), "{agreed}");
    let other = app
        .as_user(&handler, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"kind": "MEASURE", "description": "Wachttijd aan de telefoon meten.", "descriptionReviewed": true, "ownerId": handler.id, "dueOn": "2027-01-15"}}))
        .await;
    assert!(other["errors"].is_null(), "{other}");

    // Section 1 as the admin: its mutation makes a client, with the key in the answer.
    let graphql = blocks("graphql");
    let create = graphql
        .iter()
        .find(|b| b.contains("createApiClient"))
        .unwrap();
    let made = app.as_user(&admin, create, json!({})).await;
    assert!(made["errors"].is_null(), "{made}");
    // A key with every scope, for the rest of the guide.
    let all = app
        .as_user(&admin, "mutation { createApiClient(input: {name: \"Rapportage\", scopes: [READ_COMPLAINTS, READ_STATISTICS, READ_AGENDAS, READ_MEASURES, UPDATE_MEASURE_STATUS, MANAGE_WEBHOOKS]}) { key } }", json!({}))
        .await;
    let key = all["data"]["createApiClient"]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let variables = json!({"from": "2026-11-01", "to": "2026-11-30", "after": null, "id": measure});
    for block in graphql.iter().filter(|b| !b.contains("createApiClient")) {
        let body = app.gql(Some(&key), block, variables.clone()).await;
        assert!(body["errors"].is_null(), "{block}: {body}");
    }
    // A second client, pinned to one trusted operation, for the curl that sends a hash.
    let pinned = app
        .as_user(&admin, "mutation { createApiClient(input: {name: \"Rapportage vast\", scopes: [READ_COMPLAINTS]}) { key client { id } } }", json!({}))
        .await;
    let pinned_key = pinned["data"]["createApiClient"]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let trusted = app
        .as_user(&admin, "mutation($c: ID!) { addApiClientOperation(clientId: $c, name: \"Vijf klachten\", document: \"{ complaints(first: 5) { edges { cursor } } }\") { hash } }", json!({"c": pinned["data"]["createApiClient"]["client"]["id"]}))
        .await;
    let hash = trusted["data"]["addApiClientOperation"]["hash"].clone();
    assert!(hash.is_string(), "{trusted}");
    let bodies = curl_bodies();
    assert_eq!(bodies.len(), 3, "{bodies:?}");
    for mut body in bodies {
        if body["variables"]["id"].is_string() {
            body["variables"]["id"] = json!(measure);
        }
        let sender = if body.pointer("/extensions/persistedQuery").is_some() {
            body["extensions"]["persistedQuery"]["sha256Hash"] = hash.clone();
            &pinned_key
        } else {
            &key
        };
        let answer: Value = app
            .http
            .post(format!("{}/graphql", app.address))
            .bearer_auth(sender)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(answer["errors"].is_null(), "{body}: {answer}");
    }

    // The example client, as the guide runs it (apart from the test's runtime, which serves it).
    let run = |args: &'static [&'static str]| {
        let (address, key) = (app.address.clone(), key.clone());
        async move {
            let out = tokio::task::spawn_blocking(move || {
                std::process::Command::new("python3")
                    .arg(concat!(
                        env!("CARGO_MANIFEST_DIR"),
                        "/../docs/examples/klachten_report.py"
                    ))
                    .args(args)
                    .env("KLACHTEN_URL", address)
                    .env("KLACHTEN_KEY", key)
                    .output()
                    .unwrap_or_else(|e| panic!("python3 ({e}): install Python 3"))
            })
            .await
            .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                out.status.success(),
                "{args:?}: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            text
        }
    };
    let week = run(&["week", "2026-11-16"]).await;
    assert_eq!(
        week,
        "week of 2026-11-16: 3 complaints\n  EMPLOYEE: 1\n  SERVICE: 2\n"
    );
    let on_time = run(&["on-time", "2026-01-01", "2026-12-31"]).await;
    assert!(
        on_time.contains("2026-11") && on_time.contains("< 5"),
        "{on_time}"
    );
    let open = run(&["measures"]).await;
    // The measure the guide's curl marked done is no longer open.
    assert!(
        open.contains("Wachttijd aan de telefoon meten.") && !open.contains("Terugbellijst"),
        "{open}"
    );
}

/// The guide's webhook receiver checks real deliveries: a ping signed by the server is
/// verified and printed; a forged request is refused.
#[tokio::test]
async fn the_guides_webhook_receiver_verifies_what_the_server_signs() {
    use std::io::BufRead;
    let app = TestApp::on("2026-11-20")
        .configured(|config| {
            config.workers = 1;
            config.webhook_internal_targets = true;
        })
        .start()
        .await;
    // The receiver refuses old signatures, so the server's clock must be the real one here.
    #[expect(
        clippy::disallowed_methods,
        reason = "the receiver compares the signature's time with the real clock"
    )]
    let now = chrono::Utc::now();
    app.clock.set(now);
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let client = app
        .as_user(&admin, "mutation { createApiClient(input: {name: \"Kwaliteit\", scopes: [READ_COMPLAINTS, MANAGE_WEBHOOKS]}) { key } }", json!({}))
        .await;
    let key = client["data"]["createApiClient"]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let made = app
        .gql(Some(&key), "mutation($url: String!) { createWebhook(input: {url: $url, events: [COMPLAINT_REGISTERED]}) { secret webhook { id } } }", json!({"url": "http://127.0.0.1:9/placeholder"}))
        .await;
    let secret = made["data"]["createWebhook"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("{made}"))
        .to_owned();
    let webhook = made["data"]["createWebhook"]["webhook"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut child = Reaped(
        std::process::Command::new("python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../docs/examples/klachten_webhook.py"
            ))
            .arg("0")
            .env("KLACHTEN_WEBHOOK_SECRET", &secret)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("python3 ({e}): install Python 3")),
    );
    let stdout = child.0.stdout.take().unwrap();
    let (lines_tx, mut lines) = tokio::sync::mpsc::unbounded_channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut next_line = async || {
        tokio::time::timeout(std::time::Duration::from_secs(20), lines.recv())
            .await
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("the receiver printed nothing more"))
    };
    let listening = next_line().await;
    let address = listening
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("{listening}"))
        .to_owned();
    let moved = app
        .gql(Some(&key), "mutation($id: ID!, $url: String!) { updateWebhook(id: $id, change: {url: $url}) { url } }", json!({"id": webhook, "url": format!("http://{address}/klachten")}))
        .await;
    assert!(moved["errors"].is_null(), "{moved}");
    // A forged request: refused.
    let forged = app
        .http
        .post(format!("http://{address}/klachten"))
        .header(
            "Klachten-Signature",
            format!("t={},v1={}", now.timestamp(), "ab".repeat(32)),
        )
        .body("{\"id\": \"x\", \"event\": \"PING\", \"data\": {}}")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 401);
    assert_eq!(next_line().await, "refused: bad or old signature");
    let ping = app
        .gql(
            Some(&key),
            "mutation($id: ID!) { pingWebhook(id: $id) { id } }",
            json!({"id": webhook}),
        )
        .await;
    assert!(ping["errors"].is_null(), "{ping}");
    let verified = next_line().await;
    drop(child);
    assert!(
        verified.starts_with("PING ") && verified.ends_with(" verified"),
        "{verified}"
    );
}

/// A child process that is stopped however the test ends, a failed assertion included: a
/// receiver left running would keep the test run's output open.
struct Reaped(std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
