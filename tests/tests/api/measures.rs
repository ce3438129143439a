//! Root causes and measures: "het wegnemen van de oorzaken" and "het nemen van adequate
//! maatregelen om herhaling te voorkomen".

use super::{read_complaint, register, step};
use klachten_core::actor::Role;
use klachten_tests::{TestApp, error_code};
use serde_json::json;

#[tokio::test]
async fn a_director_records_the_cause_and_a_measure_that_its_owner_sees_through() {
    let app = TestApp::spawn().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let owner = app.user("Otto Eigenaar", &[Role::Staff]).await;
    let id = register(&app, &staff, json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let caused = step(&app, &director, "recordRootCause", &id, ", category: $category, text: $text", json!({"category": "communicatie", "text": "Wietske Kanarie werd door Zoë Vinkenslag niet teruggebeld."})).await;
    assert!(caused["errors"].is_null(), "{caused}");
    assert_eq!(
        caused["data"]["recordRootCause"]["rootCause"]["category"],
        "communicatie"
    );

    let added = app
        .as_user(&director, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id status late ownerName history { status } } }", json!({"input": {"complaintId": id, "kind": "MEASURE", "description": "Terugbelafspraken vastleggen in het dossier van Kanarie.", "ownerId": owner.id, "dueOn": "2026-12-01"}}))
        .await;
    let measure = &added["data"]["addMeasure"];
    assert_eq!(measure["status"], "PROPOSED", "{added}");
    assert_eq!(measure["ownerName"], "Otto Eigenaar");
    let measure_id = measure["id"].as_str().unwrap().to_owned();
    assert_eq!(
        uuid::Uuid::parse_str(&measure_id)
            .unwrap()
            .get_version_num(),
        4,
        "a random id tells nothing of when the measure was made"
    );

    // The owner sees the complaint anonymised: until someone who sees it identified reviewed
    // the redacted description, they read the measure's kind only.
    let read =
        "{ measures { id kind description descriptionRedacted descriptionReviewed status } }";
    let mine = app.as_user(&owner, read, json!({})).await;
    assert_eq!(
        mine["data"]["measures"][0],
        json!({"id": measure_id, "kind": "MEASURE", "description": null, "descriptionRedacted": null, "descriptionReviewed": false, "status": "PROPOSED"}),
        "{mine}"
    );
    // The director reads it as written and the redacted form to review; the owner may not
    // review what they cannot see.
    let theirs = app.as_user(&director, read, json!({})).await;
    assert_eq!(
        theirs["data"]["measures"][0]["description"],
        "Terugbelafspraken vastleggen in het dossier van Kanarie."
    );
    assert_eq!(
        theirs["data"]["measures"][0]["descriptionRedacted"],
        "Terugbelafspraken vastleggen in het dossier van [klager]."
    );
    let review = "mutation($id: ID!, $r: Boolean!) { reviewMeasureDescription(id: $id, reviewed: $r) { descriptionReviewed } }";
    let refused = app
        .as_user(&owner, review, json!({"id": measure_id, "r": true}))
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    let reviewed = app
        .as_user(&director, review, json!({"id": measure_id, "r": true}))
        .await;
    assert_eq!(
        reviewed["data"]["reviewMeasureDescription"]["descriptionReviewed"], true,
        "{reviewed}"
    );
    // Now the owner reads the redacted description.
    let mine = app.as_user(&owner, read, json!({})).await;
    assert_eq!(
        mine["data"]["measures"][0]["description"],
        "Terugbelafspraken vastleggen in het dossier van [klager].",
        "{mine}"
    );
    // They see the complaint anonymised: its measure's dates are months, its history too.
    let dates = "{ measures { dueOn dueMonth history { at month } } }";
    let anonymised = app.as_user(&owner, dates, json!({})).await;
    assert_eq!(
        anonymised["data"]["measures"][0],
        json!({"dueOn": null, "dueMonth": "2026-12", "history": [{"at": null, "month": "2026-11"}]}),
        "{anonymised}"
    );
    let identified = app.as_user(&handler, dates, json!({})).await;
    assert_eq!(identified["data"]["measures"][0]["dueOn"], "2026-12-01");
    assert!(
        identified["data"]["measures"][0]["history"][0]["at"]
            .as_str()
            .is_some_and(|at| at.starts_with("2026-11-")),
        "{identified}"
    );
    // Each reader is offered the statuses they may move it to: the owner and directors the
    // next ones, a handler who does not own it none.
    let offered = "{ measures { allowedStatuses } }";
    for (who, expected) in [
        (&owner, json!(["AGREED", "IN_PROGRESS", "DROPPED"])),
        (&director, json!(["AGREED", "IN_PROGRESS", "DROPPED"])),
        (&handler, json!([])),
    ] {
        let answer = app.as_user(who, offered, json!({})).await;
        assert_eq!(
            answer["data"]["measures"][0]["allowedStatuses"], expected,
            "{answer}"
        );
    }
    // The owner moves it forward; someone else may not; a step backwards is refused.
    let move_to = |who: &klachten_tests::TestUser, status: &'static str| {
        let app = &app;
        let who = who.clone();
        let measure_id = measure_id.clone();
        async move {
            app.as_user(&who, &format!("mutation($id: ID!) {{ updateMeasureStatus(id: $id, status: {status}) {{ status history {{ status }} }} }}"), json!({"id": measure_id})).await
        }
    };
    assert_eq!(
        move_to(&owner, "AGREED").await["data"]["updateMeasureStatus"]["status"],
        "AGREED"
    );
    assert_eq!(
        error_code(&move_to(&staff, "DONE").await),
        Some("FORBIDDEN")
    );
    let done = move_to(&owner, "DONE").await;
    assert_eq!(
        done["data"]["updateMeasureStatus"]["history"],
        json!([{"status": "PROPOSED"}, {"status": "AGREED"}, {"status": "DONE"}]),
        "{done}"
    );
    assert_eq!(
        error_code(&move_to(&director, "IN_PROGRESS").await),
        Some("INVALID_TRANSITION")
    );
    let finished = app.as_user(&owner, offered, json!({})).await;
    assert_eq!(
        finished["data"]["measures"][0]["allowedStatuses"],
        json!([]),
        "nothing follows DONE: {finished}"
    );

    // The complaint carries both; anonymised, the cause and the measure are redacted and dated by month.
    let full = read_complaint(&app, &handler, &id).await;
    assert_eq!(
        full["data"]["complaint"]["measures"][0]["status"], "DONE",
        "{full}"
    );
    let anonymous = "query($id: ID!) { complaint(id: $id) { ... on AnonymisedComplaint { rootCause { category text textRedacted reviewed } measures { description dueMonth status late } } } }";
    // Until someone who sees the complaint identified reviewed the redacted explanation, an
    // anonymised reader sees the category only; the director reads the form to review.
    let unreviewed = app.as_user(&owner, anonymous, json!({"id": id})).await;
    assert_eq!(
        unreviewed["data"]["complaint"]["rootCause"],
        json!({"category": "communicatie", "text": null, "textRedacted": null, "reviewed": false}),
        "{unreviewed}"
    );
    let cause = "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { rootCause { text textRedacted reviewed } } } }";
    let to_review = app.as_user(&director, cause, json!({"id": id})).await;
    assert_eq!(
        to_review["data"]["complaint"]["rootCause"],
        json!({"text": "Wietske Kanarie werd door Zoë Vinkenslag niet teruggebeld.", "textRedacted": "[klager] werd door [medewerker] niet teruggebeld.", "reviewed": false}),
        "{to_review}"
    );
    let reviewed = step(&app, &director, "recordRootCause", &id, ", category: $category, text: $text, reviewed: true", json!({"category": "communicatie", "text": "Wietske Kanarie werd door Zoë Vinkenslag niet teruggebeld."})).await;
    assert!(reviewed["errors"].is_null(), "{reviewed}");
    let anonymised = app.as_user(&owner, anonymous, json!({"id": id})).await;
    let view = &anonymised["data"]["complaint"];
    assert_eq!(
        view["rootCause"]["text"], "[klager] werd door [medewerker] niet teruggebeld.",
        "{anonymised}"
    );
    assert_eq!(
        view["measures"][0],
        json!({"description": "Terugbelafspraken vastleggen in het dossier van [klager].", "dueMonth": "2026-12", "status": "DONE", "late": false})
    );

    // A late measure is flagged; directors filter on it.
    let late = app
        .as_user(&director, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"kind": "IMPROVEMENT_PROPOSAL", "description": "Wachttijden op de website zetten.", "ownerId": director.id, "dueOn": "2026-11-20"}}))
        .await;
    assert!(late["errors"].is_null(), "{late}");
    let flagged = app
        .as_user(
            &director,
            "{ measures(filter: {late: true}) { description late } }",
            json!({}),
        )
        .await;
    assert_eq!(
        flagged["data"]["measures"],
        json!([{"description": "Wachttijden op de website zetten.", "late": true}])
    );
    // Bad input.
    let empty = app.as_user(&director, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"kind": "MEASURE", "description": " ", "ownerId": owner.id, "dueOn": "2026-12-01"}})).await;
    assert_eq!(error_code(&empty), Some("VALIDATION"));
    let by_staff = app.as_user(&staff, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"kind": "MEASURE", "description": "x", "ownerId": owner.id, "dueOn": "2026-12-01"}})).await;
    assert_eq!(error_code(&by_staff), Some("FORBIDDEN"));
}

#[tokio::test]
async fn an_admin_keeps_the_cause_categories_that_a_root_cause_must_come_from() {
    let app = TestApp::spawn().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let id = register(&app, &staff, json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let listed = app
        .as_user(&staff, "{ causeCategories { code label } }", json!({}))
        .await;
    assert_eq!(
        listed["data"]["causeCategories"][0],
        json!({"code": "communicatie", "label": "Communicatie"})
    );
    let cause = |category: &'static str| {
        let (app, handler, id) = (&app, handler.clone(), id.clone());
        async move {
            step(
                app,
                &handler,
                "recordRootCause",
                &id,
                ", category: $category, text: $text",
                json!({"category": category, "text": "Wachtrij te lang."}),
            )
            .await
        }
    };
    assert_eq!(error_code(&cause("wachttijd").await), Some("VALIDATION"));
    let save = "mutation($code: String!, $label: String!, $active: Boolean!) { saveCauseCategory(code: $code, label: $label, active: $active) { code label active } }";
    let refused = app
        .as_user(
            &handler,
            save,
            json!({"code": "wachttijd", "label": "Wachttijd", "active": true}),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    let bad = app
        .as_user(
            &admin,
            save,
            json!({"code": "Wacht tijd!", "label": "Wachttijd", "active": true}),
        )
        .await;
    assert_eq!(error_code(&bad), Some("VALIDATION"));
    let saved = app
        .as_user(
            &admin,
            save,
            json!({"code": "wachttijd", "label": "Wachttijd", "active": true}),
        )
        .await;
    assert_eq!(
        saved["data"]["saveCauseCategory"],
        json!({"code": "wachttijd", "label": "Wachttijd", "active": true})
    );
    assert!(cause("wachttijd").await["errors"].is_null());
    // Deactivated: kept on the complaint that has it, no longer to be chosen.
    app.as_user(
        &admin,
        save,
        json!({"code": "wachttijd", "label": "Wachttijd", "active": false}),
    )
    .await;
    assert_eq!(error_code(&cause("wachttijd").await), Some("VALIDATION"));
    let all = app
        .as_user(
            &admin,
            "{ causeCategories(includeInactive: true) { code active } }",
            json!({}),
        )
        .await;
    assert!(
        all["data"]["causeCategories"]
            .as_array()
            .unwrap()
            .contains(&json!({"code": "wachttijd", "active": false}))
    );
    let read = read_complaint(&app, &handler, &id).await;
    assert_eq!(
        read["data"]["complaint"]["rootCause"]["category"],
        "wachttijd"
    );
}
