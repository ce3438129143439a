//! Backups an operator can rely on: on SQLite `klachten backup` copies the running database
//! and checks the copy; on PostgreSQL a `pg_dump` restored into an empty database holds the
//! same rows and its audit chain verifies.

use super::register;
use klachten::db::audit;
use klachten_core::actor::Role;
use klachten_tests::TestApp;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::json;
use std::process::Command;

/// Rows per table of the application (not the migration bookkeeping), sorted by table.
async fn rows_per_table(db: &DatabaseConnection) -> Vec<(String, i64)> {
    let backend = db.get_database_backend();
    let list = match backend {
        DbBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> 'seaql_migrations' ORDER BY name"
        }
        _ => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_type = 'BASE TABLE' AND table_name <> 'seaql_migrations' ORDER BY 1"
        }
    };
    let tables: Vec<String> = db
        .query_all_raw(Statement::from_string(backend, list))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    let mut counts = Vec::new();
    for table in tables {
        let n = db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT count(*) FROM \"{table}\""),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        counts.push((table, n));
    }
    counts
}

#[tokio::test]
async fn an_operators_backup_holds_every_row_and_its_audit_chain_verifies() {
    let app = TestApp::spawn().await;
    let handler = app.user("Henk Handelaar", &[Role::Handler]).await;
    for name in ["Wietske Kanarie", "Bram Kanarie"] {
        register(&app, &handler, json!({"complainant": {"name": name}})).await;
    }
    let db = &app.state.db;
    let original = rows_per_table(db).await;
    assert!(original.iter().any(|(t, n)| t == "complaints" && *n == 2));
    let entries = audit::verify(db, &app.state.audit_key, &[])
        .await
        .unwrap()
        .unwrap();
    let dir =
        std::env::temp_dir().join(format!("klachten-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();

    let mut cleanup = None;
    let restored = if db.get_database_backend() == DbBackend::Sqlite {
        let file = dir.join("kopie.db");
        let made = klachten::backup::sqlite(db, &app.state.audit_key, &file)
            .await
            .unwrap();
        assert_eq!(made.audit_entries, entries);
        assert!(made.bytes > 0);
        // Never over an existing file.
        let again = klachten::backup::sqlite(db, &app.state.audit_key, &file)
            .await
            .unwrap_err();
        assert!(again.contains("already exists"), "{again}");
        Database::connect(format!("sqlite://{}?mode=ro", file.display()))
            .await
            .unwrap()
    } else {
        // PostgreSQL: the server points to pg_dump; the dump restores into an empty database.
        let advice = klachten::backup::sqlite(db, &app.state.audit_key, &dir.join("x.db"))
            .await
            .unwrap_err();
        assert!(advice.contains("pg_dump"), "{advice}");
        let dump = dir.join("klachten.dump");
        let dumped = Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--file"])
            .arg(&dump)
            .arg(&app.database_url)
            .output()
            .expect("pg_dump runs (apt-get install -y postgresql-client)");
        assert!(
            dumped.status.success(),
            "{}",
            String::from_utf8_lossy(&dumped.stderr)
        );
        let (base, name) = app.database_url.rsplit_once('/').unwrap();
        let copy = format!("{name}_restored");
        let server = Database::connect(std::env::var("TEST_DATABASE_URL").unwrap())
            .await
            .unwrap();
        server
            .execute_unprepared(&format!("CREATE DATABASE \"{copy}\""))
            .await
            .unwrap();
        let restore = Command::new("pg_restore")
            .args(["--no-owner", "--exit-on-error", "--dbname"])
            .arg(format!("{base}/{copy}"))
            .arg(&dump)
            .output()
            .expect("pg_restore runs (apt-get install -y postgresql-client)");
        assert!(
            restore.status.success(),
            "{}",
            String::from_utf8_lossy(&restore.stderr)
        );
        cleanup = Some((server, copy.clone()));
        Database::connect(format!("{base}/{copy}")).await.unwrap()
    };
    assert_eq!(rows_per_table(&restored).await, original);
    assert_eq!(
        audit::verify(&restored, &app.state.audit_key, &[])
            .await
            .unwrap(),
        Ok(entries)
    );
    restored.close().await.unwrap();
    if let Some((server, copy)) = cleanup {
        server
            .execute_unprepared(&format!("DROP DATABASE \"{copy}\""))
            .await
            .unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}
