//! The server process and its SQLite file under stress: killed with SIGKILL in the middle of
//! writes (every complaint whose registration was answered is there after a restart, nothing
//! unanswered is half there, the file is intact and the audit chain verifies), and stopped with
//! SIGTERM (the request in flight is answered, new ones are not taken, the process exits
//! cleanly).
#![expect(
    clippy::expect_used,
    reason = "test helpers: a failed expectation is a failed test"
)]

use klachten::clock::SystemClock;
use klachten_core::time::Clock;
mod common;

use common::Workspace;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process; killed when dropped, so a failing test leaves nothing running.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn klachten(dir: &Workspace) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_klachten"));
    command
        .env("DATABASE_URL", dir.database_url())
        .env("KLACHTEN_OUTBOX_DIR", dir.path().join("outbox"))
        .env(
            "KLACHTEN_JWT_SECRET",
            "crash-test-secret-crash-test-secret-0123",
        )
        .env_remove("KLACHTEN_CONFIG")
        .env_remove("KLACHTEN_SMTP_HOST")
        .current_dir(dir.path());
    command
}

/// A plain HTTP client (rustls wants its process-wide provider even when no TLS is used).
fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A receipt date the real server accepts (not in the future, on its own clock).
fn two_days_ago() -> String {
    (SystemClock.now() - chrono::Duration::days(2))
        .date_naive()
        .to_string()
}

/// Adds the handler the tests log in as.
fn add_handler(dir: &Workspace) {
    let added = klachten(dir)
        .args(["user", "add", "--email", "henk@perspectiefplus.nl"])
        .args(["--name", "Henk Handelaar", "--role", "HANDLER"])
        .env("KLACHTEN_PASSWORD", GIVEN)
        .output()
        .expect("the binary runs");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
}

async fn start(dir: &Workspace) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let child = klachten(dir)
        .arg("serve")
        .env("KLACHTEN_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let server = Server {
        child,
        address: format!("http://127.0.0.1:{port}"),
    };
    let http = http_client();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let health = http.get(format!("{}/health", server.address)).send().await;
        if health.is_ok_and(|r| r.status().is_success()) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not answer within 30 s");
}

async fn gql(
    http: &reqwest::Client,
    address: &str,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Result<Value, reqwest::Error> {
    let mut request = http
        .post(format!("{address}/graphql"))
        .header("content-type", "application/json")
        .body(json!({"query": query, "variables": variables}).to_string());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let answer = request.send().await?.text().await?;
    Ok(serde_json::from_str(&answer).unwrap_or(Value::Null))
}

/// The password the operator gave on the command line, and the one Henk chose after it.
const GIVEN: &str = "een-lang-wachtwoord-voor-henk";
const CHOSEN: &str = "henk-koos-zijn-eigen-wachtwoord";

/// Logs Henk in; the first time, he replaces the password the operator gave him, as the
/// server asks.
async fn login(http: &reqwest::Client, server: &Server) -> String {
    let login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token passwordChangeRequired } }";
    let mut session = Value::Null;
    for password in [CHOSEN, GIVEN] {
        let body = gql(
            http,
            &server.address,
            None,
            login,
            json!({"e": "henk@perspectiefplus.nl", "p": password}),
        )
        .await
        .expect("login answers");
        session = body["data"]["login"].clone();
        if !session.is_null() {
            break;
        }
    }
    let token = session["token"]
        .as_str()
        .unwrap_or_else(|| panic!("login failed: {session}"))
        .to_owned();
    if session["passwordChangeRequired"] != true {
        return token;
    }
    let changed = gql(
        http,
        &server.address,
        Some(&token),
        "mutation($c: String!, $n: String!) { changePassword(current: $c, new: $n) { token } }",
        json!({"c": GIVEN, "n": CHOSEN}),
    )
    .await
    .expect("changePassword answers");
    changed["data"]["changePassword"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("changing the password failed: {changed}"))
        .to_owned()
}

const REGISTER: &str = "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { ... on IdentifiedComplaint { reference } } }";

/// Registers complaints in a loop until the server stops answering; returns the references
/// whose registration was answered.
async fn keep_registering(address: String, token: String, writer: usize) -> Vec<String> {
    let http = http_client();
    let received = two_days_ago();
    let mut answered = Vec::new();
    for n in 0.. {
        let input = json!({"i": {
            "receivedOn": received, "channel": "EMAIL", "category": "SERVICE",
            "complainant": {"name": format!("Schrijver {writer}-{n}"), "email": "schrijver@voorbeeld.nl"},
            "facts": format!("Klacht {n} van schrijver {writer}: niet teruggebeld."),
        }});
        match gql(&http, &address, Some(&token), REGISTER, input).await {
            Ok(body) => match body["data"]["registerComplaint"]["reference"].as_str() {
                Some(reference) => answered.push(reference.to_owned()),
                None => break,
            },
            Err(_) => break,
        }
    }
    answered
}

async fn scalar_rows(url: &str, sql: &str) -> Vec<String> {
    let db = Database::connect(url).await.expect("the file opens");
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("the query runs");
    rows.iter()
        .map(|r| r.try_get_by_index::<String>(0).expect("a text column"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_write_keeps_every_answered_registration_and_nothing_half_written() {
    let dir = Workspace::new("crash");
    add_handler(&dir);

    let mut server = start(&dir).await;
    let http = http_client();
    let token = login(&http, &server).await;
    let writers: Vec<_> = (0..3)
        .map(|w| tokio::spawn(keep_registering(server.address.clone(), token.clone(), w)))
        .collect();
    // Let the writers get going, then kill the server without warning.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("the server is gone");
    let mut answered = Vec::new();
    for writer in writers {
        answered.extend(writer.await.expect("the writer ends"));
    }
    assert!(
        answered.len() >= 3,
        "too few registrations before the kill to prove anything: {}",
        answered.len()
    );

    // The file is intact and the audit chain verifies.
    let url = dir.database_url();
    assert_eq!(
        scalar_rows(&url, "PRAGMA integrity_check").await,
        vec!["ok"]
    );
    let verify = klachten(&dir)
        .args(["audit", "verify"])
        .output()
        .expect("the binary runs");
    assert!(
        verify.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    // Every answered registration is stored; every stored one is whole: its timeline step
    // and its audit entry were written in the same transaction.
    let stored = scalar_rows(&url, "SELECT reference FROM complaints").await;
    for reference in &answered {
        assert!(
            stored.contains(reference),
            "{reference} was answered but is lost"
        );
    }
    let half = scalar_rows(
        &url,
        "SELECT c.reference FROM complaints c WHERE NOT EXISTS \
           (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id AND e.action = 'REGISTER') \
         OR NOT EXISTS \
           (SELECT 1 FROM audit_log a WHERE a.complaint_id = c.id AND a.action = 'REGISTER')",
    )
    .await;
    assert!(half.is_empty(), "half-written complaints: {half:?}");

    // The server starts again on the same file and carries on numbering.
    let server = start(&dir).await;
    let token = login(&http, &server).await;
    let after = register_one(&http, &server, &token).await;
    assert!(!stored.contains(&after), "{after} was handed out twice");
}

async fn register_one(http: &reqwest::Client, server: &Server, token: &str) -> String {
    let received = two_days_ago();
    let body = gql(
        http,
        &server.address,
        Some(token),
        REGISTER,
        json!({"i": {"receivedOn": received, "channel": "LETTER", "category": "SERVICE",
            "complainant": {"name": "Na de val"}, "facts": "Na de herstart."}}),
    )
    .await
    .expect("the restarted server answers");
    body["data"]["registerComplaint"]["reference"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_told_to_stop_finishes_the_request_in_flight_refuses_new_ones_and_exits_cleanly() {
    let dir = Workspace::new("shutdown");
    add_handler(&dir);
    let mut server = start(&dir).await;
    let http = http_client();
    let token = login(&http, &server).await;

    // Another process holds SQLite's write lock, so the next registration waits in flight.
    let holder = Database::connect(dir.database_url().as_str())
        .await
        .expect("the file opens");
    holder
        .execute_unprepared("BEGIN IMMEDIATE")
        .await
        .expect("the write lock");
    let in_flight = {
        let (http, address, token) = (http.clone(), server.address.clone(), token.clone());
        tokio::spawn(async move {
            let input = json!({"i": {"receivedOn": two_days_ago(), "channel": "LETTER",
                "category": "SERVICE", "complainant": {"name": "Tijdens het stoppen"},
                "facts": "Verstuurd vlak voor het stoppen."}});
            gql(&http, &address, Some(&token), REGISTER, input).await
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stopped = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(stopped.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    // No new connections once it is stopping.
    let late = http
        .get(format!("{}/health", server.address))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(late.is_err(), "a new request was served after SIGTERM");
    // The lock goes; the request in flight completes and is answered.
    holder
        .execute_unprepared("ROLLBACK")
        .await
        .expect("the lock is released");
    let answer = in_flight
        .await
        .expect("the request task ends")
        .expect("the request in flight is answered");
    let reference = answer["data"]["registerComplaint"]["reference"]
        .as_str()
        .unwrap_or_else(|| panic!("{answer}"))
        .to_owned();
    // The process ends on its own, well within its 10 s grace period, and cleanly.
    let deadline = Instant::now() + Duration::from_secs(12);
    let status = loop {
        if let Some(status) = server
            .child
            .try_wait()
            .expect("the process can be waited on")
        {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop within 12 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "the server ended with {status}");
    holder.close().await.expect("closed");
    let stored = scalar_rows(&dir.database_url(), "SELECT reference FROM complaints").await;
    assert_eq!(stored, vec![reference]);
}
