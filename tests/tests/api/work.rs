//! "Mijn werk" and the summary preview: the lists and helpers the browser app is built on.

use crate::{register, step};
use klachten_core::actor::Role;
use klachten_tests::{TestApp, error_code};
use serde_json::json;

const MINE: &str = "{ complaints(filter: {involvingMe: true}) { edges { node { ... on IdentifiedComplaint { reference } ... on AnonymisedComplaint { reference } } } } }";

fn references(body: &serde_json::Value) -> Vec<String> {
    body["data"]["complaints"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("no complaints in {body}"))
        .iter()
        .map(|e| e["node"]["reference"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn each_user_finds_under_mijn_werk_only_what_they_registered_handle_or_were_added_to() {
    let app = TestApp::spawn().await;
    let registrar = app.user("Rita Registreert", &[Role::Staff]).await;
    let other = app.user("Olaf Ander", &[Role::Staff]).await;
    let adviser = app.user("Ada Adviseur", &[Role::Staff]).await;
    let handler = app.user("Henk Handelaar", &[Role::Handler]).await;
    let director = app.user("Dina Directie", &[Role::Director]).await;
    let first = register(&app, &registrar, json!({})).await;
    let second = register(&app, &other, json!({})).await;
    let (first_id, first_ref) = (
        first["id"].as_str().unwrap(),
        first["reference"].as_str().unwrap().to_owned(),
    );
    let second_ref = second["reference"].as_str().unwrap().to_owned();
    let assigned = step(
        &app,
        &director,
        "assignHandler",
        first_id,
        ", handlerId: $handlerId",
        json!({"handlerId": handler.id}),
    )
    .await;
    assert!(assigned["errors"].is_null(), "{assigned}");
    let added = step(
        &app,
        &handler,
        "addInvolvedParty",
        first_id,
        ", userId: $userId",
        json!({"userId": adviser.id}),
    )
    .await;
    assert!(added["errors"].is_null(), "{added}");

    assert_eq!(
        references(&app.as_user(&registrar, MINE, json!({})).await),
        std::slice::from_ref(&first_ref)
    );
    assert_eq!(
        references(&app.as_user(&other, MINE, json!({})).await),
        [second_ref]
    );
    assert_eq!(
        references(&app.as_user(&adviser, MINE, json!({})).await),
        std::slice::from_ref(&first_ref)
    );
    assert_eq!(
        references(&app.as_user(&handler, MINE, json!({})).await),
        [first_ref]
    );
    assert!(references(&app.as_user(&director, MINE, json!({})).await).is_empty());
}

#[tokio::test]
async fn handler_previews_the_redacted_summary_and_staff_may_not() {
    let app = TestApp::spawn().await;
    let staff = app.user("Rita Registreert", &[Role::Staff]).await;
    let handler = app.user("Henk Handelaar", &[Role::Handler]).await;
    let complaint = register(&app, &staff, json!({})).await;
    let id = complaint["id"].as_str().unwrap();
    let preview = "query($id: ID!, $text: String!) { previewRedaction(id: $id, text: $text) }";
    let text = "Wietske Kanarie (wietske.kanarie@voorbeeld.nl) klaagt over Zoë Vinkenslag.";
    let body = app
        .as_user(&handler, preview, json!({"id": id, "text": text}))
        .await;
    let redacted = body["data"]["previewRedaction"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    assert!(
        redacted.contains("[klager]") && redacted.contains("[e-mail]"),
        "{redacted}"
    );
    for canary in ["Wietske", "Kanarie", "kanarie@", "Vinkenslag"] {
        assert!(!redacted.contains(canary), "{canary} in {redacted}");
    }
    let stored = app
        .as_user(&handler, "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { summary version } } }", json!({"id": id}))
        .await;
    assert!(
        stored["data"]["complaint"]["summary"].is_null(),
        "a preview stores nothing"
    );
    let refused = app
        .as_user(&staff, preview, json!({"id": id, "text": text}))
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    assert!(!refused.to_string().contains("Kanarie"));
}
