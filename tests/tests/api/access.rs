//! Who sees what, and who may do what: the role matrix and the canary sweep (SECURITY S1–S5).

use super::register;
use klachten_core::actor::Role;
use klachten_tests::{TestApp, TestUser, complaint_selection, error_code};
use serde_json::{Value, json};

/// Strings planted in every identifying field; none may reach a viewer without identifying access.
const CANARIES: [&str; 9] = [
    "Kanarie",
    "kanarie@voorbeeld",
    "12345678",
    "Vogelkooistraat",
    "5232 AG",
    "Vinkenslag",
    "geheimefeitentekst",
    "Excuses van",
    "2025-12-01",
];

/// The day the swept complaint was received: no other date of the sweep falls on it.
const RECEIVED_ON: &str = "2026-11-09";

/// A detail that identifies someone the redactor cannot know of, planted in free texts nobody
/// reviewed: the root cause's explanation and a measure's description.
const UNKNOWABLE: &str = "zoon Daan (17)";

struct Cast {
    registrar: TestUser,
    added: TestUser,
    other_staff: TestUser,
    concerned: TestUser,
    handler: TestUser,
    director: TestUser,
    dpo: TestUser,
    admin: TestUser,
}

async fn cast(app: &TestApp) -> Cast {
    Cast {
        registrar: app.user("Sanne Staf", &[Role::Staff]).await,
        added: app.user("Aad Adviseur", &[Role::Staff]).await,
        other_staff: app.user("Otto Ander", &[Role::Staff]).await,
        // The employee the complaint is about: staff, not added as involved.
        concerned: app.user("Erik Employee", &[Role::Staff]).await,
        handler: app.user("Hanna Handler", &[Role::Handler]).await,
        director: app.user("Dirk Directeur", &[Role::Director]).await,
        dpo: app.user("Fenna FG", &[Role::Dpo]).await,
        admin: app.user("Bert Beheer", &[Role::Admin]).await,
    }
}

async fn typename(app: &TestApp, user: &TestUser, id: &str) -> String {
    let body = app
        .as_user(
            user,
            "query($id: ID!) { complaint(id: $id) { __typename } }",
            json!({"id": id}),
        )
        .await;
    body["data"]["complaint"]["__typename"]
        .as_str()
        .unwrap_or("error")
        .to_owned()
}

/// Each row: who, and the type they get for a SERVICE and a PERSONAL_DATA complaint.
#[tokio::test]
async fn every_role_gets_the_complaint_type_the_procedure_allows() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let service = register(&app, &c.registrar, json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let privacy = register(&app, &c.registrar, json!({"category": "PERSONAL_DATA"})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for id in [&service, &privacy] {
        let added = super::step(
            &app,
            &c.handler,
            "addInvolvedParty",
            id,
            ", userId: $userId",
            json!({"userId": c.added.id}),
        )
        .await;
        assert!(added["errors"].is_null(), "{added}");
    }
    let (i, a) = ("IdentifiedComplaint", "AnonymisedComplaint");
    let table = [
        ("registrar", &c.registrar, i, i),
        ("added party", &c.added, i, i),
        ("other staff", &c.other_staff, a, a),
        ("concerned employee", &c.concerned, a, a),
        ("handler", &c.handler, i, i),
        ("director", &c.director, i, i),
        ("dpo", &c.dpo, a, i),
        ("admin", &c.admin, a, a),
    ];
    for (name, user, on_service, on_privacy) in table {
        assert_eq!(
            typename(&app, user, &service).await,
            on_service,
            "{name} on SERVICE"
        );
        assert_eq!(
            typename(&app, user, &privacy).await,
            on_privacy,
            "{name} on PERSONAL_DATA"
        );
        // The list gives each complaint the same type.
        let list = app.as_user(user, "{ complaints(first: 10) { edges { node { __typename ... on IdentifiedComplaint { id } ... on AnonymisedComplaint { id } } } } }", json!({})).await;
        for edge in list["data"]["complaints"]["edges"].as_array().unwrap() {
            let expected = if edge["node"]["id"] == json!(service) {
                on_service
            } else {
                on_privacy
            };
            assert_eq!(edge["node"]["__typename"], expected, "{name} in the list");
        }
    }
    // Without a token there is nothing at all.
    let anonymous = app
        .gql(
            None,
            "query($id: ID!) { complaint(id: $id) { __typename } }",
            json!({"id": service}),
        )
        .await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
}

/// Arguments for every mutation of the schema; a mutation missing here fails the matrix.
fn mutation_call(name: &str, id: &str, user_id: &str) -> Option<(String, Value)> {
    let sel = "{ __typename }";
    let on = json!({"id": id, "on": "2026-11-23"});
    let (args, params, vars) = match name {
        "acknowledgeComplaint"
        | "recordContact"
        | "recordSupplement"
        | "withdrawComplaint"
        | "resolveComplaint"
        | "requestDpoAdvice" => (", $on: Date!", ", on: $on", on),
        "requestSupplement" => (
            ", $on: Date!, $dueOn: Date!",
            ", on: $on, dueOn: $dueOn",
            json!({"id": id, "on": "2026-11-23", "dueOn": "2026-12-07"}),
        ),
        "declineComplaint" => (
            ", $on: Date!, $ground: DeclineGround!",
            ", on: $on, ground: $ground",
            json!({"id": id, "on": "2026-11-23", "ground": "SAME_COMPLAINT_ALREADY_FILED"}),
        ),
        "assignHandler" => (
            ", $hid: ID!",
            ", handlerId: $hid",
            json!({"id": id, "hid": user_id}),
        ),
        "addInvolvedParty" | "removeInvolvedParty" => (
            ", $uid: ID!",
            ", userId: $uid",
            json!({"id": id, "uid": user_id}),
        ),
        "updateAnonymisedSummary" => (
            ", $text: String!, $reviewed: Boolean!",
            ", text: $text, reviewed: $reviewed",
            json!({"id": id, "text": "Samenvatting", "reviewed": true}),
        ),
        "recordConversation" => {
            return Some(("mutation($input: RecordConversationInput!) { recordConversation(input: $input) { __typename } }".into(), json!({"input": {"id": id, "heldOn": "2026-11-23", "kind": "PHONE", "summary": "s", "agreements": "a"}})));
        }
        "recordRootCause" => (
            ", $cat: String!, $text: String!",
            ", category: $cat, text: $text",
            json!({"id": id, "cat": "communicatie", "text": "Te laat teruggebeld"}),
        ),
        "addMeasure" => {
            return Some((
                "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }".into(),
                json!({"input": {"complaintId": id, "kind": "MEASURE", "description": "Terugbelafspraak", "ownerId": user_id, "dueOn": "2026-12-15"}}),
            ));
        }
        "updateMeasureStatus" => {
            return Some((
                "mutation($mid: ID!) { updateMeasureStatus(id: $mid, status: AGREED) { status } }"
                    .into(),
                json!({"mid": user_id}),
            ));
        }
        "reviewMeasureDescription" => {
            return Some((
                "mutation($mid: ID!) { reviewMeasureDescription(id: $mid, reviewed: true) { descriptionReviewed } }"
                    .into(),
                json!({"mid": user_id}),
            ));
        }
        "createUser" => {
            return Some(("mutation { createUser(input: {email: \"new@test.local\", name: \"Nieuw\", roles: [STAFF], password: \"a-long-password\"}) { active } }".into(), json!({})));
        }
        "approveRoleRequest" | "rejectRoleRequest" => {
            return Some((
                format!("mutation($rid: ID!) {{ {name}(id: $rid) {{ __typename }} }}"),
                json!({"rid": user_id}),
            ));
        }
        "updateUser" => {
            return Some(("mutation($uid: ID!) { updateUser(id: $uid, input: {roles: [DIRECTOR]}) { active } }".into(), json!({"uid": user_id})));
        }
        "saveCalendarVersion" => {
            return Some(("mutation { saveCalendarVersion(input: {label: \"Brugdag\", effectiveFrom: \"2027-01-04\", goodFriday: true, liberationDay: EVERY_YEAR, closureDays: [{date: \"2027-05-07\", description: \"Brugdag\"}]}) { id } }".into(), json!({})));
        }
        "placeLegalHold" => (
            ", $reason: String!",
            ", reason: $reason",
            json!({"id": id, "reason": "Rechtszaak"}),
        ),
        "releaseLegalHold" => ("", "", json!({"id": id})),
        "markLetterSent" => {
            return Some((
                "mutation($lid: ID!) { markLetterSent(id: $lid, via: POST, on: \"2026-11-23\") { sentVia } }"
                    .into(),
                json!({"lid": user_id}),
            ));
        }
        "emailLetter" => {
            return Some((
                "mutation($lid: ID!) { emailLetter(id: $lid) { sentVia } }".into(),
                json!({"lid": user_id}),
            ));
        }
        "generateLetter" => {
            return Some((
                "mutation($id: ID!) { generateLetter(complaintId: $id, kind: ACKNOWLEDGEMENT) { id } }"
                    .into(),
                json!({"id": id}),
            ));
        }
        "saveProcedureVersion" => {
            return Some(("mutation { saveProcedureVersion(input: {label: \"1 januari 2027\", effectiveFrom: \"2027-01-04\", text: \"Klachtenregeling\", parameters: {acknowledgementWorkingDays: 5, firstContactWorkingDays: 7, resolutionWorkingDays: 30, privacyResolutionMonths: 1, retentionMonths: 12, declineConductAfterMonths: 12}}) { id } }".into(), json!({})));
        }
        "createApiClient" => {
            return Some(("mutation { createApiClient(input: {name: \"CRM\", scopes: [READ_COMPLAINTS]}) { key } }".into(), json!({})));
        }
        "rotateApiClientKey" | "revokeApiClient" => {
            return Some((
                format!("mutation($cid: ID!) {{ {name}(id: $cid) {{ __typename }} }}"),
                json!({"cid": user_id}),
            ));
        }
        "addApiClientOperation" => {
            return Some(("mutation($cid: ID!) { addApiClientOperation(clientId: $cid, name: \"Week\", document: \"{ complaints(first: 5) { edges { cursor } } }\") { hash } }".into(), json!({"cid": user_id})));
        }
        "removeApiClientOperation" => {
            return Some((
                "mutation($cid: ID!) { removeApiClientOperation(clientId: $cid, hash: \"00\") }"
                    .into(),
                json!({"cid": user_id}),
            ));
        }
        "createWebhook" => {
            return Some(("mutation($cid: ID!) { createWebhook(input: {clientId: $cid, url: \"https://hooks.example.nl/klachten\", events: [COMPLAINT_REGISTERED]}) { secret } }".into(), json!({"cid": user_id})));
        }
        "updateWebhook" => {
            return Some((
                "mutation($wid: ID!) { updateWebhook(id: $wid, change: {active: true}) { id } }"
                    .into(),
                json!({"wid": user_id}),
            ));
        }
        "deleteWebhook" => {
            return Some((
                "mutation($wid: ID!) { deleteWebhook(id: $wid) }".into(),
                json!({"wid": user_id}),
            ));
        }
        "rotateWebhookSecret" | "pingWebhook" | "redeliverWebhookDelivery" => {
            return Some((
                format!("mutation($wid: ID!) {{ {name}(id: $wid) {{ __typename }} }}"),
                json!({"wid": user_id}),
            ));
        }
        "saveCauseCategory" => {
            return Some(("mutation { saveCauseCategory(code: \"wachttijd\", label: \"Wachttijd\", active: true) { code } }".into(), json!({})));
        }
        "createMeeting" => {
            return Some(("mutation { createMeeting(input: {title: \"Directieoverleg\", kind: DIRECTORS_MEETING, heldOn: \"2026-12-10\"}) { id } }".into(), json!({})));
        }
        "updateMeeting" => {
            return Some(("mutation($mid: ID!) { updateMeeting(id: $mid, input: {title: \"Kwaliteitsoverleg\", kind: OTHER_CONSULTATION, heldOn: \"2026-12-11\"}) { id } }".into(), json!({"mid": user_id})));
        }
        "addAgendaItem" => {
            return Some((
                "mutation($mid: ID!, $cid: ID!) { addAgendaItem(meetingId: $mid, complaintId: $cid) { id } }".into(),
                json!({"mid": user_id, "cid": id}),
            ));
        }
        "removeAgendaItem" => {
            return Some((
                "mutation($iid: ID!) { removeAgendaItem(itemId: $iid) { id } }".into(),
                json!({"iid": user_id}),
            ));
        }
        "moveAgendaItem" => {
            return Some((
                "mutation($iid: ID!) { moveAgendaItem(itemId: $iid, number: 1) { id } }".into(),
                json!({"iid": user_id}),
            ));
        }
        "publishAgenda" => {
            return Some((
                "mutation($mid: ID!) { publishAgenda(meetingId: $mid) { status } }".into(),
                json!({"mid": user_id}),
            ));
        }
        "recordDecision" => {
            return Some(("mutation($iid: ID!) { recordDecision(itemId: $iid, decision: \"Besproken; geen verdere actie\") { id } }".into(), json!({"iid": user_id})));
        }
        "saveMinutes" => {
            return Some((
                "mutation($mid: ID!) { saveMinutes(meetingId: $mid, minutes: \"Notulen\") { id } }"
                    .into(),
                json!({"mid": user_id}),
            ));
        }
        "recordDpoAdvice" => {
            return Some(("mutation($input: RecordDpoAdviceInput!) { recordDpoAdvice(input: $input) { __typename } }".into(), json!({"input": {"id": id, "advisedOn": "2026-11-23", "advice": "a", "followed": true, "reason": "r"}})));
        }
        _ => return None,
    };
    Some((
        format!("mutation($id: ID!{args}) {{ {name}(id: $id{params}) {sel} }}"),
        vars,
    ))
}

fn schema_mutations() -> Vec<String> {
    super::schema_fields("type Mutation {")
}

/// S2/S3: every complaint mutation of the schema is refused with FORBIDDEN for staff who are
/// not involved, the concerned employee and admins, and the complaint is unchanged.
#[tokio::test]
async fn roles_without_the_right_are_refused_every_complaint_mutation() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = register(&app, &c.registrar, json!({"category": "PERSONAL_DATA"})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mutations = schema_mutations();
    assert!(mutations.len() >= 16, "{mutations:?}");
    for name in &mutations {
        // Session mutations are for everyone; a measure's status is covered by the matrix below.
        if matches!(
            name.as_str(),
            "login"
                | "logout"
                | "refreshSession"
                | "changePassword"
                | "updateMeasureStatus"
                | "reviewMeasureDescription"
        ) {
            continue;
        }
        if name == "registerComplaint" {
            for (who, user) in [("admin", &c.admin), ("dpo", &c.dpo)] {
                let body = app.as_user(user, "mutation { registerComplaint(input: {receivedOn: \"2026-11-23\", channel: EMAIL, category: SERVICE, facts: \"x\"}) { __typename } }", json!({})).await;
                assert_eq!(
                    error_code(&body),
                    Some("FORBIDDEN"),
                    "{who} registerComplaint: {body}"
                );
            }
            continue;
        }
        let (query, variables) = mutation_call(name, &id, &c.handler.id)
            .unwrap_or_else(|| panic!("the matrix has no case for the mutation {name}"));
        // Complaint steps are refused to staff who are not involved, the concerned employee and
        // admins; the admin mutations to everyone but admins.
        let refused: Vec<(&str, &TestUser)> = if name == "updateUser" {
            // Admins change accounts; directors change (and decide on) roles.
            vec![
                ("other staff", &c.other_staff),
                ("concerned employee", &c.concerned),
                ("handler", &c.handler),
                ("dpo", &c.dpo),
            ]
        } else if matches!(name.as_str(), "approveRoleRequest" | "rejectRoleRequest") {
            vec![
                ("other staff", &c.other_staff),
                ("concerned employee", &c.concerned),
                ("handler", &c.handler),
                ("dpo", &c.dpo),
                ("admin", &c.admin),
            ]
        } else if matches!(
            name.as_str(),
            "createUser"
                | "saveCalendarVersion"
                | "saveProcedureVersion"
                | "saveCauseCategory"
                | "createApiClient"
                | "rotateApiClientKey"
                | "revokeApiClient"
                | "addApiClientOperation"
                | "removeApiClientOperation"
                | "createWebhook"
                | "updateWebhook"
                | "rotateWebhookSecret"
                | "deleteWebhook"
                | "pingWebhook"
                | "redeliverWebhookDelivery"
        ) {
            vec![
                ("other staff", &c.other_staff),
                ("concerned employee", &c.concerned),
                ("handler", &c.handler),
                ("director", &c.director),
                ("dpo", &c.dpo),
            ]
        } else {
            vec![
                ("other staff", &c.other_staff),
                ("concerned employee", &c.concerned),
                ("admin", &c.admin),
            ]
        };
        for (who, user) in refused {
            let body = app.as_user(user, &query, variables.clone()).await;
            assert_eq!(error_code(&body), Some("FORBIDDEN"), "{who} {name}: {body}");
        }
    }
    let read = app.as_user(&c.handler, "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { status version } } }", json!({"id": id})).await;
    assert_eq!(
        read["data"]["complaint"],
        json!({"status": "RECEIVED", "version": 1})
    );
}

/// S5: plant canaries in every identifying field and the facts, then run every query and
/// mutation as each viewer without identifying access; no canary appears anywhere.
#[tokio::test]
async fn the_canary_sweep_finds_nothing_for_viewers_without_identifying_access() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    // The exact receipt date is a canary too: anonymised readers see its month only.
    let service = register(&app, &c.registrar, json!({"receivedOn": RECEIVED_ON})).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        uuid::Uuid::parse_str(&service).unwrap().get_version_num(),
        4,
        "the id tells no moment"
    );
    let summary = super::step(&app, &c.handler, "updateAnonymisedSummary", &service, ", text: $text, reviewed: $reviewed", json!({"text": "Wietske Kanarie (06-12345678, Vogelkooistraat 12) vond Zoë Vinkenslag's reactie te laat.", "reviewed": true})).await;
    assert!(summary["errors"].is_null(), "{summary}");
    let cause = super::step(&app, &c.handler, "recordRootCause", &service, ", category: $category, text: $text", json!({"category": "communicatie", "text": format!("Haar {UNKNOWABLE} werd niet teruggebeld.")})).await;
    assert!(cause["errors"].is_null(), "{cause}");
    // Owned by a colleague who sees the complaint anonymised: it is on their own list.
    let measure = app
        .as_user(&c.handler, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"complaintId": service, "kind": "MEASURE", "description": format!("De {UNKNOWABLE} terugbellen."), "ownerId": c.other_staff.id, "dueOn": "2026-12-15"}}))
        .await;
    assert!(measure["errors"].is_null(), "{measure}");
    let selection = complaint_selection();
    let mut queries = vec![
        (
            format!("query($id: ID!) {{ complaint(id: $id) {{ {selection} }} }}"),
            json!({"id": service}),
        ),
        (
            format!(
                "{{ complaints(first: 100) {{ edges {{ cursor node {{ {selection} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
            ),
            json!({}),
        ),
        ("{ me { id name email roles } }".to_owned(), json!({})),
        (
            "query($id: ID!) { declineSuggestions(id: $id) { ground earlierReference } }"
                .to_owned(),
            json!({"id": service}),
        ),
        (
            "{ measures { description ownerName } }".to_owned(),
            json!({}),
        ),
        ("{ users { id name email } }".to_owned(), json!({})),
        (
            "query($id: ID!) { previewRedaction(id: $id, text: \"Wietske Kanarie\") }".to_owned(),
            json!({"id": service}),
        ),
        // Filters on the day it was received answer by the month.
        (
            "{ complaints(first: 100, filter: {receivedFrom: \"2026-11-09\", receivedTo: \"2026-11-09\"}) { edges { cursor node { __typename } } } }".to_owned(),
            json!({}),
        ),
        // Error-provoking inputs.
        (
            "query($id: ID!) { complaint(id: $id) { __typename } }".to_owned(),
            json!({"id": "not-a-uuid"}),
        ),
        (
            format!("{{ complaints(first: 100000) {{ edges {{ node {{ {selection} }} }} }} }}"),
            json!({}),
        ),
    ];
    for name in schema_mutations() {
        if let Some(call) = mutation_call(&name, &service, &c.handler.id) {
            queries.push(call);
        }
    }
    for (who, user) in [
        ("other staff", &c.other_staff),
        ("concerned employee", &c.concerned),
        ("admin", &c.admin),
        ("dpo", &c.dpo),
    ] {
        for (query, variables) in &queries {
            let body = app
                .as_user(user, query, variables.clone())
                .await
                .to_string();
            for canary in CANARIES.iter().chain([&RECEIVED_ON, &UNKNOWABLE]) {
                assert!(!body.contains(canary), "{who} saw {canary} in {body}");
            }
        }
    }
    // The anonymised summary is there, redacted.
    let anonymised = app.as_user(&c.other_staff, "query($id: ID!) { complaint(id: $id) { ... on AnonymisedComplaint { summary receivedMonth } } }", json!({"id": service})).await;
    assert_eq!(
        anonymised["data"]["complaint"]["summary"],
        "[klager] ([telefoon], [adres]) vond [medewerker] reactie te laat."
    );
    assert_eq!(anonymised["data"]["complaint"]["receivedMonth"], "2026-11");
    // Nor do the logs of any test's server, whoever was asking.
    let logs = klachten_tests::captured_logs();
    assert!(logs.contains("Applying"), "the log capture works");
    for canary in CANARIES {
        assert!(!logs.contains(canary), "a log line holds {canary}");
    }
    // And the audit log holds ids and actions, never the values.
    let entries = klachten::db::entities::audit_log::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap();
    let dump = format!("{:?}", entries);
    for canary in CANARIES {
        assert!(!dump.contains(canary), "the audit log holds {canary}");
    }
}

use sea_orm::EntityTrait;

/// Search and the clock filter judge only what the viewer sees: searching for the complainant's
/// name finds the complaint for the handler and nothing for staff who see it anonymised.
#[tokio::test]
async fn search_and_clock_filters_never_reveal_what_the_viewer_may_not_see() {
    let app = TestApp::on("2026-11-16").start().await;
    let c = cast(&app).await;
    let kanarie = register(&app, &c.registrar, json!({})).await["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    for name in ["Piet Puk", "Jan Jansen", "Els Puk"] {
        register(
            &app,
            &c.registrar,
            json!({"complainant": {"name": name}, "facts": format!("Klacht van {name}.")}),
        )
        .await;
    }
    let find = |user: &TestUser, filter: Value, first: i32, after: Option<String>| {
        let app = &app;
        let user = user.clone();
        async move {
            let body = app
                .as_user(&user, "query($f: ComplaintFilter, $n: Int!, $a: String) { complaints(filter: $f, first: $n, after: $a) { edges { node { ... on IdentifiedComplaint { reference } ... on AnonymisedComplaint { reference } } } pageInfo { hasNextPage endCursor } } }", json!({"f": filter, "n": first, "a": after}))
                .await;
            let conn = &body["data"]["complaints"];
            let refs: Vec<String> = conn["edges"]
                .as_array()
                .unwrap_or(&vec![])
                .iter()
                .map(|e| e["node"]["reference"].as_str().unwrap().to_owned())
                .collect();
            (
                refs,
                conn["pageInfo"]["hasNextPage"].as_bool().unwrap_or(false),
                conn["pageInfo"]["endCursor"].as_str().map(str::to_owned),
                body,
            )
        }
    };
    // The handler finds the complaint by name, case- and accent-insensitively.
    assert_eq!(
        find(&c.handler, json!({"search": "KANARIË"}), 10, None)
            .await
            .0,
        vec![kanarie.clone()]
    );
    // Staff who see it anonymised find nothing by its complainant's name or facts.
    for term in ["Kanarie", "geheimefeitentekst", "Vinkenslag"] {
        let (refs, _, _, body) = find(&c.other_staff, json!({"search": term}), 10, None).await;
        assert!(refs.is_empty(), "{term}: {body}");
    }
    // Anyone finds a complaint by its reference.
    assert_eq!(
        find(&c.other_staff, json!({"search": kanarie}), 10, None)
            .await
            .0,
        vec![kanarie.clone()]
    );

    // Filtered pages continue where they stopped.
    let (page1, more, cursor, _) = find(&c.handler, json!({"search": "puk"}), 1, None).await;
    assert_eq!((page1.len(), more), (1, true));
    let (page2, more, _, _) = find(&c.handler, json!({"search": "puk"}), 1, cursor).await;
    assert_eq!((page2.len(), more), (1, false));
    assert_ne!(page1, page2);

    // A week later every acknowledgement is late (due 23 November): all four show as LATE.
    app.set_today("2026-11-24");
    assert_eq!(
        find(&c.handler, json!({"clockState": ["LATE"]}), 10, None)
            .await
            .0
            .len(),
        4
    );
    assert_eq!(
        find(&c.other_staff, json!({"clockState": ["LATE"]}), 10, None)
            .await
            .0
            .len(),
        4
    );
    assert!(
        find(&c.handler, json!({"clockState": ["MET"]}), 10, None)
            .await
            .0
            .is_empty()
    );
    let (_, _, _, short) = find(&c.handler, json!({"search": "x"}), 10, None).await;
    assert_eq!(error_code(&short), Some("VALIDATION"));
}

/// Who may call each mutation, by the cast's names; every other role gets FORBIDDEN, and an
/// allowed role never does (it may get INVALID_TRANSITION when the status does not fit).
const MATRIX: &[(&str, &[&str])] = &[
    (
        "registerComplaint",
        &[
            "registrar",
            "added party",
            "other staff",
            "concerned employee",
            "handler",
            "director",
        ],
    ),
    (
        "acknowledgeComplaint",
        &["registrar", "handler", "director"],
    ),
    ("recordContact", &["handler"]),
    ("recordConversation", &["handler"]),
    ("requestSupplement", &["handler"]),
    ("recordSupplement", &["registrar", "handler", "director"]),
    ("declineComplaint", &["handler", "director"]),
    ("withdrawComplaint", &["registrar", "handler", "director"]),
    ("resolveComplaint", &["handler"]),
    ("requestDpoAdvice", &["handler"]),
    ("recordDpoAdvice", &["dpo"]),
    ("assignHandler", &["handler", "director"]),
    ("addInvolvedParty", &["handler", "director"]),
    ("removeInvolvedParty", &["handler", "director"]),
    ("updateAnonymisedSummary", &["handler", "director"]),
    ("recordRootCause", &["handler", "director"]),
    ("addMeasure", &["handler", "director"]),
    // The measure used in the matrix is owned by the handler.
    ("updateMeasureStatus", &["handler", "director"]),
    // Those who see the measure's complaint identified (a privacy complaint: the DPO too)
    // review its redacted description.
    (
        "reviewMeasureDescription",
        &["registrar", "added party", "handler", "director", "dpo"],
    ),
    ("createUser", &["admin"]),
    ("updateUser", &["admin", "director"]),
    ("approveRoleRequest", &["director"]),
    ("rejectRoleRequest", &["director"]),
    ("saveCalendarVersion", &["admin"]),
    ("saveProcedureVersion", &["admin"]),
    ("placeLegalHold", &["director"]),
    ("generateLetter", &["handler", "director"]),
    ("markLetterSent", &["handler", "director"]),
    ("emailLetter", &["handler", "director"]),
    ("releaseLegalHold", &["director"]),
    ("saveCauseCategory", &["admin"]),
    ("createApiClient", &["admin"]),
    ("rotateApiClientKey", &["admin"]),
    ("revokeApiClient", &["admin"]),
    ("addApiClientOperation", &["admin"]),
    ("removeApiClientOperation", &["admin"]),
    ("createWebhook", &["admin"]),
    ("updateWebhook", &["admin"]),
    ("rotateWebhookSecret", &["admin"]),
    ("deleteWebhook", &["admin"]),
    ("pingWebhook", &["admin"]),
    ("redeliverWebhookDelivery", &["admin"]),
    ("createMeeting", &["director"]),
    ("updateMeeting", &["director"]),
    ("addAgendaItem", &["director"]),
    ("removeAgendaItem", &["director"]),
    ("moveAgendaItem", &["director"]),
    ("publishAgenda", &["director"]),
    ("recordDecision", &["director"]),
    ("saveMinutes", &["director"]),
];

/// What a webhook mutation of the matrix acts on, made by `admin`: a client for
/// `createWebhook`, a delivery for `redeliverWebhookDelivery`, else a webhook.
async fn webhook_target(app: &TestApp, admin: &TestUser, name: &str) -> String {
    let (query, variables) = mutation_call("createApiClient", "", "").unwrap();
    let created = app
        .as_user(
            admin,
            &query.replace("{ key }", "{ client { id } }"),
            variables,
        )
        .await;
    let client = created["data"]["createApiClient"]["client"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    if name == "createWebhook" {
        return client;
    }
    let (query, variables) = mutation_call("createWebhook", "", &client).unwrap();
    let made = app
        .as_user(
            admin,
            &query.replace("{ secret }", "{ webhook { id } }"),
            variables,
        )
        .await;
    let webhook = made["data"]["createWebhook"]["webhook"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{made}"))
        .to_owned();
    if name != "redeliverWebhookDelivery" {
        return webhook;
    }
    let ping = app
        .as_user(
            admin,
            "mutation($id: ID!) { pingWebhook(id: $id) { id } }",
            json!({"id": webhook}),
        )
        .await;
    ping["data"]["pingWebhook"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{ping}"))
        .to_owned()
}

/// A meeting by `director` with the complaint `id` on it (its summary reviewed), published when
/// `publish`: returns the meeting's id and the item's.
async fn meeting_with(
    app: &TestApp,
    director: &TestUser,
    handler: &TestUser,
    id: &str,
    publish: bool,
) -> (String, String) {
    let summary = super::step(
        app,
        handler,
        "updateAnonymisedSummary",
        id,
        ", text: $text, reviewed: $reviewed",
        json!({"text": "Terugbelafspraak niet nagekomen.", "reviewed": true}),
    )
    .await;
    assert!(summary["errors"].is_null(), "{summary}");
    let (query, variables) = mutation_call("createMeeting", id, "").unwrap();
    let created = app.as_user(director, &query, variables).await;
    let meeting = created["data"]["createMeeting"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let added = app
        .as_user(
            director,
            "mutation($mid: ID!, $cid: ID!) { addAgendaItem(meetingId: $mid, complaintId: $cid) { items { id } } }",
            json!({"mid": meeting, "cid": id}),
        )
        .await;
    let item = added["data"]["addAgendaItem"]["items"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{added}"))
        .to_owned();
    if publish {
        let published = app
            .as_user(
                director,
                "mutation($mid: ID!) { publishAgenda(meetingId: $mid) { status } }",
                json!({"mid": meeting}),
            )
            .await;
        assert_eq!(
            published["data"]["publishAgenda"]["status"], "PUBLISHED",
            "{published}"
        );
    }
    (meeting, item)
}

#[tokio::test]
async fn the_role_matrix_covers_every_role_and_every_mutation() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    // The user whose roles updateUser changes, so the cast keeps theirs.
    let spare = app.user("Vera Reserve", &[Role::Staff]).await;
    let people: [(&str, &TestUser); 8] = [
        ("registrar", &c.registrar),
        ("added party", &c.added),
        ("other staff", &c.other_staff),
        ("concerned employee", &c.concerned),
        ("handler", &c.handler),
        ("director", &c.director),
        ("dpo", &c.dpo),
        ("admin", &c.admin),
    ];
    for name in schema_mutations() {
        if matches!(
            name.as_str(),
            "login" | "logout" | "refreshSession" | "changePassword"
        ) {
            continue;
        }
        let (_, allowed) = MATRIX
            .iter()
            .find(|(m, _)| *m == name)
            .unwrap_or_else(|| panic!("the matrix has no row for {name}"));
        for (who, user) in people {
            // A fresh privacy complaint for each attempt, with the added party involved.
            let id = register(&app, &c.registrar, json!({"category": "PERSONAL_DATA"})).await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let added = super::step(
                &app,
                &c.handler,
                "addInvolvedParty",
                &id,
                ", userId: $userId",
                json!({"userId": c.added.id}),
            )
            .await;
            assert!(added["errors"].is_null());
            let (query, variables) = if name == "registerComplaint" {
                ("mutation { registerComplaint(input: {receivedOn: \"2026-11-23\", channel: EMAIL, category: SERVICE, facts: \"x\"}) { __typename } }".to_owned(), json!({}))
            } else {
                let target = match name.as_str() {
                    "addInvolvedParty" => c.other_staff.id.clone(),
                    "removeInvolvedParty" => c.added.id.clone(),
                    "updateUser" => spare.id.clone(),
                    "approveRoleRequest" | "rejectRoleRequest" => {
                        // A fresh proposal by the admin, about someone outside the cast.
                        let candidate = app
                            .user(&format!("Kandidaat {name} {who}"), &[Role::Staff])
                            .await;
                        let proposed = app
                            .as_user(&c.admin, "mutation($uid: ID!) { updateUser(id: $uid, input: {roles: [HANDLER]}) { pendingRequestId } }", json!({"uid": candidate.id}))
                            .await;
                        proposed["data"]["updateUser"]["pendingRequestId"]
                            .as_str()
                            .unwrap_or_else(|| panic!("{proposed}"))
                            .to_owned()
                    }
                    "rotateApiClientKey"
                    | "revokeApiClient"
                    | "addApiClientOperation"
                    | "removeApiClientOperation" => {
                        let (query, variables) = mutation_call("createApiClient", &id, "").unwrap();
                        let created = app
                            .as_user(
                                &c.admin,
                                &query.replace("{ key }", "{ client { id } }"),
                                variables,
                            )
                            .await;
                        created["data"]["createApiClient"]["client"]["id"]
                            .as_str()
                            .unwrap_or_else(|| panic!("{created}"))
                            .to_owned()
                    }
                    "createWebhook"
                    | "updateWebhook"
                    | "rotateWebhookSecret"
                    | "deleteWebhook"
                    | "pingWebhook"
                    | "redeliverWebhookDelivery" => webhook_target(&app, &c.admin, &name).await,
                    "updateMeeting" | "addAgendaItem" => {
                        let (query, variables) = mutation_call("createMeeting", &id, "").unwrap();
                        let created = app.as_user(&c.director, &query, variables).await;
                        created["data"]["createMeeting"]["id"]
                            .as_str()
                            .unwrap()
                            .to_owned()
                    }
                    "publishAgenda" => {
                        meeting_with(&app, &c.director, &c.handler, &id, false)
                            .await
                            .0
                    }
                    "saveMinutes" => {
                        meeting_with(&app, &c.director, &c.handler, &id, true)
                            .await
                            .0
                    }
                    "removeAgendaItem" | "moveAgendaItem" => {
                        meeting_with(&app, &c.director, &c.handler, &id, false)
                            .await
                            .1
                    }
                    "recordDecision" => {
                        meeting_with(&app, &c.director, &c.handler, &id, true)
                            .await
                            .1
                    }
                    "updateMeasureStatus" | "reviewMeasureDescription" => {
                        // A fresh proposal owned by the handler.
                        let (query, variables) =
                            mutation_call("addMeasure", &id, &c.handler.id).unwrap();
                        let added = app.as_user(&c.director, &query, variables).await;
                        added["data"]["addMeasure"]["id"]
                            .as_str()
                            .unwrap()
                            .to_owned()
                    }
                    "markLetterSent" | "emailLetter" => {
                        // The acknowledgement produces a letter.
                        let ack = super::step(
                            &app,
                            &c.handler,
                            "acknowledgeComplaint",
                            &id,
                            ", on: $on",
                            json!({"on": "2026-11-23"}),
                        )
                        .await;
                        ack["data"]["acknowledgeComplaint"]["letters"][0]["id"]
                            .as_str()
                            .unwrap_or_else(|| panic!("no letter: {ack}"))
                            .to_owned()
                    }
                    _ => c.handler.id.clone(),
                };
                mutation_call(&name, &id, &target).unwrap_or_else(|| panic!("no call for {name}"))
            };
            let body = app.as_user(user, &query, variables).await;
            let forbidden = error_code(&body) == Some("FORBIDDEN");
            assert_eq!(forbidden, !allowed.contains(&who), "{who} {name}: {body}");
        }
    }
}

/// What `me.capabilities` tells a role is what the server grants it: each capability's
/// representative read answers for those told they hold it and is refused to everyone else.
#[tokio::test]
async fn each_role_is_told_its_capabilities_and_the_server_keeps_to_them() {
    let app = TestApp::spawn().await;
    let probes = [
        ("LIST_STAFF", "{ users { id } }"),
        ("MANAGE_ACCOUNTS", "{ userAccounts { active } }"),
        ("READ_AUDIT_LOG", "{ auditLog(first: 1) { hasMore } }"),
        ("EXACT_FIGURES", "{ annualReportPdf(year: 2025) }"),
        ("ADMINISTER", "{ apiClients { id } }"),
    ];
    let told: [(Role, &[&str]); 5] = [
        (Role::Staff, &["REGISTER_COMPLAINTS"]),
        (
            Role::Handler,
            &[
                "REGISTER_COMPLAINTS",
                "SEE_EVERY_COMPLAINT",
                "LIST_STAFF",
                "WORK_ON_MEASURES",
                "WRITE_LETTERS",
            ],
        ),
        (
            Role::Director,
            &[
                "REGISTER_COMPLAINTS",
                "SEE_EVERY_COMPLAINT",
                "LIST_STAFF",
                "WORK_ON_MEASURES",
                "WRITE_LETTERS",
                "PREPARE_MEETINGS",
                "EXACT_FIGURES",
                "READ_AUDIT_LOG",
                "LEGAL_HOLD",
                "MANAGE_ACCOUNTS",
                "GRANT_ROLES",
            ],
        ),
        (Role::Dpo, &[]),
        (
            Role::Admin,
            &["LIST_STAFF", "MANAGE_ACCOUNTS", "ADMINISTER"],
        ),
    ];
    for (role, expected) in told {
        let user = app.user(&format!("Rol {role:?}"), &[role]).await;
        let me = app
            .as_user(&user, "{ me { roles capabilities } }", json!({}))
            .await;
        assert_eq!(
            me["data"]["me"]["capabilities"],
            json!(expected),
            "{role:?}: {me}"
        );
        for (capability, probe) in probes {
            let answer = app.as_user(&user, probe, json!({})).await;
            assert_eq!(
                error_code(&answer) == Some("FORBIDDEN"),
                !expected.contains(&capability),
                "{role:?} {capability}: {answer}"
            );
        }
    }
}
