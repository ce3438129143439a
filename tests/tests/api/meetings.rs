//! The directors' meeting: "geanonimiseerd besproken in het directieoverleg". A director
//! prepares, publishes, decides on and minutes a meeting; every staff member reads the
//! published agenda and its exports; nobody, directors included, finds a name in them.

use super::purge::{ERASED, resolved_complaint};
use super::{register, step};
use klachten_core::actor::Role;
use klachten_tests::{TestApp, TestUser, error_code, pdf_text};
use serde_json::{Value, json};

/// The canaries of `register`'s default complainant, plus those of `resolved_complaint`.
const CANARIES: [&str; 7] = [
    "Kanarie",
    "Wietske",
    "wietske.kanarie@voorbeeld.nl",
    "06-12345678",
    "Vogelkooistraat",
    "Vinkenslag",
    "geheimefeitentekst",
];

const AGENDA: &str = "query($id: ID!) { agenda(meetingId: $id) { id title kind heldOn status minutes unsummarised items { id number decision decidedOn decidedMonth decisionMeasure { id kind description status } measure { id kind description dueMonth status late complaintReference } complaint { reference category channel receivedMonth status clocks { acknowledgement firstContact resolution privacyResolution } declineGround summary summaryMissing rootCause { category text } measures { id description status } } } } }";

fn assert_clean(who: &str, body: &str) {
    for canary in CANARIES.iter().chain(ERASED.iter()) {
        assert!(!body.contains(canary), "{who} saw {canary} in {body}");
    }
}

async fn mutate(app: &TestApp, user: &TestUser, query: &str, variables: Value) -> Value {
    let body = app.as_user(user, query, variables).await;
    assert!(body["errors"].is_null(), "{query}: {body}");
    body["data"].clone()
}

struct Meeting {
    staff: TestUser,
    handler: TestUser,
    director: TestUser,
    owner: TestUser,
    meeting: String,
    complaint: String,
    reference: String,
    resolved: String,
}

/// Two complaints with canaries everywhere, a standalone proposal, and a draft meeting holding
/// all three.
/// The id of the first measure of the prepared resolved complaint.
async fn measure_of_resolved(app: &TestApp, m: &Meeting) -> String {
    let measures = mutate(
        app,
        &m.director,
        "query($c: ID!) { measures(filter: {complaintId: $c}) { id } }",
        json!({"c": m.resolved}),
    )
    .await;
    measures["measures"][0]["id"].as_str().unwrap().to_owned()
}

async fn prepared(app: &TestApp) -> Meeting {
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let owner = app.user("Otto Eigenaar", &[Role::Staff]).await;
    let colleague = app.user("Cor Collega", &[Role::Staff]).await;
    let registered = register(app, &staff, json!({})).await;
    let complaint = registered["id"].as_str().unwrap().to_owned();
    let reference = registered["reference"].as_str().unwrap().to_owned();
    let resolved = resolved_complaint(app, &staff, &handler, &colleague).await;
    let cause = step(app, &handler, "recordRootCause", &complaint, ", category: $category, text: $text, reviewed: true", json!({"category": "communicatie", "text": "Wietske Kanarie werd door Zoë Vinkenslag niet teruggebeld."})).await;
    assert!(cause["errors"].is_null(), "{cause}");
    let proposal = mutate(app, &director, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"kind": "IMPROVEMENT_PROPOSAL", "description": "Terugbelnotities in het dossier van Kanarie bewaren.", "descriptionReviewed": true, "ownerId": owner.id, "dueOn": "2027-01-15"}})).await;
    let proposal = proposal["addMeasure"]["id"].as_str().unwrap().to_owned();
    let created = mutate(app, &director, "mutation { createMeeting(input: {title: \"Directieoverleg december\", kind: DIRECTORS_MEETING, heldOn: \"2026-12-10\"}) { id status } }", json!({})).await;
    assert_eq!(created["createMeeting"]["status"], "DRAFT");
    let meeting = created["createMeeting"]["id"].as_str().unwrap().to_owned();
    let add = "mutation($m: ID!, $c: ID, $p: ID) { addAgendaItem(meetingId: $m, complaintId: $c, measureId: $p) { items { number } } }";
    for vars in [
        json!({"m": meeting, "c": complaint}),
        json!({"m": meeting, "c": resolved}),
        json!({"m": meeting, "p": proposal}),
    ] {
        mutate(app, &director, add, vars).await;
    }
    Meeting {
        staff,
        handler,
        director,
        owner,
        meeting,
        complaint,
        reference,
        resolved,
    }
}

/// `prepared`, its complaint summarised with `summary` (reviewed) and the agenda published.
async fn published(app: &TestApp, summary: &str) -> Meeting {
    let m = prepared(app).await;
    mutate(app, &m.handler, "mutation($id: ID!, $t: String!) { updateAnonymisedSummary(id: $id, text: $t, reviewed: true) { __typename } }", json!({"id": m.complaint, "t": summary})).await;
    mutate(
        app,
        &m.director,
        "mutation($m: ID!) { publishAgenda(meetingId: $m) { status } }",
        json!({"m": m.meeting}),
    )
    .await;
    m
}

#[tokio::test]
async fn a_director_prepares_publishes_decides_and_minutes_a_meeting() {
    let app = TestApp::on("2026-11-20").start().await;
    let m = prepared(&app).await;
    let read = |user: &TestUser| {
        let (app, user, id) = (&app, user.clone(), m.meeting.clone());
        async move { app.as_user(&user, AGENDA, json!({"id": id})).await }
    };

    // A draft is the directors' own: staff neither list nor open it.
    let draft = read(&m.staff).await;
    assert_eq!(error_code(&draft), Some("NOT_FOUND"), "{draft}");
    let listed = app
        .as_user(&m.staff, "{ meetings { id } }", json!({}))
        .await;
    assert_eq!(listed["data"]["meetings"], json!([]), "{listed}");

    // The proposal moves to the top; a second copy of an item is refused.
    let agenda = read(&m.director).await["data"]["agenda"].clone();
    let proposal_item = agenda["items"][2]["id"].as_str().unwrap().to_owned();
    let moved = mutate(&app, &m.director, "mutation($i: ID!) { moveAgendaItem(itemId: $i, number: 1) { items { number measure { kind } complaint { reference } } } }", json!({"i": proposal_item})).await;
    assert_eq!(
        moved["moveAgendaItem"]["items"][0]["measure"]["kind"],
        "IMPROVEMENT_PROPOSAL"
    );
    assert_eq!(
        moved["moveAgendaItem"]["items"][1]["complaint"]["reference"],
        m.reference
    );
    let twice = app
        .as_user(
            &m.director,
            "mutation($m: ID!, $c: ID) { addAgendaItem(meetingId: $m, complaintId: $c) { id } }",
            json!({"m": m.meeting, "c": m.complaint}),
        )
        .await;
    assert_eq!(error_code(&twice), Some("CONFLICT"), "{twice}");
    assert_eq!(
        twice["errors"][0]["extensions"]["reason"],
        json!("ALREADY_ON_AGENDA"),
        "a duplicate is not a stale write: {twice}"
    );

    // The complaint without a reviewed summary holds up publication, and the director is told
    // which one.
    let agenda = read(&m.director).await["data"]["agenda"].clone();
    assert_eq!(agenda["unsummarised"], json!([m.reference]), "{agenda}");
    assert_eq!(agenda["items"][1]["complaint"]["summaryMissing"], true);
    let publish = "mutation($m: ID!) { publishAgenda(meetingId: $m) { status } }";
    let refused = app
        .as_user(&m.director, publish, json!({"m": m.meeting}))
        .await;
    assert_eq!(error_code(&refused), Some("SUMMARY_MISSING"), "{refused}");
    assert!(refused.to_string().contains(&m.reference));
    let summary = step(&app, &m.handler, "updateAnonymisedSummary", &m.complaint, ", text: $text, reviewed: $reviewed", json!({"text": "Wietske Kanarie (06-12345678) werd door Zoë Vinkenslag niet teruggebeld.", "reviewed": true})).await;
    assert!(summary["errors"].is_null(), "{summary}");
    // Only directors publish; then the items are fixed.
    let by_handler = app
        .as_user(&m.handler, publish, json!({"m": m.meeting}))
        .await;
    assert_eq!(error_code(&by_handler), Some("FORBIDDEN"));
    let published = mutate(&app, &m.director, publish, json!({"m": m.meeting})).await;
    assert_eq!(published["publishAgenda"]["status"], "PUBLISHED");
    let late_item = app
        .as_user(
            &m.director,
            "mutation($i: ID!) { removeAgendaItem(itemId: $i) { id } }",
            json!({"i": proposal_item}),
        )
        .await;
    assert_eq!(error_code(&late_item), Some("INVALID_TRANSITION"));

    // Every staff member reads it now: anonymised, the summary redacted.
    let agenda = read(&m.staff).await;
    assert_clean("staff", &agenda.to_string());
    let item = &agenda["data"]["agenda"]["items"][1];
    assert_eq!(
        item["complaint"]["summary"],
        "[klager] ([telefoon]) werd door [medewerker] niet teruggebeld."
    );
    assert_eq!(item["complaint"]["receivedMonth"], "2026-11");
    assert_eq!(item["complaint"]["rootCause"]["category"], "communicatie");

    // Only the director minuting it is offered where the proposal may move in its decision.
    let offered =
        "query($id: ID!) { agenda(meetingId: $id) { items { measure { allowedStatuses } } } }";
    for (who, expected) in [
        (&m.director, json!(["AGREED", "IN_PROGRESS", "DROPPED"])),
        (&m.staff, json!([])),
        (&m.handler, json!([])),
    ] {
        let answer = app.as_user(who, offered, json!({"id": m.meeting})).await;
        assert_eq!(
            answer["data"]["agenda"]["items"][0]["measure"]["allowedStatuses"], expected,
            "{answer}"
        );
    }

    // Decisions: a measure on the complaint, the proposal agreed; names in them are redacted.
    let decide = "mutation($i: ID!, $d: String!, $n: DecisionMeasureInput, $s: MeasureStatus) { recordDecision(itemId: $i, decision: $d, newMeasure: $n, measureStatus: $s, reviewed: true) { items { id decision decidedOn decidedMonth decisionMeasure { kind status description } measure { status } } } }";
    let complaint_item = item["id"].as_str().unwrap().to_owned();
    let decided = mutate(&app, &m.director, decide, json!({"i": complaint_item, "d": "Excuses aan Wietske Kanarie; terugbelafspraken vastleggen.", "n": {"kind": "MEASURE", "description": "Terugbelafspraken vastleggen (Vinkenslag).", "descriptionReviewed": true, "ownerId": m.owner.id, "dueOn": "2027-01-31"}})).await;
    let items = &decided["recordDecision"]["items"];
    assert_eq!(
        items[1]["decision"],
        "Excuses aan [klager]; terugbelafspraken vastleggen."
    );
    // The agenda is anonymised for every reader: the decision is dated by its month.
    assert_eq!(items[1]["decidedOn"], Value::Null);
    assert_eq!(items[1]["decidedMonth"], "2026-11");
    assert_eq!(
        items[1]["decisionMeasure"],
        json!({"kind": "MEASURE", "status": "PROPOSED", "description": "Terugbelafspraken vastleggen ([medewerker])."})
    );
    let agreed = mutate(
        &app,
        &m.director,
        decide,
        json!({"i": proposal_item, "d": "Voorstel aangenomen.", "s": "AGREED"}),
    )
    .await;
    assert_eq!(
        agreed["recordDecision"]["items"][0]["measure"]["status"],
        "AGREED"
    );
    // The owner finds the new measure on their own list.
    let mine = app
        .as_user(
            &m.owner,
            "{ measures { description status dueOn dueMonth complaintId } }",
            json!({}),
        )
        .await;
    let mine = mine["data"]["measures"].as_array().unwrap().clone();
    assert!(
        mine.iter()
            .any(|x| x["complaintId"] == m.complaint.as_str() && x["dueMonth"] == "2027-01"),
        "{mine:?}"
    );

    // Minutes, redacted for every reader.
    let minutes = mutate(&app, &m.director, "mutation($m: ID!, $t: String!) { saveMinutes(meetingId: $m, minutes: $t, reviewed: true) { minutes } }", json!({"m": m.meeting, "t": "Aanwezig: Dirk Directeur. De klacht van Wietske Kanarie (wietske.kanarie@voorbeeld.nl) besproken."})).await;
    assert_eq!(
        minutes["saveMinutes"]["minutes"],
        "Aanwezig: [medewerker]. De klacht van [klager] ([e-mail]) besproken."
    );

    // The exports, as a staff member: the same anonymised agenda, and audited.
    let markdown = app
        .as_user(
            &m.staff,
            "query($m: ID!) { agendaMarkdown(meetingId: $m) }",
            json!({"m": m.meeting}),
        )
        .await;
    let markdown = markdown["data"]["agendaMarkdown"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        markdown.starts_with("# Directieoverleg december\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!("## 2. Klacht {}", m.reference)),
        "{markdown}"
    );
    assert!(
        markdown.contains("Besluit: Excuses aan [klager]"),
        "{markdown}"
    );
    assert_clean("markdown", &markdown);
    let pdf = app
        .as_user(
            &m.staff,
            "query($m: ID!) { agendaPdf(meetingId: $m) }",
            json!({"m": m.meeting}),
        )
        .await;
    let text = pdf_text(pdf["data"]["agendaPdf"].as_str().unwrap());
    assert!(text.contains(&format!("Klacht {}", m.reference)), "{text}");
    assert!(text.contains("Notulen"), "{text}");
    assert_clean("pdf", &text);
    let log = app
        .as_user(
            &m.director,
            "{ auditLog(first: 100) { entries { action detail } } }",
            json!({}),
        )
        .await
        .to_string();
    for action in [
        "MEETING_CREATED",
        "AGENDA_ITEM_ADDED",
        "AGENDA_PUBLISHED",
        "DECISION_RECORDED",
        "MINUTES_SAVED",
        "AGENDA_EXPORTED",
    ] {
        assert!(log.contains(action), "no {action} in {log}");
    }
    assert!(log.contains(":pdf") && log.contains(":markdown"), "{log}");
}

/// The sweep: every role, directors included, reads the agenda, its exports, the meeting list
/// and the statistics; no planted string appears.
#[tokio::test]
async fn no_role_finds_a_planted_string_in_agendas_exports_or_statistics() {
    let app = TestApp::on("2026-11-20").start().await;
    let m = published(&app, "Wietske Kanarie is niet teruggebeld door Vinkenslag.").await;
    let dpo = app.user("Frank Gegevens", &[Role::Dpo]).await;
    let admin = app.user("Ada Beheer", &[Role::Admin]).await;
    let queries = [
        (AGENDA, json!({"id": m.meeting})),
        (
            "{ meetings { title minutes items { decision complaint { summary rootCause { text } measures { description } } measure { description } } } }",
            json!({}),
        ),
        (
            "query($m: ID!) { agendaMarkdown(meetingId: $m) }",
            json!({"m": m.meeting}),
        ),
        (
            "{ statistics(from: \"2026-01-01\", to: \"2026-12-31\", granularity: MONTH) { periods { label figures { received { display } byCategory { category count { display } } } } total { received { value display } resolved { display } handlingTime { median p90 } } openMeasures } }",
            json!({}),
        ),
    ];
    for (who, user) in [
        ("staff", &m.staff),
        ("handler", &m.handler),
        ("director", &m.director),
        ("owner", &m.owner),
        ("dpo", &dpo),
        ("admin", &admin),
    ] {
        for (query, variables) in &queries {
            let body = app.as_user(user, query, variables.clone()).await;
            assert!(body["errors"].is_null(), "{who}: {body}");
            assert_clean(who, &body.to_string());
        }
        let pdf = app
            .as_user(
                user,
                "query($m: ID!) { agendaPdf(meetingId: $m) }",
                json!({"m": m.meeting}),
            )
            .await;
        assert_clean(who, &pdf_text(pdf["data"]["agendaPdf"].as_str().unwrap()));
    }
    // The resolved complaint is on the agenda too: it appears by reference only.
    let agenda = app
        .as_user(&m.staff, AGENDA, json!({"id": m.meeting}))
        .await;
    assert_eq!(
        agenda["data"]["agenda"]["items"][1]["complaint"]["status"], "RESOLVED",
        "{agenda} {}",
        m.resolved
    );
}

/// A decision or minutes may name someone the redactor cannot know ("haar zoon Daan (17)"):
/// the agenda's readers see them only once a director reviewed the redacted text; until then
/// they see that a decision was taken, not what.
#[tokio::test]
async fn agenda_readers_see_a_decision_or_minutes_only_once_a_director_reviewed_them() {
    let app = TestApp::on("2026-11-20").start().await;
    let m = published(&app, "Niet teruggebeld.").await;
    let read = "query($id: ID!) { agenda(meetingId: $id) { minutes minutesRedacted minutesReviewed minutesPending items { id decision decisionRedacted decisionReviewed decidedMonth } } }";
    let item = app
        .as_user(&m.director, read, json!({"id": m.meeting}))
        .await["data"]["agenda"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let decide = "mutation($i: ID!, $d: String!, $r: Boolean! = false) { recordDecision(itemId: $i, decision: $d, reviewed: $r) { id } }";
    let minute = "mutation($m: ID!, $t: String!, $r: Boolean! = false) { saveMinutes(meetingId: $m, minutes: $t, reviewed: $r) { id } }";
    let detail = "Excuses aan haar zoon Daan (17).";
    mutate(&app, &m.director, decide, json!({"i": item, "d": detail})).await;
    mutate(
        &app,
        &m.director,
        minute,
        json!({"m": m.meeting, "t": format!("Besproken: {detail}")}),
    )
    .await;

    // Staff see that a decision was taken, not what; the director sees what awaits review.
    let staff = app.as_user(&m.staff, read, json!({"id": m.meeting})).await;
    let agenda = &staff["data"]["agenda"];
    assert_eq!(agenda["minutes"], Value::Null, "{staff}");
    assert_eq!(agenda["minutesRedacted"], Value::Null, "{staff}");
    assert_eq!(agenda["minutesReviewed"], false);
    assert_eq!(
        agenda["minutesPending"], true,
        "staff are told minutes await review"
    );
    assert_eq!(
        agenda["items"][0],
        json!({"id": item, "decision": null, "decisionRedacted": null, "decisionReviewed": false, "decidedMonth": "2026-11"})
    );
    for export in [
        "query($m: ID!) { agendaMarkdown(meetingId: $m) }",
        "{ meetings { minutes items { decision } } }",
    ] {
        let body = app
            .as_user(&m.staff, export, json!({"m": m.meeting}))
            .await
            .to_string();
        assert!(!body.contains("Daan"), "{body}");
    }
    let director = app
        .as_user(&m.director, read, json!({"id": m.meeting}))
        .await;
    let agenda = &director["data"]["agenda"];
    assert_eq!(agenda["items"][0]["decisionRedacted"], detail, "{director}");
    assert_eq!(agenda["items"][0]["decision"], Value::Null);
    assert_eq!(agenda["minutesRedacted"], format!("Besproken: {detail}"));

    // The director takes the name out and approves; now every reader sees the text.
    let cleaned = "Excuses aan [familielid].";
    mutate(
        &app,
        &m.director,
        decide,
        json!({"i": item, "d": cleaned, "r": true}),
    )
    .await;
    mutate(
        &app,
        &m.director,
        minute,
        json!({"m": m.meeting, "t": "Besproken.", "r": true}),
    )
    .await;
    let staff = app.as_user(&m.staff, read, json!({"id": m.meeting})).await;
    let agenda = &staff["data"]["agenda"];
    assert_eq!(agenda["items"][0]["decision"], cleaned, "{staff}");
    assert_eq!(agenda["items"][0]["decisionReviewed"], true);
    assert_eq!(agenda["minutes"], "Besproken.");
    assert_eq!(agenda["minutesPending"], false);
    assert!(!staff.to_string().contains("Daan"), "{staff}");

    // The preview beside the text: as the agenda redacts (directors), as a standalone proposal
    // is (handlers and directors); never both scopes at once, never for other staff.
    let preview = "query($id: ID, $m: ID, $t: String!) { previewRedaction(id: $id, meetingId: $m, text: $t) }";
    let asked = |who: &TestUser, vars: Value| {
        let (app, who) = (&app, who.clone());
        async move { app.as_user(&who, preview, vars).await }
    };
    let on_agenda = asked(
        &m.director,
        json!({"m": m.meeting, "t": "Excuses aan Wietske Kanarie."}),
    )
    .await;
    assert_eq!(
        on_agenda["data"]["previewRedaction"], "Excuses aan [klager].",
        "{on_agenda}"
    );
    let standalone = asked(&m.handler, json!({"t": "Dirk Directeur belt terug."})).await;
    assert_eq!(
        standalone["data"]["previewRedaction"], "[medewerker] belt terug.",
        "{standalone}"
    );
    for (who, vars, code) in [
        (&m.staff, json!({"m": m.meeting, "t": "x"}), "FORBIDDEN"),
        (&m.staff, json!({"t": "x"}), "FORBIDDEN"),
        (
            &m.director,
            json!({"id": m.complaint, "m": m.meeting, "t": "x"}),
            "VALIDATION",
        ),
    ] {
        let body = asked(who, vars).await;
        assert_eq!(error_code(&body), Some(code), "{body}");
    }
}

/// The purge reaches what agendas say about a complaint through its measures too: a decision on
/// its measure is redacted while the names are still known, and minutes nobody reviewed go.
#[tokio::test]
async fn the_purge_redacts_decisions_on_a_complaints_measures_and_drops_unreviewed_minutes() {
    let app = TestApp::on("2026-11-20").start().await;
    let m = prepared(&app).await;
    let measure = measure_of_resolved(&app, &m).await;
    let created = mutate(&app, &m.director, "mutation { createMeeting(input: {title: \"Verbeteroverleg\", kind: DIRECTORS_MEETING, heldOn: \"2026-12-11\"}) { id } }", json!({})).await;
    let meeting = created["createMeeting"]["id"].as_str().unwrap().to_owned();
    let added = mutate(&app, &m.director, "mutation($m: ID!, $p: ID) { addAgendaItem(meetingId: $m, measureId: $p) { items { id } } }", json!({"m": meeting, "p": measure})).await;
    let item = added["addAgendaItem"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    mutate(
        &app,
        &m.director,
        "mutation($m: ID!) { publishAgenda(meetingId: $m) { status } }",
        json!({"m": meeting}),
    )
    .await;
    mutate(&app, &m.director, "mutation($i: ID!) { recordDecision(itemId: $i, decision: \"Sjoukje Verdwijnt krijgt een brief.\", reviewed: true) { id } }", json!({"i": item})).await;
    mutate(&app, &m.director, "mutation($m: ID!) { saveMinutes(meetingId: $m, minutes: \"Pieter Wegwezer besproken.\") { id } }", json!({"m": meeting})).await;

    app.set_today("2028-01-10");
    let report = super::purge::purge_as_of(&app, "2028-01-10", false).await;
    assert!(report.failed.is_empty(), "{report:?}");
    let read = "query($m: ID!) { agenda(meetingId: $m) { minutes minutesRedacted items { decision decisionRedacted } } }";
    for who in [&m.staff, &m.director] {
        let body = app.as_user(who, read, json!({"m": meeting})).await;
        assert!(body["errors"].is_null(), "{body}");
        assert_clean("agenda after the purge", &body.to_string());
        assert_eq!(
            body["data"]["agenda"]["items"][0]["decision"], "[klager] krijgt een brief.",
            "{body}"
        );
    }
    let markdown = app
        .as_user(
            &m.staff,
            "query($m: ID!) { agendaMarkdown(meetingId: $m) }",
            json!({"m": meeting}),
        )
        .await;
    assert_clean("markdown after the purge", &markdown.to_string());
    let stored = app.database_contents().await;
    for erased in ["Sjoukje Verdwijnt krijgt", "Pieter Wegwezer besproken"] {
        assert!(
            !stored.contains(erased),
            "the database still holds {erased}"
        );
    }
}

/// Once a complaint is purged nothing is left of it to discuss: a director who tries to put it
/// on an agenda is told to take its measures instead, and can.
#[tokio::test]
async fn a_director_cannot_put_a_purged_complaint_on_an_agenda_but_can_its_measures() {
    let app = TestApp::on("2026-11-20").start().await;
    let m = prepared(&app).await;
    let measure = measure_of_resolved(&app, &m).await;
    app.set_today("2028-01-10");
    let report = super::purge::purge_as_of(&app, "2028-01-10", false).await;
    assert!(report.failed.is_empty(), "{report:?}");
    let created = mutate(&app, &m.director, "mutation { createMeeting(input: {title: \"Verbeteroverleg\", kind: DIRECTORS_MEETING, heldOn: \"2028-01-20\"}) { id } }", json!({})).await;
    let meeting = created["createMeeting"]["id"].as_str().unwrap().to_owned();
    let refused = app
        .as_user(
            &m.director,
            "mutation($m: ID!, $c: ID) { addAgendaItem(meetingId: $m, complaintId: $c) { items { id } } }",
            json!({"m": meeting, "c": m.resolved}),
        )
        .await;
    assert_eq!(
        error_code(&refused),
        Some("INVALID_TRANSITION"),
        "{refused}"
    );
    let message = refused["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("measures"), "{message}");
    let added = mutate(&app, &m.director, "mutation($m: ID!, $p: ID) { addAgendaItem(meetingId: $m, measureId: $p) { items { id } } }", json!({"m": meeting, "p": measure})).await;
    assert_eq!(
        added["addAgendaItem"]["items"].as_array().map(Vec::len),
        Some(1),
        "{added}"
    );
}
