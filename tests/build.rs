//! Checks the tests' GraphQL documents against `schema.graphql` before the tests compile
//! (`build/documents.rs`): a document that names what the schema lacks fails the build.

#[path = "build/documents.rs"]
mod documents;
#[path = "../xtask/src/rust_source.rs"]
mod rust_source;

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema_file = root.join("../schema.graphql");
    println!("cargo:rerun-if-changed={}", schema_file.display());
    println!("cargo:rerun-if-changed=build/documents.rs");
    println!("cargo:rerun-if-changed=../xtask/src/rust_source.rs");
    let sdl = std::fs::read_to_string(&schema_file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", schema_file.display()));
    let schema = documents::Schema::parse(&sdl).unwrap_or_else(|e| panic!("{e}"));
    let mut files = Vec::new();
    for dir in ["tests", "src"] {
        println!("cargo:rerun-if-changed={dir}");
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let source = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        for found in documents::documents(&source) {
            checked += 1;
            for problem in documents::check_text(&schema, &found.text) {
                let shown = file.strip_prefix(root).unwrap_or(file);
                problems.push(format!("{}:{}: {problem}", shown.display(), found.line));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the tests' GraphQL documents do not match schema.graphql:\n{}",
        problems.join("\n")
    );
    assert!(checked > 0, "no GraphQL documents found in the tests");
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
