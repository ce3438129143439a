//! The command line as an operator uses it: migrate, demo, purge (dry and real, as of a date),
//! audit verify and backup, on a SQLite file of its own.
#![expect(
    clippy::expect_used,
    reason = "test helpers: a failed expectation is a failed test"
)]

mod common;

use common::Workspace;
use std::process::{Command, Output};

fn klachten(dir: &Workspace, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_klachten"))
        .args(args)
        .env("DATABASE_URL", dir.database_url())
        .env_remove("KLACHTEN_CONFIG")
        .current_dir(dir.path())
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn operator_purges_the_demo_as_of_a_later_date_and_the_audit_log_still_verifies() {
    let dir = Workspace::new("cli");
    stdout(&klachten(&dir, &["migrate"]));
    stdout(&klachten(&dir, &["demo"]));
    assert!(stdout(&klachten(&dir, &["audit", "verify"])).contains("entries verify"));

    // Today only the demo's old closed complaint is due; long after closure all closed ones
    // are. A dry run changes nothing.
    let count = |text: &str| {
        text.lines()
            .filter(|l| {
                let l = l.trim_start();
                l.starts_with("purged KL-") || l.starts_with("would purge KL-")
            })
            .count()
    };
    let today = stdout(&klachten(&dir, &["purge", "--dry-run"]));
    assert!(today.starts_with("retention purge as of "), "{today}");
    let dry = stdout(&klachten(
        &dir,
        &["purge", "--dry-run", "--as-of", "2031-01-01"],
    ));
    assert!(
        dry.starts_with("retention purge as of 2031-01-01: would purge"),
        "{dry}"
    );
    assert!(count(&dry) > count(&today), "{dry}");
    let done = stdout(&klachten(&dir, &["purge", "--as-of", "2031-01-01"]));
    assert_eq!(count(&done), count(&dry), "{done}");
    let again = stdout(&klachten(&dir, &["purge", "--as-of", "2031-01-01"]));
    assert!(again.contains("purged 0 complaint(s)"), "{again}");
    assert!(stdout(&klachten(&dir, &["audit", "verify"])).contains("entries verify"));

    // A backup of the purged database: checked, and never written over an existing file.
    let backup = stdout(&klachten(&dir, &["backup", "--to", "kopie.db"]));
    assert!(backup.contains("audit log's"), "{backup}");
    assert!(dir.path().join("kopie.db").is_file());
    let again = klachten(&dir, &["backup", "--to", "kopie.db"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    // A date that is not one is refused before anything happens.
    let bad = klachten(&dir, &["purge", "--as-of", "1-1-2031"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--as-of"));
}

fn add_user(dir: &Workspace, email: &str, name: &str, role: &str) {
    let added = Command::new(env!("CARGO_BIN_EXE_klachten"))
        .args([
            "user", "add", "--email", email, "--name", name, "--role", role,
        ])
        .env("DATABASE_URL", dir.database_url())
        .env("KLACHTEN_PASSWORD", "een-wachtwoord-van-de-beheerder")
        .env_remove("KLACHTEN_CONFIG")
        .current_dir(dir.path())
        .output()
        .expect("the binary runs");
    stdout(&added);
}

#[tokio::test]
async fn operator_adds_users_on_the_command_line_audited_and_told_to_the_directors() {
    use klachten::db::entities::{audit_log, mail_outbox, users};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let dir = Workspace::new("useradd");
    add_user(
        &dir,
        "dora@perspectiefplus.nl",
        "Dora Directeur",
        "DIRECTOR",
    );
    add_user(&dir, "hanna@perspectiefplus.nl", "Hanna Handler", "HANDLER");
    let db = klachten::db::connect(&dir.database_url())
        .await
        .expect("the database opens");
    let created = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("USER_CREATED"))
        .all(&db)
        .await
        .expect("the audit log reads");
    assert_eq!(created.len(), 2, "{created:?}");
    assert!(created.iter().all(|e| e.actor == "cli"));
    assert!(
        created[1]
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("roles (geen) → HANDLER")),
        "{created:?}"
    );
    let told = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Kind.eq("ROLES_CHANGED"))
        .all(&db)
        .await
        .expect("the outbox reads");
    assert!(
        told.iter().any(|m| m.recipient == "dora@perspectiefplus.nl"
            && m.body.contains("Hanna Handler")
            && m.body.contains("HANDLER")),
        "{told:?}"
    );
    let accounts = users::Entity::find().all(&db).await.expect("users read");
    assert!(accounts.iter().all(|u| u.must_change_password));
    assert!(stdout(&klachten(&dir, &["audit", "verify"])).contains("entries verify"));
}
