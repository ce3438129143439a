//! The complaint lifecycle. Rule: this module owns the one table of allowed moves
//! ([`transition`]) and who may make each move ([`role_allows`]); the API and the UI ask it
//! ([`check`], [`allowed_actions`], [`apply`]) and never re-derive either.

use crate::actor::{Actor, Capability, Role};
use crate::calendar::add_calendar_months;
use crate::clocks::purge_due;
use crate::complaint::{
    AnonymisedSummary, Category, Complainant, Complaint, DeclineGround, DpoAdvice, LegalHold,
    RootCause, Status, Suspension,
};
use crate::ids::UserId;
use crate::procedure::ProcedureParameters;
use crate::redaction::{RedactionContext, redact};
use crate::sensitive::Sensitive;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A step that can be taken on a complaint (without its details).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Action {
    /// Ontvangst bevestigen.
    Acknowledge,
    /// Contact opnemen (the handler's first contact).
    RecordContact,
    /// Gesprek vastleggen, with the agreements (afspraken).
    RecordConversation,
    /// Om aanvulling vragen.
    RequestSupplement,
    /// Aanvulling ontvangen.
    RecordSupplement,
    /// Niet in behandeling nemen, on a coded ground.
    Decline,
    /// Intrekking vastleggen.
    Withdraw,
    /// Afhandelen.
    Resolve,
    /// Advies van de FG vragen.
    RequestDpoAdvice,
    /// Advies van de FG vastleggen.
    RecordDpoAdvice,
    /// Klachtenbehandelaar toewijzen.
    AssignHandler,
    /// Betrokkene toevoegen.
    AddInvolvedParty,
    /// Betrokkene verwijderen.
    RemoveInvolvedParty,
    /// Geanonimiseerde samenvatting bijwerken.
    UpdateAnonymisedSummary,
    /// Oorzaak vastleggen.
    RecordRootCause,
    /// Identifying data erased after the retention period (the system only).
    Purge,
}

impl Action {
    /// Every action.
    pub const ALL: [Self; 16] = [
        Self::Acknowledge,
        Self::RecordContact,
        Self::RecordConversation,
        Self::RequestSupplement,
        Self::RecordSupplement,
        Self::Decline,
        Self::Withdraw,
        Self::Resolve,
        Self::RequestDpoAdvice,
        Self::RecordDpoAdvice,
        Self::AssignHandler,
        Self::AddInvolvedParty,
        Self::RemoveInvolvedParty,
        Self::UpdateAnonymisedSummary,
        Self::RecordRootCause,
        Self::Purge,
    ];
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Acknowledge => "acknowledge",
            Self::RecordContact => "record contact",
            Self::RecordConversation => "record the conversation",
            Self::RequestSupplement => "request a supplement",
            Self::RecordSupplement => "record the supplement",
            Self::Decline => "decline",
            Self::Withdraw => "record the withdrawal",
            Self::Resolve => "resolve",
            Self::RequestDpoAdvice => "request the DPO's advice",
            Self::RecordDpoAdvice => "record the DPO's advice",
            Self::AssignHandler => "assign a handler",
            Self::AddInvolvedParty => "add an involved party",
            Self::RemoveInvolvedParty => "remove an involved party",
            Self::UpdateAnonymisedSummary => "update the anonymised summary",
            Self::RecordRootCause => "record the root cause",
            Self::Purge => "purge",
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Received => "received",
            Self::Acknowledged => "acknowledged",
            Self::InTreatment => "in treatment",
            Self::Discussed => "discussed",
            Self::AwaitingSupplement => "awaiting a supplement",
            Self::Resolved => "resolved",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::Purged => "purged",
        })
    }
}

/// A step with its details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The acknowledgement was sent on `on`.
    Acknowledge {
        /// Date sent.
        on: NaiveDate,
    },
    /// The handler contacted the complainant on `on`.
    RecordContact {
        /// Date of contact.
        on: NaiveDate,
    },
    /// The conversation took place on `on`.
    RecordConversation {
        /// Date of the conversation.
        on: NaiveDate,
    },
    /// A supplement was requested on `on`, to arrive by `due_on`.
    RequestSupplement {
        /// Date requested.
        on: NaiveDate,
        /// The date by which the complainant is asked to supplement.
        due_on: NaiveDate,
    },
    /// The supplement arrived on `on`.
    RecordSupplement {
        /// Date received.
        on: NaiveDate,
    },
    /// Declined on `on`, on `ground`.
    Decline {
        /// Date of the decision.
        on: NaiveDate,
        /// The coded ground.
        ground: DeclineGround,
    },
    /// The complainant withdrew on `on`.
    Withdraw {
        /// Date of withdrawal.
        on: NaiveDate,
    },
    /// Resolved on `on`, with what was settled.
    Resolve {
        /// Date resolved.
        on: NaiveDate,
        /// What was settled (for the closing letter); optional.
        outcome: Sensitive<Option<String>>,
    },
    /// The DPO's advice was requested on `on`.
    RequestDpoAdvice {
        /// Date requested.
        on: NaiveDate,
    },
    /// The DPO's advice.
    RecordDpoAdvice {
        /// The advice.
        advice: DpoAdvice,
    },
    /// A handler takes charge.
    AssignHandler {
        /// The handler.
        handler: UserId,
    },
    /// A user becomes an involved party.
    AddInvolvedParty {
        /// The user.
        user: UserId,
    },
    /// A user is no longer an involved party.
    RemoveInvolvedParty {
        /// The user.
        user: UserId,
    },
    /// The anonymised summary, and whether the handler approved its redacted form.
    UpdateAnonymisedSummary {
        /// The text as written.
        text: Sensitive<String>,
        /// Approved for anonymised views.
        reviewed: bool,
    },
    /// The root cause: a category and an explanation.
    RecordRootCause {
        /// The category from the admins' list.
        category: String,
        /// The explanation.
        text: Sensitive<String>,
        /// The redacted explanation is approved for anonymised views.
        reviewed: bool,
    },
    /// Erase identifying data; the names of all staff let the summary be redacted for the
    /// anonymised record that remains.
    Purge {
        /// Date purged.
        on: NaiveDate,
        /// Every staff member's name.
        staff_names: Vec<String>,
        /// The clock outcomes as they stand, kept with the record.
        outcomes: crate::policy::ClockOutcomes,
        /// Working days from receipt to closure, kept for the statistics.
        working_days: u32,
    },
}

impl Command {
    /// The day the command says its step happened, for the timeline (none for steps without
    /// one, such as assigning a handler).
    pub const fn date(&self) -> Option<NaiveDate> {
        match self {
            Self::Acknowledge { on }
            | Self::RecordContact { on }
            | Self::RecordConversation { on }
            | Self::RequestSupplement { on, .. }
            | Self::RecordSupplement { on }
            | Self::Decline { on, .. }
            | Self::Withdraw { on }
            | Self::Resolve { on, .. }
            | Self::RequestDpoAdvice { on }
            | Self::Purge { on, .. } => Some(*on),
            Self::RecordDpoAdvice { advice } => Some(advice.advised_on),
            _ => None,
        }
    }

    /// The action this command performs.
    pub const fn action(&self) -> Action {
        match self {
            Self::Acknowledge { .. } => Action::Acknowledge,
            Self::RecordContact { .. } => Action::RecordContact,
            Self::RecordConversation { .. } => Action::RecordConversation,
            Self::RequestSupplement { .. } => Action::RequestSupplement,
            Self::RecordSupplement { .. } => Action::RecordSupplement,
            Self::Decline { .. } => Action::Decline,
            Self::Withdraw { .. } => Action::Withdraw,
            Self::Resolve { .. } => Action::Resolve,
            Self::RequestDpoAdvice { .. } => Action::RequestDpoAdvice,
            Self::RecordDpoAdvice { .. } => Action::RecordDpoAdvice,
            Self::AssignHandler { .. } => Action::AssignHandler,
            Self::AddInvolvedParty { .. } => Action::AddInvolvedParty,
            Self::RemoveInvolvedParty { .. } => Action::RemoveInvolvedParty,
            Self::UpdateAnonymisedSummary { .. } => Action::UpdateAnonymisedSummary,
            Self::RecordRootCause { .. } => Action::RecordRootCause,
            Self::Purge { .. } => Action::Purge,
        }
    }
}

/// Why a step was refused. Messages are for the person who tried; none repeats identifying data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// The actor's role or involvement does not allow the step.
    #[error("your role does not allow you to {0} this complaint")]
    Forbidden(Action),
    /// The step does not fit the complaint's status.
    #[error("you cannot {action} a complaint that is {status}")]
    NotInThisStatus {
        /// The step.
        action: Action,
        /// The complaint's status.
        status: Status,
    },
    /// A privacy step on a complaint that is not about personal data.
    #[error("only a complaint about personal data has a DPO's advice")]
    NotAPrivacyComplaint,
    /// Resolving a privacy complaint before the DPO advised.
    #[error(
        "a complaint about personal data can be resolved only after the DPO's advice is recorded"
    )]
    DpoAdviceRequired,
    /// A decline ground that does not fit the facts on record.
    #[error("this ground does not apply: {0}")]
    GroundNotApplicable(&'static str),
    /// Declining as not supplemented while the complainant still has time.
    #[error("the complainant has until {0} to supplement the complaint")]
    SupplementPeriodRunning(NaiveDate),
    /// A date after today.
    #[error("the date cannot be in the future")]
    DateInFuture,
    /// A date before receipt, or before the step it answers.
    #[error("the date cannot be before {0}")]
    DateTooEarly(&'static str),
    /// A supplement deadline not after the request.
    #[error("the date by which to supplement must be after the date of the request")]
    SupplementDueNotAfterRequest,
    /// Purging before the retention period passed.
    #[error("the file is kept until {0}")]
    RetentionNotPassed(NaiveDate),
    /// Purging a complaint under a legal hold.
    #[error("a legal hold keeps this complaint's file")]
    LegalHold,
    /// Adding someone who is already involved.
    #[error("this person is already involved in the complaint")]
    AlreadyInvolved,
    /// Removing someone who is not involved.
    #[error("this person is not an added involved party of the complaint")]
    NotInvolved,
    /// Removing the registrar.
    #[error("the staff member who registered the complaint stays involved")]
    RegistrarAlwaysInvolved,
    /// A text that must not be empty.
    #[error("the text cannot be empty")]
    EmptyText,
}

impl LifecycleError {
    /// The stable code the API sends as `extensions.code`.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotInThisStatus { .. } => "INVALID_TRANSITION",
            Self::NotAPrivacyComplaint => "NOT_A_PRIVACY_COMPLAINT",
            Self::DpoAdviceRequired => "DPO_ADVICE_REQUIRED",
            Self::GroundNotApplicable(_) => "DECLINE_GROUND_NOT_APPLICABLE",
            Self::SupplementPeriodRunning(_) => "SUPPLEMENT_PERIOD_RUNNING",
            Self::DateInFuture | Self::DateTooEarly(_) | Self::SupplementDueNotAfterRequest => {
                "INVALID_DATE"
            }
            Self::RetentionNotPassed(_) => "RETENTION_NOT_PASSED",
            Self::LegalHold => "LEGAL_HOLD",
            Self::AlreadyInvolved | Self::NotInvolved | Self::RegistrarAlwaysInvolved => {
                "INVALID_INVOLVEMENT"
            }
            Self::EmptyText => "INVALID_INPUT",
        }
    }
}

/// Where a move leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// To this status.
    To(Status),
    /// Back to the status the complaint had before the supplement was requested.
    BackFromSupplement,
    /// The status stays; the step records something on the complaint.
    Stay,
}

/// The one table of allowed moves (DESIGN §2). `None`: not possible from `from`.
pub const fn transition(from: Status, action: Action) -> Option<Move> {
    use Action as A;
    use Status as S;
    match (from, action) {
        (S::Received, A::Acknowledge) => Some(Move::To(S::Acknowledged)),
        (S::Acknowledged, A::RecordContact) => Some(Move::To(S::InTreatment)),
        (S::InTreatment, A::RecordConversation) => Some(Move::To(S::Discussed)),
        (S::Discussed, A::Resolve) => Some(Move::To(S::Resolved)),
        (S::Received | S::Acknowledged | S::InTreatment, A::RequestSupplement) => {
            Some(Move::To(S::AwaitingSupplement))
        }
        (S::AwaitingSupplement, A::RecordSupplement) => Some(Move::BackFromSupplement),
        (s, A::Decline) if s.is_open() => Some(Move::To(S::Declined)),
        (s, A::Withdraw) if s.is_open() => Some(Move::To(S::Withdrawn)),
        (
            s,
            A::RequestDpoAdvice
            | A::RecordDpoAdvice
            | A::AssignHandler
            | A::AddInvolvedParty
            | A::RemoveInvolvedParty,
        ) if s.is_open() => Some(Move::Stay),
        // The summary is written for the directors' meeting, often after closure.
        (s, A::UpdateAnonymisedSummary | A::RecordRootCause) if s.is_open() || s.is_closed() => {
            Some(Move::Stay)
        }
        (s, A::Purge) if s.is_closed() => Some(Move::To(S::Purged)),
        _ => None,
    }
}

/// The move `action` makes on `complaint`. While the complaint waits for a supplement, the
/// acknowledgement and the first contact still go ahead (their clocks keep running): they move
/// the status the complaint will return to.
fn effective_move(complaint: &Complaint, action: Action) -> Option<Move> {
    if let (Status::AwaitingSupplement, Some(waiting)) =
        (complaint.status, complaint.open_suspension())
        && matches!(action, Action::Acknowledge | Action::RecordContact)
    {
        return match transition(waiting.returns_to, action) {
            Some(Move::To(_)) => Some(Move::Stay),
            _ => None,
        };
    }
    transition(complaint.status, action)
}

/// Who may register a complaint ("De ontvanger registreert de klacht"): staff, handlers and
/// directors; not the administrator, the DPO (unless also one of those) or an integration.
pub fn may_register(actor: &Actor) -> bool {
    actor.may(Capability::RegisterComplaints)
}

/// Who may take each step: by role, and for staff by being the one who registered it.
/// klachtenregeling: "De ontvanger registreert de klacht en brengt de onafhankelijke
/// klachtenbehandelaar op de hoogte"; the handler makes contact and holds the conversation;
/// the firm (handler or directors) decides to decline; the FG advises.
pub fn role_allows(actor: &Actor, complaint: &Complaint, action: Action) -> bool {
    let handler = actor.has(Role::Handler);
    let director = actor.has(Role::Director);
    let registrar = actor.has(Role::Staff) && actor.user_id() == Some(complaint.registered_by);
    match action {
        Action::Acknowledge | Action::RecordSupplement | Action::Withdraw => {
            handler || director || registrar
        }
        Action::RecordContact
        | Action::RecordConversation
        | Action::RequestSupplement
        | Action::Resolve
        | Action::RequestDpoAdvice => handler,
        Action::Decline
        | Action::AssignHandler
        | Action::AddInvolvedParty
        | Action::RemoveInvolvedParty
        | Action::UpdateAnonymisedSummary
        | Action::RecordRootCause => handler || director,
        Action::RecordDpoAdvice => actor.has(Role::Dpo),
        Action::Purge => actor.is_system(),
    }
}

/// Whether `actor` may take `action` on `complaint` today, whatever the step's details. The role
/// is checked first, so a refusal reveals nothing about the complaint's state.
pub fn check(
    actor: &Actor,
    complaint: &Complaint,
    action: Action,
    today: NaiveDate,
    parameters: &ProcedureParameters,
) -> Result<Move, LifecycleError> {
    if !role_allows(actor, complaint, action) {
        return Err(LifecycleError::Forbidden(action));
    }
    let step = effective_move(complaint, action).ok_or(LifecycleError::NotInThisStatus {
        action,
        status: complaint.status,
    })?;
    let privacy = complaint.category == Category::PersonalData;
    match action {
        Action::RequestDpoAdvice | Action::RecordDpoAdvice if !privacy => {
            Err(LifecycleError::NotAPrivacyComplaint)
        }
        // klachtenregeling: "verplicht om de Functionaris Gegevensbescherming (FG) om advies te vragen".
        Action::Resolve if privacy && complaint.dpo_advice.is_none() => {
            Err(LifecycleError::DpoAdviceRequired)
        }
        // klachtenregeling: "Het dossier ... wordt na de afhandeling 1 jaar bewaard."
        Action::Purge if !purge_due(complaint, parameters, today) => {
            let kept_until = complaint.closed_on.map_or(today, |c| {
                add_calendar_months(c, parameters.retention.get())
            });
            Err(LifecycleError::RetentionNotPassed(kept_until))
        }
        // A hold matters once the file is due.
        Action::Purge if complaint.legal_hold.is_some() => Err(LifecycleError::LegalHold),
        _ => Ok(step),
    }
}

/// The steps `actor` may take on `complaint` today: what the API offers and the UI shows, the
/// usual next step ([`usual_next_step`]) first when it is one of them.
pub fn allowed_actions(
    actor: &Actor,
    complaint: &Complaint,
    today: NaiveDate,
    parameters: &ProcedureParameters,
) -> Vec<Action> {
    let mut allowed: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|a| check(actor, complaint, *a, today, parameters).is_ok())
        .collect();
    if let Some(next) = usual_next_step(complaint)
        && let Some(at) = allowed.iter().position(|a| *a == next)
    {
        let next = allowed.remove(at);
        allowed.insert(0, next);
    }
    allowed
}

/// The step the procedure usually takes next from where `complaint` stands: acknowledge, make
/// contact, hold the conversation, settle; a privacy complaint first asks the DPO (klachtenregeling:
/// "verplicht om de Functionaris Gegevensbescherming (FG) om advies te vragen"); a complaint
/// awaiting a supplement waits for it. `None` once it is closed.
pub fn usual_next_step(complaint: &Complaint) -> Option<Action> {
    let dpo_not_asked = complaint.category == Category::PersonalData
        && complaint.dpo_requested_on.is_none()
        && complaint.dpo_advice.is_none();
    match complaint.status {
        Status::Received => Some(Action::Acknowledge),
        Status::Acknowledged => Some(Action::RecordContact),
        Status::InTreatment | Status::Discussed if dpo_not_asked => Some(Action::RequestDpoAdvice),
        Status::InTreatment => Some(Action::RecordConversation),
        Status::Discussed => Some(Action::Resolve),
        Status::AwaitingSupplement => Some(Action::RecordSupplement),
        Status::Resolved | Status::Declined | Status::Withdrawn | Status::Purged => None,
    }
}

/// Whether `ground` fits the facts on record. A person decides to decline; this only refuses a
/// ground the record contradicts.
pub fn decline_ground_applies(
    complaint: &Complaint,
    ground: DeclineGround,
    today: NaiveDate,
    parameters: &ProcedureParameters,
) -> Result<(), LifecycleError> {
    match ground {
        DeclineGround::ConductOverOneYearAgo => {
            let recent = complaint.conduct_on.expose().is_some_and(|conduct| {
                add_calendar_months(conduct, parameters.decline_conduct_after.get())
                    >= complaint.received_on
            });
            if recent {
                return Err(LifecycleError::GroundNotApplicable(
                    "the recorded date of the conduct is not more than a year before receipt",
                ));
            }
            Ok(())
        }
        DeclineGround::SameComplaintAlreadyFiled => Ok(()),
        DeclineGround::IncompleteNotSupplemented => match complaint.open_suspension() {
            None => Err(LifecycleError::GroundNotApplicable(
                "the complainant must first be asked to supplement the complaint",
            )),
            Some(waiting) if today <= waiting.due_on => {
                Err(LifecycleError::SupplementPeriodRunning(waiting.due_on))
            }
            Some(_) => Ok(()),
        },
        DeclineGround::Anonymous if !complaint.complainant.is_anonymous() => Err(
            LifecycleError::GroundNotApplicable("the complainant's name or contact data are known"),
        ),
        DeclineGround::Anonymous => Ok(()),
    }
}

/// The grounds on which `complaint` could be declined today.
pub fn declinable_grounds(
    complaint: &Complaint,
    today: NaiveDate,
    parameters: &ProcedureParameters,
) -> Vec<DeclineGround> {
    DeclineGround::ALL
        .into_iter()
        .filter(|g| decline_ground_applies(complaint, *g, today, parameters).is_ok())
        .collect()
}

/// Takes a step: checks it and returns the complaint as it is afterwards. Nothing is changed
/// when the step is refused.
pub fn apply(
    actor: &Actor,
    complaint: &Complaint,
    command: Command,
    today: NaiveDate,
    parameters: &ProcedureParameters,
) -> Result<Complaint, LifecycleError> {
    let action = command.action();
    let step = check(actor, complaint, action, today, parameters)?;
    let mut next = complaint.clone();
    let dated = |on: NaiveDate| -> Result<NaiveDate, LifecycleError> {
        if on > today {
            Err(LifecycleError::DateInFuture)
        } else if on < complaint.received_on {
            Err(LifecycleError::DateTooEarly("the date of receipt"))
        } else {
            Ok(on)
        }
    };
    match command {
        Command::Acknowledge { on } => next.acknowledged_on = Some(dated(on)?),
        Command::RecordContact { on } => next.first_contact_on = Some(dated(on)?),
        Command::RecordConversation { on } => next.discussed_on = Some(dated(on)?),
        Command::RequestSupplement { on, due_on } => {
            let on = dated(on)?;
            if due_on <= on {
                return Err(LifecycleError::SupplementDueNotAfterRequest);
            }
            next.suspensions.push(Suspension {
                requested_on: on,
                due_on,
                received_on: None,
                returns_to: complaint.status,
            });
        }
        Command::RecordSupplement { on } => {
            let on = dated(on)?;
            if let Some(waiting) = next.suspensions.last_mut() {
                if on < waiting.requested_on {
                    return Err(LifecycleError::DateTooEarly("the date of the request"));
                }
                waiting.received_on = Some(on);
            }
        }
        Command::Decline { on, ground } => {
            let on = dated(on)?;
            decline_ground_applies(complaint, ground, today, parameters)?;
            next.decline_ground = Some(ground);
            next.closed_on = Some(on);
        }
        Command::Withdraw { on } => next.closed_on = Some(dated(on)?),
        Command::Resolve { on, outcome } => {
            next.closed_on = Some(dated(on)?);
            next.outcome = outcome;
        }
        Command::RequestDpoAdvice { on } => next.dpo_requested_on = Some(dated(on)?),
        Command::RecordDpoAdvice { advice } => {
            dated(advice.advised_on)?;
            if advice.advice.is_blank() {
                return Err(LifecycleError::EmptyText);
            }
            next.dpo_advice = Some(advice);
        }
        Command::AssignHandler { handler } => next.handler = Some(handler),
        Command::AddInvolvedParty { user } => {
            if complaint.involves(user) {
                return Err(LifecycleError::AlreadyInvolved);
            }
            next.involved.insert(user);
        }
        Command::RemoveInvolvedParty { user } => {
            if user == complaint.registered_by {
                return Err(LifecycleError::RegistrarAlwaysInvolved);
            }
            if !next.involved.remove(&user) {
                return Err(LifecycleError::NotInvolved);
            }
        }
        Command::UpdateAnonymisedSummary { text, reviewed } => {
            if text.is_blank() {
                return Err(LifecycleError::EmptyText);
            }
            next.summary = Some(AnonymisedSummary { text, reviewed });
        }
        Command::RecordRootCause {
            category,
            text,
            reviewed,
        } => {
            let category = category.trim().to_owned();
            if category.is_empty() || text.is_blank() {
                return Err(LifecycleError::EmptyText);
            }
            next.root_cause = Some(RootCause {
                category,
                text,
                reviewed,
            });
        }
        Command::Purge {
            on,
            staff_names,
            outcomes,
            working_days,
        } => {
            next.purged_on = Some(dated(on)?);
            erase_identifying_data(&mut next, &staff_names);
            next.kept_outcomes = Some(outcomes);
            next.kept_closure = Some(crate::complaint::KeptClosure {
                status: complaint.status,
                working_days,
            });
            coarsen_dates(&mut next);
        }
    }
    next.status = match step {
        Move::To(status) => status,
        Move::BackFromSupplement => complaint
            .open_suspension()
            .map_or(complaint.status, |s| s.returns_to),
        Move::Stay => complaint.status,
    };
    // Acknowledging or making contact while waiting for a supplement moves the status the
    // complaint returns to.
    if complaint.status == Status::AwaitingSupplement
        && matches!(action, Action::Acknowledge | Action::RecordContact)
        && let Some(waiting) = next.suspensions.last_mut()
        && let Some(Move::To(ahead)) = transition(waiting.returns_to, action)
    {
        waiting.returns_to = ahead;
    }
    Ok(next)
}

/// The first day of `date`'s month.
fn month_of(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// After the purge a complaint's dates are months: an exact date can single a case out.
fn coarsen_dates(complaint: &mut Complaint) {
    complaint.received_on = month_of(complaint.received_on);
    for date in [
        &mut complaint.acknowledged_on,
        &mut complaint.first_contact_on,
        &mut complaint.discussed_on,
        &mut complaint.closed_on,
        &mut complaint.dpo_requested_on,
    ] {
        *date = date.map(month_of);
    }
    for suspension in &mut complaint.suspensions {
        suspension.requested_on = month_of(suspension.requested_on);
        suspension.due_on = month_of(suspension.due_on);
        suspension.received_on = suspension.received_on.map(month_of);
    }
    if let Some(advice) = complaint.dpo_advice.as_mut() {
        advice.advised_on = month_of(advice.advised_on);
    }
}

/// Places a legal hold (directors): the retention purge then leaves the complaint alone until
/// the hold is released. A purged complaint has nothing left to hold.
pub fn place_legal_hold(
    actor: &Actor,
    complaint: &Complaint,
    reason: Sensitive<String>,
    today: NaiveDate,
) -> Result<Complaint, LifecycleError> {
    if !actor.may(Capability::LegalHold) {
        return Err(LifecycleError::Forbidden(Action::Purge));
    }
    if complaint.status == Status::Purged {
        return Err(LifecycleError::NotInThisStatus {
            action: Action::Purge,
            status: complaint.status,
        });
    }
    if reason.is_blank() {
        return Err(LifecycleError::EmptyText);
    }
    let by = actor
        .user_id()
        .ok_or(LifecycleError::Forbidden(Action::Purge))?;
    let mut next = complaint.clone();
    next.legal_hold = Some(LegalHold {
        since: today,
        by,
        reason,
    });
    Ok(next)
}

/// Releases a legal hold (directors); the purge takes the complaint when its time has come.
pub fn release_legal_hold(
    actor: &Actor,
    complaint: &Complaint,
) -> Result<Complaint, LifecycleError> {
    if !actor.may(Capability::LegalHold) {
        return Err(LifecycleError::Forbidden(Action::Purge));
    }
    let mut next = complaint.clone();
    next.legal_hold = None;
    Ok(next)
}

/// klachtenregeling: "1 jaar bewaard" — after that, identifying data is erased. What remains is
/// the anonymised record: reference, category, channel, the months of the steps, the clock
/// outcomes, and the summary in its redacted form when it was approved.
fn erase_identifying_data(complaint: &mut Complaint, staff_names: &[String]) {
    let context = RedactionContext::for_complaint(complaint, staff_names);
    complaint.summary =
        complaint
            .summary
            .take()
            .filter(|s| s.reviewed)
            .map(|s| AnonymisedSummary {
                text: Sensitive::new(redact(s.text.expose(), &context)),
                reviewed: true,
            });
    // An explanation nobody reviewed goes, like an unreviewed summary; the category stays.
    if let Some(cause) = complaint.root_cause.as_mut() {
        let kept = if cause.reviewed {
            redact(cause.text.expose(), &context)
        } else {
            String::new()
        };
        cause.text = Sensitive::new(kept);
    }
    complaint.complainant = Complainant::default();
    complaint.concerning = Sensitive::new(None);
    complaint.facts = Sensitive::new(String::new());
    complaint.conduct_on = Sensitive::new(None);
    complaint.remedy_sought = Sensitive::new(None);
    complaint.outcome = Sensitive::new(None);
    // Who was made party to the case says something about it; the registrar stays (a staff
    // member, and the record needs someone responsible).
    complaint.involved.clear();
    if let Some(advice) = complaint.dpo_advice.as_mut() {
        advice.advice = Sensitive::new(String::new());
        advice.reason = Sensitive::new(String::new());
    }
}

#[cfg(test)]
mod tests;
