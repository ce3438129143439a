//! The test harness: starts the real server on port 0 with a fresh database per test — a
//! temporary SQLite file, or a new PostgreSQL database when `TEST_DATABASE_URL` is set — and a
//! clock the test sets.
#![expect(
    clippy::expect_used,
    reason = "test support: a failed expectation is a failed test"
)]

#[cfg(test)]
#[path = "../build/documents.rs"]
mod documents;
#[cfg(test)]
#[path = "../../xtask/src/rust_source.rs"]
mod rust_source;

use chrono::NaiveDate;
use klachten::config::Config;
use klachten::{Application, auth, db};
use klachten_core::actor::Role;
use klachten_core::time::{Clock, FixedClock};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use std::sync::Arc;

/// A running server for one test.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// The test's clock; move it to let time pass.
    pub clock: Arc<FixedClock>,
    /// The server's state (database access for set-up and checks).
    pub state: Arc<klachten::AppState>,
    /// The HTTP client.
    pub http: reqwest::Client,
    /// The test's own database.
    pub database_url: String,
    /// The folder mail goes to without a mail server: the test's own, removed with it.
    pub outbox_dir: std::path::PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: Option<TempDir>,
    _outbox: TempDir,
}

/// A logged-in user of a test.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// Id.
    pub id: String,
    /// Access token.
    pub token: String,
    /// Name.
    pub name: String,
    /// Login e-mail address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A directory removed when dropped.
pub struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every log line the servers of this test process wrote, at every level of the server's own
/// code: identifying data must never reach one.
static LOGS: std::sync::OnceLock<Arc<std::sync::Mutex<Vec<u8>>>> = std::sync::OnceLock::new();

struct Capture(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    LOGS.get_or_init(|| {
        let buffer = Arc::new(std::sync::Mutex::new(Vec::new()));
        let writer = buffer.clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "info,klachten=trace,poem=debug",
            ))
            .with_writer(move || Capture(writer.clone()))
            .json()
            .try_init();
        buffer
    });
}

/// What the servers of this test process have logged so far.
pub fn captured_logs() -> String {
    LOGS.get()
        .map(|b| {
            String::from_utf8_lossy(&b.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
                .into_owned()
        })
        .unwrap_or_default()
}

/// The signing secret of test servers.
pub const TEST_SECRET: &str = "test-secret-test-secret-test-secret-0123";

/// The secrets key of test servers on PostgreSQL (which requires one); on SQLite they keep
/// theirs in a key file beside the database, as a server does by default.
pub const TEST_SECRETS_KEY: &str =
    "7e57000000000000000000000000000000000000000000000000000000007e57";

async fn fresh_database() -> (String, Option<TempDir>) {
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        let name = format!("klachten_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(url.clone())
            .await
            .expect("connect to TEST_DATABASE_URL");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let base = url.rsplit_once('/').map_or(url.as_str(), |(base, _)| base);
        return (format!("{base}/{name}"), None);
    }
    let dir = std::env::temp_dir().join(format!("klachten-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    (
        format!("sqlite://{}?mode=rwc", dir.join("test.db").display()),
        Some(TempDir(dir)),
    )
}

/// How a test's server starts, read as a sentence:
/// `TestApp::on("2026-11-20").with_workers(1).serving_the_app().start().await`.
#[must_use = "nothing starts until `start`"]
pub struct TestAppBuilder<'a> {
    today: String,
    changes: Vec<ConfigChange<'a>>,
}

/// One change a test makes to the server's configuration.
type ConfigChange<'a> = Box<dyn FnOnce(&mut Config) + 'a>;

impl<'a> TestAppBuilder<'a> {
    /// With `workers` job workers running (none by default: tests run jobs themselves).
    pub fn with_workers(self, workers: u8) -> Self {
        self.configured(move |config| config.workers = workers)
    }

    /// Sending mail through the plain SMTP server on `127.0.0.1:port`, with one worker.
    pub fn with_mail_server(self, port: u16) -> Self {
        self.configured(move |config| {
            config.smtp_host = Some("127.0.0.1".to_owned());
            config.smtp_port = port;
            config.smtp_tls = klachten::config::SmtpTls::None;
            config.workers = 1;
        })
    }

    /// Also serving the built browser app (`cargo xtask build-frontend`); the start fails with
    /// what to run when it is not built.
    pub fn serving_the_app(self) -> Self {
        let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist");
        assert!(
            dist.join("index.html").is_file(),
            "the browser app is not built: run `cargo xtask build-frontend` (or `cargo xtask test`)"
        );
        self.configured(|config| config.static_dir = dist)
    }

    /// With the test configuration changed by `change` (e.g. a mail server).
    pub fn configured(mut self, change: impl FnOnce(&mut Config) + 'a) -> Self {
        self.changes.push(Box::new(change));
        self
    }

    /// Starts the server.
    pub async fn start(self) -> TestApp {
        let changes = self.changes;
        TestApp::spawn_configured(&self.today, move |config| {
            for change in changes {
                change(config);
            }
        })
        .await
    }
}

impl TestApp {
    /// A server whose clock stands on `today` (noon, Amsterdam), to be started with
    /// [`TestAppBuilder::start`].
    pub fn on(today: &str) -> TestAppBuilder<'static> {
        TestAppBuilder {
            today: today.to_owned(),
            changes: Vec::new(),
        }
    }

    async fn spawn_configured(today: &str, change: impl FnOnce(&mut Config)) -> Self {
        capture_logs();
        let (database_url, dir) = fresh_database().await;
        let clock = Arc::new(FixedClock::on(date(today)));
        let outbox_dir =
            std::env::temp_dir().join(format!("klachten-outbox-{}", uuid::Uuid::new_v4().simple()));
        let mut config = Config {
            database_url: database_url.clone(),
            outbox_dir: outbox_dir.clone(),
            listen: "127.0.0.1:0".to_owned(),
            jwt_secret: Some(TEST_SECRET.to_owned()),
            secrets_key: database_url
                .starts_with("postgres")
                .then(|| TEST_SECRETS_KEY.parse().expect("a valid key")),
            // Tests run the purge and the scans themselves, at the dates they choose, and
            // start workers only when they test them.
            daily_purge: false,
            daily_scans: false,
            workers: 0,
            ..Config::default()
        };
        change(&mut config);
        let app = Application::build(config, clock.clone())
            .await
            .expect("the app starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        Self {
            address,
            clock,
            state,
            http: reqwest::Client::new(),
            database_url,
            shutdown: Some(tx),
            _dir: dir,
            _outbox: TempDir(outbox_dir.clone()),
            outbox_dir,
        }
    }

    /// Everything the database holds, as text: `pg_dump` of its data on PostgreSQL; on SQLite
    /// the bytes of the file (after a checkpoint of the write-ahead log), free pages included.
    pub async fn database_contents(&self) -> String {
        use sea_orm::ConnectionTrait;
        if !self.database_url.starts_with("postgres") {
            self.state
                .db
                .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await
                .expect("checkpoint");
        }
        self.database_as_is()
    }

    /// Everything the database holds, as text, as it lies on disk now: on SQLite the database
    /// file and its write-ahead log, without a checkpoint first; on PostgreSQL `pg_dump`.
    pub fn database_as_is(&self) -> String {
        if self.database_url.starts_with("postgres") {
            let dump = std::process::Command::new("pg_dump")
                .args(["--data-only", "--no-owner", &self.database_url])
                .output()
                .expect("pg_dump runs (apt-get install -y postgresql-client)");
            assert!(dump.status.success(), "pg_dump failed");
            return String::from_utf8_lossy(&dump.stdout).into_owned();
        }
        let file = self
            .database_url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        let mut bytes = std::fs::read(&file).expect("the database file");
        if let Ok(wal) = std::fs::read(format!("{file}-wal")) {
            bytes.extend(wal);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Starts a server on 23 November 2026.
    pub async fn spawn() -> Self {
        Self::on("2026-11-23").start().await
    }

    /// The test clock's instant.
    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Moves the clock to noon on `day`.
    pub fn set_today(&self, day: &str) {
        self.clock.set_date(date(day));
    }

    /// Creates a user with `roles` and logs them in.
    pub async fn user(&self, name: &str, roles: &[Role]) -> TestUser {
        let email = format!("{}@test.local", name.to_lowercase().replace(' ', "."));
        let password = format!("pw-{name}-123456");
        let hash = auth::hash_password(&password).expect("hash");
        db::users::create(&self.state.db, &email, name, hash, roles, self.clock.now())
            .await
            .expect("create user");
        let body = self
            .gql(
                None,
                "mutation($e:String!,$p:String!){login(email:$e,password:$p){token user{id}}}",
                json!({"e": email, "p": password}),
            )
            .await;
        let login = &body["data"]["login"];
        TestUser {
            id: login["user"]["id"].as_str().expect("user id").to_owned(),
            token: login["token"].as_str().expect("token").to_owned(),
            name: name.to_owned(),
            email,
            password,
        }
    }

    /// Sends a GraphQL operation, as `user` when given, and returns the response body.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.address))
            .json(&json!({"query": query, "variables": variables}));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("JSON body")
    }

    /// Sends `query` once per set of `variables`, all in flight at the same moment (each on a
    /// task of its own), as the holder of `token`; the answers in the same order.
    pub async fn all_at_once(&self, token: &str, query: &str, variables: Vec<Value>) -> Vec<Value> {
        let tasks: Vec<_> = variables
            .into_iter()
            .map(|variables| {
                let request = self
                    .http
                    .post(format!("{}/graphql", self.address))
                    .bearer_auth(token)
                    .json(&json!({"query": query, "variables": variables}));
                tokio::spawn(async move {
                    request
                        .send()
                        .await
                        .expect("request")
                        .json::<Value>()
                        .await
                        .expect("JSON body")
                })
            })
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.expect("the request task ends"));
        }
        answers
    }

    /// Sends a GraphQL operation as `user`, with a token issued at the test clock's "now" (the
    /// clock may have moved days since the login).
    pub async fn as_user(&self, user: &TestUser, query: &str, variables: Value) -> Value {
        let id = user
            .id
            .parse::<klachten_core::ids::UserId>()
            .expect("user id");
        let stored = db::users::by_id(&self.state.db, id)
            .await
            .expect("read user")
            .expect("user exists");
        let (token, _) = self
            .state
            .tokens
            .issue(&user.id, stored.token_version, self.clock.now())
            .expect("token");
        self.gql(Some(&token), query, variables).await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Parses `YYYY-MM-DD`.
pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("a YYYY-MM-DD date")
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// Every field of an identified complaint, as tests select them.
pub const IDENTIFIED_FIELDS: &str = "id reference channel category status receivedOn complainant{name address phone email} concerning facts conductOn remedySought procedureVersion registeredBy handlerId involvedPartyIds deadlines{acknowledgement{dueOn metOn state} firstContact{dueOn metOn state} resolution{dueOn metOn state} privacyResolution{dueOn metOn state} retention{dueOn metOn state}} declineGround outcome dpoRequestedOn dpoAdvice{advisedOn advice followed reason} summary summaryRedacted summaryReviewed rootCause{category text textRedacted reviewed} measures{id kind description descriptionRedacted descriptionReviewed ownerId ownerName dueOn status late history{status actorId at}} timeline{action actorId actorName at on} conversations{heldOn kind summary agreements recordedBy} letters{id kind contentHash sentOn sentVia} version allowedActions";

/// Every field of an anonymised complaint.
pub const ANONYMISED_FIELDS: &str = "id reference channel category status receivedMonth clocks{acknowledgement firstContact resolution privacyResolution} declineGround summary rootCause{category text textRedacted reviewed} measures{kind description dueMonth status late} allowedActions";

/// A selection of a `Complaint` union with every field of both types.
pub fn complaint_selection() -> String {
    format!(
        "__typename ... on IdentifiedComplaint {{ {IDENTIFIED_FIELDS} }} ... on AnonymisedComplaint {{ {ANONYMISED_FIELDS} }}"
    )
}

/// Everything a mail file says, decoded: its headers (encoded words decoded), every part's body
/// (base64 and quoted-printable decoded) and the text of every PDF in it, so that a search
/// finds a name however the mail encoded it.
pub fn mail_text(eml: &str) -> String {
    use base64::Engine as _;
    let mut out = decode_words(eml);
    // Every part: headers up to a blank line, then the body up to the next boundary line.
    let mut rest = eml;
    while let Some(at) = rest.find("Content-Transfer-Encoding:") {
        rest = &rest[at..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let encoding = rest[26..line_end].trim().to_ascii_lowercase();
        let Some(blank) = rest.find("\r\n\r\n").or_else(|| rest.find("\n\n")) else {
            break;
        };
        let body_start = rest[blank..]
            .find(|c: char| c != '\r' && c != '\n')
            .map_or(rest.len(), |i| blank + i);
        let body = &rest[body_start..];
        let end = body.find("\n--").unwrap_or(body.len());
        let raw = &body[..end];
        let decoded: Vec<u8> = match encoding.as_str() {
            "base64" => base64::engine::general_purpose::STANDARD
                .decode(raw.split_whitespace().collect::<String>())
                .expect("a base64 part decodes"),
            "quoted-printable" => {
                quoted_printable::decode(raw, quoted_printable::ParseMode::Robust)
                    .expect("a quoted-printable part decodes")
            }
            _ => raw.as_bytes().to_vec(),
        };
        if decoded.starts_with(b"%PDF-") {
            out.push_str(&pdf_text(
                &base64::engine::general_purpose::STANDARD.encode(&decoded),
            ));
        } else {
            out.push_str(&String::from_utf8_lossy(&decoded));
        }
        out.push('\n');
        rest = &body[end..];
    }
    out
}

/// The text with RFC 2047 encoded words (`=?utf-8?b?…?=`) decoded.
fn decode_words(text: &str) -> String {
    use base64::Engine as _;
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("=?") {
        out.push_str(&rest[..start]);
        let word = &rest[start + 2..];
        // charset ? kind ? encoded ?=
        let parsed = word.find('?').and_then(|q| {
            let kind = word.get(q + 1..q + 2)?;
            let encoded = word.get(q + 3..)?;
            let end = encoded.find("?=")?;
            Some((kind, &encoded[..end], &encoded[end + 2..]))
        });
        let decoded = parsed.and_then(|(kind, encoded, after)| {
            let bytes = if kind.eq_ignore_ascii_case("b") {
                base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .ok()
            } else {
                quoted_printable::decode(
                    encoded.replace('_', " "),
                    quoted_printable::ParseMode::Robust,
                )
                .ok()
            }?;
            Some((String::from_utf8_lossy(&bytes).into_owned(), after))
        });
        match decoded {
            Some((text, after)) => {
                out.push_str(&text);
                rest = after;
            }
            None => {
                out.push_str("=?");
                rest = word;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of a base64-encoded PDF, through `pdftotext`, with its whitespace folded so that a
/// sentence reads across a line wrap.
pub fn pdf_text(encoded: &str) -> String {
    pdf_lines(encoded)
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The bytes of a base64-encoded PDF.
pub fn pdf_bytes(encoded: &str) -> Vec<u8> {
    use base64::Engine as _;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("base64");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    pdf
}

/// What a poppler tool (`pdftotext`, `pdffonts`) prints for a base64-encoded PDF.
pub fn poppler(tool: &str, args: &[&str], encoded: &str) -> String {
    let file = std::env::temp_dir().join(format!("klachten-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&file, pdf_bytes(encoded)).expect("a temporary file");
    let mut command = std::process::Command::new(tool);
    command.args(args).arg(&file);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let out = command.output().unwrap_or_else(|e| {
        panic!("{tool} ({e}): install it with apt-get install -y poppler-utils")
    });
    let _ = std::fs::remove_file(&file);
    assert!(out.status.success(), "{tool} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The lines of a base64-encoded PDF as `pdftotext -layout` reads them, trimmed.
pub fn pdf_lines(encoded: &str) -> Vec<String> {
    poppler("pdftotext", &["-layout"], encoded)
        .lines()
        .map(|l| l.trim().to_owned())
        .collect()
}
