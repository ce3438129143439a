//! Demo data and the cost of lists.

use super::register;
use klachten_core::actor::Role;
use klachten_tests::{TestApp, complaint_selection};
use serde_json::json;
use std::sync::atomic::Ordering;

#[tokio::test]
async fn the_demo_lets_the_handler_log_in_and_see_every_status() {
    let app = TestApp::spawn().await;
    klachten::demo::load(&app.state.db, &app.state.audit_key, app.clock.as_ref())
        .await
        .unwrap();
    let login = app.gql(None, r#"mutation { login(email: "handler@demo.local", password: "demo-handler") { token user { roles } } }"#, json!({})).await;
    let token = login["data"]["login"]["token"].as_str().unwrap().to_owned();
    assert_eq!(login["data"]["login"]["user"]["roles"], json!(["HANDLER"]));
    let list = app.gql(Some(&token), "{ complaints(first: 50) { edges { node { ... on IdentifiedComplaint { status } } } } }", json!({})).await;
    let mut statuses: Vec<String> = list["data"]["complaints"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses.len(), 12);
    statuses.sort();
    statuses.dedup();
    assert_eq!(
        statuses,
        [
            "ACKNOWLEDGED",
            "AWAITING_SUPPLEMENT",
            "DECLINED",
            "DISCUSSED",
            "IN_TREATMENT",
            "RECEIVED",
            "RESOLVED",
            "WITHDRAWN"
        ]
    );
    // The board, the agenda and the dashboard have something to show: three measures (one
    // late) and a draft meeting with the resolved complaint, whose summary is reviewed.
    let measures = app
        .gql(Some(&token), "{ measures { late } }", json!({}))
        .await;
    let late: Vec<bool> = measures["data"]["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["late"].as_bool().unwrap())
        .collect();
    assert_eq!((late.len(), late.iter().filter(|l| **l).count()), (3, 1));
    let director = app.gql(None, r#"mutation { login(email: "director@demo.local", password: "demo-director") { token } }"#, json!({})).await;
    let director = director["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let meetings = app
        .gql(
            Some(&director),
            "{ meetings { status unsummarised items { number } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        meetings["data"]["meetings"],
        json!([{"status": "DRAFT", "unsummarised": [], "items": [{"number": 1}, {"number": 2}]}])
    );
    // Every demo role logs in with demo-<role>.
    for role in ["staff", "director", "dpo", "admin"] {
        let body = app.gql(None, &format!(r#"mutation {{ login(email: "{role}@demo.local", password: "demo-{role}") {{ token }} }}"#), json!({})).await;
        assert!(body["data"]["login"]["token"].is_string(), "{role}: {body}");
    }
    // Loading twice is refused.
    assert!(
        klachten::demo::load(&app.state.db, &app.state.audit_key, app.clock.as_ref())
            .await
            .is_err()
    );
}

/// A list request issues the same number of SQL statements for 2 complaints as for 30.
#[tokio::test]
async fn a_list_request_costs_the_same_number_of_statements_whatever_the_page_size() {
    let app = TestApp::spawn().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let adviser = app.user("Aad Adviseur", &[Role::Staff]).await;
    for _ in 0..30 {
        let c = register(&app, &handler, json!({})).await;
        let id = c["id"].as_str().unwrap().to_owned();
        let added = super::step(
            &app,
            &handler,
            "addInvolvedParty",
            &id,
            ", userId: $userId",
            json!({"userId": adviser.id}),
        )
        .await;
        assert!(added["errors"].is_null());
    }
    let query = format!(
        "query($n: Int!) {{ complaints(first: $n) {{ edges {{ node {{ {} }} }} }} }}",
        complaint_selection()
    );
    let mut costs = Vec::new();
    for n in [2, 30] {
        // Warm up the token lookup, then count one request.
        let _ = app.as_user(&handler, &query, json!({"n": n})).await;
        let before = app.state.statements.load(Ordering::SeqCst);
        let body = app.as_user(&handler, &query, json!({"n": n})).await;
        let after = app.state.statements.load(Ordering::SeqCst);
        assert_eq!(
            body["data"]["complaints"]["edges"]
                .as_array()
                .unwrap()
                .len(),
            n as usize
        );
        costs.push(after - before);
    }
    assert_eq!(
        costs[0], costs[1],
        "statements for 2 and 30 complaints: {costs:?}"
    );
}
