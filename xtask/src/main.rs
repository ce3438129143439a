//! Project tasks, so that the README's commands are the ones CI runs.
//!
//! - `cargo xtask run [serve options]`: builds the browser app and starts the server (the
//!   README's run command).
//! - `cargo xtask test`: every check and test of the workspace, browser tests included (the
//!   README's test command).
//! - `cargo xtask build-frontend`: builds the browser app into `frontend/dist`.
//! - `cargo xtask check-core`: proves the domain core's dependency boundary.
//! - `cargo xtask check-modules`: proves the server's files import one another without a circle.
//! - `cargo xtask schema-check`: fails on an undeclared breaking change to `schema.graphql`.
//! - `cargo xtask lighthouse`: Lighthouse's mobile figures for the login page and the list
//!   (not part of CI).

mod frontend;
mod lighthouse;
mod modules;
mod rust_source;
mod schema;

use std::process::{Command, ExitCode};

/// Crates the domain core must never depend on, directly or through another crate: it knows
/// nothing of databases, HTTP, GraphQL or an async runtime.
const FORBIDDEN_IN_CORE: &[&str] = &[
    "sea-orm",
    "sea-orm-migration",
    "sea-query",
    "sqlx",
    "poem",
    "async-graphql",
    "tokio",
    "hyper",
    "reqwest",
    "jsonwebtoken",
    "lettre",
    "leptos",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("build-frontend") => frontend::build().map(|_| ()),
        Some("check-core") => check_core(),
        Some("check-modules") => modules::check(&server_sources()),
        Some("schema-check") => schema::check(),
        Some("lighthouse") => lighthouse::measure(),
        _ => {
            eprintln!(
                "usage: cargo xtask <run | test | build-frontend | check-core | check-modules | schema-check | lighthouse>"
            );
            eprintln!("  run             build the browser app and start the server");
            eprintln!("  test            run every check and test, browser tests included");
            eprintln!("  build-frontend  build the browser app into frontend/dist");
            eprintln!("  check-core      check that the domain core depends on no I/O crate");
            eprintln!("  check-modules   check that the server's files import without a circle");
            eprintln!("  schema-check    fail on an undeclared breaking change to schema.graphql");
            eprintln!(
                "  lighthouse      measure the login page and the list with Lighthouse (mobile)"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the boundary check and every test on SQLite, then, when `TEST_DATABASE_URL` names a
/// PostgreSQL server, the black-box tests again on PostgreSQL. Extra arguments go to `cargo test`.
fn test(extra: &[String]) -> Result<(), String> {
    check_core()?;
    modules::check(&server_sources())?;
    schema::check()?;
    frontend::build()?;
    frontend::check_browser()?;
    // The xtask's own tests run apart: built with the rest of the workspace, its dependencies
    // would be unified with the server's features and the server stack compiled twice.
    println!("xtask: the build tool's own tests");
    run_with(
        "cargo",
        &["test", "--locked", "--package", "xtask"],
        &[],
        &[],
    )?;
    let mut args = vec![
        "test",
        "--workspace",
        "--exclude",
        "klachten-frontend",
        "--exclude",
        "xtask",
        "--locked",
    ];
    args.extend(extra.iter().map(String::as_str));
    println!("xtask: every test, on SQLite");
    run_with("cargo", &args, &[], &["TEST_DATABASE_URL"])?;
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            println!("xtask: the black-box tests again, on PostgreSQL");
            let mut args = vec!["test", "--locked", "--package", "klachten-tests"];
            args.extend(extra.iter().map(String::as_str));
            run_with("cargo", &args, &[("TEST_DATABASE_URL", &url)], &[])
        }
        _ => {
            println!("xtask: TEST_DATABASE_URL is not set, so the PostgreSQL run is skipped");
            Ok(())
        }
    }
}

/// The server's sources, `backend/src`.
fn server_sources() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../backend/src")
}

/// Builds the browser app, then starts the server with it (extra arguments go to `klachten`).
fn run(extra: &[String]) -> Result<(), String> {
    frontend::build()?;
    let mut args = vec!["run", "--locked", "--package", "klachten", "--"];
    args.extend(extra.iter().map(String::as_str));
    run_with("cargo", &args, &[], &[])
}

/// Fails when `cargo tree` shows a forbidden crate among the core's dependencies.
fn check_core() -> Result<(), String> {
    let output = Command::new(cargo())
        .args([
            "tree",
            "--locked",
            "--package",
            "klachten-core",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .output()
        .map_err(|e| format!("could not run cargo tree: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo tree failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let tree = String::from_utf8_lossy(&output.stdout);
    let found = forbidden_crates(&tree);
    if found.is_empty() {
        let count = crate_names(&tree).len();
        println!("check-core: klachten-core depends on {count} crates, none of them I/O crates");
        Ok(())
    } else {
        Err(format!(
            "the domain core must stay pure, but depends on: {}",
            found.join(", ")
        ))
    }
}

/// The crate names in `cargo tree --prefix none --format {p}` output ("name vX.Y.Z (path)").
fn crate_names(tree: &str) -> Vec<String> {
    let mut names: Vec<String> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The forbidden crates (and their sub-crates, such as `sqlx-core` or `poem-derive`) in `tree`.
fn forbidden_crates(tree: &str) -> Vec<String> {
    crate_names(tree)
        .into_iter()
        .filter(|name| {
            FORBIDDEN_IN_CORE.iter().any(|f| {
                name == f
                    || name
                        .strip_prefix(f)
                        .is_some_and(|rest| rest.starts_with('-') || rest.starts_with('_'))
            })
        })
        .collect()
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs `program` with `args`, setting and removing environment variables.
fn run_with(
    program: &str,
    args: &[&str],
    set: &[(&str, &str)],
    unset: &[&str],
) -> Result<(), String> {
    let program = if program == "cargo" {
        cargo()
    } else {
        program.to_owned()
    };
    let mut command = Command::new(&program);
    command.args(args);
    for (key, value) in set {
        command.env(key, value);
    }
    for key in unset {
        command.env_remove(key);
    }
    let status = command
        .status()
        .map_err(|e| format!("could not run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} {} failed ({status})", args.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pure_tree_passes_the_boundary_check() {
        let tree = "klachten-core v0.1.0 (/w/backend/core)\nchrono v0.4.45\nserde v1.0.228\nthiserror v2.0.17\ncomputus v2.0.0\n";
        assert!(forbidden_crates(tree).is_empty());
        assert_eq!(crate_names(tree).len(), 5);
    }

    #[test]
    fn an_io_crate_anywhere_in_the_tree_fails_the_boundary_check() {
        let tree = "klachten-core v0.1.0\nchrono v0.4.45\ntokio v1.54.0\nsqlx-core v0.9.0\npoem-derive v3.1.12\nsea-orm v2.0.4\nasync-graphql-value v7.2.1\ntokio-macros v2.5.0\n";
        assert_eq!(
            forbidden_crates(tree),
            [
                "async-graphql-value",
                "poem-derive",
                "sea-orm",
                "sqlx-core",
                "tokio",
                "tokio-macros"
            ]
        );
    }

    #[test]
    fn similar_names_are_not_mistaken_for_forbidden_crates() {
        assert!(forbidden_crates("tokionic v1.0.0\npoemtools v0.1.0\n").is_empty());
    }
}
