//! The audit log: directors read it by complaint, person and period; nobody can change it; a
//! row altered by hand is found (SECURITY R7).

use super::{register, step};
use klachten::db::audit::{self, Anchor, Broken};
use klachten::db::entities::audit_log;
use klachten_core::actor::Role;
use klachten_tests::{TestApp, error_code};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{Value, json};

const AUDIT_LOG: &str = "query($filter: AuditFilter, $first: Int!, $before: ID) { auditLog(filter: $filter, first: $first, before: $before) { entries { seq at actor actorName action complaintReference detail hash } hasMore } }";

fn actions(body: &Value) -> Vec<String> {
    body["data"]["auditLog"]["entries"]
        .as_array()
        .unwrap_or_else(|| panic!("no entries: {body}"))
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn director_reads_the_audit_log_by_complaint_person_and_period() {
    let app = TestApp::on("2026-11-23").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    let first = register(&app, &staff, json!({})).await;
    let first_id = first["id"].as_str().unwrap().to_owned();
    register(&app, &staff, json!({"channel": "PHONE"})).await;
    app.set_today("2026-11-25");
    let acknowledged = step(
        &app,
        &handler,
        "acknowledgeComplaint",
        &first_id,
        ", on: $on",
        json!({"on": "2026-11-25"}),
    )
    .await;
    assert!(acknowledged["errors"].is_null(), "{acknowledged}");
    let failed = app
        .gql(None, "mutation { login(email: \"sanne.staf@test.local\", password: \"wrong-password\") { token } }", json!({}))
        .await;
    assert_eq!(error_code(&failed), Some("UNAUTHENTICATED"));

    // One complaint: its registration, the reads of it and the step taken.
    let by_complaint = app
        .as_user(
            &director,
            AUDIT_LOG,
            json!({"filter": {"complaintReference": "kl-2026-0001"}, "first": 50}),
        )
        .await;
    let seen = actions(&by_complaint);
    for action in ["REGISTER", "ACKNOWLEDGE", "READ_IDENTIFIED"] {
        assert!(
            seen.iter().any(|a| a == action),
            "{action} missing: {seen:?}"
        );
    }
    for entry in by_complaint["data"]["auditLog"]["entries"]
        .as_array()
        .unwrap()
    {
        assert_eq!(entry["complaintReference"], "KL-2026-0001", "{entry}");
    }

    // One person: what the handler did, named.
    let by_person = app
        .as_user(
            &director,
            AUDIT_LOG,
            json!({"filter": {"userId": handler.id}, "first": 50}),
        )
        .await;
    let entries = by_person["data"]["auditLog"]["entries"].as_array().unwrap();
    assert!(!entries.is_empty(), "{by_person}");
    for entry in entries {
        assert_eq!(entry["actorName"], "Hanna Handler", "{entry}");
    }
    // The failed login is listed under the account it was tried on.
    let staff_entries = app
        .as_user(
            &director,
            AUDIT_LOG,
            json!({"filter": {"userId": staff.id}, "first": 50}),
        )
        .await;
    assert!(
        actions(&staff_entries).contains(&"LOGIN_FAILED".to_owned()),
        "{staff_entries}"
    );

    // One period: 25 November holds the step and the failed login, not the registrations.
    let on_the_25th = app
        .as_user(
            &director,
            AUDIT_LOG,
            json!({"filter": {"from": "2026-11-25", "to": "2026-11-25"}, "first": 50}),
        )
        .await;
    let seen = actions(&on_the_25th);
    assert!(seen.contains(&"ACKNOWLEDGE".to_owned()), "{seen:?}");
    assert!(!seen.contains(&"REGISTER".to_owned()), "{seen:?}");
    let before = app
        .as_user(
            &director,
            AUDIT_LOG,
            json!({"filter": {"to": "2026-11-24"}, "first": 50}),
        )
        .await;
    assert!(!actions(&before).contains(&"ACKNOWLEDGE".to_owned()));

    // Pages, newest first, continue where the last one ended.
    let page = app.as_user(&director, AUDIT_LOG, json!({"first": 2})).await;
    let entries = page["data"]["auditLog"]["entries"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(entries.len(), 2);
    assert_eq!(page["data"]["auditLog"]["hasMore"], true);
    let seq = |e: &Value| e["seq"].as_str().unwrap().parse::<i64>().unwrap();
    assert!(seq(&entries[0]) > seq(&entries[1]));
    let next = app
        .as_user(
            &director,
            AUDIT_LOG,
            json!({"first": 2, "before": entries[1]["seq"]}),
        )
        .await;
    let next_entries = next["data"]["auditLog"]["entries"].as_array().unwrap();
    assert_eq!(seq(&next_entries[0]), seq(&entries[1]) - 1, "{next}");

    // Reading the log is recorded too; others may not read it; bad paging is refused.
    let latest = app.as_user(&director, AUDIT_LOG, json!({"first": 1})).await;
    assert_eq!(actions(&latest), vec!["AUDIT_LOG_READ".to_owned()]);
    for user in [&staff, &handler] {
        let refused = app.as_user(user, AUDIT_LOG, json!({"first": 10})).await;
        assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    }
    for (first, before) in [(0, json!(null)), (201, json!(null)), (10, json!("drie"))] {
        let refused = app
            .as_user(
                &director,
                AUDIT_LOG,
                json!({"first": first, "before": before}),
            )
            .await;
        assert_eq!(error_code(&refused), Some("VALIDATION"), "{refused}");
    }
}

#[tokio::test]
async fn the_audit_log_refuses_changes_and_verify_names_a_row_altered_by_hand() {
    let app = TestApp::on("2026-11-23").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    register(&app, &staff, json!({})).await;
    let db = &app.state.db;
    assert!(matches!(audit::verify(db, &app.state.audit_key, &[]).await.unwrap(), Ok(n) if n >= 2));

    // The application's connection cannot change or remove an entry.
    for sql in [
        "UPDATE audit_log SET action = 'NOTHING' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 2",
    ] {
        let refused = db.execute_unprepared(sql).await;
        assert!(refused.is_err(), "{sql} was allowed");
    }
    assert!(
        audit::verify(db, &app.state.audit_key, &[])
            .await
            .unwrap()
            .is_ok()
    );

    // Someone who can drop the safeguard alters a row: verify names that entry.
    let bypass = match db.get_database_backend() {
        DatabaseBackend::Postgres => "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
        _ => "DROP TRIGGER audit_log_no_update",
    };
    db.execute_unprepared(bypass).await.unwrap();
    db.execute_unprepared("UPDATE audit_log SET action = 'LOGOUT' WHERE seq = 2")
        .await
        .unwrap();
    let broken = audit::verify(db, &app.state.audit_key, &[])
        .await
        .unwrap()
        .expect_err("the altered entry is found");
    assert!(
        matches!(&broken, Broken::Entry { seq: 2, action, .. } if action == "LOGOUT"),
        "{broken:?}"
    );
    assert!(broken.to_string().starts_with("entry 2 ("), "{broken}");
}

/// A server with a few entries in its audit log, the safeguards against changing it dropped
/// (as someone with the database file can), and the anchor of its head.
async fn exposed_log() -> (TestApp, Anchor) {
    let app = TestApp::on("2026-11-23").start().await;
    let staff = app.user("Sanne Staf", &[Role::Staff]).await;
    register(&app, &staff, json!({})).await;
    let db = &app.state.db;
    let statements: &[&str] = match db.get_database_backend() {
        DatabaseBackend::Postgres => &[
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate",
        ],
        _ => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
    };
    for sql in statements {
        db.execute_unprepared(sql).await.unwrap();
    }
    let anchor = audit::head(db).await.unwrap().unwrap();
    assert!(anchor.seq >= 3, "{anchor}");
    assert_eq!(anchor.to_string().parse::<Anchor>(), Ok(anchor.clone()));
    let verified = audit::verify(db, &app.state.audit_key, std::slice::from_ref(&anchor)).await;
    assert_eq!(verified.unwrap(), Ok(usize::try_from(anchor.seq).unwrap()));
    (app, anchor)
}

async fn verify_with(app: &TestApp, anchors: &[Anchor]) -> Result<usize, Broken> {
    audit::verify(&app.state.db, &app.state.audit_key, anchors)
        .await
        .unwrap()
}

#[tokio::test]
async fn deleting_the_last_audit_entries_is_found_by_the_anchor() {
    let (app, anchor) = exposed_log().await;
    app.state
        .db
        .execute_unprepared(&format!(
            "DELETE FROM audit_log WHERE seq >= {}",
            anchor.seq - 1
        ))
        .await
        .unwrap();
    // What is left is a sound chain; only the anchor shows what is missing.
    assert!(verify_with(&app, &[]).await.is_ok());
    let broken = verify_with(&app, std::slice::from_ref(&anchor))
        .await
        .unwrap_err();
    assert_eq!(broken, Broken::Anchor(anchor.clone()));
    assert!(
        broken.to_string().contains("entries were deleted"),
        "{broken}"
    );
}

#[tokio::test]
async fn an_emptied_audit_log_does_not_verify() {
    let (app, anchor) = exposed_log().await;
    app.state
        .db
        .execute_unprepared("DELETE FROM audit_log")
        .await
        .unwrap();
    assert_eq!(verify_with(&app, &[]).await, Err(Broken::Empty));
    assert_eq!(
        verify_with(&app, std::slice::from_ref(&anchor)).await,
        Err(Broken::Anchor(anchor))
    );
    // A restart does not paper over it: the server keys only a new log.
    let mut config = app.state.config.clone();
    config.listen = "127.0.0.1:0".to_owned();
    klachten::Application::build(config, app.clock.clone())
        .await
        .unwrap();
    assert_eq!(verify_with(&app, &[]).await, Err(Broken::Empty));
}

/// Rewrites every entry's chain: `keyed` with a made-up key (the attacker has not the real
/// one) under the real key id, or as plain SHA-256 entries of an earlier release.
async fn recompute(app: &TestApp, keyed: bool) {
    use hmac::Mac as _;
    use sha2::Digest as _;
    let db = &app.state.db;
    let rows = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Seq)
        .all(db)
        .await
        .unwrap();
    let mut prev = audit::GENESIS.to_owned();
    for row in rows {
        let seq = row.seq.to_string();
        let at = row.at.timestamp_millis().to_string();
        let mut parts = vec![
            seq.as_str(),
            &at,
            &row.actor,
            &row.action,
            row.complaint_id.as_deref().unwrap_or(""),
            row.detail.as_deref().unwrap_or(""),
            &prev,
        ];
        let key_id = app.state.audit_key.id().to_owned();
        let hash = if keyed {
            parts.push(&key_id);
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"a guess").unwrap();
            for part in parts {
                mac.update(part.as_bytes());
                mac.update(&[0x1f]);
            }
            hex::encode(mac.finalize().into_bytes())
        } else {
            let mut h = sha2::Sha256::new();
            for part in parts {
                h.update(part.as_bytes());
                h.update([0x1f]);
            }
            hex::encode(h.finalize())
        };
        let mut changed: audit_log::ActiveModel = row.into();
        changed.prev_hash = Set(prev.clone());
        changed.hash = Set(hash.clone());
        changed.key_id = Set(keyed.then_some(key_id));
        changed.update(db).await.unwrap();
        prev = hash;
    }
}

#[tokio::test]
async fn an_audit_chain_recomputed_without_the_key_does_not_verify() {
    let (app, anchor) = exposed_log().await;
    recompute(&app, true).await;
    assert!(
        matches!(
            verify_with(&app, &[]).await,
            Err(Broken::Entry { seq: 1, .. })
        ),
        "a guessed key fails at the first entry"
    );
    // Recomputed as entries of an earlier release: the chain now ends unkeyed, and the
    // anchor's hash is gone.
    recompute(&app, false).await;
    assert_eq!(
        verify_with(&app, &[]).await,
        Err(Broken::Unkeyed { seq: anchor.seq })
    );
    assert_eq!(
        verify_with(&app, std::slice::from_ref(&anchor)).await,
        Err(Broken::Anchor(anchor))
    );
}

#[tokio::test]
async fn directors_receive_the_daily_anchor_of_the_audit_log() {
    let app = TestApp::on("2026-11-23").start().await;
    let director = app.user("Dirk Directeur", &[Role::Director]).await;
    klachten::worker::anchor_audit_log(&app.state, klachten_tests::date("2026-11-23"))
        .await
        .unwrap();
    let anchor = audit::head(&app.state.db).await.unwrap().unwrap();
    let mails = klachten::db::entities::mail_outbox::Entity::find()
        .filter(klachten::db::entities::mail_outbox::Column::Kind.eq("AUDIT_ANCHOR"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].recipient, director.email);
    assert!(
        mails[0]
            .body
            .contains(&format!("klachten audit verify --anchor {anchor}")),
        "{}",
        mails[0].body
    );
    assert_eq!(verify_with(&app, &[anchor]).await.map(|n| n > 0), Ok(true));
}

#[tokio::test]
async fn handlers_reading_at_the_same_moment_are_each_answered_and_each_read_is_in_the_chain() {
    let app = TestApp::spawn().await;
    let handler = app.user("Hanna Handler", &[Role::Handler]).await;
    let c = register(&app, &handler, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let query =
        "query($id: ID!) { complaint(id: $id) { ... on IdentifiedComplaint { reference } } }";
    // Sixteen reads of identifying data in flight together, each written to the audit log.
    let answers = app
        .all_at_once(&handler.token, query, vec![json!({"id": id}); 16])
        .await;
    for answer in answers {
        assert!(answer["errors"].is_null(), "{answer}");
    }
    let db = &app.state.db;
    let reads = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("READ_IDENTIFIED"))
        .all(db)
        .await
        .unwrap();
    // The registration's answer was one read too.
    assert_eq!(reads.len(), 17);
    assert!(
        audit::verify(db, &app.state.audit_key, &[])
            .await
            .unwrap()
            .is_ok()
    );
}
