//! Meetings and their agendas through the API (`services::meetings`). Rule: arguments mapped
//! in; an agenda mapped out as `crate::meetings` built it, anonymised for every reader, the texts
//! before review only for those who prepare meetings.

use super::context::{Caller, require_caller, require_user, state};
use super::ids::{id_out, typed, typed_opt};
use super::types::{
    Category, Channel, ClockOutcomes, ComplaintStatus, Date, DeclineGround, MeasureKind,
    MeasureStatus, RootCause,
};
use crate::meetings::{self as agendas, Agenda, MeasureLine, Subject};
use crate::services::measures::NewMeasure;
use crate::services::meetings;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use base64::Engine as _;
use klachten_core::actor::Actor;
use klachten_core::ids::MeetingId;
use klachten_core::integration::Scope;
use klachten_core::meetings::{self as core};

/// The kind of consultation.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingKind {
    /// Directieoverleg.
    DirectorsMeeting,
    /// Another consultation.
    OtherConsultation,
}

impl From<MeetingKind> for core::MeetingKind {
    fn from(k: MeetingKind) -> Self {
        match k {
            MeetingKind::DirectorsMeeting => Self::DirectorsMeeting,
            MeetingKind::OtherConsultation => Self::OtherConsultation,
        }
    }
}

impl From<core::MeetingKind> for MeetingKind {
    fn from(k: core::MeetingKind) -> Self {
        match k {
            core::MeetingKind::DirectorsMeeting => Self::DirectorsMeeting,
            core::MeetingKind::OtherConsultation => Self::OtherConsultation,
        }
    }
}

/// Where a meeting stands.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingStatus {
    /// Being prepared; only directors see it.
    Draft,
    /// The agenda is out; every staff member may read it.
    Published,
}

/// A measure or proposal as an agenda shows it: no owner, the due date as a month.
#[derive(SimpleObject, Debug, Clone)]
pub struct AgendaMeasure {
    /// Id (to record a decision on it).
    pub id: ID,
    /// Measure or proposal.
    pub kind: MeasureKind,
    /// What is to be done, redacted; `null` until someone who sees its complaint identified
    /// reviewed the redacted text.
    pub description: Option<String>,
    /// The month it is due, YYYY-MM.
    pub due_month: String,
    /// Where it stands.
    pub status: MeasureStatus,
    /// The statuses you may move it to in the decision on its item (`recordDecision`'s
    /// `measureStatus`): none unless you minute this meeting now.
    pub allowed_statuses: Vec<MeasureStatus>,
    /// Past due and not finished.
    pub late: bool,
    /// The reference of the complaint it comes from, if any.
    pub complaint_reference: Option<String>,
}

/// A complaint as an agenda shows it: the anonymised view, whoever reads it.
#[derive(SimpleObject, Debug, Clone)]
pub struct AgendaComplaint {
    /// Klachtnummer.
    pub reference: String,
    /// Categorie.
    pub category: Category,
    /// Kanaal.
    pub channel: Channel,
    /// The month of receipt, YYYY-MM.
    pub received_month: String,
    /// Status.
    pub status: ComplaintStatus,
    /// Whether the clocks were kept.
    pub clocks: ClockOutcomes,
    /// The ground, when declined.
    pub decline_ground: Option<DeclineGround>,
    /// The reviewed summary after redaction; `null` until there is one.
    pub summary: Option<String>,
    /// No reviewed summary yet: the agenda cannot be published.
    pub summary_missing: bool,
    /// The root cause, its explanation redacted.
    pub root_cause: Option<RootCause>,
    /// Its measures and proposals.
    pub measures: Vec<AgendaMeasure>,
}

/// One item on the agenda: a complaint or a measure/proposal, with the decision on it.
#[derive(SimpleObject, Debug, Clone)]
pub struct AgendaItem {
    /// Id.
    pub id: ID,
    /// Its number on the agenda, from 1.
    pub number: i32,
    /// The complaint, when the item is one.
    pub complaint: Option<AgendaComplaint>,
    /// The measure or proposal, when the item is one.
    pub measure: Option<AgendaMeasure>,
    /// The decision (besluit), redacted; `null` until a director reviewed the redacted text.
    pub decision: Option<String>,
    /// The decision redacted, reviewed or not, for the directors who review it; `null` for
    /// everyone else.
    pub decision_redacted: Option<String>,
    /// Whether a director approved the redacted decision for the agenda's readers.
    pub decision_reviewed: bool,
    /// Always null: the agenda is anonymised for every reader, and its dates are months.
    #[graphql(deprecation = "the agenda shows months only: use decidedMonth")]
    pub decided_on: Option<Date>,
    /// The month the decision was taken, YYYY-MM.
    pub decided_month: Option<String>,
    /// The measure the decision created or moved.
    pub decision_measure: Option<AgendaMeasure>,
}

/// A meeting (overleg) with its agenda.
#[derive(SimpleObject, Debug, Clone)]
pub struct Meeting {
    /// Id.
    pub id: ID,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: MeetingKind,
    /// Date of the meeting.
    pub held_on: Date,
    /// Draft or published.
    pub status: MeetingStatus,
    /// The minutes (notulen), redacted; `null` until a director reviewed the redacted text.
    pub minutes: Option<String>,
    /// The minutes redacted, reviewed or not, for the directors who review them; `null` for
    /// everyone else.
    pub minutes_redacted: Option<String>,
    /// Whether a director approved the redacted minutes for their readers.
    pub minutes_reviewed: bool,
    /// Minutes were written and wait for a director's review: readers see none yet.
    pub minutes_pending: bool,
    /// The agenda items in order.
    pub items: Vec<AgendaItem>,
    /// References of complaints on the agenda without a reviewed summary: publishing waits for
    /// them.
    pub unsummarised: Vec<String>,
}

fn measure_out(m: MeasureLine, actor: &Actor, meeting: core::MeetingStatus) -> AgendaMeasure {
    AgendaMeasure {
        allowed_statuses: core::decision_statuses(actor, meeting, m.status)
            .into_iter()
            .map(Into::into)
            .collect(),
        id: id_out(m.id),
        kind: m.kind.into(),
        description: m.description,
        due_month: m.due_month,
        status: m.status.into(),
        late: m.late,
        complaint_reference: m.complaint_reference,
    }
}

/// The agenda for `caller`; one who prepares meetings (a director) also gets the redacted texts
/// that await review.
fn meeting_out(agenda: Agenda, caller: Caller<'_>) -> Meeting {
    let reviewer = meetings::prepares(caller);
    let actor = caller.actor();
    let meeting = agenda.status;
    let measure_out = |m| measure_out(m, &actor, meeting);
    let unsummarised = agenda.unsummarised();
    Meeting {
        id: id_out(agenda.id),
        title: agenda.title,
        kind: agenda.kind.into(),
        held_on: Date(agenda.held_on),
        status: match agenda.status {
            core::MeetingStatus::Draft => MeetingStatus::Draft,
            core::MeetingStatus::Published => MeetingStatus::Published,
        },
        minutes: agenda.minutes,
        minutes_pending: agenda.minutes_redacted.is_some() && !agenda.minutes_reviewed,
        minutes_redacted: agenda.minutes_redacted.filter(|_| reviewer),
        minutes_reviewed: agenda.minutes_reviewed,
        items: agenda
            .items
            .into_iter()
            .map(|item| {
                let (complaint, measure) = match item.subject {
                    Subject::Complaint(c) => {
                        let summary_missing = c.summary_missing();
                        let v = c.view;
                        (
                            Some(AgendaComplaint {
                                reference: v.reference.to_string(),
                                category: v.category.into(),
                                channel: v.channel.into(),
                                received_month: format!(
                                    "{:04}-{:02}",
                                    v.received_month.year, v.received_month.month
                                ),
                                status: v.status.into(),
                                clocks: v.clocks.into(),
                                decline_ground: v.decline_ground.map(Into::into),
                                summary: v.summary,
                                summary_missing,
                                root_cause: v.root_cause.map(Into::into),
                                measures: c.measures.into_iter().map(measure_out).collect(),
                            }),
                            None,
                        )
                    }
                    Subject::Measure(m) => (None, Some(measure_out(m))),
                };
                AgendaItem {
                    id: id_out(item.id),
                    number: i32::try_from(item.number).unwrap_or(i32::MAX),
                    complaint,
                    measure,
                    decision: item.decision,
                    decision_redacted: item.decision_redacted.filter(|_| reviewer),
                    decision_reviewed: item.decision_reviewed,
                    decided_on: None,
                    decided_month: item
                        .decided_on
                        .map(|d| klachten_core::policy::YearMonth::of(d).to_string()),
                    decision_measure: item.decision_measure.map(measure_out),
                }
            })
            .collect(),
        unsummarised,
    }
}

/// The agenda `id` as `caller` may read it, answered after a change.
async fn reloaded(ctx: &Context<'_>, id: MeetingId) -> async_graphql::Result<Meeting> {
    let caller = require_caller(ctx, Scope::ReadAgendas)?;
    let agenda = meetings::read(state(ctx), caller, id).await?;
    Ok(meeting_out(agenda, caller))
}

/// Queries about meetings.
#[derive(Default)]
pub struct MeetingQuery;

#[Object]
impl MeetingQuery {
    /// Meetings, newest first: every one for directors, the published ones for other staff.
    async fn meetings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Meeting>> {
        let caller = require_caller(ctx, Scope::ReadAgendas)?;
        let found = meetings::list(state(ctx), caller).await?;
        Ok(found.into_iter().map(|a| meeting_out(a, caller)).collect())
    }

    /// A meeting's agenda, anonymised for every reader (directors included).
    async fn agenda(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
    ) -> async_graphql::Result<Meeting> {
        reloaded(ctx, typed(&meeting_id)?).await
    }

    /// The agenda in Markdown, for the invitation mail. Audited as an export.
    async fn agenda_markdown(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
    ) -> async_graphql::Result<String> {
        let caller = require_caller(ctx, Scope::ReadAgendas)?;
        let agenda = meetings::export(state(ctx), caller, typed(&meeting_id)?, "markdown").await?;
        Ok(agendas::markdown(&agenda))
    }

    /// The agenda as PDF, base64-encoded. Audited as an export.
    async fn agenda_pdf(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
    ) -> async_graphql::Result<String> {
        let caller = require_caller(ctx, Scope::ReadAgendas)?;
        let agenda = meetings::export(state(ctx), caller, typed(&meeting_id)?, "pdf").await?;
        let now = state(ctx).clock.now();
        let pdf = agendas::pdf(&agenda, now).map_err(|e| crate::error::ApiError::internal(&e))?;
        Ok(base64::engine::general_purpose::STANDARD.encode(pdf))
    }
}

/// What a meeting is: title, kind and date.
#[derive(InputObject, Debug, Clone)]
pub struct MeetingInput {
    /// Title, e.g. "Directieoverleg december".
    pub title: String,
    /// Kind.
    pub kind: MeetingKind,
    /// Date of the meeting.
    pub held_on: Date,
}

/// A measure a decision creates.
#[derive(InputObject, Debug, Clone)]
pub struct DecisionMeasureInput {
    /// Measure or proposal.
    pub kind: MeasureKind,
    /// What is to be done.
    pub description: String,
    /// The redacted description is approved for readers who see the complaint anonymised.
    #[graphql(default = false)]
    pub description_reviewed: bool,
    /// Who sees it through.
    pub owner_id: ID,
    /// By when.
    pub due_on: Date,
}

/// Mutations of meetings (directors).
#[derive(Default)]
pub struct MeetingMutation;

#[Object]
impl MeetingMutation {
    /// Creates a meeting as a draft (directors).
    async fn create_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Title, kind and date.")] input: MeetingInput,
    ) -> async_graphql::Result<Meeting> {
        let user = require_user(ctx)?;
        let id = meetings::create(state(ctx), user, facts(input)).await?;
        reloaded(ctx, id).await
    }

    /// Changes a meeting's title, kind or date (directors).
    async fn update_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting.")] id: ID,
        #[graphql(desc = "Title, kind and date.")] input: MeetingInput,
    ) -> async_graphql::Result<Meeting> {
        let user = require_user(ctx)?;
        let id = typed(&id)?;
        meetings::update(state(ctx), user, id, facts(input)).await?;
        reloaded(ctx, id).await
    }

    /// Adds a complaint or a measure/proposal to a draft agenda (directors); give exactly one.
    async fn add_agenda_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
        #[graphql(desc = "The complaint (klacht).")] complaint_id: Option<ID>,
        #[graphql(desc = "The measure or improvement proposal (maatregel, verbetervoorstel).")]
        measure_id: Option<ID>,
    ) -> async_graphql::Result<Meeting> {
        let user = require_user(ctx)?;
        let meeting = typed(&meeting_id)?;
        let complaint = typed_opt(complaint_id.as_ref())?;
        let measure = typed_opt(measure_id.as_ref())?;
        meetings::add_item(state(ctx), user, meeting, complaint, measure).await?;
        reloaded(ctx, meeting).await
    }

    /// Takes an item off a draft agenda (directors).
    async fn remove_agenda_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agenda item (agendapunt).")] item_id: ID,
    ) -> async_graphql::Result<Meeting> {
        let user = require_user(ctx)?;
        let meeting_id = meetings::remove_item(state(ctx), user, typed(&item_id)?).await?;
        reloaded(ctx, meeting_id).await
    }

    /// Moves an item to `number` (1 is first) on a draft agenda (directors).
    async fn move_agenda_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agenda item (agendapunt).")] item_id: ID,
        #[graphql(desc = "Its new place on the agenda, 1 being the first.")] number: i32,
    ) -> async_graphql::Result<Meeting> {
        let user = require_user(ctx)?;
        let meeting_id = meetings::move_item(state(ctx), user, typed(&item_id)?, number).await?;
        reloaded(ctx, meeting_id).await
    }

    /// Publishes the agenda (directors): every staff member can then read it. Refused with
    /// `SUMMARY_MISSING` while a complaint on it has no reviewed anonymised summary.
    async fn publish_agenda(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
    ) -> async_graphql::Result<Meeting> {
        let user = require_user(ctx)?;
        let meeting = typed(&meeting_id)?;
        meetings::publish(state(ctx), user, meeting).await?;
        reloaded(ctx, meeting).await
    }

    /// Records the decision on an item of a published agenda (directors). It may create a
    /// measure (`newMeasure`, on the item's complaint) or move the item's own measure to
    /// `measureStatus`.
    async fn record_decision(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agenda item (agendapunt).")] item_id: ID,
        #[graphql(
            desc = "The decision (besluit) as written; readers see it redacted, once reviewed."
        )]
        decision: String,
        #[graphql(
            default = false,
            desc = "The redacted decision (`decisionRedacted`) is approved for the agenda's readers; until then they see that a decision was taken, not what. Send it again with every change."
        )]
        reviewed: bool,
        #[graphql(desc = "A measure the decision creates, on the item's complaint.")]
        new_measure: Option<DecisionMeasureInput>,
        #[graphql(desc = "Moves the item's own measure or proposal to this status.")]
        measure_status: Option<MeasureStatus>,
    ) -> async_graphql::Result<Meeting> {
        let user = require_user(ctx)?;
        let item = typed(&item_id)?;
        let new_measure = match new_measure {
            Some(m) => Some(NewMeasure {
                complaint_id: None,
                kind: m.kind.into(),
                description: m.description,
                description_reviewed: m.description_reviewed,
                owner_id: typed(&m.owner_id)?,
                due_on: m.due_on.0,
            }),
            None => None,
        };
        let decision = meetings::Decision {
            text: decision,
            reviewed,
            new_measure,
            measure_status: measure_status.map(Into::into),
        };
        let meeting_id = meetings::record_decision(state(ctx), user, item, decision).await?;
        reloaded(ctx, meeting_id).await
    }

    /// Saves the minutes (notulen) of a published meeting (directors). Readers see them
    /// redacted.
    async fn save_minutes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
        #[graphql(
            desc = "The minutes (notulen) as written; readers see them redacted, once reviewed."
        )]
        minutes: String,
        #[graphql(
            default = false,
            desc = "The redacted minutes (`minutesRedacted`) are approved for their readers. Send it again with every change."
        )]
        reviewed: bool,
    ) -> async_graphql::Result<Meeting> {
        let user = require_user(ctx)?;
        let meeting = typed(&meeting_id)?;
        meetings::save_minutes(state(ctx), user, meeting, &minutes, reviewed).await?;
        reloaded(ctx, meeting).await
    }
}

/// What the service takes of a meeting's input.
fn facts(input: MeetingInput) -> meetings::MeetingFacts {
    meetings::MeetingFacts {
        title: input.title,
        kind: input.kind.into(),
        held_on: input.held_on.0,
    }
}
