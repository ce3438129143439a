//! Upgrading a database that is in use: every released schema, populated (`klachten demo` as of
//! its release, kept in `tests/fixtures/`), is migrated by the current server on start, after
//! which its people log in, find their complaints, the figures add up and the audit chain
//! still verifies.

use klachten::db::audit;
use klachten_migrations::MigratorTrait;
use klachten_tests::TestApp;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// The released schemas with data, oldest first: `<release>.sqlite` and `<release>.postgres.sql`.
const RELEASES: [&str; 1] = ["release-0.1.0"];

/// Puts the snapshot of `release` where `database_url` points (an empty database).
fn restore(release: &str, database_url: &str) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    if database_url.starts_with("postgres") {
        let loaded = Command::new("psql")
            .args(["--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--file"])
            .arg(fixtures.join(format!("{release}.postgres.sql")))
            .arg(database_url)
            .output()
            .unwrap_or_else(|e| {
                panic!("psql cannot run ({e}): apt-get install -y postgresql-client")
            });
        assert!(
            loaded.status.success(),
            "{release}: {}",
            String::from_utf8_lossy(&loaded.stderr)
        );
    } else {
        let file = database_url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap_or_default();
        std::fs::copy(fixtures.join(format!("{release}.sqlite")), file)
            .unwrap_or_else(|e| panic!("{release}: {e}"));
    }
}

async fn login(app: &TestApp, role: &str) -> String {
    let body = app
        .gql(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
            json!({"e": format!("{role}@demo.local"), "p": format!("demo-{role}")}),
        )
        .await;
    body["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{role} cannot log in: {body}"))
        .to_owned()
}

async fn ask(app: &TestApp, token: &str, query: &str, variables: Value) -> Value {
    let body = app.gql(Some(token), query, variables).await;
    assert!(body["errors"].is_null(), "{query}: {body}");
    body["data"].clone()
}

#[tokio::test]
async fn every_released_database_upgrades_and_its_people_carry_on() {
    for release in RELEASES {
        // The server migrates the old schema as it starts.
        let app = TestApp::on("2026-12-07")
            .configured(|config| {
                restore(release, &config.database_url);
            })
            .start()
            .await;
        let db = &app.state.db;
        let applied = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT count(*) FROM seaql_migrations",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        assert_eq!(
            usize::try_from(applied).unwrap(),
            klachten_migrations::Migrator::migrations().len(),
            "{release}: not every migration ran"
        );
        assert!(
            matches!(audit::verify(db, &app.state.audit_key, &[]).await.unwrap(), Ok(n) if n > 0),
            "{release}: the audit chain no longer verifies"
        );

        // The handler finds every complaint of the demo, identified, with its letters.
        let handler = login(&app, "handler").await;
        let list = ask(
            &app,
            &handler,
            "{ complaints(first: 50) { edges { node { __typename ... on IdentifiedComplaint { id reference status } } } } }",
            json!({}),
        )
        .await;
        let complaints = list["complaints"]["edges"].as_array().unwrap().clone();
        assert_eq!(complaints.len(), 12, "{release}: {list}");
        for edge in &complaints {
            assert_eq!(
                edge["node"]["__typename"], "IdentifiedComplaint",
                "{release}"
            );
            let id = edge["node"]["id"].as_str().unwrap();
            ask(
                &app,
                &handler,
                "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { allowedActions deadlines { acknowledgement { dueOn } } letters { id kind } timeline { action } } } }",
                json!({"id": id}),
            )
            .await;
        }
        // The director's figures and the measures board read the old rows.
        let director = login(&app, "director").await;
        let figures = ask(
            &app,
            &director,
            "{ statistics(from: \"2026-01-01\", to: \"2026-12-31\", granularity: YEAR) { periods { figures { received { value } } } } }",
            json!({}),
        )
        .await;
        assert!(
            !figures["statistics"]["periods"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{release}"
        );
        ask(
            &app,
            &director,
            "{ measures { description late } }",
            json!({}),
        )
        .await;
        // New work continues the numbering.
        let staff = login(&app, "staff").await;
        let added = ask(
            &app,
            &staff,
            "mutation { registerComplaint(input: {receivedOn: \"2026-12-07\", channel: EMAIL, category: SERVICE, complainant: {name: \"Na de upgrade\"}, facts: \"Na de upgrade.\"}) { ... on IdentifiedComplaint { reference } } }",
            json!({}),
        )
        .await;
        let reference = added["registerComplaint"]["reference"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            complaints
                .iter()
                .all(|e| e["node"]["reference"] != reference.as_str()),
            "{release}: {reference} was handed out before"
        );

        // Ids that told a moment are random now; old links still find their complaint for
        // those who see it identified, and for no one else.
        let aliases = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT legacy_id, kind, id FROM id_aliases",
            ))
            .await
            .unwrap();
        let moved: Vec<(String, String, String)> = aliases
            .iter()
            .map(|r| {
                (
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                    r.try_get_by_index(2).unwrap(),
                )
            })
            .collect();
        assert_eq!(
            moved.iter().filter(|m| m.1 == "complaints").count(),
            12,
            "{release}: {moved:?}"
        );
        for kind in ["measures", "meetings", "agenda_items"] {
            assert!(moved.iter().any(|m| m.1 == kind), "{release}: {kind}");
        }
        for edge in &complaints {
            let id = edge["node"]["id"].as_str().unwrap();
            assert_eq!(
                uuid::Uuid::parse_str(id).unwrap().get_version_num(),
                4,
                "{release}: {id} still tells a moment"
            );
        }
        let measures = ask(&app, &director, "{ measures { id } }", json!({})).await;
        for m in measures["measures"].as_array().unwrap() {
            let id = m["id"].as_str().unwrap();
            assert_eq!(
                uuid::Uuid::parse_str(id).unwrap().get_version_num(),
                4,
                "{id}"
            );
        }
        let open = "query($id: ID!) { complaint(id: $id) { __typename ... on IdentifiedComplaint { id } ... on AnonymisedComplaint { id } } }";
        let (legacy, _, now) = moved.iter().find(|m| m.1 == "complaints").unwrap();
        let found = ask(&app, &handler, open, json!({"id": legacy})).await;
        assert_eq!(found["complaint"]["id"], now.as_str(), "{release}: {found}");
        let admin = login(&app, "admin").await;
        let refused = app.gql(Some(&admin), open, json!({"id": legacy})).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{release}: an anonymised reader paired an old id with its new one: {refused}"
        );
        let anonymised = ask(&app, &admin, open, json!({"id": now})).await;
        assert_eq!(
            anonymised["complaint"]["__typename"], "AnonymisedComplaint",
            "{release}"
        );
        // The audit view still names the complaint of entries written under its old id (an action
        // that never names a complaint, so only this entry can match).
        audit::append(
            db,
            &app.state.audit_key,
            app.state.clock.now(),
            audit::Entry {
                actor: "system",
                action: audit::Named::DemoLoaded.into(),
                complaint_id: Some(legacy.parse().unwrap()),
                detail: None,
            },
        )
        .await
        .unwrap();
        let reference: String = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT reference FROM complaints WHERE id = '{now}'"),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index(0)
            .unwrap();
        let trail = ask(
            &app,
            &director,
            "query($r: String) { auditLog(filter: {complaintReference: $r}) { entries { action complaintReference } } }",
            json!({"r": reference}),
        )
        .await;
        let entries = trail["auditLog"]["entries"].as_array().unwrap();
        assert!(
            entries.iter().any(|e| e["action"] == "DEMO_LOADED"),
            "{release}: the old entries of {reference} are lost: {trail}"
        );
        assert!(
            entries
                .iter()
                .all(|e| e["complaintReference"] == reference.as_str()),
            "{release}: {trail}"
        );
    }
}
