//! The GraphQL client: typed operations generated from `graphql/*.graphql` (one operation per
//! file, as the server accepts one per request) and checked against
//! the server's `schema.graphql`, sent over `fetch` with the in-memory access token. An expired
//! token is renewed once through the refresh cookie and the request retried.

use crate::i18n::T;
pub use crate::model::{
    ApiScope, Category, Channel, ClockOutcome, ClockState, ComplaintAction, ComplaintStatus,
    ConversationKind, DeclineGround, Granularity, LetterChannel, LetterKind, LiberationDayRule,
    MeasureKind, MeasureStatus, MeetingKind, MeetingStatus, Role,
};
use crate::session::Session;
use graphql_client::GraphQLQuery;
use leptos::prelude::{Get, LocalResource};
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// The schema's `Date` scalar: `YYYY-MM-DD`.
pub type Date = String;

macro_rules! operations {
    ($($name:ident => $path:tt),* $(,)?) => {
        /// The operations' types, generated from the schema: an enum the app keeps no copy of
        /// (`Capability`) comes with the schema's names and without docs.
        #[expect(missing_docs, reason = "graphql_client writes no docs on the enums it generates")]
        mod generated {
            use super::*;
        $(
            #[doc = concat!("The `", stringify!($name), "` operation.")]
            #[derive(GraphQLQuery)]
            #[graphql(
                schema_path = "../schema.graphql",
                query_path = $path,
                response_derives = "Clone, PartialEq, Debug",
                extern_enums(
                    "ComplaintStatus", "Category", "Channel", "ClockState", "ClockOutcome",
                    "DeclineGround", "Role", "ComplaintAction", "ConversationKind",
                    "LiberationDayRule", "MeasureStatus", "MeasureKind", "LetterKind",
                    "LetterChannel", "MeetingKind", "MeetingStatus", "Granularity", "ApiScope"
                )
            )]
            pub struct $name;
        )*
        }
        pub use generated::*;
    };
}

operations!(
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
    ReviewMeasureDescription => "src/graphql/review_measure_description.graphql",
    UserAccounts => "src/graphql/user_accounts.graphql",
    CreateUser => "src/graphql/create_user.graphql",
    UpdateUser => "src/graphql/update_user.graphql",
    ChangePassword => "src/graphql/change_password.graphql",
    ApproveRoleRequest => "src/graphql/approve_role_request.graphql",
    RejectRoleRequest => "src/graphql/reject_role_request.graphql",
    ProcedureVersions => "src/graphql/procedure_versions.graphql",
    Calendar => "src/graphql/calendar.graphql",
    SaveCalendarVersion => "src/graphql/save_calendar_version.graphql",
    SaveProcedureVersion => "src/graphql/save_procedure_version.graphql",
    AuditLog => "src/graphql/audit_log.graphql",
    Outbox => "src/graphql/outbox.graphql",
    LetterPdf => "src/graphql/letter_pdf.graphql",
    GenerateLetter => "src/graphql/generate_letter.graphql",
    MarkLetterSent => "src/graphql/mark_letter_sent.graphql",
    EmailLetter => "src/graphql/email_letter.graphql",
    PlaceLegalHold => "src/graphql/place_legal_hold.graphql",
    ReleaseLegalHold => "src/graphql/release_legal_hold.graphql",
    Measures => "src/graphql/measures.graphql",
    AddMeasure => "src/graphql/add_measure.graphql",
    UpdateMeasureStatus => "src/graphql/update_measure_status.graphql",
    CauseCategories => "src/graphql/cause_categories.graphql",
    SaveCauseCategory => "src/graphql/save_cause_category.graphql",
    Meetings => "src/graphql/meetings.graphql",
    Agenda => "src/graphql/agenda.graphql",
    CreateMeeting => "src/graphql/create_meeting.graphql",
    AddAgendaItem => "src/graphql/add_agenda_item.graphql",
    RemoveAgendaItem => "src/graphql/remove_agenda_item.graphql",
    MoveAgendaItem => "src/graphql/move_agenda_item.graphql",
    PublishAgenda => "src/graphql/publish_agenda.graphql",
    RecordDecision => "src/graphql/record_decision.graphql",
    SaveMinutes => "src/graphql/save_minutes.graphql",
    AgendaMarkdown => "src/graphql/agenda_markdown.graphql",
    AgendaPdf => "src/graphql/agenda_pdf.graphql",
    Statistics => "src/graphql/statistics.graphql",
    AnnualReport => "src/graphql/annual_report.graphql",
    ApiClients => "src/graphql/api_clients.graphql",
    CreateApiClient => "src/graphql/create_api_client.graphql",
    RotateApiClientKey => "src/graphql/rotate_api_client_key.graphql",
    RevokeApiClient => "src/graphql/revoke_api_client.graphql",
    SwitchWebhook => "src/graphql/switch_webhook.graphql",
);

/// The server's message and its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// The message.
    pub text: String,
    /// The language it is in (`lang`): `nl` or `en`.
    pub lang: &'static str,
}

/// Why a request failed, as a person can act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The stable `extensions.code`, or `NETWORK` when the server was not reached.
    pub code: String,
    /// The server's message, written for people, if any: in Dutch when the server had it in
    /// Dutch and the app asked in Dutch, in English otherwise.
    pub detail: Option<Detail>,
    /// The finer `extensions.reason`, when the server gave one.
    pub reason: Option<String>,
}

impl ApiError {
    fn network() -> Self {
        Self {
            code: "NETWORK".to_owned(),
            detail: None,
            reason: None,
        }
    }

    /// The sentence to show for the reason or, without one the app knows, for the code.
    pub fn sentence(&self) -> T {
        match self.reason.as_deref() {
            Some("ALREADY_ON_AGENDA") => return T::ErrAlreadyOnAgenda,
            Some("IN_USE") => return T::ErrInUse,
            _ => {}
        }
        match self.code.as_bytes() {
            b"UNAUTHENTICATED" => T::ErrUnauthenticated,
            b"FORBIDDEN" => T::ErrForbidden,
            b"NOT_FOUND" => T::ErrNotFound,
            b"VALIDATION" => T::ErrValidation,
            b"INVALID_TRANSITION" => T::ErrInvalidTransition,
            b"CONFLICT" => T::ErrConflict,
            b"SUMMARY_MISSING" => T::ErrSummaryMissing,
            b"RATE_LIMITED" => T::ErrRateLimited,
            b"PASSWORD_CHANGE_REQUIRED" => T::PasswordForced,
            b"NETWORK" => T::ErrNetwork,
            _ => T::ErrInternal,
        }
    }
}

/// The errors of an answer; its data is read separately, by the operation's own type.
#[derive(serde::Deserialize)]
struct Errors {
    #[serde(default)]
    errors: Vec<WireError>,
}

/// The data of an answer without errors.
#[derive(serde::Deserialize)]
struct Data<D> {
    data: Option<D>,
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
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

fn internal() -> ApiError {
    ApiError {
        code: "INTERNAL".to_owned(),
        detail: None,
        reason: None,
    }
}

/// The request body of one operation.
fn body<Q: GraphQLQuery>(variables: Q::Variables) -> Result<String, ApiError> {
    serde_json::to_string(&Q::build_query(variables)).map_err(|_| internal())
}

/// Reads the data of an answer that carried no errors.
fn decode<D: DeserializeOwned>(text: &str) -> Result<D, ApiError> {
    serde_json::from_str::<Data<D>>(text)
        .ok()
        .and_then(|answer| answer.data)
        .ok_or_else(internal)
}

/// Posts one request body with `token` and returns the answer's text, or the first error it
/// carried. Not generic: every operation shares this one copy of the transport.
async fn exchange(body: String, token: Option<String>) -> Result<String, ApiError> {
    let mut request =
        gloo_net::http::Request::post("/graphql").header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    // The server's messages in the app's language, where it has them.
    request = request.header("Accept-Language", crate::i18n::chosen_lang().code());
    let response = request
        .body(body)
        .map_err(|_| ApiError::network())?
        .send()
        .await
        .map_err(|_| ApiError::network())?;
    answered(response).await
}

/// The text of an answer that carried no errors, or the first error it carried.
async fn answered(response: gloo_net::http::Response) -> Result<String, ApiError> {
    let status = response.status();
    let unreadable = || ApiError {
        code: if status >= 500 { "INTERNAL" } else { "NETWORK" }.to_owned(),
        detail: None,
        reason: None,
    };
    let text = response.text().await.map_err(|_| unreadable())?;
    let answer: Errors = serde_json::from_str(&text).map_err(|_| unreadable())?;
    if let Some(first) = answer.errors.into_iter().next() {
        let extensions = first.extensions.unwrap_or(Extensions {
            code: None,
            reason: None,
            lang: None,
        });
        let lang = if extensions.lang.as_deref() == Some("nl") {
            "nl"
        } else {
            "en"
        };
        return Err(ApiError {
            code: extensions.code.unwrap_or_else(|| "INTERNAL".to_owned()),
            detail: Some(first.message)
                .filter(|m| !m.is_empty())
                .map(|text| Detail { text, lang }),
            reason: extensions.reason,
        });
    }
    Ok(text)
}

/// [`exchange`] as the logged-in user; an expired token is renewed once and the request
/// retried. A session that cannot be renewed ends, and the app shows the login page.
async fn exchange_renewing(session: Session, body: String) -> Result<String, ApiError> {
    let token = session.token();
    match exchange(body.clone(), token.clone()).await {
        Err(e) if e.code == "UNAUTHENTICATED" && token.is_some() => {
            session.renew(token.as_deref()).await?;
            exchange(body, session.token()).await
        }
        other => other,
    }
}

/// The answer to the renewal `boot.js` asked for while the app was on its way, taken once;
/// `None` when it asked for none (or it was already taken).
pub async fn renewed_at_boot() -> Option<Result<crate::js::Js, ApiError>> {
    use wasm_bindgen::JsCast as _;
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str("klachtenSession");
    let asked = js_sys::Reflect::get(&window, &key)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let answer = match wasm_bindgen_futures::JsFuture::from(asked).await {
        Ok(response) => match response.dyn_into::<web_sys::Response>() {
            Ok(response) => answered(response.into()).await,
            Err(_) => Err(internal()),
        },
        Err(_) => Err(ApiError::network()),
    };
    Some(answer.and_then(|text| crate::js::Js::data(&text).ok_or_else(internal)))
}

/// Sends one operation with `token`, without renewing anything.
pub async fn send<Q: GraphQLQuery>(
    variables: Q::Variables,
    token: Option<String>,
) -> Result<crate::js::Js, ApiError> {
    let text = exchange(body::<Q>(variables)?, token).await?;
    crate::js::Js::data(&text).ok_or_else(internal)
}

/// Sends one operation as the logged-in user, renewing an expired token once.
pub async fn call<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
) -> Result<Q::ResponseData, ApiError>
where
    Q::ResponseData: DeserializeOwned,
{
    call_as::<Q, Q::ResponseData>(session, variables).await
}

/// [`call`], reading the data as `D` (see [`union`] for why some queries need their own).
pub async fn call_as<Q: GraphQLQuery, D: DeserializeOwned>(
    session: Session,
    variables: Q::Variables,
) -> Result<D, ApiError> {
    decode(&exchange_renewing(session, body::<Q>(variables)?).await?)
}

/// Sends one operation as the logged-in user and reads its data in the browser.
pub async fn call_js<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
) -> Result<crate::js::Js, ApiError> {
    let text = exchange_renewing(session, body::<Q>(variables)?).await?;
    crate::js::Js::data(&text).ok_or_else(internal)
}

/// The request body of `Q` with `variables`, for [`post`].
pub fn request<Q: GraphQLQuery>(variables: Q::Variables) -> Result<String, ApiError> {
    body::<Q>(variables)
}

/// Sends a request body made by [`request`] whose answer the app does not read, renewing the
/// token like [`call`]. Not generic: every such change shares this one copy.
pub async fn post(session: Session, body: Result<String, ApiError>) -> Result<(), ApiError> {
    exchange_renewing(session, body?).await.map(|_| ())
}

/// Sends a request body made by [`request`] and reads its data in the browser.
pub async fn post_js(
    session: Session,
    body: Result<String, ApiError>,
) -> Result<crate::js::Js, ApiError> {
    let text = exchange_renewing(session, body?).await?;
    crate::js::Js::data(&text).ok_or_else(internal)
}

/// Sends a mutation whose answer the app does not read (it reloads what it shows), renewing
/// the token like [`call`]. Skipping the answer keeps its decoder out of the app.
pub async fn call_unit<Q: GraphQLQuery>(
    session: Session,
    variables: Q::Variables,
) -> Result<(), ApiError> {
    exchange_renewing(session, body::<Q>(variables)?)
        .await
        .map(|_| ())
}

/// An answer as a page keeps it: its text, or nothing when there was nothing to ask.
type Answer = Option<Result<String, ApiError>>;

/// A query a page keeps loaded, asked again whenever a signal its variables read changes. Every
/// page shares one resource type holding the answer's text, decoded on reading; so the app
/// holds one copy of the loading machinery instead of one per query.
pub struct Loaded<D> {
    answer: LocalResource<Answer>,
    data: PhantomData<fn() -> D>,
}

impl<D> Clone for Loaded<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D> Copy for Loaded<D> {}

impl<D: DeserializeOwned> Loaded<D> {
    /// The data (reactive): `None` while loading, or when there was nothing to ask.
    pub fn get(self) -> Option<Result<D, ApiError>> {
        self.answer
            .get()
            .flatten()
            .map(|answer| answer.and_then(|text| decode(&text)))
    }

    /// The data, or nothing while loading, on an error, or when there was nothing to ask.
    pub fn ok(self) -> Option<D> {
        self.get().and_then(Result::ok)
    }
}

/// A staff member as pickers and lists show them.
#[derive(Clone, Debug)]
pub struct Person {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Roles.
    pub roles: Vec<Role>,
}

/// The staff, kept loaded (see [`staff`]).
#[derive(Clone, Copy)]
pub struct Staff(Loaded<crate::js::Js>);

/// Keeps the staff loaded when `ask`; read them with [`Staff::people`].
pub fn staff(session: Session, ask: bool) -> Staff {
    Staff(load_as::<Users, crate::js::Js>(session, move || {
        ask.then_some(users::Variables)
    }))
}

impl Staff {
    /// The staff (reactive): none while loading, on an error or when not asked.
    pub fn people(self) -> Vec<Person> {
        self.0
            .js()
            .and_then(Result::ok)
            .map(|d| d.list("users"))
            .unwrap_or_default()
            .iter()
            .map(|u| Person {
                id: u.str("id"),
                name: u.str("name"),
                roles: u
                    .list("roles")
                    .iter()
                    .filter_map(|r| r.0.as_string())
                    .filter_map(|r| Role::from_code(&r))
                    .collect(),
            })
            .collect()
    }
}

impl Loaded<crate::js::Js> {
    /// The data read in the browser (reactive): `None` while loading or when there was
    /// nothing to ask.
    pub fn js(self) -> Option<Result<crate::js::Js, ApiError>> {
        self.answer
            .get()
            .flatten()
            .map(|answer| answer.and_then(|text| crate::js::Js::data(&text).ok_or_else(internal)))
    }
}

/// Keeps `Q` loaded as the logged-in user, read as `D` (the generated type, a hand decoder, or
/// [`crate::js::Js`]). `variables` runs in a reactive scope: the signals it reads trigger a new
/// request; `None` asks nothing.
pub fn load_as<Q: GraphQLQuery, D>(
    session: Session,
    variables: impl Fn() -> Option<Q::Variables> + 'static,
) -> Loaded<D> {
    Loaded {
        answer: answer_resource(
            session,
            Box::new(move || variables().and_then(|v| body::<Q>(v).ok())),
        ),
        data: PhantomData,
    }
}

fn answer_resource(
    session: Session,
    request: Box<dyn Fn() -> Option<String>>,
) -> LocalResource<Answer> {
    LocalResource::new(move || {
        let body = request();
        async move {
            match body {
                Some(body) => Some(exchange_renewing(session, body).await),
                None => None,
            }
        }
    })
}

/// The `Complaint` union, read without buffering.
///
/// The generated types read a union through serde's internally tagged enums, which buffer the
/// whole object before choosing a variant; that code alone was a tenth of the app. Our queries
/// ask `__typename` first and the server answers fields in the order asked, so the variant is
/// known from the first key and the rest of the object is read straight into it. The variants
/// are the generated, schema-checked types; only the wrappers here are written by hand.
pub mod union {
    use super::{complaint_detail as detail, complaints as list};
    use serde::Deserialize;
    use serde::de::{self, Deserializer, MapAccess, Visitor, value::MapAccessDeserializer};
    use std::fmt;
    use std::marker::PhantomData;

    /// A complaint as the viewer may see it.
    pub enum Complaint<I, A> {
        /// The identified view.
        IdentifiedComplaint(I),
        /// The anonymised view.
        AnonymisedComplaint(A),
    }

    struct ByTypename<I, A>(PhantomData<fn() -> (I, A)>);

    impl<'de, I: Deserialize<'de>, A: Deserialize<'de>> Visitor<'de> for ByTypename<I, A> {
        type Value = Complaint<I, A>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a complaint starting with __typename")
        }

        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let key: Option<String> = map.next_key()?;
            if key.as_deref() != Some("__typename") {
                return Err(de::Error::missing_field("__typename"));
            }
            let typename: String = map.next_value()?;
            let rest = MapAccessDeserializer::new(map);
            match typename.as_str() {
                "IdentifiedComplaint" => I::deserialize(rest).map(Complaint::IdentifiedComplaint),
                "AnonymisedComplaint" => A::deserialize(rest).map(Complaint::AnonymisedComplaint),
                _ => Err(de::Error::unknown_variant(
                    &typename,
                    &["IdentifiedComplaint", "AnonymisedComplaint"],
                )),
            }
        }
    }

    impl<'de, I: Deserialize<'de>, A: Deserialize<'de>> Deserialize<'de> for Complaint<I, A> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(ByTypename(PhantomData))
        }
    }

    /// The data of `ComplaintDetail`.
    #[derive(Deserialize)]
    pub struct Detail {
        /// The complaint.
        pub complaint: Complaint<
            detail::ComplaintDetailComplaintOnIdentifiedComplaint,
            detail::ComplaintDetailComplaintOnAnonymisedComplaint,
        >,
    }

    /// The data of `RegisterComplaint`: both views carry the id, which is all the app reads.
    #[derive(Deserialize)]
    pub struct Registered {
        /// The new complaint.
        #[serde(rename = "registerComplaint")]
        pub register_complaint: Id,
    }

    /// Just an id.
    #[derive(Deserialize)]
    pub struct Id {
        /// The id.
        pub id: String,
    }

    /// The data of `Complaints`.
    #[derive(Deserialize)]
    pub struct Page {
        /// The page.
        pub complaints: Connection,
    }

    /// A page of complaints.
    #[derive(Deserialize)]
    pub struct Connection {
        /// The complaints.
        pub edges: Vec<Edge>,
        /// Where the page ends.
        #[serde(rename = "pageInfo")]
        pub page_info: list::ComplaintsComplaintsPageInfo,
    }

    /// One complaint of a page.
    #[derive(Deserialize)]
    pub struct Edge {
        /// The complaint.
        pub node: Complaint<
            list::ComplaintsComplaintsEdgesNodeOnIdentifiedComplaint,
            list::ComplaintsComplaintsEdgesNodeOnAnonymisedComplaint,
        >,
    }
}
