//! The complaint (klacht) as the domain sees it: what was received, from whom, about what, and
//! the dated facts from which every clock and every allowed step is derived. Rule: identifying
//! fields are `Sensitive`; nothing here is a stored copy of something derivable.

use crate::ids::{ComplaintId, EmailAddress, PhoneNumber, Reference, UserId};
use crate::sensitive::Sensitive;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How a complaint arrived (kanaal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    /// Brief.
    Letter,
    /// E-mail.
    Email,
    /// Telefoon.
    Phone,
    /// Persoonlijk (aan de balie of in een gesprek).
    InPerson,
    /// Webformulier.
    WebForm,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Self; 5] = [
        Self::Letter,
        Self::Email,
        Self::Phone,
        Self::InPerson,
        Self::WebForm,
    ];
}

/// What a complaint is about (categorie).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    /// Dienstverlening: the firm's service.
    Service,
    /// Medewerker: one of its employees.
    Employee,
    /// Derde: a third party working for the firm.
    ThirdParty,
    /// Persoonsgegevens: the use of personal data (the stricter privacy track).
    PersonalData,
}

impl Category {
    /// Every category.
    pub const ALL: [Self; 4] = [
        Self::Service,
        Self::Employee,
        Self::ThirdParty,
        Self::PersonalData,
    ];
}

/// Where a complaint is in its lifecycle (status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Ontvangen en geregistreerd.
    Received,
    /// Ontvangst bevestigd.
    Acknowledged,
    /// In behandeling: the handler made contact.
    InTreatment,
    /// Besproken: the conversation took place, agreements recorded.
    Discussed,
    /// Wacht op aanvulling: the complainant was asked to complete the complaint.
    AwaitingSupplement,
    /// Afgehandeld.
    Resolved,
    /// Niet in behandeling genomen.
    Declined,
    /// Ingetrokken door de klager.
    Withdrawn,
    /// Identifying data erased after the retention period; an anonymised record remains.
    Purged,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Self; 9] = [
        Self::Received,
        Self::Acknowledged,
        Self::InTreatment,
        Self::Discussed,
        Self::AwaitingSupplement,
        Self::Resolved,
        Self::Declined,
        Self::Withdrawn,
        Self::Purged,
    ];

    /// Still being handled.
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            Self::Received
                | Self::Acknowledged
                | Self::InTreatment
                | Self::Discussed
                | Self::AwaitingSupplement
        )
    }

    /// Handled to the end (resolved, declined or withdrawn), not yet purged.
    pub const fn is_closed(self) -> bool {
        matches!(self, Self::Resolved | Self::Declined | Self::Withdrawn)
    }
}

/// The grounds on which the firm may decline to handle a complaint ("Niet in behandeling").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DeclineGround {
    /// "meer dan één jaar is verstreken nadat het handelen, waarover wordt geklaagd, heeft plaatsgevonden".
    ConductOverOneYearAgo,
    /// "al eerder dezelfde klacht is ingediend geweest door dezelfde klager".
    SameComplaintAlreadyFiled,
    /// "de klacht niet voldoet aan de gestelde eisen ... en de klager in de gelegenheid is gesteld
    /// om de klacht aan te vullen maar dit heeft nagelaten".
    IncompleteNotSupplemented,
    /// "Anonieme klachten hoeven niet in behandeling te worden genomen."
    Anonymous,
}

impl DeclineGround {
    /// Every ground.
    pub const ALL: [Self; 4] = [
        Self::ConductOverOneYearAgo,
        Self::SameComplaintAlreadyFiled,
        Self::IncompleteNotSupplemented,
        Self::Anonymous,
    ];
}

/// Who complained (klager). Any field may be missing; all missing is an anonymous complaint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Complainant {
    /// Naam.
    pub name: Sensitive<Option<String>>,
    /// Adres (street, number, postcode, town, as written).
    pub address: Sensitive<Option<String>>,
    /// Telefoonnummer.
    pub phone: Sensitive<Option<PhoneNumber>>,
    /// E-mailadres.
    pub email: Sensitive<Option<EmailAddress>>,
}

impl Complainant {
    /// No name and no contact data at all.
    pub fn is_anonymous(&self) -> bool {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|v| v.trim().is_empty());
        blank(self.name.expose())
            && blank(self.address.expose())
            && !self.phone.is_some()
            && !self.email.is_some()
    }
}

/// A period in which the complaint waited for the complainant's supplement (aanvulling).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspension {
    /// When the supplement was requested.
    pub requested_on: NaiveDate,
    /// The date by which the complainant was asked to supplement.
    pub due_on: NaiveDate,
    /// When the supplement arrived, if it did.
    pub received_on: Option<NaiveDate>,
    /// The status to return to when it arrives.
    pub returns_to: Status,
}

/// The DPO's advice on a complaint about personal data (advies van de FG).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpoAdvice {
    /// When the advice was given.
    pub advised_on: NaiveDate,
    /// The advice text.
    pub advice: Sensitive<String>,
    /// Whether the firm follows it.
    pub followed: bool,
    /// Why (especially when not followed).
    pub reason: Sensitive<String>,
}

/// The handler's anonymised summary (geanonimiseerde samenvatting), shown only after redaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnonymisedSummary {
    /// The text as written; it may still contain names until redacted.
    pub text: Sensitive<String>,
    /// The handler approved the redacted text for anonymised views.
    pub reviewed: bool,
}

/// The root cause (oorzaak) of a complaint: a category from the list the admins keep, and an
/// explanation that passes the redactor in anonymised views.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootCause {
    /// The category, e.g. "communicatie" or "planning".
    pub category: String,
    /// The explanation as written.
    pub text: Sensitive<String>,
    /// Someone who sees the complaint identified approved the redacted explanation for
    /// anonymised views; until then they show the category only.
    pub reviewed: bool,
}

/// A legal hold (bewaarplicht wegens een geschil): while it stands, the retention purge leaves
/// the complaint alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    /// Since when.
    pub since: NaiveDate,
    /// The director who placed it.
    pub by: UserId,
    /// Why, e.g. a pending court case.
    pub reason: Sensitive<String>,
}

/// How a complaint ended, kept when it is purged: from then on its status is `PURGED` and its
/// dates are months, too coarse to count working days with, yet the statistics must not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptClosure {
    /// Resolved, declined or withdrawn.
    pub status: Status,
    /// Working days from receipt to closure.
    pub working_days: u32,
}

/// A complaint and its dated facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    /// Internal identity.
    pub id: ComplaintId,
    /// Klachtnummer.
    pub reference: Reference,
    /// How it arrived.
    pub channel: Channel,
    /// What it is about.
    pub category: Category,
    /// Date of receipt (Europe/Amsterdam): day 0 of every clock.
    pub received_on: NaiveDate,
    /// Who complained.
    pub complainant: Complainant,
    /// The employee or third party concerned ("de naam van de medewerker op wie de klacht betrekking heeft").
    pub concerning: Sensitive<Option<String>>,
    /// "een korte omschrijving van de feiten".
    pub facts: Sensitive<String>,
    /// When the conduct complained about took place, if known.
    pub conduct_on: Sensitive<Option<NaiveDate>>,
    /// What the complainant asks for.
    pub remedy_sought: Sensitive<Option<String>>,
    /// The label of the procedure version in force on the receipt date.
    pub procedure_label: String,
    /// Where it is in its lifecycle.
    pub status: Status,
    /// The staff member who registered it (always an involved party).
    pub registered_by: UserId,
    /// The assigned complaints handler.
    pub handler: Option<UserId>,
    /// Further involved parties (betrokkenen), added by a handler or director.
    pub involved: BTreeSet<UserId>,
    /// Ontvangstbevestiging sent.
    pub acknowledged_on: Option<NaiveDate>,
    /// The handler's first contact with the complainant.
    pub first_contact_on: Option<NaiveDate>,
    /// The conversation (phone or meeting).
    pub discussed_on: Option<NaiveDate>,
    /// Resolved, declined or withdrawn on.
    pub closed_on: Option<NaiveDate>,
    /// The ground, when declined.
    pub decline_ground: Option<DeclineGround>,
    /// What was settled, when resolved (the closing letter states it).
    pub outcome: Sensitive<Option<String>>,
    /// Waits for a supplement, oldest first.
    pub suspensions: Vec<Suspension>,
    /// When the DPO's advice was requested (privacy complaints).
    pub dpo_requested_on: Option<NaiveDate>,
    /// The DPO's advice (privacy complaints).
    pub dpo_advice: Option<DpoAdvice>,
    /// The anonymised summary.
    pub summary: Option<AnonymisedSummary>,
    /// The root cause, once found.
    pub root_cause: Option<RootCause>,
    /// Identifying data erased on.
    pub purged_on: Option<NaiveDate>,
    /// A legal hold that stops the purge.
    pub legal_hold: Option<LegalHold>,
    /// The clock outcomes as they stood when the complaint was purged: its dates are months
    /// from then on, too coarse to compute them again.
    pub kept_outcomes: Option<crate::policy::ClockOutcomes>,
    /// How it ended, kept when it was purged.
    pub kept_closure: Option<KeptClosure>,
}

impl Complaint {
    /// Whether `user` is an involved party: the registrar or an added party.
    pub fn involves(&self, user: UserId) -> bool {
        self.registered_by == user || self.involved.contains(&user)
    }

    /// The supplement request still waiting for an answer, if any.
    pub fn open_suspension(&self) -> Option<&Suspension> {
        self.suspensions.last().filter(|s| s.received_on.is_none())
    }
}

/// What the receiver records on registration (registratie): "De ontvanger registreert de klacht".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// Internal identity.
    pub id: ComplaintId,
    /// Klachtnummer.
    pub reference: Reference,
    /// How it arrived.
    pub channel: Channel,
    /// What it is about.
    pub category: Category,
    /// Date of receipt.
    pub received_on: NaiveDate,
    /// Who complained.
    pub complainant: Complainant,
    /// The employee or third party concerned.
    pub concerning: Sensitive<Option<String>>,
    /// The facts.
    pub facts: Sensitive<String>,
    /// When the conduct took place.
    pub conduct_on: Sensitive<Option<NaiveDate>>,
    /// What the complainant asks for.
    pub remedy_sought: Sensitive<Option<String>>,
    /// The staff member who registered it.
    pub registered_by: UserId,
}

impl Complaint {
    /// A newly registered complaint: `RECEIVED`, no step taken, no handler yet.
    pub fn registered(r: Registration) -> Self {
        Self {
            id: r.id,
            reference: r.reference,
            channel: r.channel,
            category: r.category,
            received_on: r.received_on,
            complainant: r.complainant,
            concerning: r.concerning,
            facts: r.facts,
            conduct_on: r.conduct_on,
            remedy_sought: r.remedy_sought,
            procedure_label: String::new(),
            status: Status::Received,
            registered_by: r.registered_by,
            handler: None,
            involved: BTreeSet::new(),
            acknowledged_on: None,
            first_contact_on: None,
            discussed_on: None,
            closed_on: None,
            decline_ground: None,
            outcome: Sensitive::new(None),
            suspensions: Vec::new(),
            dpo_requested_on: None,
            dpo_advice: None,
            summary: None,
            root_cause: None,
            purged_on: None,
            legal_hold: None,
            kept_outcomes: None,
            kept_closure: None,
        }
    }
}
