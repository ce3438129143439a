//! Black-box tests of the Klachten server: the real app on port 0, a fresh database per test.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

mod access;
mod admin;
mod audit;
mod backup;
mod demo;
mod endpoint;
mod faults;
mod filters;
mod guide;
mod integration;
mod jobs;
mod letters;
mod lifecycle;
mod mail;
mod measures;
mod meetings;
mod purge;
mod statistics;
mod upgrade;
mod webhooks;
mod work;

use klachten_tests::{TestApp, TestUser, complaint_selection};
use serde_json::{Value, json};

/// The field names of one type or input of the schema, given its opening line
/// (`"type Mutation {"`), in order.
pub fn schema_fields(opening: &str) -> Vec<String> {
    let sdl = klachten::graphql::sdl();
    let start = sdl.find(opening).unwrap();
    let body = &sdl[start..];
    let body = &body[..body.find("\n}").unwrap()];
    let mut in_description = false;
    let mut names = Vec::new();
    // Fields sit one tab in; their arguments, two.
    for line in body
        .lines()
        .skip(1)
        .filter(|l| l.starts_with('\t') && !l.starts_with("\t\t"))
        .map(str::trim)
    {
        if line.starts_with("\"\"\"") {
            in_description = !(in_description || line.len() > 3 && line.ends_with("\"\"\""));
            continue;
        }
        if !in_description && !line.is_empty() && !line.starts_with(')') {
            names.extend(line.split(['(', ':']).next().map(str::to_owned));
        }
    }
    names
}

/// Registers a complaint with `input` (merged over a complete letter complaint) as `user`.
pub async fn register(app: &TestApp, user: &TestUser, input: Value) -> Value {
    let mut full = json!({
        "receivedOn": "2026-11-16",
        "channel": "LETTER",
        "category": "SERVICE",
        "complainant": {"name": "Wietske Kanarie", "email": "wietske.kanarie@voorbeeld.nl", "phone": "06-12345678", "address": "Vogelkooistraat 12, 5232 AG 's-Hertogenbosch"},
        "concerning": "Zoë Vinkenslag",
        "facts": "Mevrouw Kanarie schrijft: geheimefeitentekst over Vinkenslag.",
        "conductOn": "2025-12-01",
        "remedySought": "Excuses van Zoë",
    });
    if let (Some(base), Some(extra)) = (full.as_object_mut(), input.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    let query = format!(
        "mutation($input: RegisterComplaintInput!) {{ registerComplaint(input: $input) {{ {} }} }}",
        complaint_selection()
    );
    let body = app.as_user(user, &query, json!({ "input": full })).await;
    assert!(body["errors"].is_null(), "registration failed: {body}");
    body["data"]["registerComplaint"].clone()
}

/// Reads a complaint with every field of both views, as `user`; returns the whole body.
pub async fn read_complaint(app: &TestApp, user: &TestUser, id: &str) -> Value {
    let query = format!(
        "query($id: ID!) {{ complaint(id: $id) {{ {} }} }}",
        complaint_selection()
    );
    app.as_user(user, &query, json!({"id": id})).await
}

/// Runs a lifecycle mutation `name(id: $id, <args>)` and returns the whole body.
pub async fn step(
    app: &TestApp,
    user: &TestUser,
    name: &str,
    id: &str,
    args: &str,
    variables: Value,
) -> Value {
    let query = format!(
        "mutation($id: ID!{}) {{ {name}(id: $id{args}) {{ {} }} }}",
        declarations(&variables),
        complaint_selection()
    );
    let mut variables = variables;
    variables["id"] = json!(id);
    app.as_user(user, &query, variables).await
}

fn declarations(variables: &Value) -> String {
    variables
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let ty = match k.as_str() {
                        "ground" => "DeclineGround!",
                        "reviewed" => "Boolean!",
                        "expectedVersion" => "Int",
                        "handlerId" | "userId" => "ID!",
                        "text" => "String!",
                        "outcome" | "reason" => "String",
                        _ if v.is_string() => "Date!",
                        _ => "String",
                    };
                    format!(", ${k}: {ty}")
                })
                .collect()
        })
        .unwrap_or_default()
}
