//! The retention purge — klachtenregeling: "na de afhandeling 1 jaar bewaard" — and the legal
//! hold that stops it.

use super::{read_complaint, register, step};
use klachten::db::entities::{complaints, mail_outbox};
use klachten::purge;
use klachten_core::actor::Role;
use klachten_tests::{TestApp, TestUser, date, error_code, mail_text};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// What only the purged complaint holds: none of it may remain anywhere after the purge.
pub(super) const ERASED: [&str; 11] = [
    "Verdwijnt",
    "verdwijnt@",
    "99887766",
    "Wisstraat",
    "1234 AB",
    "Wegwezer",
    "vertrouwelijkefeitentekst",
    "gespreksnotitie-geheim",
    "afspraak-geheim",
    "uitkomst-geheim",
    "Excuses van Pieter",
];

/// A letter complaint taken to RESOLVED in November 2026, with a conversation, an outcome, an
/// added party and a measure that names the complainant.
pub(super) async fn resolved_complaint(
    app: &TestApp,
    staff: &TestUser,
    handler: &TestUser,
    colleague: &TestUser,
) -> String {
    let c = register(
        app,
        staff,
        json!({
            "receivedOn": "2026-11-16",
            "complainant": {"name": "Sjoukje Verdwijnt", "email": "sjoukje.verdwijnt@voorbeeld.nl", "phone": "06-99887766", "address": "Wisstraat 9, 1234 AB Leegdorp"},
            "concerning": "Pieter Wegwezer",
            "facts": "Mevrouw Verdwijnt schrijft: vertrouwelijkefeitentekst.",
            "conductOn": "2026-10-01",
            "remedySought": "Excuses van Pieter",
        }),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_owned();
    for (name, args, vars) in [
        (
            "acknowledgeComplaint",
            ", on: $on",
            json!({"on": "2026-11-17"}),
        ),
        ("recordContact", ", on: $on", json!({"on": "2026-11-18"})),
        (
            "addInvolvedParty",
            ", userId: $userId",
            json!({"userId": colleague.id}),
        ),
    ] {
        let body = step(app, handler, name, &id, args, vars).await;
        assert!(body["errors"].is_null(), "{name}: {body}");
    }
    let talk = app
        .as_user(handler, "mutation($input: RecordConversationInput!) { recordConversation(input: $input) { __typename } }", json!({"input": {"id": id, "heldOn": "2026-11-19", "kind": "PHONE", "summary": "gespreksnotitie-geheim", "agreements": "afspraak-geheim"}}))
        .await;
    assert!(talk["errors"].is_null(), "{talk}");
    let summary = step(app, handler, "updateAnonymisedSummary", &id, ", text: $text, reviewed: $reviewed", json!({"text": "Sjoukje Verdwijnt vond dat Pieter Wegwezer niet terugbelde.", "reviewed": true})).await;
    assert!(summary["errors"].is_null(), "{summary}");
    let measure = app
        .as_user(handler, "mutation($input: AddMeasureInput!) { addMeasure(input: $input) { id } }", json!({"input": {"complaintId": id, "kind": "MEASURE", "description": "Sjoukje Verdwijnt voortaan binnen een dag terugbellen.", "descriptionReviewed": true, "ownerId": handler.id, "dueOn": "2026-12-01"}}))
        .await;
    assert!(measure["errors"].is_null(), "{measure}");
    let resolved = step(
        app,
        handler,
        "resolveComplaint",
        &id,
        ", on: $on, outcome: $outcome",
        json!({"on": "2026-11-20", "outcome": "uitkomst-geheim"}),
    )
    .await;
    assert!(resolved["errors"].is_null(), "{resolved}");
    id
}

/// Runs the retention purge as of `day` (dry or not) on the test's database and outbox.
pub(super) async fn purge_as_of(app: &TestApp, day: &str, dry_run: bool) -> purge::Report {
    purge::run(
        &app.state.db,
        &app.state.config,
        &app.state.audit_key,
        app.clock_now(),
        date(day),
        dry_run,
    )
    .await
    .unwrap()
}

fn anonymised(body: &Value) -> Value {
    let c = body["data"]["complaint"].clone();
    json!({"reference": c["reference"], "receivedMonth": c["receivedMonth"], "clocks": c["clocks"], "category": c["category"], "channel": c["channel"]})
}

#[tokio::test]
async fn system_purges_a_year_after_closure_keeps_held_complaints_and_leaves_nothing_identifying() {
    let app = TestApp::on("2026-11-20").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let colleague = app.user("Cor Collega", &[Role::Staff]).await;
    let purged_id = resolved_complaint(&app, &staff, &handler, &colleague).await;
    // A second closed complaint under a legal hold, and an open one.
    let held = register(&app, &staff, json!({"receivedOn": "2026-11-16"})).await;
    let held_id = held["id"].as_str().unwrap().to_owned();
    let withdrawn = step(
        &app,
        &staff,
        "withdrawComplaint",
        &held_id,
        ", on: $on",
        json!({"on": "2026-11-20"}),
    )
    .await;
    assert!(withdrawn["errors"].is_null(), "{withdrawn}");
    register(&app, &staff, json!({"receivedOn": "2026-11-18"})).await;
    let outsider = app.user("Olga Onbetrokken", &[Role::Staff]).await;
    let before = anonymised(&read_complaint(&app, &outsider, &purged_id).await);
    assert_eq!(before["receivedMonth"], "2026-11", "{before}");

    // Only directors place a hold, with a reason.
    let hold = "mutation($id: ID!, $reason: String!) { placeLegalHold(id: $id, reason: $reason) { ... on IdentifiedComplaint { legalHold { since placedBy reason } } } }";
    let refused = app
        .as_user(
            &handler,
            hold,
            json!({"id": held_id, "reason": "Rechtszaak"}),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    let empty = app
        .as_user(&director, hold, json!({"id": held_id, "reason": " "}))
        .await;
    assert_eq!(error_code(&empty), Some("VALIDATION"), "{empty}");
    let placed = app
        .as_user(
            &director,
            hold,
            json!({"id": held_id, "reason": "Rechtszaak loopt"}),
        )
        .await;
    assert_eq!(
        placed["data"]["placeLegalHold"]["legalHold"],
        json!({"since": "2026-11-20", "placedBy": director.id, "reason": "Rechtszaak loopt"}),
        "{placed}"
    );

    // Before the year has passed nothing is due; a dry run changes nothing.
    let early = purge_as_of(&app, "2027-11-19", false).await;
    assert!(early.purged.is_empty() && early.held.is_empty(), "{early}");
    let dry = purge_as_of(&app, "2027-11-22", true).await;
    assert_eq!(dry.purged, vec!["KL-2026-0001".to_owned()], "{dry}");
    assert_eq!(dry.held, vec!["KL-2026-0002".to_owned()]);
    assert!(
        dry.to_string().contains("would purge KL-2026-0001"),
        "{dry}"
    );
    let still = read_complaint(&app, &handler, &purged_id).await;
    assert_eq!(still["data"]["complaint"]["status"], "RESOLVED");

    app.set_today("2027-11-22");
    let report = purge_as_of(&app, "2027-11-22", false).await;
    assert_eq!(report.purged, vec!["KL-2026-0001".to_owned()], "{report}");
    assert_eq!(report.held, vec!["KL-2026-0002".to_owned()]);

    // What remains: the anonymised record, the same as before, for everyone.
    for viewer in [&handler, &director, &colleague, &outsider] {
        let after = read_complaint(&app, viewer, &purged_id).await;
        assert_eq!(
            after["data"]["complaint"]["__typename"], "AnonymisedComplaint",
            "{after}"
        );
        assert_eq!(after["data"]["complaint"]["status"], "PURGED");
        assert_eq!(anonymised(&after), before);
        assert_eq!(
            after["data"]["complaint"]["summary"],
            "[klager] vond dat [medewerker] niet terugbelde."
        );
    }
    let measures = app
        .as_user(&director, "{ measures { description } }", json!({}))
        .await;
    assert_eq!(
        measures["data"]["measures"][0]["description"],
        "[klager] voortaan binnen een dag terugbellen.",
        "{measures}"
    );
    // The held complaint is intact.
    let kept = read_complaint(&app, &handler, &held_id).await;
    assert_eq!(
        kept["data"]["complaint"]["complainant"]["name"],
        "Wietske Kanarie"
    );

    // The proof: a purge entry naming the rule, and a timeline of one step.
    let log = app
        .as_user(&director, "{ auditLog(filter: {complaintReference: \"KL-2026-0001\"}, first: 5) { entries { action actor detail } } }", json!({}))
        .await;
    let proof = &log["data"]["auditLog"]["entries"][0];
    assert_eq!(proof["action"], "PURGE", "{log}");
    assert_eq!(proof["actor"], "system");
    assert_eq!(
        proof["detail"],
        "rule:retention 12 months after closure; closed 2026-11; as of 2027-11-22"
    );
    assert!(
        klachten::db::audit::verify(&app.state.db, &app.state.audit_key, &[])
            .await
            .unwrap()
            .is_ok()
    );

    // Nothing identifying of the purged complaint remains anywhere in the database.
    let contents = app.database_contents().await;
    assert!(
        contents.contains("Wietske Kanarie"),
        "the dump reads the held complaint"
    );
    for erased in ERASED {
        if let Some(at) = contents.find(erased) {
            let from = contents.floor_char_boundary(at.saturating_sub(200));
            let to = contents.ceil_char_boundary(at + 60);
            panic!(
                "{erased} is still in the database: {:?}",
                &contents[from..to]
            );
        }
    }

    // Purging again finds nothing new; releasing the hold lets the held complaint go.
    let again = purge_as_of(&app, "2027-11-22", false).await;
    assert!(again.purged.is_empty(), "{again}");
    let release = app
        .as_user(&director, "mutation($id: ID!) { releaseLegalHold(id: $id) { ... on IdentifiedComplaint { legalHold { since } } } }", json!({"id": held_id}))
        .await;
    assert_eq!(
        release["data"]["releaseLegalHold"]["legalHold"],
        Value::Null,
        "{release}"
    );
    let last = purge_as_of(&app, "2027-11-22", false).await;
    assert_eq!(last.purged, vec!["KL-2026-0002".to_owned()]);
}

/// Waits up to 15 s until every queued mail has been handled by the worker.
async fn mail_settled(app: &TestApp) -> Vec<mail_outbox::Model> {
    for _ in 0..150 {
        let rows = mail_outbox::Entity::find()
            .all(&app.state.db)
            .await
            .unwrap();
        if !rows.is_empty() && rows.iter().all(|m| m.status != "QUEUED") {
            return rows;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the mail was never sent");
}

/// Every mail file in the outbox folder, decoded.
fn outbox_files(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(&app.outbox_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .map(|eml| mail_text(&eml))
                .collect()
        })
        .unwrap_or_default()
}

fn assert_nothing_erased_in(what: &str, text: &str) {
    for erased in ERASED {
        if let Some(at) = text.find(erased) {
            let from = text.floor_char_boundary(at.saturating_sub(200));
            let to = text.ceil_char_boundary(at + 60);
            panic!("{erased} is still in {what}: {:?}", &text[from..to]);
        }
    }
}

#[tokio::test]
async fn system_purge_reaches_outbox_files_mail_keys_and_the_write_ahead_log() {
    let app = TestApp::on("2026-11-20").with_workers(1).start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let colleague = app.user("Cor Collega", &[Role::Staff]).await;
    let purged_id = resolved_complaint(&app, &staff, &handler, &colleague).await;
    // The acknowledgement e-mailed to the complainant: their address, their name in the PDF.
    let letter = app
        .as_user(
            &handler,
            "mutation($id: ID!) { generateLetter(complaintId: $id, kind: ACKNOWLEDGEMENT) { id } }",
            json!({"id": purged_id}),
        )
        .await;
    let letter_id = letter["data"]["generateLetter"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mailed = app
        .as_user(
            &handler,
            "mutation($id: ID!) { emailLetter(id: $id) { sentVia } }",
            json!({"id": letter_id}),
        )
        .await;
    assert!(mailed["errors"].is_null(), "{mailed}");
    // Another complaint, kept: its mail stays.
    register(&app, &staff, json!({"receivedOn": "2026-11-20"})).await;
    mail_settled(&app).await;
    let before = outbox_files(&app);
    assert!(
        before
            .iter()
            .any(|m| m.contains("Verdwijnt") && m.contains("Wisstraat")),
        "the letter's mail holds the complainant's address and the decoded PDF: {before:?}"
    );

    app.set_today("2027-11-22");
    let report = purge_as_of(&app, "2027-11-22", false).await;
    assert_eq!(report.purged, vec!["KL-2026-0001".to_owned()], "{report}");
    assert!(report.failed.is_empty(), "{report}");
    assert!(report.files_removed >= 2, "{report}");

    // The outbox folder: every part of every file left, decoded, names nothing of it.
    let after = outbox_files(&app);
    assert!(
        after.iter().any(|m| m.contains("KL-2026-0002")),
        "the kept complaint's mail stays: {after:?}"
    );
    for file in &after {
        assert_nothing_erased_in("an outbox file", file);
        assert!(!file.contains(&purged_id), "{file}");
    }
    // No de-duplication key names the purged complaint.
    for mail in mail_outbox::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
    {
        let key = mail.dedupe_key.unwrap_or_default();
        assert!(!key.contains(&purged_id), "{key}");
    }
    // The database as it lies on disk, write-ahead log included, without a checkpoint first.
    assert_nothing_erased_in("the database or its log", &app.database_as_is());
}

#[tokio::test]
async fn system_purge_carries_on_past_a_complaint_it_cannot_purge_and_tells_the_directors() {
    let app = TestApp::on("2026-11-20").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let colleague = app.user("Cor Collega", &[Role::Staff]).await;
    let broken = resolved_complaint(&app, &staff, &handler, &colleague).await;
    resolved_complaint(&app, &staff, &handler, &colleague).await;
    // The first cannot be read back: its stored channel is unknown.
    complaints::Entity::update_many()
        .col_expr(
            complaints::Column::Channel,
            sea_orm::sea_query::Expr::value("CARRIER_PIGEON"),
        )
        .filter(complaints::Column::Id.eq(broken))
        .exec(&app.state.db)
        .await
        .unwrap();

    app.set_today("2027-11-22");
    let report = purge_as_of(&app, "2027-11-22", false).await;
    assert_eq!(report.failed, vec!["KL-2026-0001".to_owned()], "{report}");
    assert_eq!(report.purged, vec!["KL-2026-0002".to_owned()], "{report}");
    assert!(
        report.to_string().contains("FAILED KL-2026-0001"),
        "{report}"
    );

    // The directors hear of it, by reference only, and the audit log keeps it.
    let mails = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Kind.eq("PURGE_FAILED"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].recipient, director.email);
    assert!(mails[0].body.contains("KL-2026-0001"), "{}", mails[0].body);
    assert_nothing_erased_in("the directors' mail", &mails[0].body);
    let log = app
        .as_user(
            &director,
            "{ auditLog(first: 5) { entries { action detail } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        log["data"]["auditLog"]["entries"][0]["action"], "PURGE_FAILED",
        "{log}"
    );
    assert!(
        klachten::db::audit::verify(&app.state.db, &app.state.audit_key, &[])
            .await
            .unwrap()
            .is_ok()
    );
}
