//! The tests' GraphQL documents, checked against `schema.graphql` when the tests are built: a
//! renamed or removed field, argument, input field or type fails the build, not a run.
//!
//! Every string literal in the tests' sources that parses as a GraphQL document (`query …`,
//! `mutation …`, `{ … }`) is checked; a `format!` string is checked once its `{{ }}` are read as
//! braces, unless it still holds a placeholder (the role matrix builds those from the schema at
//! run time). A document that is wrong on purpose says so with a `# not checked: <why>` line.

use crate::rust_source::Token;
use async_graphql_parser::types::{
    BaseType, ExecutableDocument, OperationType, Selection, SelectionSet, Type, TypeKind,
    TypeSystemDefinition,
};
use async_graphql_parser::{Positioned, parse_query, parse_schema};
use async_graphql_value::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What a document may name: each type's fields with their arguments and types.
pub struct Schema {
    types: BTreeMap<String, Shape>,
    query: String,
    mutation: String,
}

enum Shape {
    /// An object or interface: field → (argument → type, field type).
    Fields(BTreeMap<String, (BTreeMap<String, String>, String)>),
    /// An input object: field → type.
    Input(BTreeMap<String, String>),
    /// A union: its members.
    Union(BTreeSet<String>),
    /// A scalar or enum.
    Leaf,
}

fn named(ty: &Type) -> String {
    match &ty.base {
        BaseType::Named(name) => name.to_string(),
        BaseType::List(inner) => named(inner),
    }
}

impl Schema {
    /// Reads the schema's SDL.
    pub fn parse(sdl: &str) -> Result<Self, String> {
        let document = parse_schema(sdl).map_err(|e| format!("schema.graphql: {e}"))?;
        let mut types = BTreeMap::new();
        let (mut query, mut mutation) = ("Query".to_owned(), "Mutation".to_owned());
        for scalar in ["String", "Int", "Float", "Boolean", "ID"] {
            types.insert(scalar.to_owned(), Shape::Leaf);
        }
        for definition in document.definitions {
            match definition {
                TypeSystemDefinition::Schema(schema) => {
                    if let Some(q) = &schema.node.query {
                        query = q.node.to_string();
                    }
                    if let Some(m) = &schema.node.mutation {
                        mutation = m.node.to_string();
                    }
                }
                TypeSystemDefinition::Type(ty) => {
                    let shape = match &ty.node.kind {
                        TypeKind::Object(object) => fields(&object.fields),
                        TypeKind::Interface(interface) => fields(&interface.fields),
                        TypeKind::InputObject(input) => Shape::Input(
                            input
                                .fields
                                .iter()
                                .map(|f| (f.node.name.node.to_string(), named(&f.node.ty.node)))
                                .collect(),
                        ),
                        TypeKind::Union(union) => {
                            Shape::Union(union.members.iter().map(|m| m.node.to_string()).collect())
                        }
                        TypeKind::Scalar | TypeKind::Enum(_) => Shape::Leaf,
                    };
                    types.insert(ty.node.name.node.to_string(), shape);
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        Ok(Self {
            types,
            query,
            mutation,
        })
    }

    /// What is wrong with `document` (empty when nothing is).
    pub fn check(&self, document: &ExecutableDocument) -> Vec<String> {
        let mut problems = Vec::new();
        for (_, operation) in document.operations.iter() {
            let root = match operation.node.ty {
                OperationType::Query => &self.query,
                OperationType::Mutation => &self.mutation,
                OperationType::Subscription => {
                    problems.push("the schema has no subscriptions".to_owned());
                    continue;
                }
            };
            for variable in &operation.node.variable_definitions {
                let ty = named(&variable.node.var_type.node);
                if !self.types.contains_key(&ty) {
                    problems.push(format!(
                        "variable ${}: unknown type {ty}",
                        variable.node.name
                    ));
                }
            }
            self.selection(document, root, &operation.node.selection_set, &mut problems);
        }
        for fragment in document.fragments.values() {
            let on = fragment.node.type_condition.node.on.node.to_string();
            if self.types.contains_key(&on) {
                self.selection(document, &on, &fragment.node.selection_set, &mut problems);
            } else {
                problems.push(format!("fragment on unknown type {on}"));
            }
        }
        problems
    }

    fn selection(
        &self,
        document: &ExecutableDocument,
        on: &str,
        set: &Positioned<SelectionSet>,
        problems: &mut Vec<String>,
    ) {
        for item in &set.node.items {
            match &item.node {
                Selection::Field(field) => {
                    let name = field.node.name.node.as_str();
                    if name.starts_with("__") {
                        continue;
                    }
                    let Some(Shape::Fields(fields)) = self.types.get(on) else {
                        problems.push(format!("{on} has no field {name} (select on a member)"));
                        continue;
                    };
                    let Some((arguments, ty)) = fields.get(name) else {
                        problems.push(format!("{on} has no field {name}"));
                        continue;
                    };
                    for (argument, value) in &field.node.arguments {
                        match arguments.get(argument.node.as_str()) {
                            Some(input) => self.value(input, &value.node, problems),
                            None => problems
                                .push(format!("{on}.{name} has no argument {}", argument.node)),
                        }
                    }
                    let leaf = matches!(self.types.get(ty), Some(Shape::Leaf));
                    let selects = !field.node.selection_set.node.items.is_empty();
                    if leaf && selects {
                        problems.push(format!("{on}.{name} is a {ty}: it has no fields to select"));
                    } else if !leaf && !selects {
                        problems.push(format!("{on}.{name} is a {ty}: select its fields"));
                    } else if selects {
                        self.selection(document, ty, &field.node.selection_set, problems);
                    }
                }
                Selection::InlineFragment(fragment) => {
                    let inner = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map_or_else(|| on.to_owned(), |c| c.node.on.node.to_string());
                    match self.types.get(on) {
                        _ if !self.types.contains_key(&inner) => {
                            problems.push(format!("inline fragment on unknown type {inner}"));
                        }
                        Some(Shape::Union(members)) if inner != on && !members.contains(&inner) => {
                            problems.push(format!("{inner} is not one of the union {on}"));
                        }
                        _ => {
                            self.selection(document, &inner, &fragment.node.selection_set, problems)
                        }
                    }
                }
                Selection::FragmentSpread(spread) => {
                    if !document
                        .fragments
                        .contains_key(&spread.node.fragment_name.node)
                    {
                        problems.push(format!("unknown fragment {}", spread.node.fragment_name));
                    }
                }
            }
        }
    }

    /// Checks the input fields an object literal names (variables are checked by their type).
    fn value(&self, ty: &str, value: &Value, problems: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                let Some(Shape::Input(fields)) = self.types.get(ty) else {
                    problems.push(format!("{ty} is not an input object"));
                    return;
                };
                for (name, inner) in object {
                    match fields.get(name.as_str()) {
                        Some(field_ty) => self.value(field_ty, inner, problems),
                        None => problems.push(format!("{ty} has no input field {name}")),
                    }
                }
            }
            Value::List(items) => {
                for item in items {
                    self.value(ty, item, problems);
                }
            }
            _ => {}
        }
    }
}

fn fields(list: &[Positioned<async_graphql_parser::types::FieldDefinition>]) -> Shape {
    Shape::Fields(
        list.iter()
            .map(|f| {
                let arguments = f
                    .node
                    .arguments
                    .iter()
                    .map(|a| (a.node.name.node.to_string(), named(&a.node.ty.node)))
                    .collect();
                (
                    f.node.name.node.to_string(),
                    (arguments, named(&f.node.ty.node)),
                )
            })
            .collect(),
    )
}

/// A document found in a source file, with its line.
pub struct Found {
    /// 1-based line of the literal.
    pub line: usize,
    /// The document's text.
    pub text: String,
}

/// The GraphQL documents among the string literals of Rust `source`.
pub fn documents(source: &str) -> Vec<Found> {
    literals(source)
        .into_iter()
        .filter(|(_, _, replaced)| !replaced)
        .filter_map(|(line, text, _)| {
            let text = if text.contains("{{") || text.contains("}}") {
                let braces = text.replace("{{", "\u{1}").replace("}}", "\u{2}");
                if braces.contains('{') || braces.contains('}') {
                    // A placeholder: the document is made at run time.
                    return None;
                }
                braces.replace('\u{1}', "{").replace('\u{2}', "}")
            } else {
                text
            };
            let start = text.trim_start();
            let keyword = ["query", "mutation", "subscription", "fragment"]
                .iter()
                .any(|p| start.starts_with(p));
            // `{ … }` alone is a query, unless it is a format message such as "{body}".
            let shorthand = start.starts_with('{')
                && !start.starts_with("{\"")
                && start[1..].contains(|c: char| c.is_whitespace() || c == '{');
            let graphql = (keyword || shorthand) && text.contains('{');
            (graphql && parse_query(&text).is_ok()).then_some(Found { line, text })
        })
        .collect()
}

/// Checks `document` unless it says it is wrong on purpose.
pub fn check_text(schema: &Schema, document: &str) -> Vec<String> {
    if document.contains("# not checked:") {
        return Vec::new();
    }
    match parse_query(document) {
        Ok(parsed) => schema.check(&parsed),
        Err(e) => vec![e.to_string()],
    }
}

/// Every string literal of `source` with its line, and whether it is an argument of
/// `.replace(…)` (a piece of a document, not one).
fn literals(source: &str) -> Vec<(usize, String, bool)> {
    let tokens = crate::rust_source::tokens(source);
    let replace_open = |at: usize| {
        at >= 2
            && tokens[at - 1] == Token::Punct('(')
            && tokens[at - 2] == Token::Ident("replace".to_owned())
    };
    tokens
        .iter()
        .enumerate()
        .filter_map(|(at, token)| {
            let Token::Str(text, line) = token else {
                return None;
            };
            let first = replace_open(at);
            let second = at >= 2
                && tokens[at - 1] == Token::Punct(',')
                && matches!(tokens[at - 2], Token::Str(..))
                && replace_open(at - 2);
            Some((*line, text.clone(), first || second))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str =
        "type Query { complaint(id: ID!): Complaint complaints(filter: Filter): [Complaint!]! }
        type Mutation { login(email: String!): Session! }
        type Session { token: String! }
        union Complaint = Identified | Anonymised
        type Identified { id: ID! name: String! }
        type Anonymised { id: ID! }
        type Stranger { id: ID! }
        input Filter { search: String statuses: [String!] }";

    fn problems(document: &str) -> Vec<String> {
        let schema = Schema::parse(SDL).unwrap_or_else(|e| panic!("{e}"));
        check_text(&schema, document)
    }

    #[test]
    fn a_document_that_matches_the_schema_passes() {
        assert!(
            problems(
                "query($id: ID!) { complaint(id: $id) { __typename ... on Identified { id name } } \
             complaints(filter: {search: \"x\", statuses: [\"A\"]}) { ... on Anonymised { id } } }"
            )
            .is_empty()
        );
    }

    #[test]
    fn renamed_fields_arguments_input_fields_and_types_are_named() {
        assert_eq!(
            problems(
                "query($id: Id!) { complaint(key: $id) { ... on Identified { naam } ... on Other { id } } \
                 complaints(filter: {zoek: \"x\"}) { __typename } }"
            ),
            [
                "variable $id: unknown type Id",
                "Query.complaint has no argument key",
                "Identified has no field naam",
                "inline fragment on unknown type Other",
                "Filter has no input field zoek",
            ]
        );
        assert_eq!(
            problems("mutation { login(email: \"a\") }"),
            ["Mutation.login is a Session: select its fields"]
        );
        assert_eq!(
            problems("{ complaints { ... on Stranger { id } } }"),
            ["Stranger is not one of the union Complaint"]
        );
        assert!(problems("# not checked: a wrong field on purpose\n{ nope }").is_empty());
    }

    #[test]
    fn literals_and_format_strings_yield_their_documents() {
        let source = r####"
            const A: &str = "query { complaint(id: \"1\") { __typename } }";
            let b = format!("{{ complaints {{ __typename }} }}");
            let c = format!("mutation {{ {name}(id: $id) {{ __typename }} }}");
            let d = r#"{ complaints { __typename } }"#;
            let json = "{\"a\": 1}";
            let message = "{body}";
            let part = query.replace("{ key }", "{ client { id } }");
            let e = "mutation { login(email: \"x\") \
                     { token } }";
        "####;
        let found: Vec<(usize, String)> = documents(source)
            .into_iter()
            .map(|f| (f.line, f.text))
            .collect();
        assert_eq!(
            found,
            [
                (
                    2,
                    "query { complaint(id: \"1\") { __typename } }".to_owned()
                ),
                (3, "{ complaints { __typename } }".to_owned()),
                (5, "{ complaints { __typename } }".to_owned()),
                (9, "mutation { login(email: \"x\") { token } }".to_owned()),
            ]
        );
    }
}
