//! The visibility policy. Rule: this is the only place that decides who sees who complained, and
//! the only way to the identified view of a complaint; everyone else gets the anonymised view,
//! a distinct type with no identifying field to forget to blank.
//!
//! klachtenregeling: "Klachten worden vertrouwelijk behandeld. Uitsluitend de betrokkenen,
//! directie en onafhankelijke klachtenbehandelaar zijn bij de afhandeling betrokken. Bij
//! eventuele bespreking in overlegstructuren gebeurt dit geanonimiseerd."

use crate::actor::{Actor, Capability, Principal, Role};
use crate::clocks::{ClockReading, ClockState, Deadlines};
use crate::complaint::{Category, Channel, Complaint, DeclineGround, Status};
use crate::ids::{ComplaintId, Reference, UserId};
use crate::redaction::{RedactionContext, redact};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What a viewer may see of a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Everything, including who complained (every such read is audited).
    Identified,
    /// The anonymised view only.
    Anonymised,
}

/// Decides what `actor` may see of `complaint`: directors and handlers see every complaint,
/// staff the complaints they are involved in (registered or added), the DPO complaints about
/// personal data; admins, integrations, the system and everyone else the anonymised view. A
/// purged complaint has nothing identifying left to see.
pub fn access(actor: &Actor, complaint: &Complaint) -> Access {
    if IdentifiedScope::of(actor).covers(complaint) {
        Access::Identified
    } else {
        Access::Anonymised
    }
}

/// The complaints an actor sees identified, as a rule storage can turn into a query condition:
/// a complaint is covered when it is not purged and any of the parts holds. [`access`] is this
/// rule, so a query and the projection cannot disagree.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdentifiedScope {
    /// Every complaint (directors and handlers).
    pub every: bool,
    /// Complaints in these categories (the DPO: personal data).
    pub categories: Vec<Category>,
    /// Complaints this user registered or was added to (staff).
    pub involving: Option<UserId>,
}

impl IdentifiedScope {
    /// The scope of `actor`.
    pub fn of(actor: &Actor) -> Self {
        let Principal::User(user) = actor.principal() else {
            return Self::default();
        };
        Self {
            every: actor.may(Capability::SeeEveryComplaint),
            categories: if actor.has(Role::Dpo) {
                vec![Category::PersonalData]
            } else {
                Vec::new()
            },
            involving: actor.has(Role::Staff).then_some(user),
        }
    }

    /// Whether the scope covers `complaint`.
    pub fn covers(&self, complaint: &Complaint) -> bool {
        complaint.status != Status::Purged
            && (self.every
                || self.categories.contains(&complaint.category)
                || self.involving.is_some_and(|user| complaint.involves(user)))
    }

    /// Whether the scope covers no complaint at all.
    pub fn is_empty(&self) -> bool {
        !self.every && self.categories.is_empty() && self.involving.is_none()
    }
}

/// Why a list filter is refused for a viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterRefusal {
    /// Filtering on the handler answers who handles a complaint, which the anonymised view
    /// does not show: only those who see every complaint identified may.
    HandlerNotInView,
}

/// Checks that a filter on the assigned handler is answerable from what `actor` sees: only
/// directors and handlers, who see every complaint that is not purged identified, may use it
/// (and it then only matches complaints that are not purged).
pub fn may_filter_on_handler(actor: &Actor) -> Result<(), FilterRefusal> {
    if IdentifiedScope::of(actor).every {
        Ok(())
    } else {
        Err(FilterRefusal::HandlerNotInView)
    }
}

/// A received-date range as it applies to complaints the viewer sees anonymised, where receipt
/// shows as a month: each bound widens to the whole month it falls in, so a day bound inside a
/// month cannot tell two complaints of that month apart.
pub fn month_bounds(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let first_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let last_of = |d: NaiveDate| {
        let next = if d.month() == 12 {
            NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
        };
        next.and_then(|n| n.pred_opt()).unwrap_or(d)
    };
    (from.map(first_of), to.map(last_of))
}

/// A calendar month, the precision of dates in anonymised views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

impl YearMonth {
    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }
}

impl std::fmt::Display for YearMonth {
    /// `YYYY-MM`, as every anonymised view writes a month.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A clock as an anonymised view shows it: its outcome, never its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClockOutcome {
    /// Still running (open, due soon or suspended).
    Pending,
    /// Kept.
    Met,
    /// Not kept.
    Late,
    /// The complaint closed before the step fell due.
    NotApplicable,
}

impl From<&ClockReading> for ClockOutcome {
    fn from(reading: &ClockReading) -> Self {
        match reading.state {
            ClockState::Open | ClockState::DueSoon | ClockState::Suspended => Self::Pending,
            ClockState::Met => Self::Met,
            ClockState::Late => Self::Late,
            ClockState::Stopped => Self::NotApplicable,
        }
    }
}

/// The clock outcomes of an anonymised complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockOutcomes {
    /// Ontvangstbevestiging.
    pub acknowledgement: ClockOutcome,
    /// Eerste contact.
    pub first_contact: ClockOutcome,
    /// Afhandeling.
    pub resolution: ClockOutcome,
    /// Privacyklacht: one month (only for complaints about personal data).
    pub privacy_resolution: Option<ClockOutcome>,
}

impl ClockOutcomes {
    /// The outcomes of `deadlines` as they stand.
    pub fn of(deadlines: &Deadlines) -> Self {
        Self {
            acknowledgement: (&deadlines.acknowledgement).into(),
            first_contact: (&deadlines.first_contact).into(),
            resolution: (&deadlines.resolution).into(),
            privacy_resolution: deadlines.privacy_resolution.as_ref().map(Into::into),
        }
    }
}

/// The anonymised complaint: nothing in it identifies the complainant, the person concerned or
/// the case (dates are months, free text has passed the redactor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnonymisedComplaint {
    /// Internal identity.
    pub id: ComplaintId,
    /// Klachtnummer.
    pub reference: Reference,
    /// How it arrived.
    pub channel: Channel,
    /// What it is about.
    pub category: Category,
    /// Status.
    pub status: Status,
    /// The month of receipt.
    pub received_month: YearMonth,
    /// Clock outcomes.
    pub clocks: ClockOutcomes,
    /// The ground, when declined.
    pub decline_ground: Option<DeclineGround>,
    /// The handler's summary, redacted, once approved; `None` until then.
    pub summary: Option<String>,
    /// The root cause: category and redacted explanation.
    pub root_cause: Option<RootCauseView>,
}

/// A root cause as a view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RootCauseView {
    /// The category.
    pub category: String,
    /// The explanation: as written in the identified view; in anonymised views redacted, and
    /// only once reviewed.
    pub text: Option<String>,
    /// The explanation as anonymised views show it once reviewed (identified view only).
    pub text_redacted: Option<String>,
    /// Whether the redacted explanation was approved for anonymised views.
    pub reviewed: bool,
}

/// What an anonymised reader sees of a free text (a root cause, a measure's description, a
/// decision, minutes): its redacted form, once someone who sees it identified reviewed that
/// form; nothing before, since the redactor cannot know every detail that identifies a person.
pub fn released(redacted: impl FnOnce() -> String, reviewed: bool) -> Option<String> {
    reviewed.then(redacted)
}

/// The DPO's advice as the identified view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DpoAdviceView {
    /// When the advice was given.
    pub advised_on: NaiveDate,
    /// The advice.
    pub advice: String,
    /// Whether it is followed.
    pub followed: bool,
    /// Why.
    pub reason: String,
}

/// The identified complaint: everything, for directors, handlers, involved staff and (privacy
/// complaints) the DPO. Obtainable only through [`project`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentifiedComplaint {
    /// Internal identity.
    pub id: ComplaintId,
    /// Klachtnummer.
    pub reference: Reference,
    /// How it arrived.
    pub channel: Channel,
    /// What it is about.
    pub category: Category,
    /// Status.
    pub status: Status,
    /// Date of receipt.
    pub received_on: NaiveDate,
    /// Complainant's name.
    pub complainant_name: Option<String>,
    /// Complainant's address.
    pub complainant_address: Option<String>,
    /// Complainant's phone number as written.
    pub complainant_phone: Option<String>,
    /// Complainant's e-mail address.
    pub complainant_email: Option<String>,
    /// The employee or third party concerned.
    pub concerning: Option<String>,
    /// The facts.
    pub facts: String,
    /// When the conduct took place.
    pub conduct_on: Option<NaiveDate>,
    /// The remedy sought.
    pub remedy_sought: Option<String>,
    /// What was settled, when resolved.
    pub outcome: Option<String>,
    /// A legal hold: since when, by whom, why.
    pub legal_hold: Option<(NaiveDate, UserId, String)>,
    /// The procedure version it falls under.
    pub procedure_label: String,
    /// Who registered it.
    pub registered_by: UserId,
    /// The assigned handler.
    pub handler: Option<UserId>,
    /// Added involved parties.
    pub involved: Vec<UserId>,
    /// Every clock with its dates.
    pub deadlines: Deadlines,
    /// The ground, when declined.
    pub decline_ground: Option<DeclineGround>,
    /// When the DPO's advice was requested.
    pub dpo_requested_on: Option<NaiveDate>,
    /// The DPO's advice.
    pub dpo_advice: Option<DpoAdviceView>,
    /// The summary as written.
    pub summary: Option<String>,
    /// The summary as anonymised views will show it.
    pub summary_redacted: Option<String>,
    /// Whether the handler approved the redacted summary.
    pub summary_reviewed: bool,
    /// The root cause as written.
    pub root_cause: Option<RootCauseView>,
}

/// A complaint as one viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComplaintView {
    /// The identified view.
    Identified(Box<IdentifiedComplaint>),
    /// The anonymised view.
    Anonymised(AnonymisedComplaint),
}

/// Projects `complaint` into the view `actor` may see. `staff_names` are every staff member's
/// names, which the redactor removes from the summary.
pub fn project(
    actor: &Actor,
    complaint: &Complaint,
    deadlines: &Deadlines,
    staff_names: &[String],
) -> ComplaintView {
    match access(actor, complaint) {
        Access::Identified => {
            ComplaintView::Identified(Box::new(identified(complaint, deadlines, staff_names)))
        }
        Access::Anonymised => {
            ComplaintView::Anonymised(anonymise(complaint, deadlines, staff_names))
        }
    }
}

/// The anonymised view, for every viewer: agendas, statistics and integrations use this
/// directly, whoever asks.
pub fn anonymise(
    complaint: &Complaint,
    deadlines: &Deadlines,
    staff_names: &[String],
) -> AnonymisedComplaint {
    AnonymisedComplaint {
        id: complaint.id,
        reference: complaint.reference,
        channel: complaint.channel,
        category: complaint.category,
        status: complaint.status,
        received_month: YearMonth::of(complaint.received_on),
        clocks: complaint
            .kept_outcomes
            .unwrap_or_else(|| ClockOutcomes::of(deadlines)),
        decline_ground: complaint.decline_ground,
        summary: redacted_summary(complaint, staff_names)
            .filter(|_| complaint.summary.as_ref().is_some_and(|s| s.reviewed)),
        root_cause: complaint.root_cause.as_ref().map(|cause| RootCauseView {
            category: cause.category.clone(),
            text: released(
                || {
                    redact(
                        cause.text.expose(),
                        &RedactionContext::for_complaint(complaint, staff_names),
                    )
                },
                cause.reviewed,
            ),
            text_redacted: None,
            reviewed: cause.reviewed,
        }),
    }
}

fn redacted_summary(complaint: &Complaint, staff_names: &[String]) -> Option<String> {
    let summary = complaint.summary.as_ref()?;
    let context = RedactionContext::for_complaint(complaint, staff_names);
    Some(redact(summary.text.expose(), &context))
}

fn identified(
    complaint: &Complaint,
    deadlines: &Deadlines,
    staff_names: &[String],
) -> IdentifiedComplaint {
    let c = &complaint.complainant;
    IdentifiedComplaint {
        id: complaint.id,
        reference: complaint.reference,
        channel: complaint.channel,
        category: complaint.category,
        status: complaint.status,
        received_on: complaint.received_on,
        complainant_name: c.name.expose().clone(),
        complainant_address: c.address.expose().clone(),
        complainant_phone: c.phone.expose().as_ref().map(|p| p.as_str().to_owned()),
        complainant_email: c.email.expose().as_ref().map(|e| e.as_str().to_owned()),
        concerning: complaint.concerning.expose().clone(),
        facts: complaint.facts.expose().clone(),
        conduct_on: *complaint.conduct_on.expose(),
        remedy_sought: complaint.remedy_sought.expose().clone(),
        outcome: complaint.outcome.expose().clone(),
        legal_hold: complaint
            .legal_hold
            .as_ref()
            .map(|h| (h.since, h.by, h.reason.expose().clone())),
        procedure_label: complaint.procedure_label.clone(),
        registered_by: complaint.registered_by,
        handler: complaint.handler,
        involved: complaint.involved.iter().copied().collect(),
        deadlines: *deadlines,
        decline_ground: complaint.decline_ground,
        dpo_requested_on: complaint.dpo_requested_on,
        dpo_advice: complaint.dpo_advice.as_ref().map(|a| DpoAdviceView {
            advised_on: a.advised_on,
            advice: a.advice.expose().clone(),
            followed: a.followed,
            reason: a.reason.expose().clone(),
        }),
        summary: complaint.summary.as_ref().map(|s| s.text.expose().clone()),
        summary_redacted: redacted_summary(complaint, staff_names),
        summary_reviewed: complaint.summary.as_ref().is_some_and(|s| s.reviewed),
        root_cause: complaint.root_cause.as_ref().map(|cause| RootCauseView {
            category: cause.category.clone(),
            text: Some(cause.text.expose().clone()),
            text_redacted: Some(redact(
                cause.text.expose(),
                &RedactionContext::for_complaint(complaint, staff_names),
            )),
            reviewed: cause.reviewed,
        }),
    }
}

/// Whether a view matches a list's search text (already folded, see [`crate::fold::fold`]) and
/// clock states, judged only on what its reader sees: an anonymised complaint is searched by
/// reference and released summary and filtered by clock outcome, so a search cannot probe who
/// complained or when a step was taken.
pub fn matches_list_filter(
    view: &ComplaintView,
    search: Option<&str>,
    states: &[ClockState],
) -> bool {
    use crate::fold::fold;
    let (texts, clocks): (Vec<String>, Vec<ClockState>) = match view {
        ComplaintView::Identified(c) => {
            let clocks = c.deadlines.promises().map(|clock| clock.state).collect();
            let reference = c.reference.to_string();
            let texts = [
                Some(&reference),
                c.complainant_name.as_ref(),
                c.complainant_email.as_ref(),
                c.complainant_phone.as_ref(),
                c.concerning.as_ref(),
                Some(&c.facts),
                c.remedy_sought.as_ref(),
                c.summary.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(|t| fold(t))
            .collect();
            (texts, clocks)
        }
        ComplaintView::Anonymised(a) => {
            let outcome = |o: ClockOutcome| match o {
                ClockOutcome::Met => vec![ClockState::Met],
                ClockOutcome::Late => vec![ClockState::Late],
                ClockOutcome::NotApplicable => vec![ClockState::Stopped],
                ClockOutcome::Pending => {
                    vec![ClockState::Open, ClockState::DueSoon, ClockState::Suspended]
                }
            };
            let clocks = [
                Some(a.clocks.acknowledgement),
                Some(a.clocks.first_contact),
                Some(a.clocks.resolution),
                a.clocks.privacy_resolution,
            ]
            .into_iter()
            .flatten()
            .flat_map(outcome)
            .collect();
            let reference = a.reference.to_string();
            let texts = [Some(&reference), a.summary.as_ref()]
                .into_iter()
                .flatten()
                .map(|t| fold(t))
                .collect();
            (texts, clocks)
        }
    };
    let text_ok = search.is_none_or(|term| texts.iter().any(|t| t.contains(term)));
    let clock_ok = states.is_empty() || clocks.iter().any(|c| states.contains(c));
    text_ok && clock_ok
}

#[cfg(test)]
mod tests;
