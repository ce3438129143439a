//! The schema check: `schema.graphql` against `schema.released.graphql`, the contract as last
//! released to integrators. A change that can break a client — a type, field, argument, input
//! field, enum value or union member removed, a type changed, a required argument or input
//! field added — fails the check unless `schema-changes.txt` declares it with a reason.
//! Removing what the released schema already marked `@deprecated` is allowed: deprecations are
//! kept for one release. Releasing copies `schema.graphql` to `schema.released.graphql` and
//! empties the declarations.

use std::collections::BTreeMap;

/// One element of a schema: its signature (type, default) and whether it is deprecated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The type and default as written, e.g. `Int! = 20`; for a type, its kind.
    pub signature: String,
    /// Marked `@deprecated`.
    pub deprecated: bool,
}

/// The elements of an SDL text by path: `Type`, `Type.field`, `Type.field(arg)`,
/// `Enum.VALUE`, `Union|Member`.
pub fn elements(sdl: &str) -> BTreeMap<String, Element> {
    let mut out = BTreeMap::new();
    let mut in_description = false;
    let mut owner: Option<String> = None;
    let mut field: Option<String> = None;
    for raw in sdl.lines() {
        let line = raw.trim();
        if line.starts_with("\"\"\"") {
            let one_line = line.len() > 3 && line.ends_with("\"\"\"");
            if !one_line {
                in_description = !in_description;
            }
            continue;
        }
        if in_description || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let deprecated = line.contains("@deprecated");
        let plain = line
            .split(" @")
            .next()
            .unwrap_or(line)
            .trim_end_matches(',');
        if let Some(rest) = plain
            .strip_prefix("type ")
            .or_else(|| plain.strip_prefix("input "))
            .or_else(|| plain.strip_prefix("enum "))
            .or_else(|| plain.strip_prefix("interface "))
        {
            let name = rest.trim_end_matches('{').trim().to_owned();
            let kind = plain.split(' ').next().unwrap_or_default().to_owned();
            out.insert(
                name.clone(),
                Element {
                    signature: kind,
                    deprecated,
                },
            );
            owner = Some(name);
            continue;
        }
        if let Some(rest) = plain.strip_prefix("scalar ") {
            out.insert(
                rest.trim().to_owned(),
                Element {
                    signature: "scalar".into(),
                    deprecated,
                },
            );
            continue;
        }
        if let Some(rest) = plain.strip_prefix("union ") {
            let (name, members) = rest.split_once('=').unwrap_or((rest, ""));
            let name = name.trim().to_owned();
            out.insert(
                name.clone(),
                Element {
                    signature: "union".into(),
                    deprecated,
                },
            );
            for member in members.split('|').map(str::trim).filter(|m| !m.is_empty()) {
                out.insert(
                    format!("{name}|{member}"),
                    Element {
                        signature: "member".into(),
                        deprecated: false,
                    },
                );
            }
            continue;
        }
        if plain.starts_with("schema {") {
            owner = None;
            continue;
        }
        if plain == "}" {
            owner = None;
            field = None;
            continue;
        }
        let Some(owner_name) = owner.clone() else {
            continue;
        };
        // The end of a field's argument list: `): Type`.
        if let Some(rest) = plain.strip_prefix("):") {
            if let Some(name) = field.take() {
                out.insert(
                    format!("{owner_name}.{name}"),
                    Element {
                        signature: rest.trim().to_owned(),
                        deprecated,
                    },
                );
            }
            continue;
        }
        // A field with its arguments on the following lines: `name(`.
        if let Some(name) = plain.strip_suffix('(') {
            field = Some(name.trim().to_owned());
            continue;
        }
        match plain.split_once(':') {
            Some((name, signature)) => {
                let path = match &field {
                    Some(f) => format!("{owner_name}.{f}({})", name.trim()),
                    None => format!("{owner_name}.{}", name.trim()),
                };
                out.insert(
                    path,
                    Element {
                        signature: signature.trim().to_owned(),
                        deprecated,
                    },
                );
            }
            // An enum value.
            None => {
                out.insert(
                    format!("{owner_name}.{plain}"),
                    Element {
                        signature: "value".into(),
                        deprecated,
                    },
                );
            }
        }
    }
    out
}

/// Whether an argument or input field must be given: non-null and without a default.
fn required(signature: &str) -> bool {
    signature.ends_with('!') && !signature.contains('=')
}

/// The breaking changes from `released` to `current`, each with why it breaks.
pub fn breaking(released: &str, current: &str) -> Vec<(String, String)> {
    let before = elements(released);
    let after = elements(current);
    let mut out = Vec::new();
    for (path, old) in &before {
        match after.get(path) {
            None if old.deprecated => {}
            None => out.push((path.clone(), "removed".to_owned())),
            Some(new) if new.signature != old.signature => out.push((
                path.clone(),
                format!("changed from `{}` to `{}`", old.signature, new.signature),
            )),
            Some(_) => {}
        }
    }
    for (path, new) in &after {
        if before.contains_key(path) || !required(&new.signature) {
            continue;
        }
        // A new required argument of an existing field, or a new required field of an
        // existing input type, breaks the clients that do not send it.
        let parent_exists = match path.split_once('(') {
            Some((field, _)) => before.contains_key(field),
            None => path.split_once('.').is_some_and(|(owner, _)| {
                before.get(owner).is_some_and(|o| o.signature == "input")
            }),
        };
        if parent_exists {
            out.push((path.clone(), format!("required `{}` added", new.signature)));
        }
    }
    out
}

/// The declared breaking changes: the first word of each line that is not empty or a comment,
/// with the reason after it.
pub fn declared(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (path, reason) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            (path.to_owned(), reason.trim().to_owned())
        })
        .collect()
}

/// Runs the check on the files at the workspace root.
pub fn check() -> Result<(), String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |name: &str| {
        std::fs::read_to_string(root.join(name)).map_err(|e| format!("cannot read {name}: {e}"))
    };
    let released = read("schema.released.graphql")?;
    let current = read("schema.graphql")?;
    let declarations = declared(&read("schema-changes.txt")?);
    let undeclared: Vec<String> = breaking(&released, &current)
        .into_iter()
        .filter(|(path, _)| {
            !declarations
                .iter()
                .any(|(d, reason)| d == path && !reason.is_empty())
        })
        .map(|(path, why)| format!("  {path}: {why}"))
        .collect();
    if undeclared.is_empty() {
        println!(
            "schema-check: no undeclared breaking change against schema.released.graphql ({} declared)",
            declarations.len()
        );
        Ok(())
    } else {
        Err(format!(
            "schema.graphql breaks clients of the released schema:\n{}\n\
             Keep the element (mark it @deprecated with a reason), or declare the change in \
             schema-changes.txt as `<path> <reason>`.",
            undeclared.join("\n")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELEASED: &str = r#"
"""
A thing.
"""
type Thing {
	"""
	Its id.
	"""
	id: ID!
	"""
	Its name.
	"""
	name: String @deprecated(reason: "use title")
	"""
	Things like it.
	"""
	similar(
		"""
		How many.
		"""
		first: Int! = 20
	): [Thing!]!
}
"""
Kinds.
"""
enum Kind {
	"""
	A.
	"""
	A
	"""
	B.
	"""
	B
}
"""
What to save.
"""
input ThingInput {
	"""
	The name.
	"""
	name: String!
}
union Any = Thing | Other
"#;

    #[test]
    fn the_released_schema_reads_into_its_elements() {
        let e = elements(RELEASED);
        assert_eq!(e["Thing.id"].signature, "ID!");
        assert!(e["Thing.name"].deprecated);
        assert_eq!(e["Thing.similar"].signature, "[Thing!]!");
        assert_eq!(e["Thing.similar(first)"].signature, "Int! = 20");
        assert_eq!(e["Kind.B"].signature, "value");
        assert_eq!(e["ThingInput"].signature, "input");
        assert!(e.contains_key("Any|Other"));
    }

    #[test]
    fn additions_and_removing_a_deprecated_field_do_not_break() {
        let current = RELEASED
            .replace(
                "\tname: String @deprecated(reason: \"use title\")\n",
                "\ttitle: String\n",
            )
            .replace("\tB\n}", "\tB\n\t\"\"\"\n\tC.\n\t\"\"\"\n\tC\n}");
        assert_eq!(breaking(RELEASED, &current), Vec::<(String, String)>::new());
    }

    #[test]
    fn a_removed_field_a_changed_type_and_a_new_required_argument_break() {
        let current = RELEASED
            .replace("\tid: ID!\n", "")
            .replace("\tA\n", "")
            .replace("first: Int! = 20", "first: Int!")
            .replace(
                "\tname: String!\n}",
                "\tname: String!\n\tcolour: String!\n}",
            )
            .replace("Thing | Other", "Thing");
        let found: Vec<String> = breaking(RELEASED, &current)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(
            found,
            [
                "Any|Other",
                "Kind.A",
                "Thing.id",
                "Thing.similar(first)",
                "ThingInput.colour"
            ]
        );
    }

    /// On the real contract: unchanged it passes; without one field it is caught.
    #[test]
    fn the_real_schema_without_a_field_is_caught() {
        let sdl = include_str!("../../schema.graphql");
        let found = elements(sdl);
        assert!(found.len() > 500, "{}", found.len());
        assert!(found.contains_key("Query.complaints(first)"));
        assert!(breaking(sdl, sdl).is_empty());
        let without = sdl.replacen("\tmeasures: [MeasureSummary!]!\n", "", 1);
        assert_ne!(without, sdl);
        assert_eq!(breaking(sdl, &without).len(), 1);
    }

    #[test]
    fn declarations_need_a_reason() {
        let text = "# what broke on purpose\nThing.id moved to Thing.key\nKind.A\n";
        assert_eq!(
            declared(text),
            [
                ("Thing.id".to_owned(), "moved to Thing.key".to_owned()),
                ("Kind.A".to_owned(), String::new())
            ]
        );
    }
}
