//! Complaint use cases: register one, take a step, read one, list them. Rule: each function is
//! one use case and owns its transaction; the core decides (lifecycle, policy), the step is
//! written only if nobody wrote in between, and the timeline, the audit log, the letter, the mail
//! and the webhook events are written in the same transaction. What comes back is an [`Answer`]:
//! committed rows and the rules to read them by, with every identified read already audited.

use crate::db::complaints as store;
pub use crate::db::complaints::{Place, Stored};
use crate::db::measures::{Loaded, for_complaints};
use crate::db::users;
use crate::db::{Rules, audit};
use crate::error::{ApiError, ApiResult, Code};
use crate::letters::{Kind as LetterKind, Meta as LetterMeta};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::actor::Actor;
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::clocks::ClockState;
use klachten_core::complaint::{self as core, Complainant, Registration};
use klachten_core::ids::{ComplaintId, MeetingId, Reference, UserId};
use klachten_core::lifecycle::{self, Command};
use klachten_core::limits;
use klachten_core::policy;
use klachten_core::sensitive::Sensitive;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use std::collections::HashMap;

/// What reading a complaint needs besides its row: the rules in force and everyone's names.
pub struct Reading {
    /// The procedure and calendar versions.
    pub rules: Rules,
    /// Every user's name, which the redactor removes from anonymised texts.
    pub staff_names: Vec<String>,
    /// Names by user id, for timelines and measure owners.
    pub names: HashMap<String, String>,
    /// The day the answer was made.
    pub today: NaiveDate,
    /// The firm's name, as its letters and mail sign.
    pub firm_name: String,
}

impl Reading {
    async fn load(db: &impl ConnectionTrait, today: NaiveDate, firm_name: &str) -> ApiResult<Self> {
        let rules = Rules::load(db).await?;
        let all = users::all(db).await?;
        let names = all
            .iter()
            .map(|u| (u.id.to_string(), u.name.clone()))
            .collect();
        let staff_names = all.into_iter().map(|u| u.name).collect();
        Ok(Self {
            rules,
            staff_names,
            names,
            today,
            firm_name: firm_name.to_owned(),
        })
    }

    /// The view `actor` may see of `stored` (as the policy decides), with the procedure's label
    /// and the steps `actor` may take now.
    pub fn view(
        &self,
        actor: &Actor,
        stored: &Stored,
    ) -> ApiResult<(policy::ComplaintView, Vec<lifecycle::Action>)> {
        let parameters = self.rules.parameters_of(stored)?;
        let mut complaint = stored.complaint.clone();
        complaint.procedure_label = self
            .rules
            .procedures
            .get(&stored.procedure_version_id)
            .map(|p| p.label.clone())
            .unwrap_or_default();
        let clocks = self.rules.deadlines_of(stored, &complaint, self.today)?;
        let view = policy::project(actor, &complaint, &clocks, &self.staff_names);
        let actions = lifecycle::allowed_actions(actor, &complaint, self.today, &parameters);
        Ok((view, actions))
    }
}

/// A complaint's related rows: its measures for every reader; its letters, timeline and
/// conversations only for a reader who sees it identified.
#[derive(Default)]
pub struct History {
    /// Measures with their status histories.
    pub measures: Vec<Loaded>,
    /// Letters (identified readers).
    pub letters: Vec<LetterMeta>,
    /// The timeline and conversations (identified readers).
    pub record: store::Record,
}

/// Complaints as one reader gets them, committed, identified reads audited.
pub struct Answer {
    /// How to read them.
    pub reading: Reading,
    /// The complaints, in order.
    pub complaints: Vec<Stored>,
    /// Their related rows, by complaint id.
    pub histories: HashMap<ComplaintId, History>,
}

impl Answer {
    /// The related rows of `stored`.
    pub fn history(&self, stored: &Stored) -> Option<&History> {
        self.histories.get(&stored.complaint.id)
    }
}

/// Loads the related rows of `complaints`, writes one `READ_IDENTIFIED` entry naming those
/// `actor` sees identified, and commits.
async fn answer(
    txn: DatabaseTransaction,
    state: &AppState,
    actor: &Actor,
    label: &str,
    reading: Reading,
    complaints: Vec<Stored>,
) -> ApiResult<Answer> {
    let all: Vec<ComplaintId> = complaints.iter().map(|s| s.complaint.id).collect();
    let identified: Vec<ComplaintId> = complaints
        .iter()
        .filter(|s| policy::access(actor, &s.complaint) == policy::Access::Identified)
        .map(|s| s.complaint.id)
        .collect();
    let mut histories: HashMap<ComplaintId, History> = HashMap::new();
    for (id, measures) in for_complaints(&txn, &all).await? {
        histories.entry(id).or_default().measures = measures;
    }
    for (id, letters) in crate::db::letters::of_complaints(&txn, &identified).await? {
        histories.entry(id).or_default().letters = letters;
    }
    for (id, record) in store::history(&txn, &identified).await? {
        histories.entry(id).or_default().record = record;
    }
    if !identified.is_empty() {
        let entry = audit::Entry {
            actor: label,
            action: audit::Named::ReadIdentified.into(),
            complaint_id: (identified.len() == 1).then(|| identified[0]),
            detail: (identified.len() > 1).then(|| {
                identified
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        };
        audit::append(&txn, &state.audit_key, state.clock.now(), entry).await?;
    }
    txn.commit().await?;
    Ok(Answer {
        reading,
        complaints,
        histories,
    })
}

/// One complaint as `actor` (audit name `label`) may see it. The id of a complaint of an earlier
/// release (before ids became random) still finds it, but only for those who see it identified:
/// anyone else could pair an id that tells a moment with today's.
pub async fn read(
    state: &AppState,
    actor: &Actor,
    label: &str,
    id: ComplaintId,
) -> ApiResult<Answer> {
    let txn = crate::db::begin(&state.db).await?;
    let stored = match store::load(&txn, id).await? {
        Some(stored) => stored,
        None => store::load_by_legacy_id(&txn, id)
            .await?
            .filter(|s| policy::access(actor, &s.complaint) == policy::Access::Identified)
            .ok_or_else(ApiError::unknown::<ComplaintId>)?,
    };
    let reading = Reading::load(&txn, state.clock.today(), &state.config.firm_name).await?;
    answer(txn, state, actor, label, reading, vec![stored]).await
}

/// What a list asks for; what is left out is not filtered on.
pub struct ListRequest {
    /// Only these statuses.
    pub statuses: Vec<core::Status>,
    /// Only these categories.
    pub categories: Vec<core::Category>,
    /// Only complaints this handler handles: for readers who see every complaint identified.
    pub handler: Option<UserId>,
    /// Received on or after.
    pub received_from: Option<NaiveDate>,
    /// Received on or before.
    pub received_to: Option<NaiveDate>,
    /// Only complaints the reader (a user) registered, handles or was made party to.
    pub involving_me: bool,
    /// Text to find, judged on what the reader sees.
    pub search: Option<String>,
    /// Clock states to keep, judged on what the reader sees.
    pub clock_states: Vec<ClockState>,
    /// The page size.
    pub first: usize,
    /// Continue after this place.
    pub after: Option<Place>,
}

/// A page of the list.
pub struct Page {
    /// The complaints on it, and their reading.
    pub answer: Answer,
    /// Whether more follow.
    pub has_next_page: bool,
    /// Where the next page starts.
    pub end: Option<Place>,
}

/// How many rows one list request scans at most for the filters judged on the view.
pub const MAX_SCANNED: usize = 2000;

/// The conditions of `request` the database answers, confined to what `actor` sees identified
/// where the anonymised view cannot answer them.
fn store_filter(actor: &Actor, request: &ListRequest) -> ApiResult<store::Filter> {
    let handler = match request.handler {
        Some(handler) => {
            policy::may_filter_on_handler(actor).map_err(|_| {
                ApiError::new(
                    Code::Forbidden,
                    "Only directors and handlers may filter on the handler: who handles a \
                     complaint is not part of the anonymised view. Leave out handlerId.",
                )
            })?;
            Some(handler)
        }
        None => None,
    };
    let involving = match (request.involving_me, actor.user_id()) {
        (false, _) => None,
        (true, Some(user)) => Some(user),
        (true, None) => {
            return Err(ApiError::validation(
                "involvingMe is about a user; an API client is involved in nothing",
            ));
        }
    };
    Ok(store::Filter {
        statuses: request.statuses.clone(),
        categories: request.categories.clone(),
        handler,
        received_from: request.received_from,
        received_to: request.received_to,
        involving,
        scope: policy::IdentifiedScope::of(actor),
    })
}

/// A page of complaints, newest reference first (keyset pagination). Without search or clock
/// states one page is one query; with them, rows are scanned in batches until the page is full,
/// at most [`MAX_SCANNED`] rows per request.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    label: &str,
    request: ListRequest,
) -> ApiResult<Page> {
    let filter = store_filter(actor, &request)?;
    let search = request
        .search
        .as_deref()
        .map(klachten_core::fold::fold)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    if search
        .as_ref()
        .is_some_and(|t| t.chars().count() < limits::SEARCH_MIN)
    {
        let message = format!("search for at least {} characters", limits::SEARCH_MIN);
        return Err(ApiError::validation(message));
    }
    let ListRequest {
        clock_states,
        first,
        after,
        ..
    } = request;
    let in_memory = search.is_some() || !clock_states.is_empty();
    let txn = crate::db::begin(&state.db).await?;
    let reading = Reading::load(&txn, state.clock.today(), &state.config.firm_name).await?;
    let batch = if in_memory { 100 } else { first };
    let mut cursor = after;
    let mut matched: Vec<Stored> = Vec::new();
    let mut scanned = 0;
    let mut capped = false;
    // Look for one match more than the page holds: then hasNextPage is exact.
    'scan: loop {
        let rows = store::page(&txn, &filter, u64::try_from(batch).unwrap_or(100), cursor).await?;
        // The row past the batch is scanned too: it is the look-ahead for hasNextPage.
        let more = rows.len() > batch;
        for stored in rows {
            scanned += 1;
            cursor = Some(Place::of(&stored.complaint));
            let keep = !in_memory || {
                let (view, _) = reading.view(actor, &stored)?;
                policy::matches_list_filter(&view, search.as_deref(), &clock_states)
            };
            if keep {
                matched.push(stored);
                if matched.len() > first {
                    break 'scan;
                }
            }
            if scanned >= MAX_SCANNED {
                capped = true;
                break 'scan;
            }
        }
        if !more {
            break;
        }
    }
    let has_next_page = matched.len() > first || capped;
    matched.truncate(first);
    // A capped scan continues after the last row scanned; otherwise after the last returned.
    let end = if capped && matched.len() < first {
        cursor
    } else {
        matched.last().map(|m| Place::of(&m.complaint))
    };
    Ok(Page {
        answer: answer(txn, state, actor, label, reading, matched).await?,
        has_next_page,
        end,
    })
}

/// A complaint as received, before it has an id and a reference.
pub struct Draft {
    /// Date of receipt.
    pub received_on: NaiveDate,
    /// How it arrived.
    pub channel: core::Channel,
    /// What it is about.
    pub category: core::Category,
    /// Who complained.
    pub complainant: Complainant,
    /// The employee or third party concerned.
    pub concerning: Option<String>,
    /// The facts.
    pub facts: String,
    /// When the conduct took place.
    pub conduct_on: Option<NaiveDate>,
    /// What the complainant asks for.
    pub remedy_sought: Option<String>,
}

impl Draft {
    /// The core's registration of this draft under `id` and `reference`, registered by `by`.
    pub fn registration(self, id: ComplaintId, reference: Reference, by: UserId) -> Registration {
        Registration {
            id,
            reference,
            channel: self.channel,
            category: self.category,
            received_on: self.received_on,
            complainant: self.complainant,
            concerning: Sensitive::new(self.concerning),
            facts: Sensitive::new(self.facts),
            conduct_on: Sensitive::new(self.conduct_on),
            remedy_sought: Sensitive::new(self.remedy_sought),
            registered_by: by,
        }
    }
}

/// A registration's request id and the SHA-256 of what was sent: sent again (the answer was
/// lost), it returns the complaint made the first time.
pub struct RequestId {
    /// The client's id for this registration.
    pub id: String,
    /// What was sent, hashed.
    pub hash: String,
}

/// Registers a complaint (klachtenregeling: "De ontvanger registreert de klacht en brengt de
/// onafhankelijke klachtenbehandelaar op de hoogte"): a reference, the timeline's first entry,
/// an audit entry, the handlers' mail and the integrations' event, in one transaction.
/// `parse` reads the input into a [`Draft`] and its request id once the user may register,
/// given today's date.
pub async fn register(
    state: &AppState,
    user: &User,
    parse: impl FnOnce(NaiveDate) -> ApiResult<(Draft, Option<RequestId>)>,
) -> ApiResult<Answer> {
    let actor = user.actor();
    if !lifecycle::may_register(&actor) {
        return Err(ApiError::forbidden());
    }
    let label = audit::user_label(user.id);
    let now = state.clock.now();
    let today = state.clock.today();
    let (draft, request) = parse(today)?;
    let received_on = draft.received_on;
    let txn = crate::db::begin(&state.db).await?;
    let reading = Reading::load(&txn, today, &state.config.firm_name).await?;
    // Sent again under the same request id (the answer was lost): the complaint made the first
    // time, as this user sees it now; nothing is registered twice.
    if let Some(request) = &request
        && let Some(earlier) = store::remembered_request(&txn, user.id, &request.id).await?
    {
        if earlier.hash != request.hash {
            return Err(ApiError::validation(
                "this requestId was used for a different registration; send a new \
                 complaint with a new requestId",
            ));
        }
        let stored = store::load(&txn, earlier.complaint_id)
            .await?
            .ok_or_else(ApiError::unknown::<ComplaintId>)?;
        return answer(txn, state, &actor, &label, reading, vec![stored]).await;
    }
    let (procedure_id, calendar_id) = reading
        .rules
        .in_force_on(received_on)
        .ok_or_else(|| ApiError::internal(&"no procedure or calendar version"))?;
    let year = chrono::Datelike::year(&received_on);
    let sequence = store::next_sequence(&txn, year).await?;
    let reference = Reference::new(year, sequence).map_err(|e| ApiError::invalid(&e))?;
    let complaint = core::Complaint::registered(draft.registration(
        store::new_complaint_id(),
        reference,
        user.id,
    ));
    store::insert(&txn, &complaint, &procedure_id, &calendar_id, now).await?;
    if let Some(request) = request {
        remember_request(&txn, user, request, complaint.id, now).await?;
    }
    store::record_event(
        &txn,
        complaint.id,
        crate::db::codes::REGISTER,
        Some(user.id.to_string()),
        now,
        Some(received_on),
    )
    .await?;
    let entry = audit::Entry {
        actor: &label,
        action: audit::Named::Register.into(),
        complaint_id: Some(complaint.id),
        detail: None,
    };
    audit::append(&txn, &state.audit_key, now, entry).await?;
    let stored = Stored {
        complaint,
        version: 1,
        procedure_version_id: procedure_id,
        calendar_version_id: calendar_id,
    };
    // "brengt de klachtenbehandelaar op de hoogte": queued with the registration.
    let clocks = reading
        .rules
        .deadlines_of(&stored, &stored.complaint, today)?;
    crate::mail::new_complaint(
        &txn,
        &state.config,
        now,
        stored.complaint.id,
        &stored.complaint.reference.to_string(),
        clocks.acknowledgement.due_on,
    )
    .await?;
    let view = policy::anonymise(&stored.complaint, &clocks, &[]);
    crate::webhooks::emit(&txn, now, crate::webhooks::registered(&view)).await?;
    answer(txn, state, &actor, &label, reading, vec![stored]).await
}

/// Remembers which complaint a request id made; the same request sent twice at the very same
/// moment loses to the other one.
async fn remember_request(
    txn: &DatabaseTransaction,
    user: &User,
    request: RequestId,
    complaint_id: ComplaintId,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let remembered = store::RememberedRequest {
        hash: request.hash,
        complaint_id,
    };
    let remembered = store::remember_request(txn, user.id, &request.id, remembered, now).await;
    match remembered {
        Ok(_) => Ok(()),
        Err(e) => Err(match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ApiError::new(
                Code::Conflict,
                "an earlier attempt of this registration was saved at the same moment; send it \
                 again to see it",
            ),
            _ => ApiError::from(e),
        }),
    }
}

/// A change to a complaint: a lifecycle step, or placing or releasing a legal hold.
pub enum Change {
    /// A step of the lifecycle.
    Step(Command),
    /// Place a legal hold, with its reason.
    PlaceHold(Sensitive<String>),
    /// Release the legal hold.
    ReleaseHold,
}

/// The conversation a `recordConversation` step writes down.
pub struct ConversationNote {
    /// When it was held.
    pub held_on: NaiveDate,
    /// `PHONE` or `MEETING`.
    pub kind: &'static str,
    /// The complaint as discussed.
    pub summary: String,
    /// What was agreed.
    pub agreements: String,
}

/// The letter a step produces: the written acknowledgement, the confirmation of what was agreed,
/// the reasoned decision, the closing letter.
fn letter_of(change: &Change) -> Option<LetterKind> {
    let Change::Step(command) = change else {
        return None;
    };
    match command.action() {
        lifecycle::Action::Acknowledge => Some(LetterKind::Acknowledgement),
        lifecycle::Action::RecordConversation => Some(LetterKind::ConversationConfirmation),
        lifecycle::Action::Decline => Some(LetterKind::DeclineDecision),
        lifecycle::Action::Resolve => Some(LetterKind::Closing),
        _ => None,
    }
}

/// Applies one change in one transaction: the core decides, the row is written only if nobody
/// wrote in between (`expected_version`), and the timeline, the audit log, the step's letter and
/// the integrations' event record it. A refusal by role is audited as `DENIED`.
pub async fn change(
    state: &AppState,
    user: &User,
    id: ComplaintId,
    expected_version: Option<i32>,
    change: Change,
    conversation: Option<ConversationNote>,
) -> ApiResult<Answer> {
    let now = state.clock.now();
    let today = state.clock.today();
    let actor = user.actor();
    let label = audit::user_label(user.id);
    if let Change::Step(Command::RecordRootCause { category, .. }) = &change
        && !crate::db::measures::cause_category_active(&state.db, category).await?
    {
        return Err(ApiError::validation(
            "choose a cause category from the list the admins keep (causeCategories)",
        ));
    }
    let txn = crate::db::begin(&state.db).await?;
    let stored = store::load(&txn, id)
        .await?
        .ok_or_else(ApiError::unknown::<ComplaintId>)?;
    let reading = Reading::load(&txn, today, &state.config.firm_name).await?;
    let parameters = reading.rules.parameters_of(&stored)?;
    let letter = letter_of(&change);
    let (action, on_date, result) = match change {
        Change::Step(command) => (
            audit::Action::Step(command.action()),
            command.date(),
            lifecycle::apply(&actor, &stored.complaint, command, today, &parameters),
        ),
        Change::PlaceHold(reason) => (
            audit::Named::LegalHoldPlaced.into(),
            Some(today),
            lifecycle::place_legal_hold(&actor, &stored.complaint, reason, today),
        ),
        Change::ReleaseHold => (
            audit::Named::LegalHoldReleased.into(),
            Some(today),
            lifecycle::release_legal_hold(&actor, &stored.complaint),
        ),
    };
    let next = match result {
        Ok(next) => next,
        Err(error) => {
            drop(txn);
            if matches!(error, lifecycle::LifecycleError::Forbidden(_)) {
                let entry = audit::Entry {
                    actor: &label,
                    action: audit::Named::Denied.into(),
                    complaint_id: Some(id),
                    detail: Some(action.code().to_owned()),
                };
                audit::append(&state.db, &state.audit_key, now, entry).await?;
            }
            return Err(ApiError::from(error));
        }
    };
    if expected_version.is_some_and(|v| v != stored.version) {
        return Err(ApiError::conflict());
    }
    store::save(&txn, &stored, &next, &label, now).await?;
    store::record_event(
        &txn,
        id,
        action.code(),
        Some(user.id.to_string()),
        now,
        on_date,
    )
    .await?;
    let agreed = conversation
        .as_ref()
        .map(|c| (c.held_on, c.agreements.clone()));
    if let Some(note) = conversation {
        let conversation = store::Conversation {
            held_on: note.held_on,
            kind: note.kind.to_owned(),
            summary: note.summary,
            agreements: note.agreements,
            recorded_by: user.id.to_string(),
        };
        store::record_conversation(&txn, id, conversation, now).await?;
    }
    let entry = audit::Entry {
        actor: &label,
        action,
        complaint_id: Some(id),
        detail: None,
    };
    audit::append(&txn, &state.audit_key, now, entry).await?;
    let previous = stored.complaint.status;
    let saved = Stored {
        complaint: next,
        version: stored.version + 1,
        ..stored
    };
    if saved.complaint.status != previous {
        let deadlines = reading
            .rules
            .deadlines_of(&saved, &saved.complaint, today)?;
        let view = policy::anonymise(&saved.complaint, &deadlines, &[]);
        crate::webhooks::emit(&txn, now, crate::webhooks::status_changed(&view, previous)).await?;
    }
    if let Some(kind) = letter {
        let letter = super::letters::Request {
            kind,
            note: None,
            conversation: agreed,
        };
        super::letters::make(&txn, state, &reading.rules, &saved, letter, &label, now).await?;
    }
    answer(txn, state, &actor, &label, reading, vec![saved]).await
}

/// The earlier complaints that still hold a complainant's name or contact data (purged ones
/// hold none) and that `actor` may see identified, against which `candidate` is judged: a
/// suggestion never tells anyone who filed a complaint they may not see.
async fn suggestions(
    db: &impl ConnectionTrait,
    actor: &Actor,
    candidate: &core::Complaint,
    parameters: &klachten_core::procedure::ProcedureParameters,
) -> ApiResult<Vec<klachten_core::suggestions::DeclineSuggestion>> {
    let earlier: Vec<core::Complaint> = store::with_contact_data_before(db, candidate)
        .await?
        .into_iter()
        .map(|s| s.complaint)
        .filter(|c| policy::access(actor, c) == policy::Access::Identified)
        .collect();
    Ok(klachten_core::suggestions::suggest_decline(
        candidate, &earlier, parameters,
    ))
}

/// What the procedure's decline rules suggest for complaint `id`, which `user` must see
/// identified; a person decides (klachtenregeling, "Niet in behandeling").
pub async fn decline_suggestions(
    state: &AppState,
    user: &User,
    id: ComplaintId,
) -> ApiResult<Vec<klachten_core::suggestions::DeclineSuggestion>> {
    let stored = store::load(&state.db, id)
        .await?
        .ok_or_else(ApiError::unknown::<ComplaintId>)?;
    let actor = user.actor();
    if policy::access(&actor, &stored.complaint) != policy::Access::Identified {
        return Err(ApiError::forbidden());
    }
    let rules = Rules::load(&state.db).await?;
    let parameters = rules.parameters_of(&stored)?;
    suggestions(&state.db, &actor, &stored.complaint, &parameters).await
}

/// What the decline rules suggest for a complaint before it is registered (`parse` reads the
/// input once `user` may register), so the form can warn; nothing is stored.
pub async fn suggest_for_draft(
    state: &AppState,
    user: &User,
    parse: impl FnOnce(NaiveDate) -> ApiResult<Draft>,
) -> ApiResult<Vec<klachten_core::suggestions::DeclineSuggestion>> {
    if !lifecycle::may_register(&user.actor()) {
        return Err(ApiError::forbidden());
    }
    let draft = parse(state.clock.today())?;
    let rules = Rules::load(&state.db).await?;
    let no_version = || ApiError::internal(&"no procedure version");
    let (procedure_id, _) = rules
        .in_force_on(draft.received_on)
        .ok_or_else(no_version)?;
    let parameters = rules
        .procedures
        .get(&procedure_id)
        .map(|p| p.parameters)
        .ok_or_else(no_version)?;
    // A draft has no reference yet; the one given here is never shown or stored.
    let reference = Reference::new(chrono::Datelike::year(&draft.received_on), u32::MAX)
        .map_err(|e| ApiError::invalid(&e))?;
    let candidate = core::Complaint::registered(draft.registration(
        store::new_complaint_id(),
        reference,
        user.id,
    ));
    suggestions(&state.db, &user.actor(), &candidate, &parameters).await
}

/// What a text is previewed for.
pub enum PreviewOf {
    /// A complaint's text, for those who may write its summary.
    Complaint(ComplaintId),
    /// A meeting's decision or minutes, for directors.
    Meeting(MeetingId),
    /// A standalone proposal, for handlers and directors.
    Staff,
}

/// How `text` would read for anonymised readers, redacted as `of` would be; nothing is stored.
pub async fn preview_redaction(
    state: &AppState,
    user: &User,
    of: PreviewOf,
    text: &str,
) -> ApiResult<String> {
    use klachten_core::redaction::{RedactionContext, redact};
    let actor = user.actor();
    let id = match of {
        PreviewOf::Complaint(id) => id,
        PreviewOf::Meeting(meeting) => {
            klachten_core::meetings::may_prepare(&actor).map_err(|_| ApiError::forbidden())?;
            return crate::meetings::preview(&state.db, meeting, text)
                .await?
                .ok_or_else(ApiError::unknown::<MeetingId>);
        }
        PreviewOf::Staff => {
            if !actor.may(Capability::SeeEveryComplaint) {
                return Err(ApiError::forbidden());
            }
            let staff = users::names(&state.db).await?;
            return Ok(redact(text, &RedactionContext::for_staff(&staff)));
        }
    };
    let stored = store::load(&state.db, id)
        .await?
        .ok_or_else(ApiError::unknown::<ComplaintId>)?;
    let writes = lifecycle::Action::UpdateAnonymisedSummary;
    if !lifecycle::role_allows(&actor, &stored.complaint, writes) {
        return Err(ApiError::forbidden());
    }
    let staff_names = users::names(&state.db).await?;
    let redaction = RedactionContext::for_complaint(&stored.complaint, &staff_names);
    Ok(redact(text, &redaction))
}

/// Every user, for those who assign handlers and add involved parties (handlers and directors)
/// and for admins.
pub async fn staff(state: &AppState, user: &User) -> ApiResult<Vec<User>> {
    super::require(user, Capability::ListStaff)?;
    Ok(users::all(&state.db).await?)
}

/// Refuses a handler who is not an active user with the `HANDLER` role.
pub async fn ensure_handler(state: &AppState, handler: UserId) -> ApiResult<()> {
    let candidate = users::by_id(&state.db, handler).await?;
    if candidate.is_some_and(|u| u.active && u.roles.contains(&klachten_core::actor::Role::Handler))
    {
        Ok(())
    } else {
        Err(ApiError::validation(
            "handlerId must be an active user with the HANDLER role",
        ))
    }
}

/// Refuses a user id that names nobody.
pub async fn ensure_user(state: &AppState, user: UserId) -> ApiResult<()> {
    match users::by_id(&state.db, user).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::unknown::<UserId>()),
    }
}
