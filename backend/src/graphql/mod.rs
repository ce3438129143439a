//! The GraphQL API. Rule: a resolver only translates: it parses its arguments into core types,
//! calls one service (`crate::services`) and maps the answer or error to output types; it never
//! touches the database, a transaction or the audit log (`cargo xtask check-modules`).

mod admin;
mod audit;
mod clients;
mod context;
pub mod guard;
mod ids;
mod letters;
mod measures;
mod meetings;
mod resolvers;
mod statistics;
pub mod types;
mod webhooks;

pub use context::{MAX_PAGE, Viewer};

use crate::state::AppState;
use async_graphql::{EmptySubscription, MergedObject, Schema};
use std::sync::Arc;

/// Every query.
#[derive(MergedObject, Default)]
pub struct Query(
    resolvers::ComplaintQuery,
    measures::MeasureQuery,
    admin::AdminQuery,
    audit::AuditQuery,
    letters::LetterQuery,
    meetings::MeetingQuery,
    statistics::StatisticsQuery,
    clients::ClientQuery,
    webhooks::WebhookQuery,
);

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(
    resolvers::ComplaintMutation,
    measures::MeasureMutation,
    admin::AdminMutation,
    letters::LetterMutation,
    meetings::MeetingMutation,
    clients::ClientMutation,
    webhooks::WebhookMutation,
);

/// The schema type.
pub type ApiSchema = Schema<Query, Mutation, EmptySubscription>;

/// Maximum query depth.
pub const MAX_DEPTH: usize = 8;
/// Maximum query complexity.
pub const MAX_COMPLEXITY: usize = 5000;

/// Builds the schema; `dev` turns on introspection.
pub fn schema(state: Option<Arc<AppState>>, dev: bool) -> ApiSchema {
    let mut builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_directives(50)
        .disable_suggestions();
    if !dev {
        builder = builder.disable_introspection();
    }
    if let Some(state) = state {
        builder = builder.data(state);
    }
    builder.finish()
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    schema(None, false).sdl()
}

#[cfg(test)]
mod tests {
    use super::sdl;

    /// `schema.graphql` is the contract for the SPA, the tests and integrators.
    #[test]
    fn schema_graphql_matches_the_server() {
        let checked_in = include_str!("../../../schema.graphql");
        assert!(
            sdl() == checked_in,
            "schema.graphql is out of date: run `cargo run -p klachten -- export-schema > schema.graphql`"
        );
    }

    fn fields_of(sdl: &str, type_name: &str) -> Vec<String> {
        let start = sdl
            .find(&format!("type {type_name} {{"))
            .expect("type in schema");
        let body = &sdl[start..];
        let end = body.find("\n}").expect("end of type");
        let mut in_description = false;
        let mut fields = Vec::new();
        for line in body[..end].lines().skip(1).map(str::trim) {
            if line.starts_with("\"\"\"") {
                // A one-line description opens and closes on the same line.
                in_description = !(in_description || line.len() > 3 && line.ends_with("\"\"\""));
                continue;
            }
            if !in_description && !line.is_empty() {
                fields.extend(line.split([':', '(']).next().map(str::to_owned));
            }
        }
        fields
    }

    /// The elements of `sdl` — types, fields, arguments, input fields, enum values, scalars —
    /// that have no description right above them.
    fn undescribed(sdl: &str) -> Vec<String> {
        let mut missing = Vec::new();
        let mut in_description = false;
        let mut described = false;
        let mut in_schema_block = false;
        for line in sdl.lines().map(str::trim) {
            if line.starts_with("\"\"\"") || (in_description && line.ends_with("\"\"\"")) {
                let one_line = line.len() > 3 && line.ends_with("\"\"\"") && !in_description;
                if in_description || one_line {
                    in_description = false;
                    described = true;
                } else {
                    in_description = true;
                }
                continue;
            }
            if in_description {
                continue;
            }
            if line.starts_with("schema {") {
                in_schema_block = true;
                continue;
            }
            if line.is_empty() || line == "}" || line.starts_with(')') || in_schema_block {
                in_schema_block &= line != "}";
                continue;
            }
            if !described {
                missing.push(line.to_owned());
            }
            described = false;
        }
        missing
    }

    /// Integrators build against the schema without asking anyone: every element carries a
    /// description.
    #[test]
    fn every_element_of_the_schema_has_a_description() {
        assert_eq!(undescribed(&sdl()), Vec::<String>::new());
        // The check itself notices a missing one.
        assert_eq!(
            undescribed("\"\"\"\nA.\n\"\"\"\ntype A {\n\tb: Int\n}\n"),
            ["b: Int"]
        );
    }

    /// S4: the anonymised type has no identifying field at all, reachable or not.
    #[test]
    fn the_anonymised_complaint_type_has_no_identifying_field() {
        let sdl = sdl();
        let fields = fields_of(&sdl, "AnonymisedComplaint");
        assert!(fields.contains(&"reference".to_owned()) && fields.contains(&"summary".to_owned()));
        let banned = [
            "complainant",
            "name",
            "email",
            "phone",
            "address",
            "concerning",
            "facts",
            "conductOn",
            "remedySought",
            "receivedOn",
            "deadlines",
            "dpoAdvice",
            "registeredBy",
            "handlerId",
            "involvedPartyIds",
            "summaryRedacted",
        ];
        for field in &fields {
            assert!(
                !banned.contains(&field.as_str()),
                "AnonymisedComplaint.{field} is identifying"
            );
        }
        assert_eq!(
            fields,
            [
                "id",
                "reference",
                "channel",
                "category",
                "status",
                "receivedMonth",
                "clocks",
                "declineGround",
                "summary",
                "rootCause",
                "measures",
                "allowedActions"
            ]
        );
    }
}
