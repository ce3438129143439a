//! The letters: each step produces the letter it promises, as a PDF whose text names the
//! reference, the right dates and the right legal remedies; only viewers who see the complaint
//! identified reach one; letters are marked as sent or e-mailed with the PDF attached.

use super::{register, step};
use klachten_core::actor::Role;
use klachten_tests::{TestApp, TestUser, error_code};
use serde_json::{Value, json};

const LETTERS: &str = "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { letters { id kind templateVersion procedureVersion contentHash sentOn sentVia } timeline { action } } } }";

/// The letters of a complaint, as `user` sees them.
async fn letters(app: &TestApp, user: &TestUser, id: &str) -> Vec<Value> {
    let body = app.as_user(user, LETTERS, json!({"id": id})).await;
    body["data"]["complaint"]["letters"]
        .as_array()
        .unwrap_or_else(|| panic!("no letters: {body}"))
        .clone()
}

/// Letter `id` as the API gives it: the PDF, base64-encoded.
async fn pdf_of(app: &TestApp, user: &TestUser, id: &Value) -> String {
    let body = app
        .as_user(
            user,
            "query($id: ID!) { letterPdf(id: $id) }",
            json!({"id": id}),
        )
        .await;
    body["data"]["letterPdf"]
        .as_str()
        .unwrap_or_else(|| panic!("no PDF: {body}"))
        .to_owned()
}

/// The text of letter `id`, through `pdftotext`.
async fn text_of(app: &TestApp, user: &TestUser, id: &Value) -> String {
    klachten_tests::pdf_text(&pdf_of(app, user, id).await)
}

/// Fails unless `text` mentions every one of `expected`.
fn mentions(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "{e} not in: {text}");
    }
}

/// The newest letter of `kind`.
fn newest<'a>(all: &'a [Value], kind: &str) -> &'a Value {
    all.iter()
        .rev()
        .find(|l| l["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} letter in {all:?}"))
}

async fn talk(app: &TestApp, handler: &TestUser, id: &str, on: &str, agreements: &str) {
    let body = app
        .as_user(handler, "mutation($input: RecordConversationInput!) { recordConversation(input: $input) { __typename } }", json!({"input": {"id": id, "heldOn": on, "kind": "PHONE", "summary": "Gesprek over de klacht.", "agreements": agreements}}))
        .await;
    assert!(body["errors"].is_null(), "{body}");
}

#[tokio::test]
async fn a_letter_prints_every_name_as_typed_in_an_embedded_font_and_keeps_the_address_lines() {
    let app = TestApp::on("2026-11-18").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let c = register(
        &app,
        &staff,
        json!({"complainant": {"name": "Şükrü Yıldız", "address": "Dorpsstraat 3\n9999 ZZ IJsselstein"}}),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_owned();
    for (mutation, extra) in [
        ("acknowledgeComplaint", ", on: $on"),
        ("recordContact", ", on: $on"),
    ] {
        let body = step(
            &app,
            &handler,
            mutation,
            &id,
            extra,
            json!({"on": "2026-11-18"}),
        )
        .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    talk(
        &app,
        &handler,
        &id,
        "2026-11-18",
        "Zoë IJsselmuiden, Łukasz Wiśniewski en Nguyễn Thị Ánh bellen u terug.\nDaarna volgt een brief.",
    )
    .await;
    let all = letters(&app, &handler, &id).await;
    let pdf = pdf_of(
        &app,
        &handler,
        &newest(&all, "CONVERSATION_CONFIRMATION")["id"],
    )
    .await;
    let text = klachten_tests::pdf_text(&pdf);
    mentions(
        &text,
        &[
            "Geachte Şükrü Yıldız,",
            "Zoë IJsselmuiden, Łukasz Wiśniewski en Nguyễn Thị Ánh bellen u terug.",
        ],
    );
    assert!(!text.contains('?'), "a character did not print: {text}");
    // The address and the agreements keep the line breaks they were typed with.
    let lines = klachten_tests::pdf_lines(&pdf);
    let at = |wanted: &str| {
        lines
            .iter()
            .position(|l| l == wanted)
            .unwrap_or_else(|| panic!("no line {wanted:?} in {lines:#?}"))
    };
    assert_eq!(at("9999 ZZ IJsselstein"), at("Dorpsstraat 3") + 1);
    assert_eq!(at("Şükrü Yıldız") + 1, at("Dorpsstraat 3"));
    assert!(
        lines.iter().any(|l| l == "Daarna volgt een brief."),
        "{lines:#?}"
    );
    // Every font is embedded as a subset, and the file declares itself PDF/A-2u.
    let fonts = klachten_tests::poppler("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        assert!(columns[0].contains("+NotoSans"), "not a subset: {fonts}");
        assert!(columns.contains(&"yes"), "not embedded: {fonts}");
    }
    let raw = String::from_utf8_lossy(&klachten_tests::pdf_bytes(&pdf)).into_owned();
    assert!(raw.contains("<pdfaid:part>2</pdfaid:part>"), "not PDF/A-2");
    assert!(
        raw.contains("<pdfaid:conformance>U</pdfaid:conformance>"),
        "not PDF/A-2u"
    );
}

#[tokio::test]
async fn staff_typing_a_name_in_arabic_script_is_told_to_write_it_in_latin_letters_and_nothing_is_stored()
 {
    let app = TestApp::on("2026-11-18").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let input = json!({"input": {
        "receivedOn": "2026-11-16", "channel": "LETTER", "category": "SERVICE",
        "complainant": {"name": "Yusuf محمد", "address": "Dorpsstraat 3"},
        "facts": "Een klacht over de begeleiding."
    }});
    let mutation = "mutation($input: RegisterComplaintInput!) { registerComplaint(input: $input) { __typename } }";
    let refused = app.as_user(&staff, mutation, input.clone()).await;
    assert_eq!(error_code(&refused), Some("VALIDATION"), "{refused}");
    let message = refused["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("the name contains Arabic script at character 7")
            && message.contains("Latin letters"),
        "{message}"
    );
    // The error names the kind of character and its place, never the text itself.
    assert!(!refused.to_string().contains("محمد") && !refused.to_string().contains("Yusuf"));
    let list = app
        .as_user(
            &handler,
            "{ complaints(first: 10) { edges { cursor } } }",
            json!({}),
        )
        .await;
    assert_eq!(list["data"]["complaints"]["edges"], json!([]), "{list}");

    // Agreements typed with an emoji are refused in the same way; the letter is not produced.
    let c = register(&app, &staff, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let body = app
        .as_user(&handler, "mutation($input: RecordConversationInput!) { recordConversation(input: $input) { __typename } }", json!({"input": {"id": id, "heldOn": "2026-11-18", "kind": "PHONE", "summary": "Gesprek.", "agreements": "Prima 🙂"}}))
        .await;
    assert_eq!(error_code(&body), Some("VALIDATION"), "{body}");
    assert!(letters(&app, &handler, &id).await.is_empty());
}

#[tokio::test]
async fn every_step_produces_its_letter_with_the_reference_dates_and_remedies() {
    let app = TestApp::on("2026-11-18").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let outsider = app.user("Olga Onbetrokken", &[Role::Staff]).await;
    let c = register(&app, &staff, json!({"receivedOn": "2026-11-16"})).await;
    let id = c["id"].as_str().unwrap().to_owned();

    // Ontvangstbevestiging: received Monday 16 November; first contact within 7 working days,
    // settlement within 30.
    let ack = step(
        &app,
        &handler,
        "acknowledgeComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-11-18"}),
    )
    .await;
    assert!(ack["errors"].is_null(), "{ack}");
    let all = letters(&app, &handler, &id).await;
    let letter = newest(&all, "ACKNOWLEDGEMENT");
    assert_eq!(letter["procedureVersion"], "1 juni 2022");
    assert_eq!(letter["contentHash"].as_str().map(str::len), Some(64));
    let text = text_of(&app, &handler, &letter["id"]).await;
    mentions(
        &text,
        &[
            "KL-2026-0001",
            "Wietske Kanarie",
            "Ontvangstbevestiging",
            "maandag 16 november 2026",
            "binnen 7 werkdagen",
            "woensdag 25 november 2026",
            "binnen 30 werkdagen",
            "dinsdag 29 december 2026",
            "klachtenregeling van 1 juni 2022",
        ],
    );

    // Verzoek tot aanvulling: on request, saying what is missing and by when.
    let wait = step(
        &app,
        &handler,
        "requestSupplement",
        &id,
        ", on: $on, dueOn: $dueOn",
        json!({"on": "2026-11-18", "dueOn": "2026-12-02"}),
    )
    .await;
    assert!(wait["errors"].is_null(), "{wait}");
    let generate = "mutation($id: ID!, $kind: LetterKind!, $note: String) { generateLetter(complaintId: $id, kind: $kind, note: $note) { id kind } }";
    let missing = app
        .as_user(
            &handler,
            generate,
            json!({"id": id, "kind": "SUPPLEMENT_REQUEST"}),
        )
        .await;
    assert_eq!(error_code(&missing), Some("VALIDATION"), "{missing}");
    let request = app
        .as_user(&handler, generate, json!({"id": id, "kind": "SUPPLEMENT_REQUEST", "note": "de datum van het gesprek met uw adviseur."}))
        .await;
    let text = text_of(&app, &handler, &request["data"]["generateLetter"]["id"]).await;
    mentions(
        &text,
        &[
            "de datum van het gesprek met uw adviseur",
            "woensdag 2 december 2026",
            "staat de termijn voor de afhandeling stil",
        ],
    );
    let back = step(
        &app,
        &handler,
        "recordSupplement",
        &id,
        ", on: $on",
        json!({"on": "2026-11-18"}),
    )
    .await;
    assert!(back["errors"].is_null(), "{back}");

    // A letter that does not fit the complaint yet is refused, and nothing is stored.
    let early = app
        .as_user(&handler, generate, json!({"id": id, "kind": "CLOSING"}))
        .await;
    assert_eq!(error_code(&early), Some("INVALID_TRANSITION"), "{early}");
    assert_eq!(letters(&app, &handler, &id).await.len(), 2);

    // Bevestiging gesprek en afspraken.
    let contact = step(
        &app,
        &handler,
        "recordContact",
        &id,
        ", on: $on",
        json!({"on": "2026-11-18"}),
    )
    .await;
    assert!(contact["errors"].is_null(), "{contact}");
    talk(
        &app,
        &handler,
        &id,
        "2026-11-18",
        "Wij bellen u voortaan binnen een werkdag terug.",
    )
    .await;
    let all = letters(&app, &handler, &id).await;
    let text = text_of(
        &app,
        &handler,
        &newest(&all, "CONVERSATION_CONFIRMATION")["id"],
    )
    .await;
    mentions(
        &text,
        &[
            "woensdag 18 november 2026",
            "Wij bellen u voortaan binnen een werkdag terug.",
        ],
    );

    // Afsluitende brief: the outcome and the civil court; no privacy authority for a complaint
    // about the service.
    let resolved = step(
        &app,
        &handler,
        "resolveComplaint",
        &id,
        ", on: $on, outcome: $outcome",
        json!({"on": "2026-11-18", "outcome": "Excuses aangeboden en een tegoedbon toegezegd."}),
    )
    .await;
    assert!(resolved["errors"].is_null(), "{resolved}");
    let all = letters(&app, &handler, &id).await;
    let closing = newest(&all, "CLOSING");
    let text = text_of(&app, &handler, &closing["id"]).await;
    assert!(
        text.contains("Excuses aangeboden en een tegoedbon toegezegd."),
        "{text}"
    );
    assert!(text.contains("burgerlijke rechter"), "{text}");
    assert!(!text.contains("Autoriteit Persoonsgegevens"), "{text}");

    // Only viewers who see the complaint identified reach a letter.
    let hidden = app
        .as_user(
            &outsider,
            "query($id: ID!) { letterPdf(id: $id) }",
            json!({"id": closing["id"]}),
        )
        .await;
    assert_eq!(error_code(&hidden), Some("NOT_FOUND"), "{hidden}");
    let refused = app
        .as_user(&staff, generate, json!({"id": id, "kind": "CLOSING"}))
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");

    // Marked as sent by post: on the letter and the timeline.
    let sent = app
        .as_user(&handler, "mutation($id: ID!) { markLetterSent(id: $id, via: POST, on: \"2026-11-18\") { sentOn sentVia } }", json!({"id": closing["id"]}))
        .await;
    assert_eq!(
        sent["data"]["markLetterSent"],
        json!({"sentOn": "2026-11-18", "sentVia": "POST"}),
        "{sent}"
    );
    let body = app.as_user(&handler, LETTERS, json!({"id": id})).await;
    let timeline = body["data"]["complaint"]["timeline"].to_string();
    assert!(
        timeline.contains("LETTER_GENERATED") && timeline.contains("LETTER_SENT"),
        "{timeline}"
    );
    assert!(
        klachten::db::audit::verify(&app.state.db, &app.state.audit_key, &[])
            .await
            .unwrap()
            .is_ok()
    );
}

#[tokio::test]
async fn a_privacy_complaint_closes_with_the_authority_and_a_decline_names_its_ground() {
    let app = TestApp::on("2026-11-23").start().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let dpo = app.user("Fenna FG", &[Role::Dpo]).await;
    let c = register(
        &app,
        &handler,
        json!({"category": "PERSONAL_DATA", "receivedOn": "2026-11-23"}),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_owned();
    for (name, args, vars) in [
        (
            "acknowledgeComplaint",
            ", on: $on",
            json!({"on": "2026-11-23"}),
        ),
        ("requestDpoAdvice", ", on: $on", json!({"on": "2026-11-23"})),
        ("recordContact", ", on: $on", json!({"on": "2026-11-23"})),
    ] {
        let body = step(&app, &handler, name, &id, args, vars).await;
        assert!(body["errors"].is_null(), "{name}: {body}");
    }
    let all = letters(&app, &handler, &id).await;
    let text = text_of(&app, &handler, &newest(&all, "ACKNOWLEDGEMENT")["id"]).await;
    // "uiterlijk binnen een maand": 23 December 2026.
    assert!(
        text.contains("Functionaris Gegevensbescherming")
            && text.contains("woensdag 23 december 2026"),
        "{text}"
    );
    talk(
        &app,
        &handler,
        &id,
        "2026-11-23",
        "Wij vragen het rapport terug.",
    )
    .await;
    let advice = app
        .as_user(&dpo, "mutation($input: RecordDpoAdviceInput!) { recordDpoAdvice(input: $input) { __typename } }", json!({"input": {"id": id, "advisedOn": "2026-11-23", "advice": "Melden bij de AP.", "followed": true, "reason": "Zo gedaan."}}))
        .await;
    assert!(advice["errors"].is_null(), "{advice}");
    let resolved = step(
        &app,
        &handler,
        "resolveComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-11-23"}),
    )
    .await;
    assert!(resolved["errors"].is_null(), "{resolved}");
    let all = letters(&app, &handler, &id).await;
    let text = text_of(&app, &handler, &newest(&all, "CLOSING")["id"]).await;
    mentions(
        &text,
        &[
            "burgerlijke rechter",
            "Autoriteit Persoonsgegevens",
            "www.autoriteitpersoonsgegevens.nl",
        ],
    );

    // Besluit niet in behandeling, for an anonymous complaint.
    let anonymous = app
        .as_user(&handler, "mutation { registerComplaint(input: {receivedOn: \"2026-11-23\", channel: LETTER, category: SERVICE, facts: \"Zonder naam.\"}) { ... on IdentifiedComplaint { id } } }", json!({}))
        .await;
    let anon_id = anonymous["data"]["registerComplaint"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let declined = step(
        &app,
        &handler,
        "declineComplaint",
        &anon_id,
        ", on: $on, ground: $ground",
        json!({"on": "2026-11-23", "ground": "ANONYMOUS"}),
    )
    .await;
    assert!(declined["errors"].is_null(), "{declined}");
    let all = letters(&app, &handler, &anon_id).await;
    let text = text_of(&app, &handler, &newest(&all, "DECLINE_DECISION")["id"]).await;
    mentions(
        &text,
        &[
            "KL-2026-0002",
            "niet in behandeling",
            "zonder naam en adres",
            "burgerlijke rechter",
            "Geachte heer, mevrouw",
        ],
    );
}

#[tokio::test]
async fn a_letter_is_emailed_to_the_complainant_with_its_pdf_attached() {
    let app = TestApp::on("2026-11-23").with_workers(1).start().await;
    let dir = app.outbox_dir.clone();
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let c = register(&app, &handler, json!({"receivedOn": "2026-11-23"})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let ack = step(
        &app,
        &handler,
        "acknowledgeComplaint",
        &id,
        ", on: $on",
        json!({"on": "2026-11-23"}),
    )
    .await;
    assert!(ack["errors"].is_null(), "{ack}");
    let letter = letters(&app, &handler, &id).await[0]["id"].clone();
    // Before it goes, the handler sees the mail as it will leave.
    let preview = "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { letters { email { to subject body attachment } } } } }";
    let shown = app.as_user(&handler, preview, json!({"id": id})).await;
    let email = shown["data"]["complaint"]["letters"][0]["email"].clone();
    assert_eq!(email["to"], "wietske.kanarie@voorbeeld.nl", "{shown}");
    assert_eq!(
        email["subject"],
        "Uw klacht KL-2026-0001: ontvangstbevestiging"
    );
    assert!(
        email["body"].as_str().is_some_and(|b| b
            .starts_with("Bijgaand vindt u onze brief over uw klacht met kenmerk KL-2026-0001.")),
        "{email}"
    );
    let attachment = email["attachment"].as_str().unwrap_or_default().to_owned();
    assert!(attachment.ends_with(".pdf"), "{email}");
    let sent = app
        .as_user(
            &handler,
            "mutation($id: ID!) { emailLetter(id: $id) { sentVia sentOn } }",
            json!({"id": letter}),
        )
        .await;
    assert_eq!(
        sent["data"]["emailLetter"],
        json!({"sentVia": "EMAIL", "sentOn": "2026-11-23"}),
        "{sent}"
    );
    let mut found = None;
    for _ in 0..150 {
        found = std::fs::read_dir(&dir)
            .ok()
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .find(|m| m.contains("wietske.kanarie@voorbeeld.nl"));
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mail = found.expect("the letter's mail in the outbox folder");
    assert!(
        mail.contains("Subject: Uw klacht KL-2026-0001: ontvangstbevestiging"),
        "{mail}"
    );
    assert!(mail.contains("Content-Type: application/pdf"), "{mail}");
    assert!(mail.contains(&attachment), "{mail}");

    // Staff who registered a complaint see its letters but may not send them: no preview.
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let own = register(&app, &staff, json!({"receivedOn": "2026-11-23"})).await;
    let own = own["id"].as_str().unwrap().to_owned();
    let acknowledged = step(
        &app,
        &handler,
        "acknowledgeComplaint",
        &own,
        ", on: $on",
        json!({"on": "2026-11-23"}),
    )
    .await;
    assert!(acknowledged["errors"].is_null(), "{acknowledged}");
    let seen = app.as_user(&staff, preview, json!({"id": own})).await;
    assert_eq!(
        seen["data"]["complaint"]["letters"]
            .as_array()
            .map_or(0, Vec::len),
        1,
        "{seen}"
    );
    assert_eq!(
        seen["data"]["complaint"]["letters"][0]["email"],
        Value::Null,
        "{seen}"
    );
}
