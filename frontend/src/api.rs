//! The GraphQL client: typed operations generated from `graphql/*.graphql` (one operation per
//! file, as the server accepts one per request) and checked against
//! the server's `schema.graphql`, sent over `fetch` with the in-memory access token. An expired
//! token is renewed once through the refresh cookie and the request retried.

use crate::i18n::T;
pub use crate::model::{
    Category, Channel, ClockOutcome, ClockState, ComplaintAction, ComplaintStatus,
    ConversationKind, DeclineGround, LiberationDayRule, MeasureKind, MeasureStatus, Role,
};
use crate::session::Session;
use graphql_client::GraphQLQuery;
use serde::de::DeserializeOwned;

/// The schema's `Date` scalar: `YYYY-MM-DD`.
pub type Date = String;

macro_rules! operations {
    ($($name:ident => $path:tt),* $(,)?) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` operation.")]
            #[derive(GraphQLQuery)]
            #[graphql(
                schema_path = "../schema.graphql",
                query_path = $path,
                response_derives = "Clone",
                variables_derives = "Clone",
                extern_enums(
                    "ComplaintStatus", "Category", "Channel", "ClockState", "ClockOutcome",
                    "DeclineGround", "Role", "ComplaintAction", "ConversationKind",
                    "LiberationDayRule", "MeasureStatus", "MeasureKind"
                )
            )]
            pub struct $name;
        )*
    };
}

operations!(
    Me => "src/graphql/me.graphql",
    Login => "src/graphql/login.graphql",
    RefreshSession => "src/graphql/refresh_session.graphql",
    Logout => "src/graphql/logout.graphql",
    Complaints => "src/graphql/complaints.graphql",
    ComplaintDetail => "src/graphql/complaint_detail.graphql",
    SuggestDeclineGrounds => "src/graphql/suggest_decline_grounds.graphql",
    DeclineSuggestions => "src/graphql/decline_suggestions.graphql",
    PreviewRedaction => "src/graphql/preview_redaction.graphql",
    Users => "src/graphql/users.graphql",
    RegisterComplaint => "src/graphql/register_complaint.graphql",
    Acknowledge => "src/graphql/acknowledge.graphql",
    RecordContact => "src/graphql/record_contact.graphql",
    RecordConversation => "src/graphql/record_conversation.graphql",
    RequestSupplement => "src/graphql/request_supplement.graphql",
    RecordSupplement => "src/graphql/record_supplement.graphql",
    Decline => "src/graphql/decline.graphql",
    Withdraw => "src/graphql/withdraw.graphql",
    Resolve => "src/graphql/resolve.graphql",
    RequestDpoAdvice => "src/graphql/request_dpo_advice.graphql",
    RecordDpoAdvice => "src/graphql/record_dpo_advice.graphql",
    AssignHandler => "src/graphql/assign_handler.graphql",
    AddInvolvedParty => "src/graphql/add_involved_party.graphql",
    RemoveInvolvedParty => "src/graphql/remove_involved_party.graphql",
    UpdateSummary => "src/graphql/update_summary.graphql",
    RecordRootCause => "src/graphql/record_root_cause.graphql",
    UserAccounts => "src/graphql/user_accounts.graphql",
    CreateUser => "src/graphql/create_user.graphql",
    UpdateUser => "src/graphql/update_user.graphql",
    ProcedureVersions => "src/graphql/procedure_versions.graphql",
    Calendar => "src/graphql/calendar.graphql",
    SaveCalendarVersion => "src/graphql/save_calendar_version.graphql",
);

/// Why a request failed, as a person can act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The stable `extensions.code`, or `NETWORK` when the server was not reached.
    pub code: String,
    /// The server's message (English, written for people), if any.
    pub detail: Option<String>,
}

impl ApiError {
    fn network() -> Self {
        Self {
            code: "NETWORK".to_owned(),
            detail: None,
        }
    }

    /// The sentence to show for the code.
    pub const fn sentence(&self) -> T {
        match self.code.as_bytes() {
            b"UNAUTHENTICATED" => T::ErrUnauthenticated,
            b"FORBIDDEN" => T::ErrForbidden,
            b"NOT_FOUND" => T::ErrNotFound,
            b"VALIDATION" => T::ErrValidation,
            b"INVALID_TRANSITION" => T::ErrInvalidTransition,
            b"CONFLICT" => T::ErrConflict,
            b"RATE_LIMITED" => T::ErrRateLimited,
            b"NETWORK" => T::ErrNetwork,
            _ => T::ErrInternal,
        }
    }
}

#[derive(serde::Deserialize)]
struct Envelope<D> {
    data: Option<D>,
    #[serde(default)]
    errors: Vec<WireError>,
}

#[derive(serde::Deserialize)]
struct WireError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    extensions: Option<Extensions>,
}

#[derive(serde::Deserialize)]
struct Extensions {
    #[serde(default)]
    code: Option<String>,
}

/// Sends one operation with `token`, without renewing anything.
pub async fn send<Q: GraphQLQuery>(
    variables: Q::Variables,
    token: Option<&str>,
) -> Result<Q::ResponseData, ApiError>
where
    Q::ResponseData: DeserializeOwned,
{
    send_as::<Q, Q::ResponseData>(variables, token).await
}

/// Sends one operation and reads its data as `D` (`IgnoredAny` when only success matters).
async fn send_as<Q: GraphQLQuery, D: DeserializeOwned>(
    variables: Q::Variables,
    token: Option<&str>,
) -> Result<D, ApiError> {
    let body = Q::build_query(variables);
    let mut request = gloo_net::http::Request::post("/graphql");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let response = request
        .json(&body)
        .map_err(|_| ApiError::network())?
        .send()
        .await
        .map_err(|_| ApiError::network())?;
    let status = response.status();
    let envelope: Envelope<D> = response.json().await.map_err(|_| ApiError {
        code: if status >= 500 {
            "INTERNAL".to_owned()
        } else {
            "NETWORK".to_owned()
        },
        detail: None,
    })?;
    if let Some(first) = envelope.errors.into_iter().next() {
        let code = first
            .extensions
            .and_then(|e| e.code)
            .unwrap_or_else(|| "INTERNAL".to_owned());
        return Err(ApiError {
            code,
            detail: Some(first.message).filter(|m| !m.is_empty()),
        });
    }
    envelope.data.ok_or_else(|| ApiError {
        code: "INTERNAL".to_owned(),
        detail: None,
    })
}

/// Sends one operation as the logged-in user; an expired token is renewed once and the
/// operation retried. A session that cannot be renewed ends, and the app shows the login page.
pub async fn call<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
) -> Result<Q::ResponseData, ApiError>
where
    Q::ResponseData: DeserializeOwned,
    Q::Variables: Clone,
{
    let token = session.token();
    match send::<Q>(variables.clone(), token.as_deref()).await {
        Err(e) if e.code == "UNAUTHENTICATED" && token.is_some() => {
            session.renew(token.as_deref()).await?;
            send::<Q>(variables, session.token().as_deref()).await
        }
        other => other,
    }
}

/// Sends a mutation whose answer the app does not read (it reloads what it shows), renewing
/// the token like [`call`]. Skipping the answer keeps its decoder out of the app.
pub async fn call_unit<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
) -> Result<(), ApiError>
where
    Q::Variables: Clone,
{
    let token = session.token();
    let sent = send_as::<Q, serde::de::IgnoredAny>(variables.clone(), token.as_deref()).await;
    match sent {
        Err(e) if e.code == "UNAUTHENTICATED" && token.is_some() => {
            session.renew(token.as_deref()).await?;
            send_as::<Q, serde::de::IgnoredAny>(variables, session.token().as_deref())
                .await
                .map(|_| ())
        }
        other => other.map(|_| ()),
    }
}
