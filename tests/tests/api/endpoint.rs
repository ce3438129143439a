//! The endpoint's rules and token misuse (SECURITY S10–S17, J1–J11).

use klachten_core::actor::Role;
use klachten_tests::{TEST_SECRET, TestApp, error_code};
use serde_json::json;

async fn post(app: &TestApp, content_type: &str, body: &str) -> reqwest::Response {
    app.http
        .post(format!("{}/graphql", app.address))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn only_json_posts_with_one_operation_reach_the_api() {
    let app = TestApp::spawn().await;
    let get = app
        .http
        .get(format!("{}/graphql?query=%7Bme%7Bname%7D%7D", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 405);
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        assert_eq!(
            post(&app, content_type, r#"{"query":"{ me { name } }"}"#)
                .await
                .status(),
            415,
            "{content_type}"
        );
    }
    let batch = post(
        &app,
        "application/json",
        r#"[{"query":"{ me { name } }"},{"query":"{ me { name } }"}]"#,
    )
    .await;
    assert_eq!(batch.status(), 400);
    assert_eq!(
        post(&app, "application/json", "not json").await.status(),
        400
    );
    let big = format!(
        r#"{{"query":"{{ me {{ name }} }}","variables":{{"x":"{}"}}}}"#,
        "a".repeat(70_000)
    );
    assert_eq!(post(&app, "application/json", &big).await.status(), 413);
    let ok = post(
        &app,
        "application/json; charset=utf-8",
        r#"{"query":"{ me { name } }"}"#,
    )
    .await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["cache-control"], "no-store");
    assert_eq!(ok.headers()["x-content-type-options"], "nosniff");
    assert!(ok.headers().get("set-cookie").is_none());
    let health = app
        .http
        .get(format!("{}/health", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn introspection_suggestions_and_graphiql_are_off_outside_development() {
    let app = TestApp::spawn().await;
    let user = app.user("Sanne Staf", &[Role::Staff]).await;
    let schema = app
        .as_user(&user, "{ __schema { types { name } } }", json!({}))
        .await;
    assert!(schema["data"]["__schema"].is_null(), "{schema}");
    let typo = app
        .as_user(
            &user,
            "# not checked: a typo on purpose\n{ me { nam } }",
            json!({}),
        )
        .await;
    assert!(!typo.to_string().contains("Did you mean"), "{typo}");
    let graphiql = app
        .http
        .get(format!("{}/graphiql", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    // The path falls through to the browser app (or the note that it is not built): no IDE.
    let page = graphiql.text().await.unwrap().to_lowercase();
    assert!(
        !page.contains("graphiql") && !page.contains("graphql-ws"),
        "{page}"
    );
}

#[tokio::test]
async fn cors_answers_no_foreign_origin() {
    let app = TestApp::spawn().await;
    let preflight = app
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.address))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(
        preflight
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

fn b64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// A token signed with `secret`, naming the test servers' key id.
fn signed(claims: serde_json::Value, secret: &[u8]) -> String {
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(klachten::auth::env_key_id(TEST_SECRET.as_bytes()));
    jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .unwrap()
}

async fn me_status(app: &TestApp, token: &str) -> (u16, Option<String>) {
    let response = app
        .http
        .post(format!("{}/graphql", app.address))
        .bearer_auth(token)
        .json(&json!({"query": "{ me { name } }"}))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap();
    (status, error_code(&body).map(str::to_owned))
}

#[tokio::test]
async fn misused_tokens_are_refused_before_the_query_runs() {
    let app = TestApp::spawn().await;
    let user = app.user("Sanne Staf", &[Role::Staff]).await;
    assert_eq!(me_status(&app, &user.token).await, (200, None));
    let t = app.clock_now().timestamp();
    let good = json!({"sub": user.id, "iss": "klachten", "aud": "klachten-api", "exp": t + 600, "nbf": t - 5, "iat": t - 5, "tv": 1, "typ": "access"});
    assert_eq!(
        me_status(&app, &signed(good.clone(), TEST_SECRET.as_bytes()))
            .await
            .0,
        200,
        "a well-formed token passes"
    );

    let unsigned = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(good.to_string().as_bytes())
    );
    let none_upper = format!(
        "{}.{}.",
        b64(br#"{"alg":"noNE","typ":"JWT"}"#),
        b64(good.to_string().as_bytes())
    );
    let mut cases = vec![
        ("alg none", unsigned),
        ("alg noNE", none_upper),
        (
            "another key",
            signed(good.clone(), b"another-secret-another-secret-another"),
        ),
        ("tampered", format!("{}x", user.token)),
        ("garbage", "abc.def.ghi".to_owned()),
    ];
    for (name, patch) in [
        ("expired", json!({"exp": t - 60})),
        ("not yet valid", json!({"nbf": t + 600})),
        ("wrong audience", json!({"aud": "another-service"})),
        ("wrong issuer", json!({"iss": "someone-else"})),
        ("refresh kind", json!({"typ": "refresh"})),
        ("exp as a string", json!({"exp": (t + 600).to_string()})),
        ("old token version", json!({"tv": 0})),
    ] {
        let mut claims = good.clone();
        for (k, v) in patch.as_object().unwrap() {
            claims[k] = v.clone();
        }
        cases.push((name, signed(claims, TEST_SECRET.as_bytes())));
    }
    for missing in ["sub", "iss", "aud", "exp", "nbf"] {
        let mut claims = good.clone();
        claims.as_object_mut().unwrap().remove(missing);
        cases.push((missing, signed(claims, TEST_SECRET.as_bytes())));
    }
    for (name, token) in cases {
        assert_eq!(
            me_status(&app, &token).await,
            (401, Some("UNAUTHENTICATED".into())),
            "{name}"
        );
    }
    // A token in the URL is refused.
    let in_url = app
        .http
        .post(format!(
            "{}/graphql?access_token={}",
            app.address, user.token
        ))
        .json(&json!({"query": "{ me { name } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(in_url.status(), 401);
}

#[tokio::test]
async fn logout_revokes_every_token_of_the_user() {
    let app = TestApp::spawn().await;
    let user = app.user("Sanne Staf", &[Role::Staff]).await;
    let out = app.as_user(&user, "mutation { logout }", json!({})).await;
    assert_eq!(out["data"]["logout"], true, "{out}");
    assert_eq!(me_status(&app, &user.token).await.0, 401);
}

#[tokio::test]
async fn repeated_wrong_passwords_are_rate_limited() {
    let app = TestApp::spawn().await;
    let _ = app.user("Sanne Staf", &[Role::Staff]).await;
    let login = |password: &'static str| {
        let app = &app;
        async move {
            app.gql(None, "mutation($p: String!) { login(email: \"sanne.staf@test.local\", password: $p) { token } }", json!({"p": password})).await
        }
    };
    for _ in 0..5 {
        assert_eq!(error_code(&login("wrong").await), Some("UNAUTHENTICATED"));
    }
    let blocked = login("pw-Sanne Staf-123456").await;
    assert_eq!(error_code(&blocked), Some("RATE_LIMITED"), "{blocked}");
    // After the window the right password works again.
    app.clock
        .set(app.clock_now() + chrono::Duration::minutes(16));
    let ok = login("pw-Sanne Staf-123456").await;
    assert!(ok["data"]["login"]["token"].is_string(), "{ok}");
}

async fn with_cookie(
    app: &TestApp,
    cookie: Option<&str>,
    query: &str,
    token: Option<&str>,
) -> (serde_json::Value, Option<String>) {
    let mut request = app
        .http
        .post(format!("{}/graphql", app.address))
        .json(&json!({"query": query}));
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("klachten_refresh={cookie}"));
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned());
    (response.json().await.unwrap(), set_cookie)
}

fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("klachten_refresh=")
        .to_owned()
}

#[tokio::test]
async fn the_refresh_cookie_renews_the_session_once_and_logout_ends_it() {
    let app = TestApp::spawn().await;
    let _ = app.user("Sanne Staf", &[Role::Staff]).await;
    let (login, set_cookie) = with_cookie(&app, None, r#"mutation { login(email: "sanne.staf@test.local", password: "pw-Sanne Staf-123456") { token } }"#, None).await;
    assert!(login["data"]["login"]["token"].is_string());
    let set_cookie = set_cookie.expect("login sets the refresh cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/graphql"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let first = cookie_value(&set_cookie);

    // An hour later the access token has expired; the cookie renews it.
    app.clock.set(app.clock_now() + chrono::Duration::hours(1));
    let (renewed, next_cookie) = with_cookie(
        &app,
        Some(&first),
        "mutation { refreshSession { token today user { name capabilities } } }",
        None,
    )
    .await;
    let token = renewed["data"]["refreshSession"]["token"]
        .as_str()
        .expect("a new token")
        .to_owned();
    assert_eq!(
        renewed["data"]["refreshSession"]["user"]["name"],
        "Sanne Staf"
    );
    let second = cookie_value(&next_cookie.expect("a new cookie"));
    assert_ne!(first, second);
    assert_eq!(me_status(&app, &token).await, (200, None));
    // The renewal brings what an app needs to start, as `me` and `today` give it.
    let asked = app
        .gql(Some(&token), "{ today me { capabilities } }", json!({}))
        .await;
    assert_eq!(
        renewed["data"]["refreshSession"]["today"],
        asked["data"]["today"]
    );
    assert_eq!(
        renewed["data"]["refreshSession"]["user"]["capabilities"],
        asked["data"]["me"]["capabilities"]
    );

    // A used cookie does not work twice; no cookie does not work at all.
    let (reused, _) = with_cookie(
        &app,
        Some(&first),
        "mutation { refreshSession { token } }",
        None,
    )
    .await;
    assert_eq!(error_code(&reused), Some("UNAUTHENTICATED"));
    let (none, _) = with_cookie(&app, None, "mutation { refreshSession { token } }", None).await;
    assert_eq!(error_code(&none), Some("UNAUTHENTICATED"));

    // Logout clears the cookie and revokes the session behind it.
    let (out, cleared) =
        with_cookie(&app, Some(&second), "mutation { logout }", Some(&token)).await;
    assert_eq!(out["data"]["logout"], true);
    assert!(cleared.is_some_and(|c| c.contains("Max-Age=0")));
    let (after, _) = with_cookie(
        &app,
        Some(&second),
        "mutation { refreshSession { token } }",
        None,
    )
    .await;
    assert_eq!(error_code(&after), Some("UNAUTHENTICATED"));

    // Twelve hours after its start a session is over.
    let (_, fresh) = with_cookie(&app, None, r#"mutation { login(email: "sanne.staf@test.local", password: "pw-Sanne Staf-123456") { token } }"#, None).await;
    app.clock.set(app.clock_now() + chrono::Duration::hours(13));
    let (expired, _) = with_cookie(
        &app,
        Some(&cookie_value(&fresh.unwrap())),
        "mutation { refreshSession { token } }",
        None,
    )
    .await;
    assert_eq!(error_code(&expired), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn queries_that_multiply_work_are_refused_before_they_run() {
    let app = TestApp::spawn().await;
    let user = app.user("Sanne Staf", &[Role::Staff]).await;
    let typenames = format!("{{ {} }}", "__typename ".repeat(500));
    let aliases: String = (0..101).map(|i| format!("a{i}: me {{ name }} ")).collect();
    let deep = "{ complaints { edges { node { ... on IdentifiedComplaint { deadlines { resolution { dueOn } } } } } } }".to_owned();
    for (name, query, refused) in [
        ("500 __typename", typenames, true),
        ("101 aliases", format!("{{ {aliases} }}"), true),
        ("a normal list", deep, false),
    ] {
        let response = app
            .http
            .post(format!("{}/graphql", app.address))
            .bearer_auth(&user.token)
            .json(&json!({"query": query}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status() == 400, refused, "{name}");
    }
    let too_many = app
        .as_user(
            &user,
            "{ complaints(first: 1000000) { edges { cursor } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&too_many), Some("VALIDATION"));
}

/// Each backend's connection settings are in force: on PostgreSQL a hanging statement is
/// stopped after 15 s; on SQLite foreign keys are enforced and writes go through the WAL.
#[tokio::test]
async fn database_connections_carry_their_safety_settings() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let one = |sql: &str| Statement::from_string(db.get_database_backend(), sql.to_owned());
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let row = db
                .query_one_raw(one("SHOW statement_timeout"))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                row.try_get::<String>("", "statement_timeout").unwrap(),
                "15s"
            );
        }
        _ => {
            let fk = db
                .query_one_raw(one("PRAGMA foreign_keys"))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(fk.try_get_by_index::<i32>(0).unwrap(), 1);
            let wal = db
                .query_one_raw(one("PRAGMA journal_mode"))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(wal.try_get_by_index::<String>(0).unwrap(), "wal");
        }
    }
}

/// Signs a director's token for `user_id` with `secret` under key id `kid`.
fn minted(user_id: &str, secret: &[u8], kid: &str, now: i64) -> String {
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(
        &header,
        &json!({"sub": user_id, "iss": "klachten", "aud": "klachten-api", "exp": now + 600, "nbf": now, "iat": now, "tv": 1, "typ": "access"}),
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .unwrap()
}

#[tokio::test]
async fn a_copy_of_the_database_alone_cannot_mint_a_directors_token() {
    use klachten::db::entities::settings;
    use sea_orm::EntityTrait;
    let app = TestApp::on("2026-11-23")
        .configured(|config| config.jwt_secret = None)
        .start()
        .await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    assert_eq!(me_status(&app, &director.token).await.0, 200);
    let kid = jsonwebtoken::decode_header(&director.token)
        .unwrap()
        .kid
        .expect("tokens name their key");
    // The real key, as the server holds it.
    let key = app.state.config.secrets_key.clone().expect("a secrets key");
    let ring = klachten::token_keys::load(&app.state.db, &app.state.config, &key)
        .await
        .unwrap();
    let secret = &ring.iter().find(|k| k.kid == kid).unwrap().secret;
    let now = app.clock_now().timestamp();
    assert_eq!(
        me_status(&app, &minted(&director.id, secret, &kid, now))
            .await
            .0,
        200,
        "with the key, a token can be made"
    );
    // Everything the database holds: the key is in none of it, and nothing in it signs.
    let contents = app.database_contents().await;
    assert!(!contents.contains(&hex::encode(secret)));
    let rows = settings::Entity::find().all(&app.state.db).await.unwrap();
    assert!(rows.iter().all(|r| r.key != "jwt_secret"), "{rows:?}");
    let stored = rows.iter().find(|r| r.key == "token_keys").unwrap();
    assert!(stored.value.starts_with("sealed:v1:"), "{}", stored.value);
    for row in &rows {
        let forged = minted(&director.id, row.value.as_bytes(), &kid, now);
        assert_eq!(me_status(&app, &forged).await.0, 401, "{}", row.key);
    }
}

#[tokio::test]
async fn after_a_key_rotation_new_tokens_name_the_new_key_and_earlier_ones_still_work() {
    let app = TestApp::on("2026-11-23")
        .configured(|config| config.jwt_secret = None)
        .start()
        .await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let state = &app.state;
    let key = state.config.secrets_key.clone().unwrap();
    let (kid, from) = klachten::token_keys::rotate(&state.db, &state.config, &key, app.clock_now())
        .await
        .unwrap();
    assert_eq!(from, app.clock_now() + klachten::token_keys::OVERLAP);
    // What the reload does every minute.
    state.tokens.replace(
        klachten::token_keys::load(&state.db, &state.config, &key)
            .await
            .unwrap(),
    );
    let before = state.tokens.signing_kid(app.clock_now()).unwrap();
    assert_ne!(before, kid, "the new key does not sign during the overlap");
    assert_eq!(
        state.tokens.signing_kid(from).as_deref(),
        Some(kid.as_str())
    );
    assert_eq!(me_status(&app, &director.token).await.0, 200);
    // With a secret from the environment, rotation is the operator's, and says so.
    let mut env = state.config.clone();
    env.jwt_secret = Some(TEST_SECRET.to_owned());
    let refused = klachten::token_keys::rotate(&state.db, &env, &key, app.clock_now())
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("KLACHTEN_JWT_SECRET"),
        "{refused}"
    );
}

#[tokio::test]
async fn a_signing_secret_an_earlier_release_stored_in_the_database_is_removed_on_start() {
    use klachten::db::entities::settings;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let app = TestApp::on("2026-11-23").start().await;
    let legacy = "plain-secret-from-release-0.1-plain-secret";
    settings::ActiveModel {
        key: Set("jwt_secret".to_owned()),
        value: Set(legacy.to_owned()),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    let mut config = app.state.config.clone();
    config.jwt_secret = None;
    config.listen = "127.0.0.1:0".to_owned();
    klachten::Application::build(config, app.clock.clone())
        .await
        .unwrap();
    let left = settings::Entity::find_by_id("jwt_secret".to_owned())
        .one(&app.state.db)
        .await
        .unwrap();
    assert!(left.is_none(), "{left:?}");
    assert!(!app.database_contents().await.contains(legacy));
}

/// The server takes one operation per request, and the app sends each of its documents whole:
/// every document of the app holds exactly one operation.
#[test]
fn every_operation_document_of_the_app_holds_one_operation() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src/graphql");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let operations = text
            .lines()
            .filter(|l| {
                ["query", "mutation", "subscription"]
                    .iter()
                    .any(|k| l.starts_with(k))
            })
            .count();
        assert_eq!(
            operations,
            1,
            "{} holds {operations} operations",
            path.display()
        );
        seen += 1;
    }
    assert!(seen > 40, "{seen}");
}

/// A signed-in reader's answers come compressed in the encoding the browser prefers, and read
/// back to the same answer; a small answer, or one nobody asked to compress, comes as it is.
#[tokio::test]
async fn a_handler_gets_the_list_compressed_as_the_browser_accepts() {
    use std::io::Read as _;
    let app = TestApp::on("2026-11-23").start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    for _ in 0..6 {
        crate::register(&app, &handler, json!({})).await;
    }
    let ask = |query: &'static str, accept: &'static str| {
        let (app, token) = (&app, handler.token.clone());
        async move {
            app.http
                .post(format!("{}/graphql", app.address))
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {token}"))
                .header("accept-encoding", accept)
                .body(json!({ "query": query }).to_string())
                .send()
                .await
                .unwrap()
        }
    };
    let list = "{ complaints(first: 20) { edges { node { ... on IdentifiedComplaint { id reference channel category status receivedOn concerning facts conductOn remedySought procedureVersion registeredBy } } } } }";
    let plain = ask(list, "identity").await;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap().to_vec();
    assert!(plain.len() > 1024, "{} bytes", plain.len());
    let answer: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(answer["errors"].is_null(), "{answer}");

    let br = ask(list, "gzip, deflate, br, zstd").await;
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["vary"], "Accept-Encoding, Accept-Language");
    let br = br.bytes().await.unwrap().to_vec();
    assert!(
        br.len() * 2 < plain.len(),
        "{} of {} bytes",
        br.len(),
        plain.len()
    );
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut br.as_slice(), &mut unpacked).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&unpacked).unwrap(),
        answer
    );

    let gz = ask(list, "gzip").await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let gz = gz.bytes().await.unwrap().to_vec();
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&unpacked).unwrap(),
        answer
    );

    let refused = ask(list, "br;q=0, gzip;q=0").await;
    assert!(refused.headers().get("content-encoding").is_none());
    let small = ask("{ me { name } }", "br").await;
    assert!(small.headers().get("content-encoding").is_none());
    let small: serde_json::Value = small.json().await.unwrap();
    assert_eq!(small["data"]["me"]["name"], "Hanna Handler");
}
