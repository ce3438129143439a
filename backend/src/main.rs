//! `klachten`: serve (default), migrate, user add, demo, export-schema, purge, audit verify,
//! backup, token-key rotate.

use clap::{Parser, Subcommand};
use klachten::clock::SystemClock;
use klachten::config::Config;
use klachten::{Application, auth, db};
use klachten_core::actor::Role;
use klachten_core::time::Clock;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "klachten",
    about = "Complaint registration and handling for PerspectiefPlus"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the server (the default).
    Serve,
    /// Create or update the database schema and stop.
    Migrate,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Load demo users (`<role>@demo.local` / `demo-<role>`) and a dozen complaints.
    Demo,
    /// Print the GraphQL schema (SDL), as checked in at schema.graphql.
    ExportSchema,
    /// Erase the identifying data of complaints closed longer ago than their retention period
    /// (the server also does this daily); complaints under a legal hold are kept.
    Purge {
        /// Report what would be purged without changing anything.
        #[arg(long)]
        dry_run: bool,
        /// Count this day (YYYY-MM-DD) as today instead of the real one.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Check the audit log's hash chain.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Manage the token signing keys.
    TokenKey {
        #[command(subcommand)]
        command: TokenKeyCommand,
    },
    /// Copy the SQLite database to a new file while the server runs, and check the copy
    /// (integrity and audit chain). On PostgreSQL, use pg_dump.
    Backup {
        /// The new file; an existing one is never overwritten.
        #[arg(long, value_name = "FILE")]
        to: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from KLACHTEN_PASSWORD and must be changed at the first
    /// login. Audited, and mailed to the directors.
    Add {
        /// Login e-mail address.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Roles: STAFF, HANDLER, DIRECTOR, DPO, ADMIN (repeat or separate with commas).
        #[arg(long = "role", value_delimiter = ',', required = true)]
        roles: Vec<String>,
    },
}

#[derive(Subcommand)]
enum TokenKeyCommand {
    /// Add a new signing key that takes over in two minutes (running servers read it within
    /// one); tokens signed before stay valid until they expire, then the old key is dropped.
    Rotate,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify every entry against its keyed hash and its predecessor, and that the chain still
    /// holds each anchor (the head as the daily anchor wrote it down outside the database).
    Verify {
        /// An anchor, SEQ:HASH, as the operator's log or the directors' mail gave it; repeat
        /// for several.
        #[arg(long = "anchor", value_name = "SEQ:HASH")]
        anchors: Vec<db::audit::Anchor>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    init_logging(config.dev);
    match run(cli.command.unwrap_or(Command::Serve), config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("klachten: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(dev: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KLACHTEN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if dev {
        builder.init();
    } else {
        builder.json().init();
    }
}

async fn run(command: Command, config: Config) -> Result<(), String> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match command {
        Command::Serve => {
            let app = Application::build(config, clock)
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(port = app.port(), "klachten listening");
            app.run_until(shutdown_signal())
                .await
                .map_err(|e| e.to_string())
        }
        Command::Migrate => {
            db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            println!("the database schema is up to date");
            Ok(())
        }
        Command::User {
            command: UserCommand::Add { email, name, roles },
        } => {
            let password = std::env::var("KLACHTEN_PASSWORD")
                .map_err(|_| "set the new user's password in KLACHTEN_PASSWORD".to_owned())?;
            let shortest = klachten_core::limits::PASSWORD_MIN;
            if password.chars().count() < shortest {
                return Err(format!("a password needs at least {shortest} characters"));
            }
            let roles = roles
                .iter()
                .map(|r| {
                    db::codes::role_from(&r.trim().to_uppercase())
                        .filter(|r| *r != Role::Integration)
                        .ok_or_else(|| {
                            format!("unknown role {r}: use STAFF, HANDLER, DIRECTOR, DPO or ADMIN")
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let hash = auth::hash_password(&password).map_err(|e| e.to_string())?;
            let key = audit_key(&config)?;
            let now = clock.now();
            let txn = db::begin(&conn).await.map_err(|e| e.to_string())?;
            let user = db::users::create(&txn, &email, &name, hash, &roles, now)
                .await
                .map_err(|e| {
                    format!("could not add the user (is the e-mail address taken?): {e}")
                })?;
            // The operator chose the password: the user chooses their own at the first login.
            db::users::set_must_change_password(&txn, user.id, true)
                .await
                .map_err(|e| e.to_string())?;
            let by = klachten::services::accounts::By {
                actor: klachten_core::actor::Actor::system(),
                label: "cli",
                name: "de beheerder van de server (opdrachtregel)",
            };
            klachten::services::accounts::created(&txn, &key, &config, now, &by, &user)
                .await
                .map_err(|e| e.message)?;
            txn.commit().await.map_err(|e| e.to_string())?;
            println!(
                "added {} ({})",
                user.email,
                db::codes::roles_to_string(&user.roles)
            );
            Ok(())
        }
        Command::TokenKey {
            command: TokenKeyCommand::Rotate,
        } => {
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let key = config.resolve_secrets_key()?;
            let (kid, from) = klachten::token_keys::rotate(&conn, &config, &key, clock.now())
                .await
                .map_err(|e| e.to_string())?;
            println!("new token signing key {kid}: signs from {from}");
            Ok(())
        }
        Command::Demo => {
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let message = klachten::demo::load(&conn, &audit_key(&config)?, clock.as_ref())
                .await
                .map_err(|e| e.to_string())?;
            println!("{message}");
            Ok(())
        }
        Command::ExportSchema => {
            print!("{}", klachten::graphql::sdl());
            Ok(())
        }
        Command::Purge { dry_run, as_of } => {
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let as_of = as_of.unwrap_or_else(|| SystemClock.today());
            let report = klachten::purge::run(
                &conn,
                &config,
                &audit_key(&config)?,
                SystemClock.now(),
                as_of,
                dry_run,
            )
            .await
            .map_err(|e| e.message)?;
            print!("{report}");
            if report.failed.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{} complaint(s) could not be purged; the directors were told",
                    report.failed.len()
                ))
            }
        }
        Command::Backup { to } => {
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let backup = klachten::backup::sqlite(&conn, &audit_key(&config)?, &to).await?;
            println!(
                "backup written to {} ({} bytes); it passes the integrity check and its audit \
                 log's {} entries verify",
                to.display(),
                backup.bytes,
                backup.audit_entries
            );
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify { anchors },
        } => {
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let key = audit_key(&config)?;
            match db::audit::verify(&conn, &key, &anchors)
                .await
                .map_err(|e| e.to_string())?
            {
                Ok(count) => {
                    println!(
                        "the audit log's {count} entries verify{}",
                        if anchors.is_empty() {
                            " (give --anchor SEQ:HASH from the daily anchor to prove none were deleted at the end)"
                        } else {
                            ", and the chain holds every anchor given"
                        }
                    );
                    Ok(())
                }
                Err(broken) => Err(format!(
                    "the audit log is broken: {broken}; what follows is unproven"
                )),
            }
        }
    }
}

/// The audit chain's key, from the secrets key the server uses.
fn audit_key(config: &Config) -> Result<db::audit::AuditKey, String> {
    Ok(db::audit::AuditKey::from_secrets(
        &config.resolve_secrets_key()?,
    ))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
