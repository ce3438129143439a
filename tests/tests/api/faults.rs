//! Faults between the server and its database: a session ended by the database in the middle
//! of a mutation (PostgreSQL). The SQLite counterpart, the server killed mid-write, is in
//! `backend/tests/crash.rs`.

use super::register;
use klachten_core::actor::Role;
use klachten_tests::{TestApp, error_code};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement, TransactionTrait};
use serde_json::{Value, json};
use std::time::Duration;

async fn count(db: &impl ConnectionTrait, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

#[tokio::test]
async fn a_session_ended_mid_registration_saves_nothing_and_the_next_request_works() {
    let app = TestApp::spawn().await;
    if !app.database_url.starts_with("postgres") {
        eprintln!(
            "PostgreSQL only: set TEST_DATABASE_URL (SQLite's crash test is in backend/tests)"
        );
        return;
    }
    let handler = app.user("Henk Handelaar", &[Role::Handler]).await;
    register(&app, &handler, json!({})).await;
    let before = "SELECT (SELECT count(*) FROM complaints) + (SELECT count(*) FROM complaint_parties) \
                  + (SELECT count(*) FROM complaint_events) + (SELECT count(*) FROM mail_outbox) \
                  + (SELECT count(*) FROM jobs) + (SELECT count(*) FROM audit_log WHERE action = 'REGISTER')";
    let watcher = Database::connect(app.database_url.as_str()).await.unwrap();
    let rows_before = count(&watcher, before).await;

    // Another session holds the complaints table, so the registration waits inside its
    // transaction; the database then ends the server's session.
    let blocker = Database::connect(app.database_url.as_str()).await.unwrap();
    let hold = blocker.begin().await.unwrap();
    hold.execute_unprepared("LOCK TABLE complaints IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let registration = app.as_user(
        &handler,
        "mutation($i: RegisterComplaintInput!) { registerComplaint(input: $i) { __typename } }",
        json!({"i": {"receivedOn": "2026-11-20", "channel": "LETTER", "category": "SERVICE",
            "complainant": {"name": "Wietske Kanarie"}, "facts": "Halverwege afgebroken."}}),
    );
    let terminate = async {
        let mut ended = 0;
        for _ in 0..100 {
            ended = count(
                &watcher,
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = current_database() AND application_name = 'klachten' \
                 AND wait_event_type = 'Lock'",
            )
            .await;
            if ended > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        hold.rollback().await.unwrap();
        ended
    };
    let (answer, ended): (Value, i64) = tokio::join!(registration, terminate);
    assert_eq!(
        ended, 1,
        "the registration never waited on the lock: {answer}"
    );

    // A clear, retryable error without internals; nothing of the registration was kept.
    assert_eq!(error_code(&answer), Some("INTERNAL"), "{answer}");
    assert_eq!(
        answer["errors"][0]["extensions"]["reason"], "DATABASE_UNAVAILABLE",
        "{answer}"
    );
    let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("try again"), "{message}");
    for internal in ["terminat", "SQL", "sqlx", "57P01", "Kanarie"] {
        assert!(!message.contains(internal), "{message}");
    }
    assert_eq!(count(&watcher, before).await, rows_before);

    // The pool replaces the ended session: the next request works without a restart.
    let again = register(&app, &handler, json!({})).await;
    assert_eq!(again["reference"], "KL-2026-0002", "{again}");
}
