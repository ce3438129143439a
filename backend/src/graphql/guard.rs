//! Limits on the shape of a query, checked on the parsed document before execution. Rule:
//! every field selection counts, `__typename` and aliases included (the executor's complexity
//! limit ignores `__typename`), so a document cannot multiply work with cheap-looking fields.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// What a request asks, for the audit log: the operation's kind and its root fields
/// (`op:mutation;fields:updateMeasureStatus`), never its arguments.
pub fn summary(query: &str, operation_name: Option<&str>) -> String {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let Ok(document) = async_graphql::parser::parse_query(query) else {
        return "op:unparsed".to_owned();
    };
    let operation = match &document.operations {
        DocumentOperations::Single(operation) => Some(operation),
        DocumentOperations::Multiple(operations) => operation_name
            .and_then(|name| operations.get(name))
            .or_else(|| operations.values().next()),
    };
    let Some(operation) = operation else {
        return "op:unparsed".to_owned();
    };
    let kind = match operation.node.ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    };
    let mut fields: Vec<String> = Vec::new();
    for selection in &operation.node.selection_set.node.items {
        match &selection.node {
            Selection::Field(field) => fields.push(field.node.name.node.to_string()),
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    for inner in &fragment.node.selection_set.node.items {
                        if let Selection::Field(field) = &inner.node {
                            fields.push(field.node.name.node.to_string());
                        }
                    }
                }
            }
            Selection::InlineFragment(inline) => {
                for inner in &inline.node.selection_set.node.items {
                    if let Selection::Field(field) = &inner.node {
                        fields.push(field.node.name.node.to_string());
                    }
                }
            }
        }
    }
    fields.sort();
    fields.dedup();
    format!("op:{kind};fields:{}", fields.join(","))
}

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
    fn the_audit_summary_names_the_operation_kind_and_root_fields_never_arguments() {
        let cases = [
            (
                "{ complaints(first: 5) { edges { cursor } } measures { id } }",
                None,
                "op:query;fields:complaints,measures",
            ),
            (
                "mutation M($id: ID!) { updateMeasureStatus(id: $id, status: DONE) { status } }",
                None,
                "op:mutation;fields:updateMeasureStatus",
            ),
            (
                "query { ...Root } fragment Root on Query { statistics(from: \"2026-01-01\", to: \"2026-12-31\", granularity: MONTH) { anonymised } }",
                None,
                "op:query;fields:statistics",
            ),
            (
                "query A { me { id } } query B { complaint(id: \"Wietske\") { __typename } }",
                Some("B"),
                "op:query;fields:complaint",
            ),
            ("{ complaints(", None, "op:unparsed"),
        ];
        for (query, name, expected) in cases {
            let summary = summary(query, name);
            assert_eq!(summary, expected, "{query}");
            assert!(!summary.contains("Wietske"));
        }
    }

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
