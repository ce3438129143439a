//! E-mail: the handler hears of every new complaint through a real mail server; without one,
//! mail lands in the outbox folder; a failed send is kept and retried; the daily scan warns of
//! clocks due soon and escalates late ones — all without identifying data.

use super::register;
use klachten::db::entities::mail_outbox;
use klachten_core::actor::Role;
use klachten_tests::{TestApp, date};
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// What a notification may never contain (the complaint `register` plants).
const IDENTIFYING: [&str; 5] = [
    "Kanarie",
    "wietske",
    "12345678",
    "Vogelkooistraat",
    "Vinkenslag",
];

/// A real SMTP server on loopback (`aiosmtpd` from PyPI) that stores what it receives in a
/// maildir; stopped on drop.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpServer {
    fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let maildir =
            std::env::temp_dir().join(format!("klachten-smtp-{}", uuid::Uuid::new_v4().simple()));
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 ({e}): install Python 3"));
        let server = Self {
            child,
            port,
            maildir,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the test mail server did not start: install it with `pip install aiosmtpd`");
    }

    /// The messages received so far, with quoted-printable soft line breaks undone.
    fn received(&self) -> Vec<String> {
        read_all(&self.maildir.join("new"))
            .into_iter()
            .map(|m| m.replace("=\r\n", "").replace("=\n", ""))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

fn read_all(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Waits up to 15 s for `found` to return something.
async fn eventually<T>(mut found: impl FnMut() -> Option<T>) -> T {
    for _ in 0..150 {
        if let Some(value) = found() {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("gave up waiting");
}

async fn outbox(app: &TestApp) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .order_by_asc(mail_outbox::Column::CreatedAt)
        .all(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_registration_mails_every_handler_through_a_real_mail_server() {
    let smtp = SmtpServer::start();
    let port = smtp.port;
    let app = TestApp::on("2026-11-23")
        .with_mail_server(port)
        .configured(|config| config.public_url = "https://klachten.example.nl".to_owned())
        .start()
        .await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    app.user("Hanna Handler", &[Role::Handler]).await;
    app.user("Henk Handler", &[Role::Handler]).await;
    let c = register(&app, &staff, json!({"receivedOn": "2026-11-23"})).await;
    let id = c["id"].as_str().unwrap().to_owned();

    let received = eventually(|| Some(smtp.received()).filter(|m| m.len() == 2)).await;
    let all = received.join("\n");
    assert!(all.contains("hanna.handler@test.local") && all.contains("henk.handler@test.local"));
    for message in &received {
        assert!(
            message.contains("Subject: Nieuwe klacht KL-2026-0001"),
            "{message}"
        );
        assert!(
            message.contains("30-11-2026"),
            "the acknowledgement's due date: {message}"
        );
        assert!(message.contains(&format!("https://klachten.example.nl/klachten/{id}")));
        for planted in IDENTIFYING {
            assert!(!message.contains(planted), "{planted} in {message}");
        }
    }
    let rows = eventually_rows(&app, |rows| rows.iter().all(|m| m.status == "SENT")).await;
    assert_eq!(rows.len(), 2);
}

/// Waits until the outbox satisfies `done`.
async fn eventually_rows(
    app: &TestApp,
    done: impl Fn(&[mail_outbox::Model]) -> bool,
) -> Vec<mail_outbox::Model> {
    for _ in 0..150 {
        let rows = outbox(app).await;
        if !rows.is_empty() && done(&rows) {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the outbox never got there: {:?}", outbox(app).await);
}

#[tokio::test]
async fn without_a_mail_server_mail_lands_in_the_outbox_folder() {
    let app = TestApp::on("2026-11-23").with_workers(1).start().await;
    let dir = app.outbox_dir.clone();
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    app.user("Hanna Handler", &[Role::Handler]).await;
    register(&app, &staff, json!({"receivedOn": "2026-11-23"})).await;
    let files = eventually(|| Some(read_all(&dir)).filter(|f| !f.is_empty())).await;
    assert_eq!(files.len(), 1);
    assert!(
        files[0].contains("To: hanna.handler@test.local"),
        "{}",
        files[0]
    );
    assert!(files[0].contains("Subject: Nieuwe klacht KL-2026-0001"));
}

#[tokio::test]
async fn a_failed_send_is_kept_with_its_reason_and_retried() {
    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let app = TestApp::on("2026-11-23")
        .with_mail_server(port)
        .start()
        .await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    app.user("Hanna Handler", &[Role::Handler]).await;
    register(&app, &staff, json!({"receivedOn": "2026-11-23"})).await;
    let rows = eventually_rows(&app, |rows| rows[0].attempts >= 1).await;
    assert_eq!(rows[0].status, "QUEUED", "tried again later");
    assert_eq!(rows[0].last_error.as_deref(), Some("UNREACHABLE"));
    // Directors follow the outbox; others may not.
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let outbox =
        "{ outbox(first: 10) { kind recipient status attempts lastError complaintReference } }";
    let seen = app.as_user(&director, outbox, json!({})).await;
    assert_eq!(
        seen["data"]["outbox"][0],
        json!({"kind": "NEW_COMPLAINT", "recipient": "hanna.handler@test.local", "status": "QUEUED", "attempts": 1, "lastError": "UNREACHABLE", "complaintReference": "KL-2026-0001"}),
        "{seen}"
    );
    let refused = app.as_user(&staff, outbox, json!({})).await;
    assert_eq!(klachten_tests::error_code(&refused), Some("FORBIDDEN"));
}

#[tokio::test]
async fn the_daily_scan_warns_the_handler_and_escalates_late_clocks_to_the_directors() {
    let app = TestApp::on("2026-11-16").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    app.user("Hanna Handler", &[Role::Handler]).await;
    app.user("Dirk Directeur", &[Role::Director]).await;
    // Received Monday 16 November: acknowledgement due Monday 23 November.
    register(&app, &staff, json!({"receivedOn": "2026-11-16"})).await;
    let scan = |day: &str| {
        let day = date(day);
        let app = &app;
        async move {
            app.set_today(&day.to_string());
            klachten::clock_scan::run(&app.state.db, &app.state.config, app.clock_now(), day)
                .await
                .unwrap()
        }
    };
    assert_eq!(scan("2026-11-18").await, 0, "nothing due soon yet");
    assert_eq!(scan("2026-11-20").await, 1, "due within two working days");
    assert_eq!(scan("2026-11-20").await, 0, "each warning once");
    // Tuesday 24 November: the acknowledgement is late (to the director), first contact is
    // due the next day (to the handler).
    assert_eq!(scan("2026-11-24").await, 2);
    let mut rows: Vec<(String, String, String)> = outbox(&app)
        .await
        .into_iter()
        .filter(|m| m.kind.starts_with("CLOCK"))
        .map(|m| (m.kind, m.recipient, m.subject))
        .collect();
    rows.sort();
    let row =
        |kind: &str, to: &str, subject: &str| (kind.to_owned(), to.to_owned(), subject.to_owned());
    assert_eq!(
        rows,
        vec![
            row(
                "CLOCK_DUE_SOON",
                "hanna.handler@test.local",
                "Termijn bijna verstreken: KL-2026-0001"
            ),
            row(
                "CLOCK_DUE_SOON",
                "hanna.handler@test.local",
                "Termijn bijna verstreken: KL-2026-0001"
            ),
            row(
                "CLOCK_LATE",
                "dirk.directeur@test.local",
                "Termijn verstreken: KL-2026-0001"
            ),
        ]
    );
    for mail in outbox(&app).await {
        for planted in IDENTIFYING {
            assert!(!mail.subject.contains(planted) && !mail.body.contains(planted));
        }
    }
}
