//! The whole procedure through the API.

use super::{read_complaint, register, step};
use klachten_core::actor::Role;
use klachten_tests::{TestApp, complaint_selection, error_code};
use serde_json::json;

#[tokio::test]
async fn handler_takes_a_letter_complaint_through_the_whole_procedure() {
    let app = TestApp::on("2026-11-16").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;

    let registered = register(&app, &staff, json!({})).await;
    assert_eq!(
        registered["__typename"], "IdentifiedComplaint",
        "the registrar sees what they registered"
    );
    assert_eq!(registered["reference"], "KL-2026-0001");
    assert_eq!(registered["status"], "RECEIVED");
    assert_eq!(registered["procedureVersion"], "1 juni 2022");
    // klachtenregeling: "binnen 5 werkdagen", "binnen 7 werkdagen", "binnen 30 werkdagen".
    assert_eq!(
        registered["deadlines"]["acknowledgement"]["dueOn"],
        "2026-11-23"
    );
    assert_eq!(
        registered["deadlines"]["firstContact"]["dueOn"],
        "2026-11-25"
    );
    assert_eq!(registered["deadlines"]["resolution"]["dueOn"], "2026-12-29");
    let id = registered["id"].as_str().unwrap().to_owned();

    app.set_today("2026-11-18");
    let acknowledged = step(
        &app,
        &staff,
        "acknowledgeComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-11-18"}),
    )
    .await;
    assert_eq!(
        acknowledged["data"]["acknowledgeComplaint"]["status"], "ACKNOWLEDGED",
        "{acknowledged}"
    );
    assert_eq!(
        acknowledged["data"]["acknowledgeComplaint"]["deadlines"]["acknowledgement"]["state"],
        "MET"
    );

    let contacted = step(
        &app,
        &handler,
        "recordContact",
        &id,
        ", on: $on",
        json!({"on": "2026-11-18"}),
    )
    .await;
    assert_eq!(
        contacted["data"]["recordContact"]["status"], "IN_TREATMENT",
        "{contacted}"
    );

    app.set_today("2026-11-20");
    let conversation = app
        .as_user(
            &handler,
            &format!("mutation($input: RecordConversationInput!) {{ recordConversation(input: $input) {{ {} }} }}", complaint_selection()),
            json!({"input": {"id": id, "heldOn": "2026-11-20", "kind": "PHONE", "summary": "Besproken per telefoon.", "agreements": "Excuses per brief binnen een week."}}),
        )
        .await;
    assert_eq!(
        conversation["data"]["recordConversation"]["status"], "DISCUSSED",
        "{conversation}"
    );

    let summary = step(&app, &handler, "updateAnonymisedSummary", &id, ", text: $text, reviewed: $reviewed", json!({"text": "Wietske Kanarie vond dat Zoë Vinkenslag te laat reageerde.", "reviewed": true})).await;
    assert_eq!(
        summary["data"]["updateAnonymisedSummary"]["summaryRedacted"],
        "[klager] vond dat [medewerker] te laat reageerde.",
        "{summary}"
    );

    let resolved = step(
        &app,
        &handler,
        "resolveComplaint",
        &id,
        ", on: $on, outcome: $outcome",
        json!({"on": "2026-11-20", "outcome": "Excuses per brief aan mevrouw Kanarie; tegoedbon verstuurd."}),
    )
    .await;
    let resolved = &resolved["data"]["resolveComplaint"];
    assert_eq!(resolved["status"], "RESOLVED", "{resolved}");
    assert_eq!(
        resolved["outcome"],
        "Excuses per brief aan mevrouw Kanarie; tegoedbon verstuurd."
    );
    // The outcome is free text about the complainant: colleagues who are not involved see the
    // anonymised view without it.
    let colleague = app.user("Carla Collega", &[Role::Staff]).await;
    let seen = read_complaint(&app, &colleague, &id).await;
    assert_eq!(
        seen["data"]["complaint"]["__typename"], "AnonymisedComplaint",
        "{seen}"
    );
    assert!(!seen.to_string().contains("tegoedbon"), "{seen}");
    assert_eq!(resolved["deadlines"]["resolution"]["state"], "MET");
    // klachtenregeling: "na de afhandeling 1 jaar bewaard".
    assert_eq!(resolved["deadlines"]["retention"]["dueOn"], "2027-11-20");
    assert_eq!(
        resolved["allowedActions"],
        json!(["UPDATE_ANONYMISED_SUMMARY", "RECORD_ROOT_CAUSE"])
    );
    // The timeline names every step and who took it, with the letters the steps produced (the
    // written acknowledgement, the confirmation of what was agreed, the closing letter); the
    // conversation keeps its agreements.
    let steps: Vec<&str> = resolved["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "REGISTER",
            "ACKNOWLEDGE",
            "LETTER_GENERATED",
            "RECORD_CONTACT",
            "RECORD_CONVERSATION",
            "LETTER_GENERATED",
            "UPDATE_ANONYMISED_SUMMARY",
            "RESOLVE",
            "LETTER_GENERATED"
        ]
    );
    assert_eq!(resolved["timeline"][0]["actorName"], "Sanne Staf");
    assert_eq!(resolved["timeline"][0]["on"], "2026-11-16");
    assert_eq!(
        resolved["conversations"][0]["agreements"],
        "Excuses per brief binnen een week."
    );
    assert_eq!(resolved["conversations"][0]["kind"], "PHONE");

    // A closed complaint accepts no more handling steps.
    let again = step(
        &app,
        &handler,
        "withdrawComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-11-20"}),
    )
    .await;
    assert_eq!(error_code(&again), Some("INVALID_TRANSITION"), "{again}");

    // The audit trail of all this verifies.
    assert!(
        matches!(klachten::db::audit::verify(&app.state.db, &app.state.audit_key, &[]).await.unwrap(), Ok(n) if n > 8)
    );
}

#[tokio::test]
async fn privacy_complaint_cannot_be_resolved_before_the_dpo_advises() {
    let app = TestApp::on("2026-11-23").start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let dpo = app.user("Fenna FG", &[Role::Dpo]).await;
    let c = register(
        &app,
        &handler,
        json!({"category": "PERSONAL_DATA", "receivedOn": "2026-01-31"}),
    )
    .await;
    // klachtenregeling: "uiterlijk binnen een maand"; 28 February 2026 is a Saturday.
    assert_eq!(c["deadlines"]["privacyResolution"]["dueOn"], "2026-03-02");
    let id = c["id"].as_str().unwrap().to_owned();
    for (name, args, vars) in [
        (
            "acknowledgeComplaint",
            ", on: $on",
            json!({"on": "2026-02-02"}),
        ),
        ("requestDpoAdvice", ", on: $on", json!({"on": "2026-02-02"})),
        ("recordContact", ", on: $on", json!({"on": "2026-02-03"})),
    ] {
        let body = step(&app, &handler, name, &id, args, vars).await;
        assert!(body["errors"].is_null(), "{name}: {body}");
    }
    let conversation = app
        .as_user(&handler, "mutation($input: RecordConversationInput!) { recordConversation(input: $input) { __typename } }", json!({"input": {"id": id, "heldOn": "2026-02-04", "kind": "MEETING", "summary": "Gesprek.", "agreements": "Inzage binnen twee weken."}}))
        .await;
    assert!(conversation["errors"].is_null(), "{conversation}");

    let refused = step(
        &app,
        &handler,
        "resolveComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-02-05"}),
    )
    .await;
    assert_eq!(
        error_code(&refused),
        Some("INVALID_TRANSITION"),
        "{refused}"
    );
    assert_eq!(
        refused["errors"][0]["extensions"]["reason"],
        "DPO_ADVICE_REQUIRED"
    );

    // The DPO sees the privacy complaint identified and records the advice.
    let advice = app
        .as_user(&dpo, &format!("mutation($input: RecordDpoAdviceInput!) {{ recordDpoAdvice(input: $input) {{ {} }} }}", complaint_selection()), json!({"input": {"id": id, "advisedOn": "2026-02-06", "advice": "Inzage verlenen.", "followed": true, "reason": "Terecht verzoek."}}))
        .await;
    assert_eq!(
        advice["data"]["recordDpoAdvice"]["__typename"], "IdentifiedComplaint",
        "{advice}"
    );
    let resolved = step(
        &app,
        &handler,
        "resolveComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-02-09"}),
    )
    .await;
    assert_eq!(
        resolved["data"]["resolveComplaint"]["status"], "RESOLVED",
        "{resolved}"
    );
    assert_eq!(
        resolved["data"]["resolveComplaint"]["deadlines"]["privacyResolution"]["state"],
        "MET"
    );
}

#[tokio::test]
async fn supplement_round_suspends_and_resumes_the_resolution_clock() {
    let app = TestApp::on("2026-01-05").start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let c = register(&app, &handler, json!({"receivedOn": "2026-01-05"})).await;
    assert_eq!(c["deadlines"]["resolution"]["dueOn"], "2026-02-16");
    let id = c["id"].as_str().unwrap().to_owned();
    app.set_today("2026-01-12");
    let waiting = step(
        &app,
        &handler,
        "requestSupplement",
        &id,
        ", on: $on, dueOn: $dueOn",
        json!({"on": "2026-01-12", "dueOn": "2026-01-26"}),
    )
    .await;
    assert_eq!(
        waiting["data"]["requestSupplement"]["status"], "AWAITING_SUPPLEMENT",
        "{waiting}"
    );
    app.set_today("2026-01-19");
    let read = read_complaint(&app, &handler, &id).await;
    assert_eq!(
        read["data"]["complaint"]["deadlines"]["resolution"]["state"], "SUSPENDED",
        "{read}"
    );
    let back = step(
        &app,
        &handler,
        "recordSupplement",
        &id,
        ", on: $on",
        json!({"on": "2026-01-19"}),
    )
    .await;
    let back = &back["data"]["recordSupplement"];
    assert_eq!(back["status"], "RECEIVED", "{back}");
    // Five working days waited: 13–16 and 19 January.
    assert_eq!(back["deadlines"]["resolution"]["dueOn"], "2026-02-23");
    assert_eq!(back["deadlines"]["resolution"]["state"], "OPEN");
}

#[tokio::test]
async fn each_decline_ground_is_checked_and_a_withdrawal_closes_the_complaint() {
    let app = TestApp::on("2026-11-23").start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let decline = |id: String, ground: &'static str| {
        let app = &app;
        let director = &director;
        async move {
            step(
                app,
                director,
                "declineComplaint",
                &id,
                ", on: $on, ground: $ground",
                json!({"on": "2026-11-23", "ground": ground}),
            )
            .await
        }
    };
    let id = |c: &serde_json::Value| c["id"].as_str().unwrap().to_owned();

    // ANONYMOUS only for an anonymous complaint.
    let named = register(&app, &handler, json!({})).await;
    let refused = decline(id(&named), "ANONYMOUS").await;
    assert_eq!(
        refused["errors"][0]["extensions"]["reason"], "DECLINE_GROUND_NOT_APPLICABLE",
        "{refused}"
    );
    let anonymous = register(&app, &handler, json!({"complainant": {}})).await;
    let declined = decline(id(&anonymous), "ANONYMOUS").await;
    assert_eq!(
        declined["data"]["declineComplaint"]["declineGround"], "ANONYMOUS",
        "{declined}"
    );

    // CONDUCT_OVER_ONE_YEAR_AGO when the conduct is dated more than a year before receipt.
    let old = register(&app, &handler, json!({"conductOn": "2025-11-01"})).await;
    assert_eq!(
        decline(id(&old), "CONDUCT_OVER_ONE_YEAR_AGO").await["data"]["declineComplaint"]["status"],
        "DECLINED"
    );
    assert!(decline(id(&named), "CONDUCT_OVER_ONE_YEAR_AGO").await["errors"].is_array());

    // SAME_COMPLAINT_ALREADY_FILED is a person's judgement.
    assert_eq!(
        decline(id(&named), "SAME_COMPLAINT_ALREADY_FILED").await["data"]["declineComplaint"]["status"],
        "DECLINED"
    );

    // INCOMPLETE_NOT_SUPPLEMENTED only after the supplement deadline passed.
    let incomplete = register(&app, &handler, json!({})).await;
    let requested = step(
        &app,
        &handler,
        "requestSupplement",
        &id(&incomplete),
        ", on: $on, dueOn: $dueOn",
        json!({"on": "2026-11-23", "dueOn": "2026-11-30"}),
    )
    .await;
    assert!(requested["errors"].is_null(), "{requested}");
    let early = decline(id(&incomplete), "INCOMPLETE_NOT_SUPPLEMENTED").await;
    assert_eq!(
        early["errors"][0]["extensions"]["reason"], "SUPPLEMENT_PERIOD_RUNNING",
        "{early}"
    );
    app.set_today("2026-12-01");
    let late = step(
        &app,
        &director,
        "declineComplaint",
        &id(&incomplete),
        ", on: $on, ground: $ground",
        json!({"on": "2026-12-01", "ground": "INCOMPLETE_NOT_SUPPLEMENTED"}),
    )
    .await;
    assert_eq!(
        late["data"]["declineComplaint"]["status"], "DECLINED",
        "{late}"
    );

    let withdrawn_one = register(&app, &handler, json!({})).await;
    let withdrawn = step(
        &app,
        &handler,
        "withdrawComplaint",
        &id(&withdrawn_one),
        ", on: $on",
        json!({"on": "2026-12-01"}),
    )
    .await;
    assert_eq!(
        withdrawn["data"]["withdrawComplaint"]["status"], "WITHDRAWN",
        "{withdrawn}"
    );
}

#[tokio::test]
async fn a_stale_expected_version_gets_conflict_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let c = register(&app, &handler, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let first = step(
        &app,
        &handler,
        "acknowledgeComplaint",
        &id,
        ", on: $on, expectedVersion: $expectedVersion",
        json!({"on": "2026-11-23", "expectedVersion": 1}),
    )
    .await;
    assert_eq!(
        first["data"]["acknowledgeComplaint"]["version"], 2,
        "{first}"
    );
    let stale = step(
        &app,
        &handler,
        "updateAnonymisedSummary",
        &id,
        ", text: $text, reviewed: $reviewed, expectedVersion: $expectedVersion",
        json!({"text": "x", "reviewed": false, "expectedVersion": 1}),
    )
    .await;
    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    let read = app.as_user(&handler, "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { version summary } } }", json!({"id": id})).await;
    assert_eq!(read["data"]["complaint"]["version"], 2);
    assert!(read["data"]["complaint"]["summary"].is_null());
}

/// A phone complaint received just before Easter and Koningsdag 2026: every clock skips the
/// holidays (Goede Vrijdag 3 April, Tweede Paasdag 6 April, Koningsdag 27 April,
/// Bevrijdingsdag 5 May, Hemelvaart 14 May).
#[tokio::test]
async fn a_phone_complaint_received_around_the_holidays_gets_working_day_deadlines() {
    let app = TestApp::on("2026-04-02").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let c = register(&app, &staff, json!({"channel": "PHONE", "receivedOn": "2026-04-01", "complainant": {"name": "Piet Puk", "phone": "+31 6 1234 5678"}})).await;
    assert_eq!(c["channel"], "PHONE");
    assert_eq!(c["complainant"]["phone"], "+31 6 1234 5678");
    assert_eq!(c["deadlines"]["acknowledgement"]["dueOn"], "2026-04-10");
    assert_eq!(c["deadlines"]["firstContact"]["dueOn"], "2026-04-14");
    assert_eq!(c["deadlines"]["resolution"]["dueOn"], "2026-05-20");
    let id = c["id"].as_str().unwrap().to_owned();
    app.set_today("2026-04-09");
    let read = app.as_user(&handler, "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { deadlines { acknowledgement { state } firstContact { state } } } } }", json!({"id": id})).await;
    // Due Friday 10 April: one working day left.
    assert_eq!(
        read["data"]["complaint"]["deadlines"]["acknowledgement"]["state"], "DUE_SOON",
        "{read}"
    );
    assert_eq!(
        read["data"]["complaint"]["deadlines"]["firstContact"]["state"],
        "OPEN"
    );
    for (name, on) in [
        ("acknowledgeComplaint", "2026-04-09"),
        ("recordContact", "2026-04-09"),
    ] {
        let body = step(&app, &handler, name, &id, ", on: $on", json!({"on": on})).await;
        assert!(body["errors"].is_null(), "{name}: {body}");
    }
    let read = app.as_user(&handler, "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { status deadlines { acknowledgement { state metOn } firstContact { state } } } } }", json!({"id": id})).await;
    let complaint = &read["data"]["complaint"];
    assert_eq!(complaint["status"], "IN_TREATMENT");
    assert_eq!(
        complaint["deadlines"]["acknowledgement"],
        json!({"state": "MET", "metOn": "2026-04-09"})
    );
    assert_eq!(complaint["deadlines"]["firstContact"]["state"], "MET");
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let cases = [
        (
            json!({"receivedOn": "2026-11-24"}),
            "receivedOn cannot be in the future",
        ),
        (
            json!({"conductOn": "2026-11-20", "receivedOn": "2026-11-16"}),
            "conductOn cannot be after receivedOn",
        ),
        (json!({"facts": "   "}), "facts cannot be empty"),
        (
            json!({"complainant": {"email": "geen-adres"}}),
            "e-mail address",
        ),
        (json!({"complainant": {"phone": "12345"}}), "phone number"),
    ];
    for (input, message) in cases {
        let mut full = json!({"receivedOn": "2026-11-16", "channel": "EMAIL", "category": "SERVICE", "facts": "Feiten."});
        for (k, v) in input.as_object().unwrap() {
            full[k] = v.clone();
        }
        let body = app.as_user(&staff, "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { __typename } }", json!({"i": full})).await;
        assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(message),
            "{body}"
        );
    }
    let bad_date = app.as_user(&staff, r#"mutation { registerComplaint(input: {receivedOn: "16-11-2026", channel: EMAIL, category: SERVICE, facts: "x"}) { __typename } }"#, json!({})).await;
    assert!(
        bad_date["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("YYYY-MM-DD"),
        "{bad_date}"
    );
    let list = app
        .as_user(&staff, "{ complaints { edges { cursor } } }", json!({}))
        .await;
    assert_eq!(list["data"]["complaints"]["edges"], json!([]));
    let unknown = app
        .as_user(
            &staff,
            "query($id: ID!) { complaint(id: $id) { __typename } }",
            json!({"id": "00000000-0000-7000-8000-000000000000"}),
        )
        .await;
    assert_eq!(error_code(&unknown), Some("NOT_FOUND"));
}

/// klachtenregeling, "Niet in behandeling": the form warns before saving, and a saved complaint
/// shows the same suggestions; an earlier complaint is only linked for viewers who may see it.
#[tokio::test]
async fn decline_suggestions_warn_without_revealing_earlier_complainants() {
    let app = TestApp::spawn().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let other = app.user("Otto Ander", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let earlier = register(&app, &staff, json!({"facts": "De adviseur kwam de afspraak over het re-integratietraject twee keer niet na."})).await;
    let earlier_reference = earlier["reference"].as_str().unwrap().to_owned();
    let suggest = |user: &klachten_tests::TestUser, input: serde_json::Value| {
        let app = &app;
        let user = user.clone();
        async move {
            let mut full = json!({"receivedOn": "2026-11-20", "channel": "EMAIL", "category": "SERVICE", "facts": "Weer kwam de adviseur de afspraak niet na; het re-integratietraject ligt stil.", "complainant": {"email": "Wietske.Kanarie@voorbeeld.nl"}});
            for (k, v) in input.as_object().unwrap() {
                full[k] = v.clone();
            }
            app.as_user(&user, "query($i: RegisterComplaintInput!) { suggestDeclineGrounds(input: $i) { ground earlierReference } }", json!({"i": full})).await
        }
    };
    let same = suggest(&staff, json!({})).await;
    assert_eq!(
        same["data"]["suggestDeclineGrounds"],
        json!([{"ground": "SAME_COMPLAINT_ALREADY_FILED", "earlierReference": earlier_reference}]),
        "{same}"
    );
    assert_eq!(
        suggest(&handler, json!({})).await["data"]["suggestDeclineGrounds"][0]["earlierReference"],
        json!(earlier_reference)
    );
    // Staff who may not see the earlier complaint learn nothing about who filed it.
    assert_eq!(
        suggest(&other, json!({})).await["data"]["suggestDeclineGrounds"],
        json!([])
    );
    let anonymous = suggest(
        &staff,
        json!({"complainant": {}, "conductOn": "2025-10-01"}),
    )
    .await;
    assert_eq!(
        anonymous["data"]["suggestDeclineGrounds"],
        json!([{"ground": "CONDUCT_OVER_ONE_YEAR_AGO", "earlierReference": null}, {"ground": "ANONYMOUS", "earlierReference": null}]),
        "{anonymous}"
    );
    // Nothing was stored by asking.
    let list = app
        .as_user(&handler, "{ complaints { edges { cursor } } }", json!({}))
        .await;
    assert_eq!(
        list["data"]["complaints"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let saved = register(&app, &staff, json!({"receivedOn": "2026-11-20", "facts": "Weer kwam de adviseur de afspraak niet na; het re-integratietraject ligt stil."})).await;
    let id = saved["id"].as_str().unwrap().to_owned();
    let read = app
        .as_user(
            &handler,
            "query($id: ID!) { declineSuggestions(id: $id) { ground earlierReference } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        read["data"]["declineSuggestions"],
        json!([{"ground": "SAME_COMPLAINT_ALREADY_FILED", "earlierReference": earlier_reference}]),
        "{read}"
    );
    let refused = app
        .as_user(
            &other,
            "query($id: ID!) { declineSuggestions(id: $id) { ground } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
}

#[tokio::test]
async fn staff_sending_a_registration_again_with_its_request_id_get_the_same_complaint_not_a_second()
 {
    use klachten::db::entities::{complaints, mail_outbox};
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::spawn().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let colleague = app.user("Carla Collega", &[Role::Staff]).await;
    app.user("Hanna Handler", &[Role::Handler]).await;
    let send = |user, input: serde_json::Value| {
        let query = "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { ... on IdentifiedComplaint { id reference } } }";
        let app = &app;
        async move { app.as_user(user, query, json!({"i": input})).await }
    };
    let input = json!({"receivedOn": "2026-11-20", "channel": "PHONE", "category": "SERVICE",
        "complainant": {"name": "Wietske Kanarie"}, "facts": "Niet teruggebeld.",
        "requestId": "0b7e3c1a-5d2f-4e8a-9c61-2f4d8a7b9e10"});
    let first = send(&staff, input.clone()).await;
    let made = first["data"]["registerComplaint"].clone();
    assert!(made["reference"].is_string(), "{first}");
    // The answer was lost and the form is sent again: the same complaint, told once.
    let again = send(&staff, input.clone()).await;
    assert_eq!(again["data"]["registerComplaint"], made, "{again}");
    let db = &app.state.db;
    assert_eq!(complaints::Entity::find().count(db).await.unwrap(), 1);
    assert_eq!(mail_outbox::Entity::find().count(db).await.unwrap(), 1);
    // Another registration under the same id is refused, and stores nothing.
    let mut other = input.clone();
    other["facts"] = json!("Een heel andere klacht.");
    let refused = send(&staff, other).await;
    assert_eq!(error_code(&refused), Some("VALIDATION"), "{refused}");
    assert!(!refused.to_string().contains("Kanarie"));
    // Ids are each user's own: a colleague's registration under the same id is a new one.
    let theirs = send(&colleague, input.clone()).await;
    assert_ne!(
        theirs["data"]["registerComplaint"]["id"], made["id"],
        "{theirs}"
    );
    let mut bad = input.clone();
    bad["requestId"] = json!("kort");
    assert_eq!(error_code(&send(&staff, bad).await), Some("VALIDATION"));
    assert_eq!(complaints::Entity::find().count(db).await.unwrap(), 2);
}

#[tokio::test]
async fn staff_registering_at_the_same_moment_each_get_their_own_reference() {
    let app = TestApp::spawn().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let query = "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { ... on IdentifiedComplaint { reference } } }";
    let registrations = (0..8)
        .map(|n| {
            json!({"i": {"receivedOn": "2026-11-20", "channel": "EMAIL", "category": "SERVICE",
                "complainant": {"name": format!("Klager {n}")}, "facts": "Tegelijk verstuurd."}})
        })
        .collect();
    let answers = app.all_at_once(&staff.token, query, registrations).await;
    let mut references: Vec<String> = answers
        .iter()
        .map(|a| {
            a["data"]["registerComplaint"]["reference"]
                .as_str()
                .unwrap_or_else(|| panic!("{a}"))
                .to_owned()
        })
        .collect();
    references.sort();
    references.dedup();
    assert_eq!(references.len(), 8, "{references:?}");
}

#[tokio::test]
async fn handler_acknowledging_four_times_at_the_same_moment_acknowledges_once() {
    let app = TestApp::spawn().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let c = register(&app, &handler, json!({})).await;
    let ack =
        "mutation($id: ID!) { acknowledgeComplaint(id: $id, on: \"2026-11-23\") { __typename } }";
    let answers = app
        .all_at_once(&handler.token, ack, vec![json!({"id": c["id"]}); 4])
        .await;
    let taken = answers.iter().filter(|a| a["errors"].is_null()).count();
    assert_eq!(taken, 1, "{answers:?}");
    for refused in answers.iter().filter(|a| !a["errors"].is_null()) {
        assert!(
            matches!(error_code(refused), Some("INVALID_TRANSITION" | "CONFLICT")),
            "{refused}"
        );
    }
    let read = read_complaint(&app, &handler, c["id"].as_str().unwrap()).await;
    let timeline = read["data"]["complaint"]["timeline"]
        .as_array()
        .unwrap()
        .clone();
    let acks = timeline
        .iter()
        .filter(|e| e["action"] == "ACKNOWLEDGE")
        .count();
    assert_eq!(acks, 1, "{timeline:?}");
}
