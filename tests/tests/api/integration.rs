//! Third-party integrations: API clients with scoped keys see anonymised data only, pay for
//! what they ask, and everything they do is in the audit log.

use super::{register, step};
use klachten_core::actor::Role;
use klachten_tests::{TestApp, TestUser, error_code};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: ApiClientInput!) { createApiClient(input: $input) { key client { id name scopes unitsPerMinute keys { prefix validUntil } } } }";

/// Creates a client with `scopes` and a budget of `units` per minute; returns its id and key.
pub(super) async fn client(
    app: &TestApp,
    admin: &TestUser,
    scopes: &[&str],
    units: i32,
) -> (String, String) {
    let body = app
        .as_user(
            admin,
            CREATE,
            json!({"input": {"name": "CRM", "description": "Klantcontacten", "scopes": scopes, "unitsPerMinute": units}}),
        )
        .await;
    let issued = &body["data"]["createApiClient"];
    let key = issued["key"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    (issued["client"]["id"].as_str().unwrap().to_owned(), key)
}

const COMPLAINTS: &str = "{ complaints(first: 50) { edges { node { __typename ... on AnonymisedComplaint { reference summary } } } } }";

#[tokio::test]
async fn an_admin_creates_rotates_and_revokes_a_key_and_the_client_sees_anonymised_complaints() {
    let app = TestApp::on("2026-11-20").start().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    register(&app, &staff, json!({})).await;
    // Only admins create clients.
    let refused = app
        .as_user(
            &staff,
            CREATE,
            json!({"input": {"name": "X", "scopes": ["READ_COMPLAINTS"]}}),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    let none = app
        .as_user(
            &admin,
            CREATE,
            json!({"input": {"name": "X", "scopes": []}}),
        )
        .await;
    assert_eq!(error_code(&none), Some("VALIDATION"));

    let (id, key) = client(&app, &admin, &["READ_COMPLAINTS"], 600).await;
    assert!(key.starts_with("kl_") && key.len() == 52, "{key}");
    // The admin sees the key's prefix, never the key.
    let listed = app
        .as_user(
            &admin,
            "{ apiClients { id scopes keys { prefix } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        listed["data"]["apiClients"][0]["scopes"],
        json!(["READ_COMPLAINTS"])
    );
    let prefix = listed["data"]["apiClients"][0]["keys"][0]["prefix"]
        .as_str()
        .unwrap();
    assert!(key.starts_with(prefix) && !listed.to_string().contains(&key));
    let stored = app.database_contents().await;
    assert!(!stored.contains(&key[12..]), "the key is stored in clear");

    // The key works in the Authorization header, and shows anonymised complaints only.
    let seen = app.gql(Some(&key), COMPLAINTS, json!({})).await;
    let edges = seen["data"]["complaints"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{seen}"))
        .clone();
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0]["node"]["__typename"], "AnonymisedComplaint");
    let wrong = format!("{}{}", &key[..12], "0".repeat(40));
    assert_eq!(
        error_code(&app.gql(Some(&wrong), COMPLAINTS, json!({})).await),
        Some("UNAUTHENTICATED")
    );

    // Rotation: both keys work during the overlap, then only the new one.
    let rotated = app
        .as_user(&admin, "mutation($id: ID!) { rotateApiClientKey(id: $id, overlapHours: 1) { key client { keys { validUntil } } } }", json!({"id": id}))
        .await;
    let new_key = rotated["data"]["rotateApiClientKey"]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_key, key);
    for k in [&key, &new_key] {
        assert!(app.gql(Some(k), COMPLAINTS, json!({})).await["errors"].is_null());
    }
    app.clock.set(app.clock_now() + chrono::Duration::hours(2));
    assert_eq!(
        error_code(&app.gql(Some(&key), COMPLAINTS, json!({})).await),
        Some("UNAUTHENTICATED")
    );
    assert!(app.gql(Some(&new_key), COMPLAINTS, json!({})).await["errors"].is_null());

    // Revoked: the next request is refused.
    let revoked = app
        .as_user(
            &admin,
            "mutation($id: ID!) { revokeApiClient(id: $id) { revokedAt } }",
            json!({"id": id}),
        )
        .await;
    assert!(
        revoked["data"]["revokeApiClient"]["revokedAt"].is_string(),
        "{revoked}"
    );
    assert_eq!(
        error_code(&app.gql(Some(&new_key), COMPLAINTS, json!({})).await),
        Some("UNAUTHENTICATED")
    );

    // An expiry day ends the keys after it.
    let expiring = app
        .as_user(&admin, CREATE, json!({"input": {"name": "BI", "scopes": ["READ_STATISTICS"], "expiresOn": "2026-11-21"}}))
        .await;
    let expiring = expiring["data"]["createApiClient"]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let stats = "{ statistics(from: \"2026-11-01\", to: \"2026-11-30\", granularity: MONTH) { anonymised } }";
    assert_eq!(
        app.gql(Some(&expiring), stats, json!({})).await["data"]["statistics"]["anonymised"],
        true
    );
    app.set_today("2026-11-22");
    assert_eq!(
        error_code(&app.gql(Some(&expiring), stats, json!({})).await),
        Some("UNAUTHENTICATED")
    );

    // Everything they did is attributed in the audit log, and the admin's actions too.
    let log = app
        .as_user(
            &app.user("Dirk Directeur", &[Role::Director]).await,
            "{ auditLog(first: 100) { entries { actor action detail } } }",
            json!({}),
        )
        .await
        .to_string();
    for expected in [
        "API_CLIENT_CREATED",
        "API_KEY_ROTATED",
        "API_CLIENT_REVOKED",
        "API_REQUEST",
        "op:query;fields:statistics",
        &format!("client:{id}"),
    ] {
        assert!(log.contains(expected), "no {expected} in {log}");
    }
}

#[tokio::test]
async fn a_client_is_refused_what_its_scopes_do_not_allow_and_every_change_but_one() {
    let app = TestApp::on("2026-11-20").start().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let id = register(&app, &staff, json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let added = app
        .as_user(&handler, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"complaintId": id, "kind": "MEASURE", "description": "Wietske Kanarie terugbellen.", "descriptionReviewed": true, "ownerId": handler.id, "dueOn": "2026-12-01"}}))
        .await;
    let measure = added["data"]["addMeasure"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, reader) = client(&app, &admin, &["READ_COMPLAINTS", "READ_MEASURES"], 600).await;
    for query in [
        "{ statistics(from: \"2026-11-01\", to: \"2026-11-30\", granularity: MONTH) { anonymised } }",
        "{ meetings { id } }",
        "{ me { id } }",
        "{ users { id } }",
        "{ auditLog { entries { action } } }",
        "{ apiClients { id } }",
        "mutation { registerComplaint(input: {receivedOn: \"2026-11-20\", channel: EMAIL, category: SERVICE, facts: \"x\"}) { __typename } }",
    ] {
        let body = app.gql(Some(&reader), query, json!({})).await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{query}: {body}");
    }
    let update = "mutation($id: ID!) { updateMeasureStatus(id: $id, status: AGREED) { status ownerName description } }";
    let body = app.gql(Some(&reader), update, json!({"id": measure})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"));
    assert!(body.to_string().contains("UPDATE_MEASURE_STATUS"), "{body}");
    // Measures read redacted, without staff names.
    let measures = app
        .gql(
            Some(&reader),
            "{ measures { description ownerName } }",
            json!({}),
        )
        .await;
    assert_eq!(
        measures["data"]["measures"],
        json!([{"description": "[klager] terugbellen.", "ownerName": null}])
    );
    // With the scope, the one change an integration may make.
    let (_, writer) = client(&app, &admin, &["UPDATE_MEASURE_STATUS"], 600).await;
    let moved = app.gql(Some(&writer), update, json!({"id": measure})).await;
    assert_eq!(
        moved["data"]["updateMeasureStatus"],
        json!({"status": "AGREED", "ownerName": null, "description": "[klager] terugbellen."})
    );
    // Both attempts at the change are attributed, the refused one too, without their arguments.
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let log = app
        .as_user(
            &director,
            "{ auditLog(first: 200) { entries { actor action detail } } }",
            json!({}),
        )
        .await;
    let attempts = log["data"]["auditLog"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["detail"] == "op:mutation;fields:updateMeasureStatus")
        .count();
    assert_eq!(attempts, 2, "{log}");
    let requests: Vec<&Value> = log["data"]["auditLog"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "API_REQUEST")
        .collect();
    assert!(
        requests
            .iter()
            .all(|e| !e["detail"].as_str().unwrap().contains(&measure)),
        "no arguments in {requests:?}"
    );
}

/// The sweep: every query an API client may ask, with every scope, finds no planted string.
#[tokio::test]
async fn the_canary_sweep_as_an_api_client_finds_nothing() {
    let app = TestApp::on("2026-11-20").start().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    // A webhook that is never sent (no workers): its delivery log holds the events' payloads.
    let (_, key) = client(
        &app,
        &admin,
        &[
            "READ_COMPLAINTS",
            "READ_STATISTICS",
            "READ_AGENDAS",
            "READ_MEASURES",
            "MANAGE_WEBHOOKS",
        ],
        100_000,
    )
    .await;
    let hook = app
        .gql(
            Some(&key),
            "mutation { createWebhook(input: {url: \"https://hooks.example.nl/klachten\", events: [COMPLAINT_REGISTERED, COMPLAINT_STATUS_CHANGED, CLOCK_LATE, MEASURE_DONE]}) { webhook { id } } }",
            json!({}),
        )
        .await;
    let hook = hook["data"]["createWebhook"]["webhook"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{hook}"))
        .to_owned();
    let id = register(&app, &staff, json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let acknowledged = step(
        &app,
        &handler,
        "acknowledgeComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-11-20"}),
    )
    .await;
    assert!(acknowledged["errors"].is_null(), "{acknowledged}");
    let summary = step(&app, &handler, "updateAnonymisedSummary", &id, ", text: $text, reviewed: $reviewed", json!({"text": "Wietske Kanarie (06-12345678) vond Zoë Vinkenslag onvriendelijk.", "reviewed": true})).await;
    assert!(summary["errors"].is_null(), "{summary}");
    let meeting = app
        .as_user(&director, "mutation { createMeeting(input: {title: \"Directieoverleg\", kind: DIRECTORS_MEETING, heldOn: \"2026-12-10\"}) { id } }", json!({}))
        .await;
    let meeting = meeting["data"]["createMeeting"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for query in [
        "mutation($m: ID!, $c: ID) { addAgendaItem(meetingId: $m, complaintId: $c) { id } }",
        "mutation($m: ID!) { publishAgenda(meetingId: $m) { id } }",
    ] {
        let body = app
            .as_user(&director, query, json!({"m": meeting, "c": id}))
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let queries: [(&str, Value); 9] = [
        (COMPLAINTS, json!({})),
        (
            "query($id: ID!) { complaint(id: $id) { ... on AnonymisedComplaint { reference summary rootCause { text } measures { description } clocks { acknowledgement } } } }",
            json!({"id": id}),
        ),
        (
            "{ statistics(from: \"2026-01-01\", to: \"2026-12-31\", granularity: MONTH) { total { received { display } byCategory { count { display } } } } }",
            json!({}),
        ),
        (
            "{ meetings { title minutes items { decision complaint { summary } } } }",
            json!({}),
        ),
        (
            "query($m: ID!) { agenda(meetingId: $m) { items { complaint { reference summary } } } }",
            json!({"m": meeting}),
        ),
        (
            "query($m: ID!) { agendaMarkdown(meetingId: $m) }",
            json!({"m": meeting}),
        ),
        ("{ measures { description ownerName } }", json!({})),
        ("{ webhooks { id url description } }", json!({})),
        (
            "query($h: ID!) { webhookDeliveries(webhookId: $h) { event payload } }",
            json!({"h": hook}),
        ),
    ];
    for (query, variables) in queries {
        let body = app.gql(Some(&key), query, variables).await;
        assert!(body["errors"].is_null(), "{query}: {body}");
        let text = body.to_string();
        for canary in [
            "Kanarie",
            "Wietske",
            "06-12345678",
            "Vinkenslag",
            "Zoë",
            "geheimefeitentekst",
            "Vogelkooistraat",
            "Sanne",
            "Hanna",
        ] {
            assert!(!text.contains(canary), "{canary} in {text}");
        }
    }
    let log = app
        .gql(
            Some(&key),
            "query($h: ID!) { webhookDeliveries(webhookId: $h) { event } }",
            json!({"h": hook}),
        )
        .await;
    assert_eq!(
        log["data"]["webhookDeliveries"],
        json!([{"event": "COMPLAINT_STATUS_CHANGED"}, {"event": "COMPLAINT_REGISTERED"}]),
        "the sweep read real payloads"
    );
    let agenda = app
        .gql(
            Some(&key),
            "query($m: ID!) { agenda(meetingId: $m) { items { complaint { summary } } } }",
            json!({"m": meeting}),
        )
        .await;
    assert_eq!(
        agenda["data"]["agenda"]["items"][0]["complaint"]["summary"],
        "[klager] ([telefoon]) vond [medewerker] onvriendelijk."
    );
}

/// A query for many complaints costs more than one for a few: the budget runs out, the client
/// is told when to try again, and the budget comes back with time.
#[tokio::test]
async fn a_client_that_asks_for_much_is_rate_limited_by_cost() {
    let app = TestApp::on("2026-11-20").start().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    for _ in 0..12 {
        register(&app, &staff, json!({})).await;
    }
    let (_, key) = client(&app, &admin, &["READ_COMPLAINTS"], 30).await;
    let few = "{ complaints(first: 2) { edges { node { __typename } } } }";
    let many = "{ complaints(first: 12) { edges { node { __typename } } } }";
    // Two complaints cost 6 units (operation, connection, 2 edges, 2 nodes): five fit in 30.
    for _ in 0..5 {
        assert!(app.gql(Some(&key), few, json!({})).await["errors"].is_null());
    }
    // The budget is spent: refused, with when to retry, in the body and the header.
    let response = app
        .http
        .post(format!("{}/graphql", app.address))
        .bearer_auth(&key)
        .json(&json!({"query": few}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let retry: u32 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), Some("RATE_LIMITED"));
    assert_eq!(body["errors"][0]["extensions"]["retryAfter"], json!(retry));
    assert!((1..=60).contains(&retry), "{retry}");
    // A minute later the whole budget is back; one big answer (26 units) nearly spends it.
    app.clock
        .set(app.clock_now() + chrono::Duration::seconds(61));
    assert!(app.gql(Some(&key), many, json!({})).await["errors"].is_null());
    assert!(app.gql(Some(&key), few, json!({})).await["errors"].is_null());
    assert_eq!(
        error_code(&app.gql(Some(&key), few, json!({})).await),
        Some("RATE_LIMITED")
    );
    // Users are not counted this way.
    assert!(app.as_user(&staff, many, json!({})).await["errors"].is_null());
}

/// A client with trusted operations may send only those: by their text or by their hash alone.
/// Whatever else it sends — a real query, a field that does not exist, a forbidden one — gets one
/// identical refusal, before the query is parsed.
#[tokio::test]
async fn a_client_with_trusted_operations_may_send_only_those() {
    let app = TestApp::on("2026-11-20").start().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    register(&app, &staff, json!({})).await;
    let (id, key) = client(&app, &admin, &["READ_COMPLAINTS"], 600).await;
    let week = "query Week { complaints(first: 5) { edges { node { ... on AnonymisedComplaint { reference } } } } }";
    // Before any is registered, anything the scopes allow works.
    let free = app.gql(Some(&key), COMPLAINTS, json!({})).await;
    assert!(free["errors"].is_null(), "{free}");
    let add = "mutation($c: ID!, $d: String!) { addApiClientOperation(clientId: $c, name: \"Nieuwe klachten\", document: $d) { hash name } }";
    let added = app.as_user(&admin, add, json!({"c": id, "d": week})).await;
    let hash = added["data"]["addApiClientOperation"]["hash"]
        .as_str()
        .unwrap_or_else(|| panic!("{added}"))
        .to_owned();
    assert_eq!(hash.len(), 64);
    let twice = app.as_user(&admin, add, json!({"c": id, "d": week})).await;
    assert_eq!(error_code(&twice), Some("VALIDATION"));
    let broken = app
        .as_user(&admin, add, json!({"c": id, "d": "{ complaints("}))
        .await;
    assert_eq!(error_code(&broken), Some("VALIDATION"));
    let post = |body: Value| {
        let request = app
            .http
            .post(format!("{}/graphql", app.address))
            .bearer_auth(&key)
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    let (status, by_text) = post(json!({"query": week})).await;
    assert_eq!(status, 200);
    assert_eq!(
        by_text["data"]["complaints"]["edges"][0]["node"]["reference"],
        "KL-2026-0001"
    );
    let (_, by_hash) =
        post(json!({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": hash}}})).await;
    assert_eq!(by_hash["data"], by_text["data"], "{by_hash}");
    let mut refusals = Vec::new();
    for body in [
        json!({"query": COMPLAINTS}),
        json!({"query": "# not checked: a field the type lacks, on purpose\n{ complaints(first: 5) { edges { node { ... on AnonymisedComplaint { facts } } } } }"}),
        json!({"query": "{ users { id } }"}),
        json!({"query": week, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "00"}}}),
        json!({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ab".repeat(32)}}}),
    ] {
        let (status, answer) = post(body.clone()).await;
        assert_eq!(status, 403, "{body}: {answer}");
        assert_eq!(
            error_code(&answer),
            Some("OPERATION_NOT_ALLOWED"),
            "{answer}"
        );
        refusals.push(answer);
    }
    assert!(
        refusals.iter().all(|r| *r == refusals[0]),
        "one identical refusal: {refusals:?}"
    );
    // The admin sees the list; removing the last operation frees the client again.
    let listed = app
        .as_user(
            &admin,
            "{ apiClients { operations { hash name } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        listed["data"]["apiClients"][0]["operations"],
        json!([{"hash": hash, "name": "Nieuwe klachten"}])
    );
    let removed = app
        .as_user(
            &admin,
            "mutation($c: ID!, $h: String!) { removeApiClientOperation(clientId: $c, hash: $h) }",
            json!({"c": id, "h": hash}),
        )
        .await;
    assert_eq!(
        removed["data"]["removeApiClientOperation"], true,
        "{removed}"
    );
    let free = app.gql(Some(&key), COMPLAINTS, json!({})).await;
    assert!(free["errors"].is_null(), "{free}");
}

/// A client's request is recorded before it runs: when the audit log cannot be written, the
/// change is not made.
#[tokio::test]
async fn a_client_request_that_cannot_be_recorded_is_not_run() {
    use sea_orm::{ConnectionTrait, EntityTrait};
    let app = TestApp::on("2026-11-20").start().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let added = app
        .as_user(&handler, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"kind": "IMPROVEMENT_PROPOSAL", "description": "Terugbellijst.", "ownerId": handler.id, "dueOn": "2026-12-01"}}))
        .await;
    let measure = added["data"]["addMeasure"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, writer) = client(&app, &admin, &["UPDATE_MEASURE_STATUS"], 600).await;
    // From now on the audit log refuses to record client requests (and only those: the
    // change's own audit entry would otherwise roll the change back by itself).
    let db = &app.state.db;
    if app.database_url.starts_with("postgres") {
        db.execute_unprepared("CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = 'API_REQUEST' THEN RAISE EXCEPTION 'audit unavailable'; END IF; RETURN NEW; END $$")
            .await
            .unwrap();
        db.execute_unprepared("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()")
            .await
            .unwrap();
    } else {
        db.execute_unprepared("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'API_REQUEST' BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END")
            .await
            .unwrap();
    }
    let update = "mutation($id: ID!) { updateMeasureStatus(id: $id, status: AGREED) { status } }";
    let refused = app.gql(Some(&writer), update, json!({"id": measure})).await;
    assert_eq!(error_code(&refused), Some("INTERNAL"), "{refused}");
    assert!(
        !refused.to_string().contains("audit unavailable"),
        "{refused}"
    );
    let stored = klachten::db::entities::measures::Entity::find_by_id(measure.clone())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, "PROPOSED", "the change was not made");
}

/// Replicas count from one budget: what a client spent on one server is spent on the other.
#[tokio::test]
async fn replicas_share_one_budget_per_client() {
    let app = TestApp::on("2026-11-20").start().await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let (_, key) = client(&app, &admin, &["READ_COMPLAINTS"], 10).await;
    // A second server on the same database, as a second replica would run.
    let config = klachten::config::Config {
        database_url: app.database_url.clone(),
        listen: "127.0.0.1:0".to_owned(),
        jwt_secret: Some(klachten_tests::TEST_SECRET.to_owned()),
        secrets_key: app.state.config.secrets_key.clone(),
        daily_purge: false,
        daily_scans: false,
        workers: 0,
        ..klachten::config::Config::default()
    };
    let replica = klachten::Application::build(config, app.clock.clone())
        .await
        .unwrap();
    let replica_address = format!("http://127.0.0.1:{}", replica.port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(replica.run_until(async {
        let _ = stopped.await;
    }));
    let on_replica = || async {
        app.http
            .post(format!("{replica_address}/graphql"))
            .bearer_auth(&key)
            .json(&json!({"query": COMPLAINTS}))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let first = on_replica().await;
    assert!(first["errors"].is_null(), "{first}");
    // Spend the rest on the first server (the clock stands still: nothing refills).
    let mut spent = false;
    for _ in 0..20 {
        if error_code(&app.gql(Some(&key), COMPLAINTS, json!({})).await) == Some("RATE_LIMITED") {
            spent = true;
            break;
        }
    }
    assert!(spent, "the budget of 10 units ran out");
    assert_eq!(error_code(&on_replica().await), Some("RATE_LIMITED"));
    let _ = stop.send(());
}
