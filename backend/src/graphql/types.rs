//! GraphQL output and input types. Rule: these are built from the domain core's types (mostly
//! from the policy's projections), never derived on storage models; the anonymised type has no
//! identifying field at all.

use super::ids::id_out;
use async_graphql::{
    Enum, ID, InputObject, InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject,
    Union, Value,
};
use chrono::NaiveDate;
use klachten_core::{actor, clocks, complaint, lifecycle, policy};

/// A calendar date, `YYYY-MM-DD` (Europe/Amsterdam).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// A calendar date, `YYYY-MM-DD`, as a day in Europe/Amsterdam (e.g. `2026-11-23`).
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) if s.len() == 10 => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| {
                    InputValueError::custom("a date is written YYYY-MM-DD, e.g. 2026-05-18")
                }),
            _ => Err(InputValueError::custom(
                "a date is written YYYY-MM-DD, e.g. 2026-05-18",
            )),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

macro_rules! mirror {
    ($(#[$doc:meta])* $name:ident => $core:ty { $($(#[$vdoc:meta])* $variant:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($(#[$vdoc])* $variant),* }
        impl From<$core> for $name {
            fn from(v: $core) -> Self { match v { $(<$core>::$variant => Self::$variant),* } }
        }
        impl From<$name> for $core {
            fn from(v: $name) -> Self { match v { $($name::$variant => <$core>::$variant),* } }
        }
    };
}

mirror!(/// Where a complaint is in its lifecycle (status).
ComplaintStatus => complaint::Status {
    /// Ontvangen.
    Received, /// Ontvangst bevestigd.
    Acknowledged, /// In behandeling.
    InTreatment, /// Besproken.
    Discussed, /// Wacht op aanvulling.
    AwaitingSupplement, /// Afgehandeld.
    Resolved, /// Niet in behandeling genomen.
    Declined, /// Ingetrokken.
    Withdrawn, /// Identifying data erased after the retention period.
    Purged,
});
mirror!(/// How a complaint arrived (kanaal).
Channel => complaint::Channel {
    /// Brief.
    Letter, /// E-mail.
    Email, /// Telefoon.
    Phone, /// Persoonlijk.
    InPerson, /// Webformulier.
    WebForm,
});
mirror!(/// What a complaint is about (categorie).
Category => complaint::Category {
    /// Dienstverlening.
    Service, /// Een medewerker.
    Employee, /// Een derde.
    ThirdParty, /// Persoonsgegevens (privacyklacht).
    PersonalData,
});
mirror!(/// A ground for declining a complaint (niet in behandeling nemen).
DeclineGround => complaint::DeclineGround {
    /// More than one year since the conduct.
    ConductOverOneYearAgo, /// The same complainant filed the same complaint before.
    SameComplaintAlreadyFiled, /// Incomplete and not supplemented after a request.
    IncompleteNotSupplemented, /// Anonymous.
    Anonymous,
});
mirror!(/// A role (rol).
Role => actor::Role {
    /// Medewerker.
    Staff, /// Onafhankelijke klachtenbehandelaar.
    Handler, /// Directie.
    Director, /// Functionaris Gegevensbescherming.
    Dpo, /// Functioneel beheer.
    Admin, /// Third-party system.
    Integration,
});
mirror!(/// Something your roles let you do apart from any one complaint: the app shows its screens
/// and forms by these, never by a list of roles of its own.
Capability => actor::Capability {
    /// Register complaints.
    RegisterComplaints, /// Follow every complaint, not only those you are involved in.
    SeeEveryComplaint, /// See the list of colleagues (`staff`).
    ListStaff, /// Propose measures and keep the board of measures.
    WorkOnMeasures, /// Write, send and e-mail letters.
    WriteLetters, /// Prepare, publish and minute the directors' meetings.
    PrepareMeetings, /// Figures with small counts exact; the annual report.
    ExactFigures, /// Read the audit log.
    ReadAuditLog, /// Place and release a legal hold.
    LegalHold, /// See accounts and propose role changes.
    ManageAccounts, /// Change roles directly and decide on proposed role changes.
    GrantRoles, /// Functioneel beheer: accounts, API clients, webhooks, procedure and calendar versions.
    Administer,
});
mirror!(/// The state of a clock.
ClockState => clocks::ClockState {
    /// Running.
    Open, /// Due within two working days.
    DueSoon, /// Stopped while waiting for a supplement.
    Suspended, /// Kept.
    Met, /// Not kept.
    Late, /// Closed before it fell due.
    Stopped,
});
mirror!(/// A clock's outcome without dates, as anonymised views show it.
ClockOutcome => policy::ClockOutcome {
    /// Still running.
    Pending, /// Kept.
    Met, /// Not kept.
    Late, /// Closed before it fell due.
    NotApplicable,
});
mirror!(/// A step that can be taken on a complaint.
ComplaintAction => lifecycle::Action {
    /// acknowledgeComplaint.
    Acknowledge, /// recordContact.
    RecordContact, /// recordConversation.
    RecordConversation, /// requestSupplement.
    RequestSupplement, /// recordSupplement.
    RecordSupplement, /// declineComplaint.
    Decline, /// withdrawComplaint.
    Withdraw, /// resolveComplaint.
    Resolve, /// requestDpoAdvice.
    RequestDpoAdvice, /// recordDpoAdvice.
    RecordDpoAdvice, /// assignHandler.
    AssignHandler, /// addInvolvedParty.
    AddInvolvedParty, /// removeInvolvedParty.
    RemoveInvolvedParty, /// updateAnonymisedSummary.
    UpdateAnonymisedSummary, /// recordRootCause.
    RecordRootCause, /// Retention purge (the system only).
    Purge,
});

/// A user.
#[derive(SimpleObject, Debug, Clone)]
pub struct User {
    /// Id.
    pub id: ID,
    /// Name.
    pub name: String,
    /// Login e-mail address.
    pub email: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// What these roles let them do, apart from any one complaint.
    pub capabilities: Vec<Capability>,
}

/// A logged-in session.
#[derive(SimpleObject, Debug, Clone)]
pub struct Session {
    /// The access token, for `Authorization: Bearer`; keep it in memory only.
    pub token: String,
    /// When the token expires (RFC 3339).
    pub expires_at: String,
    /// Who is logged in.
    pub user: User,
    /// The password was set by someone else: until `changePassword`, every other request is
    /// refused with `PASSWORD_CHANGE_REQUIRED`.
    pub password_change_required: bool,
    /// Today in Europe/Amsterdam as the server counts it (the same as the query `today`), so
    /// an app has what it needs to start from this one answer.
    pub today: Date,
}

/// One clock (termijn).
#[derive(SimpleObject, Debug, Clone)]
pub struct Clock {
    /// The last day the promise is kept.
    pub due_on: Date,
    /// When the step was taken.
    pub met_on: Option<Date>,
    /// State today.
    pub state: ClockState,
}

impl From<&clocks::ClockReading> for Clock {
    fn from(r: &clocks::ClockReading) -> Self {
        Self {
            due_on: Date(r.due_on),
            met_on: r.met_on.map(Date),
            state: r.state.into(),
        }
    }
}

/// Every clock of a complaint.
#[derive(SimpleObject, Debug, Clone)]
pub struct Deadlines {
    /// Ontvangstbevestiging: 5 working days.
    pub acknowledgement: Clock,
    /// Eerste contact: 7 working days.
    pub first_contact: Clock,
    /// Afhandeling: 30 working days plus time waiting for a supplement.
    pub resolution: Clock,
    /// Privacyklacht: one calendar month.
    pub privacy_resolution: Option<Clock>,
    /// Bewaartermijn: the purge date, once closed.
    pub retention: Option<Clock>,
}

impl From<&clocks::Deadlines> for Deadlines {
    fn from(d: &clocks::Deadlines) -> Self {
        Self {
            acknowledgement: (&d.acknowledgement).into(),
            first_contact: (&d.first_contact).into(),
            resolution: (&d.resolution).into(),
            privacy_resolution: d.privacy_resolution.as_ref().map(Into::into),
            retention: d.retention.as_ref().map(Into::into),
        }
    }
}

/// Clock outcomes without dates.
#[derive(SimpleObject, Debug, Clone)]
pub struct ClockOutcomes {
    /// Ontvangstbevestiging.
    pub acknowledgement: ClockOutcome,
    /// Eerste contact.
    pub first_contact: ClockOutcome,
    /// Afhandeling.
    pub resolution: ClockOutcome,
    /// Privacyklacht.
    pub privacy_resolution: Option<ClockOutcome>,
}

/// The complainant (klager).
#[derive(SimpleObject, Debug, Clone)]
pub struct Complainant {
    /// Naam.
    pub name: Option<String>,
    /// Adres.
    pub address: Option<String>,
    /// Telefoonnummer.
    pub phone: Option<String>,
    /// E-mailadres.
    pub email: Option<String>,
}

/// The DPO's advice.
#[derive(SimpleObject, Debug, Clone)]
pub struct DpoAdvice {
    /// When given.
    pub advised_on: Date,
    /// The advice.
    pub advice: String,
    /// Whether the firm follows it.
    pub followed: bool,
    /// Why.
    pub reason: String,
}

/// A complaint with everything, for directors, handlers, involved staff and (privacy complaints)
/// the DPO. Every time one is returned, the read is written to the audit log.
#[derive(SimpleObject, Debug, Clone)]
pub struct IdentifiedComplaint {
    /// Id.
    pub id: ID,
    /// Klachtnummer, e.g. KL-2026-0042.
    pub reference: String,
    /// Kanaal.
    pub channel: Channel,
    /// Categorie.
    pub category: Category,
    /// Status.
    pub status: ComplaintStatus,
    /// Date of receipt.
    pub received_on: Date,
    /// Who complained.
    pub complainant: Complainant,
    /// The employee or third party concerned.
    pub concerning: Option<String>,
    /// The facts.
    pub facts: String,
    /// When the conduct took place.
    pub conduct_on: Option<Date>,
    /// What the complainant asks for.
    pub remedy_sought: Option<String>,
    /// The procedure version it falls under.
    pub procedure_version: String,
    /// Who registered it.
    pub registered_by: ID,
    /// The assigned handler.
    pub handler_id: Option<ID>,
    /// Added involved parties.
    pub involved_party_ids: Vec<ID>,
    /// Every clock with its dates.
    pub deadlines: Deadlines,
    /// The ground, when declined.
    pub decline_ground: Option<DeclineGround>,
    /// What was settled, when resolved.
    pub outcome: Option<String>,
    /// A legal hold that keeps the file past its retention date.
    pub legal_hold: Option<LegalHold>,
    /// When the DPO's advice was requested.
    pub dpo_requested_on: Option<Date>,
    /// The DPO's advice.
    pub dpo_advice: Option<DpoAdvice>,
    /// The anonymised summary as written.
    pub summary: Option<String>,
    /// The summary as anonymised views show it.
    pub summary_redacted: Option<String>,
    /// Whether the handler approved the redacted summary.
    pub summary_reviewed: bool,
    /// The root cause (oorzaak).
    pub root_cause: Option<RootCause>,
    /// Measures and improvement proposals on this complaint.
    pub measures: Vec<Measure>,
    /// Every step taken, oldest first.
    pub timeline: Vec<TimelineEvent>,
    /// The conversations with the complainant and what was agreed.
    pub conversations: Vec<Conversation>,
    /// The letters to the complainant, oldest first.
    pub letters: Vec<Letter>,
    /// The version, for `expectedVersion` on the next step.
    pub version: i32,
    /// The steps you may take now, the usual next step of the procedure first.
    pub allowed_actions: Vec<ComplaintAction>,
}

/// A step on a complaint's timeline.
#[derive(SimpleObject, Debug, Clone)]
pub struct TimelineEvent {
    /// What happened: `REGISTER` or a `ComplaintAction` code.
    pub action: String,
    /// Who did it.
    pub actor_id: Option<ID>,
    /// Their name.
    pub actor_name: Option<String>,
    /// When it was recorded (RFC 3339).
    pub at: String,
    /// The date the step took place, as given.
    pub on: Option<Date>,
}

/// A conversation with the complainant (gesprek) and the agreements (afspraken).
#[derive(SimpleObject, Debug, Clone)]
pub struct Conversation {
    /// When it took place.
    pub held_on: Date,
    /// Phone or meeting.
    pub kind: ConversationKind,
    /// What was discussed.
    pub summary: String,
    /// What was agreed.
    pub agreements: String,
    /// Who recorded it.
    pub recorded_by: ID,
}

/// The kinds of letter to the complainant.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterKind {
    /// Ontvangstbevestiging.
    Acknowledgement,
    /// Verzoek tot aanvulling (says what is missing and by when).
    SupplementRequest,
    /// Bevestiging gesprek en afspraken.
    ConversationConfirmation,
    /// Besluit niet in behandeling (the ground, and the civil court).
    DeclineDecision,
    /// Afsluitende brief (the outcome, the civil court, and for complaints about personal data
    /// the Autoriteit Persoonsgegevens).
    Closing,
}

impl From<LetterKind> for crate::letters::Kind {
    fn from(kind: LetterKind) -> Self {
        match kind {
            LetterKind::Acknowledgement => Self::Acknowledgement,
            LetterKind::SupplementRequest => Self::SupplementRequest,
            LetterKind::ConversationConfirmation => Self::ConversationConfirmation,
            LetterKind::DeclineDecision => Self::DeclineDecision,
            LetterKind::Closing => Self::Closing,
        }
    }
}

impl From<crate::letters::Kind> for LetterKind {
    fn from(kind: crate::letters::Kind) -> Self {
        match kind {
            crate::letters::Kind::Acknowledgement => Self::Acknowledgement,
            crate::letters::Kind::SupplementRequest => Self::SupplementRequest,
            crate::letters::Kind::ConversationConfirmation => Self::ConversationConfirmation,
            crate::letters::Kind::DeclineDecision => Self::DeclineDecision,
            crate::letters::Kind::Closing => Self::Closing,
        }
    }
}

/// How a letter went out.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterChannel {
    /// By post.
    Post,
    /// By e-mail.
    Email,
}

/// A letter to the complainant, as generated (its PDF through `letterPdf`).
#[derive(SimpleObject, Debug, Clone)]
pub struct Letter {
    /// Id.
    pub id: ID,
    /// Which letter.
    pub kind: LetterKind,
    /// When it was generated (RFC 3339).
    pub generated_at: String,
    /// Who generated it: `user:<id>`, or `system` for a letter a step produced.
    pub generated_by: String,
    /// The version of the letter texts.
    pub template_version: String,
    /// The procedure version it rests on.
    pub procedure_version: String,
    /// SHA-256 of the PDF: proof it was not changed.
    pub content_hash: String,
    /// When it was sent, once marked as sent.
    pub sent_on: Option<Date>,
    /// How.
    pub sent_via: Option<LetterChannel>,
    /// The e-mail `emailLetter` would send, to show before it goes: `null` for those who may
    /// not send letters, when the complainant left no e-mail address, and outside a
    /// complaint's own `letters`.
    pub email: Option<LetterEmail>,
}

/// An e-mail that carries a letter, as it would go out.
#[derive(SimpleObject, Debug, Clone)]
pub struct LetterEmail {
    /// The complainant's address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The text.
    pub body: String,
    /// The file name of the letter it carries.
    pub attachment: String,
}

/// The timeline, conversations and measures of a complaint, loaded in batches.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Timeline (identified complaints only).
    pub timeline: Vec<TimelineEvent>,
    /// Conversations (identified complaints only).
    pub conversations: Vec<Conversation>,
    /// Letters (identified complaints only).
    pub letters: Vec<Letter>,
    /// Measures, as the identified view shows them.
    pub measures: Vec<Measure>,
    /// Measures, as the anonymised view shows them.
    pub measure_summaries: Vec<MeasureSummary>,
}

/// The root cause of a complaint (oorzaak).
#[derive(SimpleObject, Debug, Clone)]
pub struct RootCause {
    /// The category.
    pub category: String,
    /// The explanation: as written where you see the complaint identified; where you see it
    /// anonymised, redacted and only once someone who sees it identified reviewed that form
    /// (`null` before).
    pub text: Option<String>,
    /// The explanation as anonymised views show it once reviewed; `null` in anonymised views.
    pub text_redacted: Option<String>,
    /// Whether the redacted explanation was approved for anonymised views.
    pub reviewed: bool,
}

impl From<policy::RootCauseView> for RootCause {
    fn from(r: policy::RootCauseView) -> Self {
        Self {
            category: r.category,
            text: r.text,
            text_redacted: r.text_redacted,
            reviewed: r.reviewed,
        }
    }
}

/// Measure or improvement proposal.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureKind {
    /// Maatregel.
    Measure,
    /// Verbetervoorstel.
    ImprovementProposal,
}

/// Where a measure stands.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureStatus {
    /// Voorgesteld.
    Proposed,
    /// Afgesproken.
    Agreed,
    /// In uitvoering.
    InProgress,
    /// Gereed.
    Done,
    /// Vervallen.
    Dropped,
}

/// A status change of a measure.
#[derive(SimpleObject, Debug, Clone)]
pub struct MeasureEvent {
    /// The new status.
    pub status: MeasureStatus,
    /// Who changed it.
    pub actor_id: ID,
    /// When (RFC 3339); null where you see the measure's complaint anonymised.
    pub at: Option<String>,
    /// The month it happened, YYYY-MM (Europe/Amsterdam).
    pub month: String,
}

/// A measure (maatregel) or improvement proposal (verbetervoorstel).
#[derive(SimpleObject, Debug, Clone)]
pub struct Measure {
    /// Id.
    pub id: ID,
    /// The complaint it comes from, if any.
    pub complaint_id: Option<ID>,
    /// Measure or proposal.
    pub kind: MeasureKind,
    /// What is to be done: as written where you see its complaint identified; elsewhere
    /// redacted, and only once someone who sees the complaint identified reviewed that form
    /// (`null` before: read `kind`).
    pub description: Option<String>,
    /// The description as anonymised readers see it once reviewed; `null` where you see the
    /// complaint anonymised.
    pub description_redacted: Option<String>,
    /// Whether the redacted description was approved for anonymised readers.
    pub description_reviewed: bool,
    /// Who sees it through.
    pub owner_id: ID,
    /// Their name.
    pub owner_name: Option<String>,
    /// By when; null where you see its complaint anonymised (dates there are months: see
    /// `dueMonth`).
    pub due_on: Option<Date>,
    /// The month it is due, YYYY-MM.
    pub due_month: String,
    /// Where it stands.
    pub status: MeasureStatus,
    /// The statuses you may move it to now (`updateMeasureStatus`): none once it is done or
    /// dropped, or where you are neither its owner nor a director. An API client's scopes are
    /// checked when it moves it.
    pub allowed_statuses: Vec<MeasureStatus>,
    /// Past its due date and not finished.
    pub late: bool,
    /// Its status changes, oldest first.
    pub history: Vec<MeasureEvent>,
}

/// A measure as anonymised views show it.
#[derive(SimpleObject, Debug, Clone)]
pub struct MeasureSummary {
    /// Measure or proposal.
    pub kind: MeasureKind,
    /// What is to be done, redacted; `null` until someone who sees the complaint identified
    /// reviewed the redacted text.
    pub description: Option<String>,
    /// The month it is due, YYYY-MM.
    pub due_month: String,
    /// Where it stands.
    pub status: MeasureStatus,
    /// Past its due date and not finished.
    pub late: bool,
}

/// A complaint without anything that identifies the complainant, the person concerned or the
/// case: what everyone without identifying access sees.
#[derive(SimpleObject, Debug, Clone)]
pub struct AnonymisedComplaint {
    /// Id.
    pub id: ID,
    /// Klachtnummer.
    pub reference: String,
    /// Kanaal.
    pub channel: Channel,
    /// Categorie.
    pub category: Category,
    /// Status.
    pub status: ComplaintStatus,
    /// The month of receipt, YYYY-MM.
    pub received_month: String,
    /// Clock outcomes.
    pub clocks: ClockOutcomes,
    /// The ground, when declined.
    pub decline_ground: Option<DeclineGround>,
    /// The handler's summary after redaction, once approved.
    pub summary: Option<String>,
    /// The root cause, its explanation redacted.
    pub root_cause: Option<RootCause>,
    /// Its measures and proposals, descriptions redacted, dates as months.
    pub measures: Vec<MeasureSummary>,
    /// The steps you may take now, the usual next step of the procedure first.
    pub allowed_actions: Vec<ComplaintAction>,
}

/// A complaint as the viewer may see it.
#[derive(Union, Debug, Clone)]
pub enum Complaint {
    /// With identifying data.
    Identified(Box<IdentifiedComplaint>),
    /// Anonymised.
    Anonymised(Box<AnonymisedComplaint>),
}

/// A complaint in a list.
#[derive(SimpleObject, Debug, Clone)]
pub struct ComplaintEdge {
    /// Pass as `after` to continue after this one.
    pub cursor: String,
    /// The complaint.
    pub node: Complaint,
}

/// Where a page ends.
#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    /// More complaints follow.
    pub has_next_page: bool,
    /// The cursor of the last complaint on this page.
    pub end_cursor: Option<String>,
}

/// A legal hold: the retention purge leaves the complaint alone while it stands.
#[derive(SimpleObject, Debug, Clone)]
pub struct LegalHold {
    /// Since when.
    pub since: Date,
    /// The director who placed it.
    pub placed_by: ID,
    /// Why.
    pub reason: String,
}

/// A page of complaints (Relay connection), newest first.
#[derive(SimpleObject, Debug, Clone)]
pub struct ComplaintConnection {
    /// The complaints with their cursors.
    pub edges: Vec<ComplaintEdge>,
    /// Where the page ends.
    pub page_info: PageInfo,
}

/// Filters for `complaints`.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ComplaintFilter {
    /// Only these statuses.
    pub status: Option<Vec<ComplaintStatus>>,
    /// Only these categories.
    pub category: Option<Vec<Category>>,
    /// Only those assigned to this handler. Only directors and handlers may ask (`FORBIDDEN`
    /// otherwise: the handler is not part of the anonymised view); purged complaints never
    /// match.
    pub handler_id: Option<ID>,
    /// Received on or after. For complaints you see anonymised, whose receipt shows as a month,
    /// the bound is rounded down to the first of its month.
    pub received_from: Option<Date>,
    /// Received on or before. For complaints you see anonymised, whose receipt shows as a
    /// month, the bound is rounded up to the last day of its month.
    pub received_to: Option<Date>,
    /// Only complaints with at least one clock in one of these states (anonymised complaints
    /// by their clock outcomes).
    pub clock_state: Option<Vec<ClockState>>,
    /// Text to find in what you may see: reference, and for complaints you see identified also
    /// names, contact data, facts and summary; case and accents do not matter.
    pub search: Option<String>,
    /// Only complaints you registered, handle (assigned handler) or were made an involved party
    /// to, among those you see identified: the list behind "Mijn werk".
    pub involving_me: Option<bool>,
}

/// Who complained, as given at registration; everything may be missing (anonymous).
#[derive(InputObject, Debug, Clone, Default)]
pub struct ComplainantInput {
    /// Naam.
    pub name: Option<String>,
    /// E-mailadres.
    pub email: Option<String>,
    /// Telefoonnummer.
    pub phone: Option<String>,
    /// Adres.
    pub address: Option<String>,
}

/// A complaint to register.
#[derive(InputObject, Debug, Clone)]
pub struct RegisterComplaintInput {
    /// The date it was received (Europe/Amsterdam); day 0 of every clock.
    pub received_on: Date,
    /// How it arrived.
    pub channel: Channel,
    /// What it is about.
    pub category: Category,
    /// Who complained.
    pub complainant: Option<ComplainantInput>,
    /// The employee or third party concerned.
    pub concerning: Option<String>,
    /// A short description of the facts.
    pub facts: String,
    /// When the conduct took place, if known.
    pub conduct_on: Option<Date>,
    /// What the complainant asks for.
    pub remedy_sought: Option<String>,
    /// A key of your choosing for this registration (8 to 100 letters, digits, `-` or `_`, e.g.
    /// a UUID), so it can be sent again safely when the answer was lost: the same
    /// registration under the same key returns the complaint made the first time instead of a
    /// second one. A different registration under a key already used is refused.
    pub request_id: Option<String>,
}

/// A decline ground the facts point to; a person decides.
#[derive(SimpleObject, Debug, Clone)]
pub struct DeclineSuggestion {
    /// The ground.
    pub ground: DeclineGround,
    /// For SAME_COMPLAINT_ALREADY_FILED: the earlier complaint's reference.
    pub earlier_reference: Option<String>,
}

/// The kind of conversation.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationKind {
    /// Telefonisch.
    Phone,
    /// Persoonlijk gesprek.
    Meeting,
}

/// The conversation with the complainant and what was agreed.
#[derive(InputObject, Debug, Clone)]
pub struct RecordConversationInput {
    /// The complaint.
    pub id: ID,
    /// When it took place.
    pub held_on: Date,
    /// Phone or meeting.
    pub kind: ConversationKind,
    /// What was discussed.
    pub summary: String,
    /// The agreements (afspraken), confirmed in writing to the complainant.
    pub agreements: String,
    /// The version you read; a stale one gets CONFLICT.
    pub expected_version: Option<i32>,
}

/// The DPO's advice to record.
#[derive(InputObject, Debug, Clone)]
pub struct RecordDpoAdviceInput {
    /// The complaint.
    pub id: ID,
    /// When the advice was given.
    pub advised_on: Date,
    /// The advice.
    pub advice: String,
    /// Whether the firm follows it.
    pub followed: bool,
    /// Why (especially when not followed).
    pub reason: String,
    /// The version you read.
    pub expected_version: Option<i32>,
}

/// Builds the output types from the policy's projection.
pub fn complaint_out(
    view: policy::ComplaintView,
    version: i32,
    actions: Vec<lifecycle::Action>,
    history: History,
) -> Complaint {
    let actions = actions.into_iter().map(Into::into).collect();
    match view {
        policy::ComplaintView::Identified(c) => {
            let c = *c;
            Complaint::Identified(Box::new(IdentifiedComplaint {
                id: id_out(c.id),
                reference: c.reference.to_string(),
                channel: c.channel.into(),
                category: c.category.into(),
                status: c.status.into(),
                received_on: Date(c.received_on),
                complainant: Complainant {
                    name: c.complainant_name,
                    address: c.complainant_address,
                    phone: c.complainant_phone,
                    email: c.complainant_email,
                },
                concerning: c.concerning,
                facts: c.facts,
                conduct_on: c.conduct_on.map(Date),
                remedy_sought: c.remedy_sought,
                procedure_version: c.procedure_label,
                registered_by: id_out(c.registered_by),
                handler_id: c.handler.map(id_out),
                involved_party_ids: c.involved.into_iter().map(id_out).collect(),
                deadlines: (&c.deadlines).into(),
                decline_ground: c.decline_ground.map(Into::into),
                outcome: c.outcome,
                legal_hold: c.legal_hold.map(|(since, by, reason)| LegalHold {
                    since: Date(since),
                    placed_by: id_out(by),
                    reason,
                }),
                dpo_requested_on: c.dpo_requested_on.map(Date),
                dpo_advice: c.dpo_advice.map(|a| DpoAdvice {
                    advised_on: Date(a.advised_on),
                    advice: a.advice,
                    followed: a.followed,
                    reason: a.reason,
                }),
                summary: c.summary,
                summary_redacted: c.summary_redacted,
                summary_reviewed: c.summary_reviewed,
                root_cause: c.root_cause.map(Into::into),
                measures: history.measures,
                timeline: history.timeline,
                conversations: history.conversations,
                letters: history.letters,
                version,
                allowed_actions: actions,
            }))
        }
        policy::ComplaintView::Anonymised(a) => {
            Complaint::Anonymised(Box::new(AnonymisedComplaint {
                id: id_out(a.id),
                reference: a.reference.to_string(),
                channel: a.channel.into(),
                category: a.category.into(),
                status: a.status.into(),
                received_month: a.received_month.to_string(),
                clocks: a.clocks.into(),
                decline_ground: a.decline_ground.map(Into::into),
                summary: a.summary,
                root_cause: a.root_cause.map(Into::into),
                measures: history.measure_summaries,
                allowed_actions: actions,
            }))
        }
    }
}

impl From<policy::ClockOutcomes> for ClockOutcomes {
    fn from(c: policy::ClockOutcomes) -> Self {
        Self {
            acknowledgement: c.acknowledgement.into(),
            first_contact: c.first_contact.into(),
            resolution: c.resolution.into(),
            privacy_resolution: c.privacy_resolution.map(Into::into),
        }
    }
}
