//! The list filters answer nothing the view does not show: for every field of `ComplaintFilter`
//! and every viewer who sees complaints anonymised, two complaints that look the same in the
//! anonymised view are either both found or both not (or the filter is refused).

use super::register;
use klachten_core::actor::Role;
use klachten_tests::{TestApp, TestUser, error_code};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Every input field of `ComplaintFilter` in the schema, in order.
fn schema_filter_fields() -> Vec<String> {
    super::schema_fields("input ComplaintFilter {")
}

/// Probe values for each filter field. A new field fails the test until it is listed here,
/// with values that would tell twins apart if it leaked what the view hides.
fn probes(field: &str, handler: &str, reference: &str) -> Option<Vec<Value>> {
    let days = [
        "2026-10-01",
        "2026-10-19",
        "2026-10-20",
        "2026-10-21",
        "2026-10-31",
    ];
    Some(match field {
        "status" => vec![json!(["RECEIVED"]), json!(["IN_TREATMENT"])],
        "category" => vec![json!(["SERVICE"]), json!(["EMPLOYEE"])],
        "handlerId" => vec![json!(handler)],
        "receivedFrom" | "receivedTo" => days.iter().map(|d| json!(d)).collect(),
        "clockState" => vec![json!(["OPEN"]), json!(["MET"]), json!(["DUE_SOON"])],
        // The reference is in the anonymised view: finding one twin by it is no leak, so the
        // probe searches a part both references share.
        "search" => vec![json!("Kanarie"), json!("Tweeling"), json!(&reference[..7])],
        "involvingMe" => vec![json!(true), json!(false)],
        _ => return None,
    })
}

const LIST: &str = "query($f: ComplaintFilter) { complaints(filter: $f, first: 100) { edges { node { __typename ... on AnonymisedComplaint { reference } ... on IdentifiedComplaint { reference } } } } }";

/// The references found, or the error code when refused.
async fn found(app: &TestApp, token: &str, filter: Value) -> Result<BTreeSet<String>, String> {
    let body = app.gql(Some(token), LIST, json!({"f": filter})).await;
    if let Some(code) = error_code(&body) {
        assert!(
            matches!(code, "FORBIDDEN" | "VALIDATION"),
            "a refused filter says why with a known code: {body}"
        );
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.len() > 20, "a sentence to act on: {body}");
        return Err(code.to_owned());
    }
    let edges = body["data"]["complaints"]["edges"].as_array().unwrap();
    Ok(edges
        .iter()
        .map(|e| e["node"]["reference"].as_str().unwrap().to_owned())
        .collect())
}

/// Two complaints alike in every anonymised field (month, category, status, clock outcomes,
/// channel) that differ in what only the identified view shows: the day received, the handler,
/// who registered them.
async fn twins(
    app: &TestApp,
    first: &TestUser,
    second: &TestUser,
    handler: &TestUser,
    other: &TestUser,
) -> (String, String) {
    let mut pair = Vec::new();
    for (day, registrar, assigned) in [
        ("2026-10-19", first, handler),
        ("2026-10-20", second, other),
    ] {
        let made = register(
            app,
            registrar,
            json!({"receivedOn": day, "facts": "Tweeling: de klacht over de afspraak."}),
        )
        .await;
        let id = made["id"].as_str().unwrap().to_owned();
        let body = app
            .as_user(
                handler,
                "mutation($id: ID!, $h: ID!) { assignHandler(id: $id, handlerId: $h) { __typename } }",
                json!({"id": id, "h": assigned.id}),
            )
            .await;
        assert!(body["errors"].is_null(), "{body}");
        pair.push(made["reference"].as_str().unwrap().to_owned());
    }
    (pair[0].clone(), pair[1].clone())
}

#[tokio::test]
async fn every_filter_field_answers_anonymised_viewers_from_the_anonymised_view_only() {
    let app = TestApp::on("2026-10-21").start().await;
    let registrar = app.user("Sanne Staf", &[Role::Staff]).await;
    let second = app.user("Rik Registratie", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let other_handler = app.user("Henk Handler", &[Role::Handler]).await;
    let other_staff = app.user("Otto Ander", &[Role::Staff]).await;
    let admin = app.user("Bert Beheer", &[Role::Admin]).await;
    let dpo = app.user("Fenna FG", &[Role::Dpo]).await;
    let (early, late) = twins(&app, &registrar, &second, &handler, &other_handler).await;
    let created = app
        .as_user(
            &admin,
            "mutation { createApiClient(input: {name: \"CRM\", scopes: [READ_COMPLAINTS]}) { key } }",
            json!({}),
        )
        .await;
    let client_key = created["data"]["createApiClient"]["key"]
        .as_str()
        .unwrap()
        .to_owned();

    // The director sees both identified and may tell them apart: the filters work.
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let day = found(&app, &director.token, json!({"receivedFrom": "2026-10-20"})).await;
    assert_eq!(day, Ok(BTreeSet::from([late.clone()])));
    let by_handler = found(&app, &director.token, json!({"handlerId": handler.id})).await;
    assert_eq!(by_handler, Ok(BTreeSet::from([early.clone()])));

    let fields = schema_filter_fields();
    assert!(fields.len() >= 8, "{fields:?}");
    let viewers = [
        ("staff not involved", other_staff.token.clone()),
        ("the second registrar", second.token.clone()),
        ("admin", admin.token.clone()),
        ("dpo", dpo.token.clone()),
        ("api client", client_key),
    ];
    for field in &fields {
        let values = probes(field, &handler.id, &early)
            .unwrap_or_else(|| panic!("filter field {field} has no probe: add one to `probes`"));
        for (who, token) in &viewers {
            for value in &values {
                let filter = json!({ field.as_str(): value });
                let Ok(refs) = found(&app, token, filter.clone()).await else {
                    continue;
                };
                // The second registrar sees `late` identified; only `early` is anonymised to
                // them, and it must not be told apart from an anonymised twin (there is none:
                // nothing to compare, but it still may not be found by its day or handler).
                if *who == "the second registrar" {
                    if field == "receivedFrom" || field == "receivedTo" || field == "handlerId" {
                        let all = found(&app, token, json!({})).await.unwrap();
                        let month = found(
                            &app,
                            token,
                            json!({"receivedFrom": "2026-10-01", "receivedTo": "2026-10-31"}),
                        )
                        .await
                        .unwrap();
                        assert_eq!(
                            refs.contains(&early),
                            field != "handlerId" && month.contains(&early) && all.contains(&early),
                            "{who}, {filter}"
                        );
                    }
                    continue;
                }
                assert_eq!(
                    refs.contains(&early),
                    refs.contains(&late),
                    "{who} tells twins apart with {filter}: {refs:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn staff_filtering_on_a_handler_are_refused_and_told_why() {
    let app = TestApp::on("2026-10-21").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let body = app
        .as_user(&staff, LIST, json!({"f": {"handlerId": handler.id}}))
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("handlerId"),
        "{body}"
    );
}

#[tokio::test]
async fn list_cursors_are_opaque_and_a_made_up_one_is_refused() {
    let app = TestApp::on("2026-10-21").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let other = app.user("Otto Ander", &[Role::Staff]).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let made = register(&app, &staff, json!({"receivedOn": "2026-10-20"})).await;
        ids.push(made["id"].as_str().unwrap().to_owned());
    }
    let page = "query($a: String) { complaints(first: 1, after: $a) { edges { cursor } pageInfo { endCursor hasNextPage } } }";
    let first = app.as_user(&other, page, json!({"a": null})).await;
    let cursor = first["data"]["complaints"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    // A complaint's id is random: it tells nothing of when it was registered.
    for id in &ids {
        assert_eq!(
            uuid::Uuid::parse_str(id).unwrap().get_version_num(),
            4,
            "{id}"
        );
    }
    // Nothing of an id in the cursor either.
    for id in &ids {
        assert!(!cursor.contains(id.as_str()), "{cursor}");
    }
    assert!(uuid::Uuid::parse_str(&cursor).is_err());
    let next = app.as_user(&other, page, json!({"a": cursor})).await;
    assert_eq!(
        next["data"]["complaints"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{next}"
    );
    // A cursor made up from an id (to bisect the list by time) is refused.
    for made_up in [
        ids[1].as_str(),
        "ffffffff-ffff-7fff-bfff-ffffffffffff",
        "sealed:v1:AAAA:BBBB",
    ] {
        let refused = app.as_user(&other, page, json!({"a": made_up})).await;
        assert_eq!(error_code(&refused), Some("VALIDATION"), "{refused}");
    }
}
