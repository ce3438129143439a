//! `cargo xtask check-modules`: the server's files import one another without a circle.
//!
//! Each `.rs` file under `backend/src` is a node; a file points at another when its code names a
//! path into it (`crate::a::b`, `super::x`, `self::y`, a child module `c::…`, or a `use` group
//! `crate::{a, b::c}`). The crate root (`lib.rs`) is a node like any other; `main.rs` is the
//! binary, a crate of its own, and left out, as are test modules (from the first `#[cfg(test)]`)
//! and comments.
//! A circle means two files each need the other: neither can be read, tested or moved alone.
//!
//! On the same graph it checks the layers' rules: nothing under `graphql/` names `sea_orm` or a
//! path into `db/` (resolvers translate and call services), and only `db/` names the sea-orm
//! entities (`db/entities/`): elsewhere rows arrive as the repositories' own types.

use crate::rust_source::Token;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module as the path of names from the crate root (`["graphql", "context"]`).
type Module = Vec<String>;

/// Fails, naming each circle and its edges, when the files under `root` import in a circle.
pub fn check(root: &Path) -> Result<(), String> {
    let files = modules(root)?;
    let graph = graph(&files);
    let broken = layer_rules(&files, &graph);
    if !broken.is_empty() {
        return Err(format!(
            "{} break(s) of the layers' rules under backend/src (docs/ARCHITECTURE.md, \"The rule of the layers\"):\n  {}",
            broken.len(),
            broken.join("\n  ")
        ));
    }
    let circles = circles(&graph);
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    if circles.is_empty() {
        println!(
            "check-modules: {} files under backend/src import one another along {edges} edges, without a circle; graphql/ reaches the database only through services/, and only db/ names the entities or writes SQL",
            files.len()
        );
        return Ok(());
    }
    let mut report = String::new();
    for circle in &circles {
        report.push_str("  a circle:\n");
        for module in circle {
            let inside: Vec<String> = graph[module]
                .iter()
                .filter(|m| circle.contains(m))
                .map(name)
                .collect();
            report.push_str(&format!("    {} -> {}\n", name(module), inside.join(", ")));
        }
    }
    Err(format!(
        "{} import circle(s) between files under backend/src; move what both sides need into a module of its own:\n{report}",
        circles.len()
    ))
}

/// What breaks the layers' rules, one sentence each.
fn layer_rules(
    files: &BTreeMap<Module, String>,
    graph: &BTreeMap<Module, BTreeSet<Module>>,
) -> Vec<String> {
    let under = |module: &Module, folder: &[&str]| {
        module.len() > folder.len() - 1 && module.iter().zip(folder).all(|(m, f)| m == f)
    };
    let mut broken = Vec::new();
    for (module, targets) in graph {
        let file = name(module);
        if under(module, &["graphql"]) {
            let tokens = tokens(&files[module]);
            if tokens
                .windows(2)
                .any(|pair| pair[0] == "sea_orm" && pair[1] == "::")
            {
                broken.push(format!(
                    "{file} names sea_orm: a resolver calls a service, which calls a repository"
                ));
            }
            for target in targets.iter().filter(|t| under(t, &["db"])) {
                broken.push(format!(
                    "{file} names {}: resolvers reach the database only through services/",
                    name(target)
                ));
            }
        }
        if under(module, &["db"]) {
            continue;
        }
        if tokens(&files[module]).iter().any(|t| t == "Statement") {
            broken.push(format!(
                "{file} writes SQL statements: they belong in a repository under db/"
            ));
        }
        if targets.iter().any(|t| under(t, &["db", "entities"])) {
            broken.push(format!(
                "{file} names db::entities: put its queries in a repository under db/ that returns \
                 its own types"
            ));
        }
    }
    broken
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("/")
    }
}

/// Every file's module and its text (test modules and comments removed).
fn modules(root: &Path) -> Result<BTreeMap<Module, String>, String> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && path != root.join("main.rs") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                found.insert(module_of(root, &path), code_only(&text));
            }
        }
    }
    Ok(found)
}

fn module_of(root: &Path, file: &Path) -> Module {
    let relative: PathBuf = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|last| ["mod", "lib", "main"].contains(&last.as_str()))
    {
        parts.pop();
    }
    parts
}

/// The text before the first test module.
fn code_only(text: &str) -> String {
    text.split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The edges: for each module, the other modules its code names.
fn graph(files: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph = BTreeMap::new();
    for (module, code) in files {
        let parent: Module = module[..module.len().saturating_sub(1)].to_vec();
        let children: Vec<&str> = child_modules(code);
        let mut targets = BTreeSet::new();
        for path in paths(code, &children) {
            let (base, rest) = match path.first().map(String::as_str) {
                Some("crate") => (Vec::new(), &path[1..]),
                Some("super") => (parent.clone(), &path[1..]),
                Some("self") => (module.clone(), &path[1..]),
                _ => (module.clone(), &path[..]),
            };
            let full: Module = base.into_iter().chain(rest.iter().cloned()).collect();
            if let Some(target) = longest_file(files, &full)
                && target != *module
            {
                targets.insert(target);
            }
        }
        graph.insert(module.clone(), targets);
    }
    graph
}

fn longest_file(files: &BTreeMap<Module, String>, path: &[String]) -> Option<Module> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|candidate| files.contains_key(candidate))
}

/// The modules `code` declares as its children (`mod x;`).
fn child_modules(code: &str) -> Vec<&str> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("pub ").unwrap_or(line);
            let line = line
                .strip_prefix("pub(crate) ")
                .or_else(|| line.strip_prefix("pub(super) "))
                .unwrap_or(line);
            let name = line.strip_prefix("mod ")?.strip_suffix(';')?.trim();
            is_ident(name).then_some(name)
        })
        .collect()
}

fn is_ident(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Every path starting at `crate`, `super`, `self` or one of `children`, with `use` groups
/// expanded: `crate::a::{b, c::d}` gives `crate::a::b` and `crate::a::c::d`.
fn paths(code: &str, children: &[&str]) -> Vec<Vec<String>> {
    let tokens = tokens(code);
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let starts = matches!(token.as_str(), "crate" | "super" | "self")
            || children.contains(&token.as_str());
        let after_path = i > 0 && tokens[i - 1] == "::";
        if starts && !after_path && tokens.get(i + 1).is_some_and(|t| t == "::") {
            expand(&tokens, i, Vec::new(), &mut found);
        }
    }
    found
}

/// Reads the path at `tokens[at..]` after `prefix`, pushing each complete path to `out`.
fn expand(tokens: &[String], mut at: usize, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    loop {
        match tokens.get(at).map(String::as_str) {
            Some("{") => {
                let mut depth = 0;
                let mut start = at + 1;
                for (j, token) in tokens.iter().enumerate().skip(at) {
                    match token.as_str() {
                        "{" => depth += 1,
                        "}" | "," if depth == 1 => {
                            if start < j {
                                expand(tokens, start, prefix.clone(), out);
                            }
                            start = j + 1;
                            if token == "}" {
                                return;
                            }
                        }
                        "}" => depth -= 1,
                        _ => {}
                    }
                }
                return;
            }
            Some(word) if is_ident(word) => {
                prefix.push(word.to_owned());
                if tokens.get(at + 1).is_some_and(|t| t == "::") {
                    at += 2;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    if !prefix.is_empty() {
        out.push(prefix);
    }
}

/// Identifiers, `::`, braces and commas as text; any other token (a string, other punctuation)
/// becomes an empty one, which ends a path.
fn tokens(code: &str) -> Vec<String> {
    crate::rust_source::tokens(code)
        .into_iter()
        .map(|token| match token {
            Token::Ident(name) => name,
            Token::PathSep => "::".to_owned(),
            Token::Punct(c @ ('{' | '}' | ',')) => c.to_string(),
            Token::Punct(_) | Token::Str(..) => String::new(),
        })
        .collect()
}

/// The strongly connected groups of more than one module (Tarjan).
fn circles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        found: Vec<Vec<Module>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a Module) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in &self.graph[v] {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    group.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<Module, String> {
        list.iter()
            .map(|(path, code)| {
                let module = path
                    .split('/')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect();
                (module, code_only(code))
            })
            .collect()
    }

    fn edges(list: &[(&str, &str)]) -> Vec<(String, String)> {
        graph(&files(list))
            .into_iter()
            .flat_map(|(from, to)| to.into_iter().map(move |t| (name(&from), name(&t))))
            .collect()
    }

    #[test]
    fn paths_groups_children_and_super_become_edges() {
        let found = edges(&[
            (
                "",
                "mod db;\nmod http;\nuse crate::{db::{users, Rules}, http};",
            ),
            ("db", "pub mod users;\nfn f() { users::all(); }"),
            ("db/users", "use super::Rules; // crate::http in a comment"),
            (
                "http",
                "fn f() { let s = \"http://x\"; let q = '\"'; let r = r#\"crate::db \"x\"\"#; }\n/* crate::db */",
            ),
        ]);
        assert_eq!(
            found,
            [
                ("crate".to_owned(), "db".to_owned()),
                ("crate".to_owned(), "db/users".to_owned()),
                ("crate".to_owned(), "http".to_owned()),
                ("db".to_owned(), "db/users".to_owned()),
                ("db/users".to_owned(), "db".to_owned()),
            ]
        );
    }

    #[test]
    fn a_circle_is_reported_and_a_chain_is_not() {
        let knot = files(&[
            ("jobs", "use crate::mail;"),
            ("mail", "use crate::webhooks::emit;"),
            ("webhooks", "fn f() { crate::jobs::enqueue(); }"),
            ("worker", "use crate::{jobs, mail};"),
        ]);
        let found = circles(&graph(&knot));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].iter().map(name).collect::<Vec<_>>(),
            ["jobs", "mail", "webhooks"]
        );
        let chain = files(&[
            ("jobs", ""),
            ("mail", "use crate::jobs;"),
            ("worker", "use crate::{jobs, mail};"),
        ]);
        assert!(circles(&graph(&chain)).is_empty());
    }

    #[test]
    fn the_layers_rules_name_each_break() {
        let tree = files(&[
            ("db", "pub mod entities; pub mod users;"),
            ("db/entities", "pub mod users;"),
            ("db/entities/users", ""),
            ("db/users", "use super::entities::users;"),
            (
                "graphql",
                "use crate::db::users::find; use sea_orm::EntityTrait;",
            ),
            ("graphql/clean", "use crate::services::users;"),
            ("services/users", "use crate::db::entities::users;"),
            ("services/done", "use crate::db::users;"),
            (
                "services/raw",
                "fn f() { db.execute_raw(sea_orm::Statement::from_string(b, \"VACUUM\")); }",
            ),
        ]);
        let broken = layer_rules(&tree, &graph(&tree));
        assert_eq!(
            broken,
            [
                "graphql names sea_orm: a resolver calls a service, which calls a repository",
                "graphql names db/users: resolvers reach the database only through services/",
                "services/raw writes SQL statements: they belong in a repository under db/",
                "services/users names db::entities: put its queries in a repository under db/ that returns its own types",
            ]
        );
    }

    #[test]
    fn test_modules_do_not_count() {
        let found = edges(&[
            ("a", "use crate::b;"),
            ("b", "fn f() {}\n#[cfg(test)]\nmod tests { use crate::a; }"),
        ]);
        assert_eq!(found, [("a".to_owned(), "b".to_owned())]);
    }
}
