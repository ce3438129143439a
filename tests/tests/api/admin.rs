//! Administration through the API: users, procedure versions, the calendar.

use klachten_core::actor::Role;
use klachten_tests::{TestApp, TestUser, error_code};
use serde_json::{Value, json};

#[tokio::test]
async fn admin_creates_a_user_who_logs_in_and_a_role_change_ends_their_session() {
    let app = TestApp::spawn().await;
    let admin = app.user("Bert Beheer", &[Role::Admin]).await;
    let created = app
        .as_user(&admin, r#"mutation { createUser(input: {email: "Nina@Test.local", name: "Nina Nieuw", roles: [STAFF], password: "a-long-password"}) { active user { id email roles } } }"#, json!({}))
        .await;
    let account = &created["data"]["createUser"];
    assert_eq!(account["user"]["email"], "nina@test.local", "{created}");
    assert_eq!(account["active"], true);
    let id = account["user"]["id"].as_str().unwrap().to_owned();
    // The admin chose the password: Nina must choose her own before anything else.
    let login = app.gql(None, r#"mutation { login(email: "nina@test.local", password: "a-long-password") { token passwordChangeRequired } }"#, json!({})).await;
    assert_eq!(
        login["data"]["login"]["passwordChangeRequired"], true,
        "{login}"
    );
    let first = login["data"]["login"]["token"].as_str().unwrap().to_owned();
    let held = app.gql(Some(&first), "{ today }", json!({})).await;
    assert_eq!(
        error_code(&held),
        Some("PASSWORD_CHANGE_REQUIRED"),
        "{held}"
    );
    assert!(
        held["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("changePassword")
    );
    let change = "mutation($c: String!, $n: String!) { changePassword(current: $c, new: $n) { token passwordChangeRequired } }";
    let wrong = app
        .gql(
            Some(&first),
            change,
            json!({"c": "not-the-password", "n": "ninas-eigen-wachtwoord"}),
        )
        .await;
    assert_eq!(error_code(&wrong), Some("VALIDATION"));
    let same = app
        .gql(
            Some(&first),
            change,
            json!({"c": "a-long-password", "n": "a-long-password"}),
        )
        .await;
    assert_eq!(error_code(&same), Some("VALIDATION"));
    let changed = app
        .gql(
            Some(&first),
            change,
            json!({"c": "a-long-password", "n": "ninas-eigen-wachtwoord"}),
        )
        .await;
    assert_eq!(
        changed["data"]["changePassword"]["passwordChangeRequired"], false,
        "{changed}"
    );
    let token = changed["data"]["changePassword"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // Her other sessions ended; this one goes on.
    assert_eq!(
        error_code(&app.gql(Some(&first), "{ me { roles } }", json!({})).await),
        Some("UNAUTHENTICATED")
    );
    assert_eq!(
        app.gql(Some(&token), "{ me { roles } }", json!({})).await["data"]["me"]["roles"],
        json!(["STAFF"])
    );

    // An admin only proposes HANDLER; a director approves it.
    let proposed = app.as_user(&admin, "mutation($id: ID!) { updateUser(id: $id, input: {roles: [HANDLER]}) { user { roles } pendingRoles pendingRequestId } }", json!({"id": id})).await;
    let proposal = &proposed["data"]["updateUser"];
    assert_eq!(proposal["user"]["roles"], json!(["STAFF"]), "{proposed}");
    assert_eq!(proposal["pendingRoles"], json!(["HANDLER"]));
    let request = proposal["pendingRequestId"].as_str().unwrap().to_owned();
    assert_eq!(
        app.gql(Some(&token), "{ me { roles } }", json!({})).await["data"]["me"]["roles"],
        json!(["STAFF"]),
        "nothing changes before a director decides"
    );
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let approved = app
        .as_user(
            &director,
            "mutation($id: ID!) { approveRoleRequest(id: $id) { user { roles } pendingRoles } }",
            json!({"id": request}),
        )
        .await;
    assert_eq!(
        approved["data"]["approveRoleRequest"],
        json!({"user": {"roles": ["HANDLER"]}, "pendingRoles": null}),
        "{approved}"
    );
    // J11: the token issued before the role change no longer works.
    assert_eq!(
        error_code(&app.gql(Some(&token), "{ me { roles } }", json!({})).await),
        Some("UNAUTHENTICATED")
    );

    let deactivated = app
        .as_user(
            &admin,
            "mutation($id: ID!) { updateUser(id: $id, input: {active: false}) { active } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(deactivated["data"]["updateUser"]["active"], false);
    let refused = app.gql(None, r#"mutation { login(email: "nina@test.local", password: "a-long-password") { token } }"#, json!({})).await;
    assert_eq!(error_code(&refused), Some("UNAUTHENTICATED"));

    // Bad input gets a clear error and changes nothing.
    let duplicate = app.as_user(&admin, r#"mutation { createUser(input: {email: "nina@test.local", name: "X", roles: [STAFF], password: "a-long-password"}) { active } }"#, json!({})).await;
    assert_eq!(error_code(&duplicate), Some("VALIDATION"));
    let short = app.as_user(&admin, r#"mutation { createUser(input: {email: "kort@test.local", name: "X", roles: [STAFF], password: "kort"}) { active } }"#, json!({})).await;
    assert_eq!(error_code(&short), Some("VALIDATION"));
    let integration = app.as_user(&admin, r#"mutation { createUser(input: {email: "api@test.local", name: "X", roles: [INTEGRATION], password: "a-long-password"}) { active } }"#, json!({})).await;
    assert_eq!(error_code(&integration), Some("VALIDATION"));
    let myself = app
        .as_user(
            &admin,
            "mutation($id: ID!) { updateUser(id: $id, input: {active: false}) { active } }",
            json!({"id": admin.id}),
        )
        .await;
    assert_eq!(error_code(&myself), Some("VALIDATION"));
    let accounts = app
        .as_user(
            &admin,
            "{ userAccounts { active user { email } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        accounts["data"]["userAccounts"].as_array().unwrap().len(),
        3,
        "{accounts}"
    );
}

const UPDATE_ROLES: &str = "mutation($id: ID!, $roles: [Role!]!) { updateUser(id: $id, input: {roles: $roles}) { user { roles } pendingRoles pendingRequestId } }";

/// The roles of `user` as the admins' list shows them.
async fn roles_of(app: &TestApp, admin: &TestUser, user: &TestUser) -> Value {
    let all = app
        .as_user(admin, "{ userAccounts { user { id roles } } }", json!({}))
        .await;
    all["data"]["userAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["user"]["id"] == user.id.as_str())
        .map(|a| a["user"]["roles"].clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn nobody_grants_themselves_roles_and_every_role_change_is_audited_and_told_to_the_directors()
{
    use klachten::db::entities::mail_outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::spawn().await;
    let admin = app.user("Bert Beheer", &[Role::Admin]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let other_director = app.user("Dora Directeur", &[Role::Director]).await;
    let both = app.user("Ad Beide", &[Role::Admin, Role::Director]).await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    // Nobody changes their own roles: not the admin, not a director, not one who is both.
    let own = [
        (&admin, json!(["ADMIN", "HANDLER"])),
        (&admin, json!(["STAFF"])),
        (&director, json!(["DIRECTOR", "ADMIN"])),
        (&both, json!(["ADMIN", "DIRECTOR", "DPO"])),
    ];
    for (who, roles) in own {
        let before = roles_of(&app, &both, who).await;
        let refused = app
            .as_user(who, UPDATE_ROLES, json!({"id": who.id, "roles": roles}))
            .await;
        assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
        assert!(
            refused["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("own roles")
        );
        assert_eq!(roles_of(&app, &both, who).await, before, "nothing changed");
    }
    // Staff change no roles at all.
    let refused = app
        .as_user(
            &staff,
            UPDATE_ROLES,
            json!({"id": admin.id, "roles": ["STAFF"]}),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    // A director (here also an admin) grants at once.
    let granted = app
        .as_user(
            &both,
            UPDATE_ROLES,
            json!({"id": staff.id, "roles": ["STAFF", "DPO"]}),
        )
        .await;
    assert_eq!(
        granted["data"]["updateUser"]["pendingRequestId"],
        Value::Null,
        "{granted}"
    );
    assert_eq!(roles_of(&app, &both, &staff).await, json!(["STAFF", "DPO"]));
    // An admin's proposal is decided by a director who is neither its subject nor its maker.
    let proposed = app
        .as_user(
            &admin,
            UPDATE_ROLES,
            json!({"id": director.id, "roles": ["DIRECTOR", "HANDLER"]}),
        )
        .await;
    let request = proposed["data"]["updateUser"]["pendingRequestId"]
        .as_str()
        .unwrap()
        .to_owned();
    let decide = "mutation($id: ID!) { approveRoleRequest(id: $id) { user { roles } } }";
    let about_self = app.as_user(&director, decide, json!({"id": request})).await;
    assert_eq!(error_code(&about_self), Some("FORBIDDEN"), "{about_self}");
    let by_admin = app.as_user(&admin, decide, json!({"id": request})).await;
    assert_eq!(error_code(&by_admin), Some("FORBIDDEN"));
    let rejected = app
        .as_user(
            &other_director,
            "mutation($id: ID!) { rejectRoleRequest(id: $id) { status rolesRequested } }",
            json!({"id": request}),
        )
        .await;
    assert_eq!(
        rejected["data"]["rejectRoleRequest"],
        json!({"status": "REJECTED", "rolesRequested": ["HANDLER", "DIRECTOR"]}),
        "{rejected}"
    );
    let again = app
        .as_user(&other_director, decide, json!({"id": request}))
        .await;
    assert_eq!(error_code(&again), Some("VALIDATION"), "{again}");
    assert_eq!(roles_of(&app, &both, &director).await, json!(["DIRECTOR"]));

    // The audit log holds before and after; the directors were told of each.
    let log = app
        .as_user(
            &other_director,
            "{ auditLog(first: 50) { entries { action detail } } }",
            json!({}),
        )
        .await;
    let entries = log["data"]["auditLog"]["entries"].as_array().unwrap();
    let detail_of = |action: &str| {
        entries
            .iter()
            .filter(|e| e["action"] == action)
            .map(|e| e["detail"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(
        detail_of("ROLES_CHANGED")
            .iter()
            .any(|d| d.contains(&format!("user:{}; roles STAFF → STAFF, DPO", staff.id))),
        "{log}"
    );
    assert!(
        detail_of("ROLE_CHANGE_PROPOSED")
            .iter()
            .any(|d| d.contains("roles DIRECTOR → HANDLER, DIRECTOR")),
        "{log}"
    );
    assert_eq!(detail_of("ROLE_CHANGE_REJECTED").len(), 1, "{log}");
    let mails = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Kind.eq("ROLES_CHANGED"))
        .all(&app.state.db)
        .await
        .unwrap();
    // Three directors (Dirk, Dora, Ad), for the grant and for the proposal.
    assert_eq!(mails.len(), 6, "{mails:?}");
    assert!(
        mails
            .iter()
            .any(|m| m.subject.starts_with("Rolwijziging ter goedkeuring")
                && m.body.contains("DIRECTOR → HANDLER, DIRECTOR"))
    );
}

#[tokio::test]
async fn everyone_logged_in_reads_the_procedure_and_the_calendar() {
    let app = TestApp::spawn().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let procedures = app.as_user(&staff, "{ procedureVersions { label effectiveFrom text parameters { acknowledgementWorkingDays firstContactWorkingDays resolutionWorkingDays privacyResolutionMonths retentionMonths declineConductAfterMonths } } }", json!({})).await;
    let first = &procedures["data"]["procedureVersions"][0];
    assert_eq!(first["label"], "1 juni 2022", "{procedures}");
    assert_eq!(first["effectiveFrom"], "2022-06-01");
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .contains("binnen 5 werkdagen")
    );
    assert_eq!(
        first["parameters"],
        json!({"acknowledgementWorkingDays": 5, "firstContactWorkingDays": 7, "resolutionWorkingDays": 30, "privacyResolutionMonths": 1, "retentionMonths": 12, "declineConductAfterMonths": 12})
    );
    let calendar = app.as_user(&staff, "{ calendar(year: 2026) { goodFriday liberationDay closureDays { date } holidays { date name } } }", json!({})).await;
    let version = &calendar["data"]["calendar"][0];
    assert_eq!(version["goodFriday"], true, "{calendar}");
    assert_eq!(version["liberationDay"], "EVERY_YEAR");
    let holidays = version["holidays"].as_array().unwrap();
    assert_eq!(holidays.len(), 9);
    assert!(holidays.contains(&json!({"date": "2026-04-27", "name": "Koningsdag"})));
    assert_eq!(
        error_code(
            &app.as_user(&staff, "{ calendar(year: 1800) { label } }", json!({}))
                .await
        ),
        Some("VALIDATION")
    );
    assert_eq!(
        error_code(
            &app.as_user(&staff, "{ userAccounts { active } }", json!({}))
                .await
        ),
        Some("FORBIDDEN")
    );
    assert_eq!(
        error_code(&app.gql(None, "{ calendar { label } }", json!({})).await),
        Some("UNAUTHENTICATED")
    );
}

const REGISTER_PHONE: &str = r#"mutation { registerComplaint(input: {receivedOn: "2026-11-23", channel: PHONE, category: SERVICE, complainant: {name: "Jan Jansen"}, facts: "Niet teruggebeld"}) { ... on IdentifiedComplaint { id deadlines { acknowledgement { dueOn } } } } }"#;

#[tokio::test]
async fn admin_adds_a_closure_day_and_complaints_received_from_then_on_count_around_it() {
    let app = TestApp::spawn().await;
    let admin = app.user("Bert Beheer", &[Role::Admin]).await;
    let staff = app.user("Sara Staf", &[Role::Staff]).await;
    // Received Monday 23 November 2026: the acknowledgement is due five working days later.
    let before = app.as_user(&staff, REGISTER_PHONE, json!({})).await;
    assert_eq!(
        before["data"]["registerComplaint"]["deadlines"]["acknowledgement"]["dueOn"], "2026-11-30",
        "{before}"
    );

    let save = r#"mutation($from: Date!) { saveCalendarVersion(input: {label: "Sluiting 25 november", effectiveFrom: $from, goodFriday: true, liberationDay: EVERY_YEAR, closureDays: [{date: "2026-11-25", description: "Verhuizing"}]}) { id effectiveFrom closureDays { date description } holidays { date } } }"#;
    let saved = app
        .as_user(&admin, save, json!({"from": "2026-11-23"}))
        .await;
    let version = &saved["data"]["saveCalendarVersion"];
    assert_eq!(version["closureDays"][0]["date"], "2026-11-25", "{saved}");
    assert_eq!(version["holidays"].as_array().map(Vec::len), Some(9));

    let after = app.as_user(&staff, REGISTER_PHONE, json!({})).await;
    assert_eq!(
        after["data"]["registerComplaint"]["deadlines"]["acknowledgement"]["dueOn"], "2026-12-01",
        "the closure day is skipped: {after}"
    );
    // The complaint registered earlier keeps the date it was promised.
    let id = before["data"]["registerComplaint"]["id"].clone();
    let kept = app
        .as_user(&staff, "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { deadlines { acknowledgement { dueOn } } } } }", json!({"id": id}))
        .await;
    assert_eq!(
        kept["data"]["complaint"]["deadlines"]["acknowledgement"]["dueOn"],
        "2026-11-30"
    );

    // A version that complaints already use cannot be replaced; the past cannot be rewritten.
    let again = app
        .as_user(&admin, save, json!({"from": "2026-11-23"}))
        .await;
    assert_eq!(error_code(&again), Some("CONFLICT"), "{again}");
    assert_eq!(
        again["errors"][0]["extensions"]["reason"],
        json!("IN_USE"),
        "{again}"
    );
    let past = app
        .as_user(&admin, save, json!({"from": "2026-11-20"}))
        .await;
    assert_eq!(error_code(&past), Some("VALIDATION"));
    let unexplained = app
        .as_user(&admin, r#"mutation { saveCalendarVersion(input: {label: "x", effectiveFrom: "2026-12-01", goodFriday: true, liberationDay: EVERY_YEAR, closureDays: [{date: "2026-12-24", description: " "}]}) { id } }"#, json!({}))
        .await;
    assert_eq!(error_code(&unexplained), Some("VALIDATION"));
    let versions = app
        .as_user(&admin, "{ calendar { effectiveFrom } }", json!({}))
        .await;
    assert_eq!(
        versions["data"]["calendar"].as_array().map(Vec::len),
        Some(2),
        "refused saves store nothing: {versions}"
    );

    // A future version that nobody uses yet is replaced by a second save on the same date.
    for description in ["Kerst", "Kerstsluiting"] {
        let body = app
            .as_user(&admin, r#"mutation($d: String!) { saveCalendarVersion(input: {label: "Kerst", effectiveFrom: "2026-12-01", goodFriday: false, liberationDay: NEVER, closureDays: [{date: "2026-12-24", description: $d}]}) { goodFriday liberationDay closureDays { description } } }"#, json!({"d": description}))
            .await;
        assert_eq!(
            body["data"]["saveCalendarVersion"]["closureDays"][0]["description"], description,
            "{body}"
        );
    }
    let versions = app
        .as_user(
            &admin,
            "{ calendar { effectiveFrom goodFriday } }",
            json!({}),
        )
        .await;
    assert_eq!(
        versions["data"]["calendar"][2],
        json!({"effectiveFrom": "2026-12-01", "goodFriday": false})
    );
}

const SAVE_PROCEDURE: &str = r#"mutation($from: Date!, $text: String!, $ack: Int!) { saveProcedureVersion(input: {label: "1 december 2026", effectiveFrom: $from, text: $text, parameters: {acknowledgementWorkingDays: $ack, firstContactWorkingDays: 7, resolutionWorkingDays: 30, privacyResolutionMonths: 1, retentionMonths: 12, declineConductAfterMonths: 12}}) { id label effectiveFrom parameters { acknowledgementWorkingDays } } }"#;

#[tokio::test]
async fn admin_publishes_a_procedure_version_and_complaints_received_from_then_on_follow_it() {
    let app = TestApp::spawn().await;
    let admin = app.user("Bert Beheer", &[Role::Admin]).await;
    let staff = app.user("Sara Staf", &[Role::Staff]).await;
    let save = |from: &str, text: &str, ack: i64| json!({"from": from, "text": text, "ack": ack});

    // Refused: the past, an empty text, periods out of range. Nothing is stored.
    for (variables, why) in [
        (
            save("2026-11-20", "Klachtenregeling", 3),
            "starts in the past",
        ),
        (save("2026-11-23", "  ", 3), "has no text"),
        (
            save("2026-11-23", "Klachtenregeling", 0),
            "promises zero days",
        ),
        (
            save("2026-11-23", "Klachtenregeling", 400),
            "promises more than a year",
        ),
    ] {
        let body = app.as_user(&admin, SAVE_PROCEDURE, variables).await;
        assert_eq!(
            error_code(&body),
            Some("VALIDATION"),
            "a version that {why}: {body}"
        );
    }
    let refused = app
        .as_user(
            &staff,
            SAVE_PROCEDURE,
            save("2026-11-23", "Klachtenregeling", 3),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    let versions = app
        .as_user(&admin, "{ procedureVersions { label } }", json!({}))
        .await;
    assert_eq!(
        versions["data"]["procedureVersions"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "{versions}"
    );

    // A version from today that promises the acknowledgement within 3 working days.
    let saved = app
        .as_user(
            &admin,
            SAVE_PROCEDURE,
            save("2026-11-23", "Klachtenregeling, versie 2", 3),
        )
        .await;
    assert_eq!(
        saved["data"]["saveProcedureVersion"]["parameters"]["acknowledgementWorkingDays"], 3,
        "{saved}"
    );
    let registered = app.as_user(&staff, REGISTER_PHONE, json!({})).await;
    assert_eq!(
        registered["data"]["registerComplaint"]["deadlines"]["acknowledgement"]["dueOn"],
        "2026-11-26",
        "three working days after Monday 23 November: {registered}"
    );
    // Now complaints rest on it, it no longer changes.
    let again = app
        .as_user(
            &admin,
            SAVE_PROCEDURE,
            save("2026-11-23", "Klachtenregeling, versie 3", 4),
        )
        .await;
    assert_eq!(error_code(&again), Some("CONFLICT"), "{again}");
    assert_eq!(
        again["errors"][0]["extensions"]["reason"],
        json!("IN_USE"),
        "{again}"
    );
    let versions = app
        .as_user(
            &admin,
            "{ procedureVersions { effectiveFrom text } }",
            json!({}),
        )
        .await;
    assert_eq!(
        versions["data"]["procedureVersions"][1],
        json!({"effectiveFrom": "2026-11-23", "text": "Klachtenregeling, versie 2"})
    );
}

#[tokio::test]
async fn an_account_an_admin_switches_back_on_waits_for_a_director_for_its_handler_role() {
    let app = TestApp::spawn().await;
    let admin = app.user("Bert Beheer", &[Role::Admin]).await;
    let handler = app
        .user("Hanna Handler", &[Role::Handler, Role::Staff])
        .await;
    let switch = "mutation($id: ID!, $on: Boolean!) { updateUser(id: $id, input: {active: $on}) { active user { roles } pendingRoles } }";
    let off = app
        .as_user(&admin, switch, json!({"id": handler.id, "on": false}))
        .await;
    assert_eq!(off["data"]["updateUser"]["active"], false, "{off}");
    let on = app
        .as_user(&admin, switch, json!({"id": handler.id, "on": true}))
        .await;
    assert_eq!(
        on["data"]["updateUser"],
        json!({"active": true, "user": {"roles": ["STAFF"]}, "pendingRoles": ["STAFF", "HANDLER"]}),
        "{on}"
    );
}

#[tokio::test]
async fn wrong_current_passwords_pause_change_password_like_logins() {
    let app = TestApp::spawn().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let change = "mutation($c: String!) { changePassword(current: $c, new: \"een-nieuw-wachtwoord\") { token } }";
    for _ in 0..klachten::auth::MAX_FAILURES_PER_ACCOUNT {
        let wrong = app
            .as_user(&staff, change, json!({"c": "geraden-wachtwoord"}))
            .await;
        assert_eq!(error_code(&wrong), Some("VALIDATION"), "{wrong}");
    }
    // Now even the right one waits.
    let paused = app
        .as_user(&staff, change, json!({"c": staff.password}))
        .await;
    assert_eq!(error_code(&paused), Some("RATE_LIMITED"), "{paused}");
}

/// An admin whose app asks in Dutch is told what to change in Dutch (marked
/// `extensions.lang`), with the same stable code; asked in English or without saying, the
/// message is English, and the Dutch never travels along with it.
#[tokio::test]
async fn admin_is_told_in_dutch_what_to_change_when_asking_in_dutch() {
    let app = TestApp::spawn().await;
    let admin = app.user("Aad Admin", &[Role::Admin]).await;
    // Creates a user with `email`, asking in `language`: the first error and the Vary header.
    let create = |email: &str, language: Option<&str>| {
        let mut request = app
            .http
            .post(format!("{}/graphql", app.address))
            .bearer_auth(&admin.token)
            .json(&json!({
                "query": "mutation($input: CreateUserInput!) { createUser(input: $input) { active } }",
                "variables": {"input": {
                    "email": email, "name": "Tweede Aad", "roles": ["STAFF"], "password": "a-long-password"
                }}
            }));
        if let Some(language) = language {
            request = request.header("Accept-Language", language);
        }
        async move {
            let response = request.send().await.expect("request");
            let vary = response
                .headers()
                .get("vary")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let body: Value = response.json().await.expect("JSON body");
            (body["errors"][0].clone(), vary)
        }
    };
    let (dutch, vary) = create(&admin.email, Some("nl-NL,nl;q=0.9,en;q=0.8")).await;
    assert_eq!(dutch["extensions"]["code"], "VALIDATION", "{dutch}");
    assert_eq!(
        dutch["message"],
        "Met dit e-mailadres bestaat al een account."
    );
    assert_eq!(dutch["extensions"]["lang"], "nl");
    assert!(vary.contains("Accept-Language"), "{vary}");
    for language in [Some("en-GB,nl;q=0.9"), None] {
        let (english, _) = create(&admin.email, language).await;
        assert_eq!(english["extensions"]["code"], "VALIDATION", "{english}");
        assert_eq!(
            english["message"],
            "that e-mail address already has an account"
        );
        assert!(english["extensions"].get("lang").is_none(), "{english}");
        assert!(english["extensions"].get("nl").is_none(), "{english}");
    }
    // What the domain core explains comes in Dutch too.
    let (address, _) = create("geen-adres", Some("nl")).await;
    assert_eq!(address["extensions"]["lang"], "nl", "{address}");
    assert!(
        address["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Een e-mailadres heeft één @")),
        "{address}"
    );
}
