//! Limits on the shape of a query, checked on the parsed document before execution. Rule:
//! every field selection counts, `__typename` and aliases included (the executor's complexity
//! limit ignores `__typename`), so a document cannot multiply work with cheap-looking fields.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// Field selections in one document, fragments included.
pub const MAX_FIELDS: usize = 300;
/// Aliased fields in one document.
pub const MAX_ALIASES: usize = 15;
/// Characters in the query text.
pub const MAX_QUERY_CHARS: usize = 16 * 1024;

/// What is wrong with the shape of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeError {
    /// Not parseable (the executor reports the details).
    Unparsed,
    /// More than one operation in the document.
    SeveralOperations,
    /// Too many field selections.
    TooManyFields(usize),
    /// Too many aliases.
    TooManyAliases(usize),
    /// Too long.
    TooLong,
}

impl ShapeError {
    /// A message a person can act on.
    pub fn message(&self) -> String {
        match self {
            Self::Unparsed => "the query could not be parsed".into(),
            Self::SeveralOperations => "send one operation per request".into(),
            Self::TooManyFields(n) => {
                format!("the query selects {n} fields; at most {MAX_FIELDS} are allowed")
            }
            Self::TooManyAliases(n) => {
                format!("the query uses {n} aliases; at most {MAX_ALIASES} are allowed")
            }
            Self::TooLong => format!("the query is longer than {MAX_QUERY_CHARS} characters"),
        }
    }
}

#[derive(Default)]
struct Counts {
    fields: usize,
    aliases: usize,
}

fn count(set: &SelectionSet, counts: &mut Counts) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                counts.fields += 1;
                if field.node.alias.is_some() {
                    counts.aliases += 1;
                }
                count(&field.node.selection_set.node, counts);
            }
            Selection::InlineFragment(fragment) => count(&fragment.node.selection_set.node, counts),
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// Checks the shape of `query`. A query that does not parse passes here and is refused by the
/// executor with its own message.
pub fn check(query: &str) -> Result<(), ShapeError> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(ShapeError::TooLong);
    }
    let Ok(document): Result<ExecutableDocument, _> = async_graphql::parser::parse_query(query)
    else {
        return Ok(());
    };
    if document.operations.iter().count() > 1 {
        return Err(ShapeError::SeveralOperations);
    }
    let mut counts = Counts::default();
    for (_, operation) in document.operations.iter() {
        count(&operation.node.selection_set.node, &mut counts);
    }
    for fragment in document.fragments.values() {
        count(&fragment.node.selection_set.node, &mut counts);
    }
    if counts.aliases > MAX_ALIASES {
        return Err(ShapeError::TooManyAliases(counts.aliases));
    }
    if counts.fields > MAX_FIELDS {
        return Err(ShapeError::TooManyFields(counts.fields));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typename_duplicates_and_aliases_count() {
        let many = format!("{{ {} }}", "__typename ".repeat(MAX_FIELDS + 1));
        assert_eq!(check(&many), Err(ShapeError::TooManyFields(MAX_FIELDS + 1)));
        let aliases: String = (0..16).map(|i| format!("a{i}: __typename ")).collect();
        assert_eq!(
            check(&format!("{{ {aliases} }}")),
            Err(ShapeError::TooManyAliases(16))
        );
        let in_fragment = format!(
            "query {{ ...F }} fragment F on Query {{ {} }}",
            "__typename ".repeat(MAX_FIELDS + 1)
        );
        assert_eq!(
            check(&in_fragment),
            Err(ShapeError::TooManyFields(MAX_FIELDS + 1))
        );
        assert_eq!(
            check("query A { me { name } } query B { me { name } }"),
            Err(ShapeError::SeveralOperations)
        );
        assert_eq!(check("{ me { name } }"), Ok(()));
        assert_eq!(check("{ not parseable"), Ok(()));
        assert_eq!(
            check(&"x".repeat(MAX_QUERY_CHARS + 1)),
            Err(ShapeError::TooLong)
        );
    }
}
