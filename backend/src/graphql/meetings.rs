//! Meetings and their agendas through the API. Rule: the core decides who may prepare, publish,
//! minute and read; every agenda is built by `crate::meetings`, anonymised for every reader;
//! every change and every export is audited.

use super::context::{require_caller, require_user, state};
use super::measures::{AddMeasureInput, new_measure as measure_of};
use super::types::{
    Category, Channel, ClockOutcomes, ComplaintStatus, Date, DeclineGround, MeasureKind,
    MeasureStatus, RootCause,
};
use crate::db::audit;
use crate::db::codes::{meeting_kind_code, meeting_status_code};
use crate::db::complaints::{self as store, complaint_id_string, parse_complaint_id};
use crate::db::entities::{agenda_items, measures, meetings as meeting_rows};
use crate::db::users;
use crate::error::{ApiError, ApiResult, Code};
use crate::meetings::{self as agendas, Agenda, MeasureLine, Subject};
use crate::services::measures::{create as create_measure, move_status};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use base64::Engine as _;
use klachten_core::integration::Scope;
use klachten_core::limits::MEETING_TITLE;
use klachten_core::meetings::{self as core, MeetingError};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

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

fn measure_out(m: MeasureLine) -> AgendaMeasure {
    AgendaMeasure {
        id: ID(m.id),
        kind: m.kind.into(),
        description: m.description,
        due_month: m.due_month,
        status: m.status.into(),
        late: m.late,
        complaint_reference: m.complaint_reference,
    }
}

/// The agenda for its reader; `reviewer` (a director) also gets the redacted texts that await
/// review.
fn meeting_out(agenda: Agenda, reviewer: bool) -> Meeting {
    let unsummarised = agenda.unsummarised();
    Meeting {
        id: ID(agenda.id),
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
                    id: ID(item.id),
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

fn meeting_error(e: &MeetingError) -> ApiError {
    let code = match e.code() {
        "FORBIDDEN" => Code::Forbidden,
        "INVALID_TRANSITION" => Code::InvalidTransition,
        "SUMMARY_MISSING" => Code::SummaryMissing,
        _ => Code::Validation,
    };
    ApiError::new(code, e.to_string())
}

/// The agenda `id` if `user` may read it; `NOT_FOUND` otherwise (a draft is not announced).
async fn readable(ctx: &Context<'_>, id: &str) -> ApiResult<Agenda> {
    let caller = require_caller(ctx, Scope::ReadAgendas)?;
    let state = state(ctx);
    let shared = agendas::Shared::load(&state.db).await?;
    let agenda = agendas::load(&state.db, &shared, id, state.clock.today())
        .await?
        .filter(|a| core::may_read(&caller.actor(), a.status))
        .ok_or_else(|| ApiError::not_found("meeting"))?;
    Ok(agenda)
}

async fn audited(
    ctx: &Context<'_>,
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    action: audit::Named,
    complaint_id: Option<&str>,
    detail: String,
) -> ApiResult<()> {
    let caller = require_caller(ctx, Scope::ReadAgendas)?;
    audit::append(
        db,
        &state(ctx).audit_key,
        state(ctx).clock.now(),
        audit::Entry {
            actor: &caller.label(),
            action: action.into(),
            complaint_id,
            detail: Some(detail),
        },
    )
    .await?;
    Ok(())
}

/// A meeting row `user` may change, with its status.
async fn for_change(
    db: &impl ConnectionTrait,
    id: &str,
) -> ApiResult<(meeting_rows::Model, core::MeetingStatus)> {
    let row = meeting_rows::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("meeting"))?;
    let (_, status) = agendas::kind_and_status(&row)?;
    Ok((row, status))
}

async fn reloaded(ctx: &Context<'_>, id: &str) -> async_graphql::Result<Meeting> {
    let reviewer = require_caller(ctx, Scope::ReadAgendas)
        .is_ok_and(|c| core::may_prepare(&c.actor()).is_ok());
    Ok(meeting_out(readable(ctx, id).await?, reviewer))
}

/// Queries about meetings.
#[derive(Default)]
pub struct MeetingQuery;

#[Object]
impl MeetingQuery {
    /// Meetings, newest first: every one for directors, the published ones for other staff.
    async fn meetings(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Meeting>> {
        let caller = require_caller(ctx, Scope::ReadAgendas)?;
        let state = state(ctx);
        let actor = caller.actor();
        let mut query = meeting_rows::Entity::find();
        if core::may_prepare(&actor).is_err() {
            query = query.filter(
                meeting_rows::Column::Status
                    .eq(meeting_status_code(core::MeetingStatus::Published)),
            );
        }
        let rows = query
            .order_by_desc(meeting_rows::Column::HeldOn)
            .limit(100)
            .all(&state.db)
            .await
            .map_err(ApiError::from)?;
        let shared = agendas::Shared::load(&state.db)
            .await
            .map_err(ApiError::from)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some(agenda) = agendas::load(&state.db, &shared, &row.id, state.clock.today())
                .await
                .map_err(ApiError::from)?
                .filter(|a| core::may_read(&actor, a.status))
            {
                out.push(meeting_out(agenda, core::may_prepare(&actor).is_ok()));
            }
        }
        Ok(out)
    }

    /// A meeting's agenda, anonymised for every reader (directors included).
    async fn agenda(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
    ) -> async_graphql::Result<Meeting> {
        reloaded(ctx, &meeting_id).await
    }

    /// The agenda in Markdown, for the invitation mail. Audited as an export.
    async fn agenda_markdown(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
    ) -> async_graphql::Result<String> {
        let agenda = readable(ctx, &meeting_id).await?;
        audited(
            ctx,
            &state(ctx).db,
            audit::Named::AgendaExported,
            None,
            format!("meeting:{}:markdown", agenda.id),
        )
        .await?;
        Ok(agendas::markdown(&agenda))
    }

    /// The agenda as PDF, base64-encoded. Audited as an export.
    async fn agenda_pdf(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
    ) -> async_graphql::Result<String> {
        let agenda = readable(ctx, &meeting_id).await?;
        audited(
            ctx,
            &state(ctx).db,
            audit::Named::AgendaExported,
            None,
            format!("meeting:{}:pdf", agenda.id),
        )
        .await?;
        Ok(base64::engine::general_purpose::STANDARD.encode(agendas::pdf(&agenda)))
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

fn checked_title(title: &str) -> ApiResult<String> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MEETING_TITLE {
        return Err(ApiError::validation(format!(
            "give a title of 1 to {MEETING_TITLE} characters"
        )));
    }
    Ok(title.to_owned())
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
        let user = director(ctx)?;
        let title = checked_title(&input.title)?;
        let state = state(ctx);
        // Random: the id tells nothing of when the meeting was planned.
        let id = crate::db::random_id();
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        meeting_rows::ActiveModel {
            id: Set(id.clone()),
            title: Set(title),
            kind: Set(meeting_kind_code(input.kind.into()).to_owned()),
            held_on: Set(input.held_on.0),
            status: Set(meeting_status_code(core::MeetingStatus::Draft).to_owned()),
            minutes: Set(None),
            created_by: Set(users::id_string(user.id)),
            created_at: Set(state.clock.now()),
            published_at: Set(None),
            minutes_reviewed: Set(false),
        }
        .insert(&txn)
        .await
        .map_err(ApiError::from)?;
        audited(
            ctx,
            &txn,
            audit::Named::MeetingCreated,
            None,
            format!("meeting:{id}"),
        )
        .await?;
        txn.commit().await.map_err(ApiError::from)?;
        reloaded(ctx, &id).await
    }

    /// Changes a meeting's title, kind or date (directors).
    async fn update_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting.")] id: ID,
        #[graphql(desc = "Title, kind and date.")] input: MeetingInput,
    ) -> async_graphql::Result<Meeting> {
        director(ctx)?;
        let title = checked_title(&input.title)?;
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let (row, _) = for_change(&txn, &id).await?;
        let mut row: meeting_rows::ActiveModel = row.into();
        row.title = Set(title);
        row.kind = Set(meeting_kind_code(input.kind.into()).to_owned());
        row.held_on = Set(input.held_on.0);
        row.update(&txn).await.map_err(ApiError::from)?;
        audited(
            ctx,
            &txn,
            audit::Named::MeetingUpdated,
            None,
            format!("meeting:{}", id.0),
        )
        .await?;
        txn.commit().await.map_err(ApiError::from)?;
        reloaded(ctx, &id).await
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
        let user = director(ctx)?;
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let (_, status) = for_change(&txn, &meeting_id).await?;
        core::may_change_items(&user.actor(), status).map_err(|e| meeting_error(&e))?;
        let (complaint, measure) = match (&complaint_id, &measure_id) {
            (Some(cid), None) => {
                let parsed =
                    parse_complaint_id(cid).ok_or_else(|| ApiError::not_found("complaint"))?;
                store::load(&txn, parsed)
                    .await
                    .map_err(ApiError::from)?
                    .ok_or_else(|| ApiError::not_found("complaint"))?;
                (Some(complaint_id_string(parsed)), None)
            }
            (None, Some(mid)) => {
                measures::Entity::find_by_id(mid.0.clone())
                    .one(&txn)
                    .await
                    .map_err(ApiError::from)?
                    .ok_or_else(|| ApiError::not_found("measure"))?;
                (None, Some(mid.0.clone()))
            }
            _ => {
                return Err(ApiError::validation(
                    "give either complaintId or measureId, not both and not neither",
                )
                .into());
            }
        };
        let items = agendas::items_of(&txn, &meeting_id)
            .await
            .map_err(ApiError::from)?;
        if items.iter().any(|i| {
            (complaint.is_some() && i.complaint_id == complaint)
                || (measure.is_some() && i.measure_id == measure)
        }) {
            return Err(ApiError::new(Code::Conflict, "this item is already on the agenda").into());
        }
        let position = items.iter().map(|i| i.position + 1).max().unwrap_or(1);
        // Random: the id tells nothing of when the item was added.
        let item_id = crate::db::random_id();
        agenda_items::ActiveModel {
            id: Set(item_id.clone()),
            meeting_id: Set(meeting_id.0.clone()),
            position: Set(position),
            complaint_id: Set(complaint.clone()),
            measure_id: Set(measure),
            decision: Set(None),
            decided_by: Set(None),
            decided_at: Set(None),
            decision_measure_id: Set(None),
            decision_reviewed: Set(false),
        }
        .insert(&txn)
        .await
        .map_err(ApiError::from)?;
        audited(
            ctx,
            &txn,
            audit::Named::AgendaItemAdded,
            complaint.as_deref(),
            format!("meeting:{}:item:{item_id}", meeting_id.0),
        )
        .await?;
        txn.commit().await.map_err(ApiError::from)?;
        reloaded(ctx, &meeting_id).await
    }

    /// Takes an item off a draft agenda (directors).
    async fn remove_agenda_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agenda item (agendapunt).")] item_id: ID,
    ) -> async_graphql::Result<Meeting> {
        let user = director(ctx)?;
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let item = item(&txn, &item_id).await?;
        let (_, status) = for_change(&txn, &item.meeting_id).await?;
        core::may_change_items(&user.actor(), status).map_err(|e| meeting_error(&e))?;
        agenda_items::Entity::delete_by_id(item.id.clone())
            .exec(&txn)
            .await
            .map_err(ApiError::from)?;
        audited(
            ctx,
            &txn,
            audit::Named::AgendaItemRemoved,
            item.complaint_id.as_deref(),
            format!("meeting:{}:item:{}", item.meeting_id, item.id),
        )
        .await?;
        txn.commit().await.map_err(ApiError::from)?;
        reloaded(ctx, &item.meeting_id).await
    }

    /// Moves an item to `number` (1 is first) on a draft agenda (directors).
    async fn move_agenda_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agenda item (agendapunt).")] item_id: ID,
        #[graphql(desc = "Its new place on the agenda, 1 being the first.")] number: i32,
    ) -> async_graphql::Result<Meeting> {
        let user = director(ctx)?;
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let moved = item(&txn, &item_id).await?;
        let (_, status) = for_change(&txn, &moved.meeting_id).await?;
        core::may_change_items(&user.actor(), status).map_err(|e| meeting_error(&e))?;
        let items = agendas::items_of(&txn, &moved.meeting_id)
            .await
            .map_err(ApiError::from)?;
        let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
        let from = ids.iter().position(|i| *i == moved.id).unwrap_or(0);
        let to = usize::try_from(number.max(1) - 1).unwrap_or(0);
        for (position, id) in (1..).zip(core::reorder(&ids, from, to)) {
            agenda_items::Entity::update_many()
                .col_expr(
                    agenda_items::Column::Position,
                    sea_orm::sea_query::Expr::value(position),
                )
                .filter(agenda_items::Column::Id.eq(id))
                .exec(&txn)
                .await
                .map_err(ApiError::from)?;
        }
        txn.commit().await.map_err(ApiError::from)?;
        reloaded(ctx, &moved.meeting_id).await
    }

    /// Publishes the agenda (directors): every staff member can then read it. Refused with
    /// `SUMMARY_MISSING` while a complaint on it has no reviewed anonymised summary.
    async fn publish_agenda(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The meeting (overleg).")] meeting_id: ID,
    ) -> async_graphql::Result<Meeting> {
        let user = director(ctx)?;
        let state = state(ctx);
        let shared = agendas::Shared::load(&state.db)
            .await
            .map_err(ApiError::from)?;
        let agenda = agendas::load(&state.db, &shared, &meeting_id, state.clock.today())
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("meeting"))?;
        core::may_publish(
            &user.actor(),
            agenda.status,
            agenda.items.len(),
            &agenda.unsummarised(),
        )
        .map_err(|e| meeting_error(&e))?;
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let published = meeting_rows::Entity::update_many()
            .col_expr(
                meeting_rows::Column::Status,
                sea_orm::sea_query::Expr::value(meeting_status_code(
                    core::MeetingStatus::Published,
                )),
            )
            .col_expr(
                meeting_rows::Column::PublishedAt,
                sea_orm::sea_query::Expr::value(state.clock.now()),
            )
            .filter(meeting_rows::Column::Id.eq(meeting_id.0.clone()))
            .filter(
                meeting_rows::Column::Status.eq(meeting_status_code(core::MeetingStatus::Draft)),
            )
            .exec(&txn)
            .await
            .map_err(ApiError::from)?;
        if published.rows_affected != 1 {
            return Err(ApiError::new(
                Code::Conflict,
                "the meeting was changed by someone else; reload it and try again",
            )
            .into());
        }
        audited(
            ctx,
            &txn,
            audit::Named::AgendaPublished,
            None,
            format!("meeting:{}:items:{}", meeting_id.0, agenda.items.len()),
        )
        .await?;
        txn.commit().await.map_err(ApiError::from)?;
        reloaded(ctx, &meeting_id).await
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
        let user = director(ctx)?;
        let state = state(ctx);
        let decision = decision.trim().to_owned();
        if decision.is_empty() {
            return Err(ApiError::validation("write down the decision").into());
        }
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let row = item(&txn, &item_id).await?;
        let (_, status) = for_change(&txn, &row.meeting_id).await?;
        core::may_minute(&user.actor(), status).map_err(|e| meeting_error(&e))?;
        let mut decision_measure = row.decision_measure_id.clone();
        if let Some(next) = measure_status {
            let Some(measure_id) = &row.measure_id else {
                return Err(ApiError::validation(
                    "measureStatus applies to an item that is a measure or proposal",
                )
                .into());
            };
            let measure = measures::Entity::find_by_id(measure_id.clone())
                .one(&txn)
                .await
                .map_err(ApiError::from)?
                .ok_or_else(|| ApiError::not_found("measure"))?;
            move_status(
                &txn,
                state,
                super::context::Caller::User(user),
                &measure,
                next.into(),
            )
            .await?;
            decision_measure = Some(measure.id);
        }
        if let Some(input) = new_measure {
            let complaint_id = match (&row.complaint_id, &row.measure_id) {
                (Some(c), _) => Some(c.clone()),
                (None, Some(m)) => measures::Entity::find_by_id(m.clone())
                    .one(&txn)
                    .await
                    .map_err(ApiError::from)?
                    .and_then(|m| m.complaint_id),
                (None, None) => None,
            };
            let new = measure_of(AddMeasureInput {
                complaint_id: complaint_id.map(ID),
                kind: input.kind,
                description: input.description,
                description_reviewed: input.description_reviewed,
                owner_id: input.owner_id,
                due_on: input.due_on,
            });
            let (created, _, _) = create_measure(&txn, state, user, new).await?;
            decision_measure = Some(created.id);
        }
        let meeting_id = row.meeting_id.clone();
        let complaint_id = row.complaint_id.clone();
        let mut active: agenda_items::ActiveModel = row.into();
        active.decision = Set(Some(decision));
        active.decision_reviewed = Set(reviewed);
        active.decided_by = Set(Some(users::id_string(user.id)));
        active.decided_at = Set(Some(state.clock.now()));
        active.decision_measure_id = Set(decision_measure);
        active.update(&txn).await.map_err(ApiError::from)?;
        audited(
            ctx,
            &txn,
            audit::Named::DecisionRecorded,
            complaint_id.as_deref(),
            format!("meeting:{meeting_id}:item:{}", item_id.0),
        )
        .await?;
        txn.commit().await.map_err(ApiError::from)?;
        reloaded(ctx, &meeting_id).await
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
        let user = director(ctx)?;
        let state = state(ctx);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let (row, status) = for_change(&txn, &meeting_id).await?;
        core::may_minute(&user.actor(), status).map_err(|e| meeting_error(&e))?;
        let minutes = minutes.trim().to_owned();
        let mut row: meeting_rows::ActiveModel = row.into();
        row.minutes = Set((!minutes.is_empty()).then_some(minutes));
        row.minutes_reviewed = Set(reviewed);
        row.update(&txn).await.map_err(ApiError::from)?;
        audited(
            ctx,
            &txn,
            audit::Named::MinutesSaved,
            None,
            format!("meeting:{}", meeting_id.0),
        )
        .await?;
        txn.commit().await.map_err(ApiError::from)?;
        reloaded(ctx, &meeting_id).await
    }
}

/// The user if they may prepare meetings: the role is checked before anything is looked up.
fn director<'a>(ctx: &Context<'a>) -> ApiResult<&'a users::User> {
    let user = require_user(ctx)?;
    core::may_prepare(&user.actor()).map_err(|e| meeting_error(&e))?;
    Ok(user)
}

async fn item(db: &impl ConnectionTrait, id: &str) -> ApiResult<agenda_items::Model> {
    agenda_items::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("agenda item"))
}
