//! The schema's enums as the app uses them (shared by every operation), with their labels.

use crate::i18n::T;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Reads an enum value as its code. One function for every enum (hand-written impls instead of
/// derived ones keep one decoder per enum out of the app).
fn read_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer)
}

macro_rules! enums {
    ($($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal => $label:ident),* $(,)? })*) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum $name {
                $(
                    #[doc = concat!("`", $code, "`.")]
                    $variant,
                )*
                /// A value this version of the app does not know yet.
                Unknown,
            }

            impl Serialize for $name {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.code())
                }
            }

            impl<'de> Deserialize<'de> for $name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let code = read_code(deserializer)?;
                    Ok(Self::from_code(&code).unwrap_or(Self::Unknown))
                }
            }

            impl $name {
                /// Every known value, in the schema's order.
                pub const ALL: &'static [Self] = &[$(Self::$variant),*];

                /// The label to show.
                pub const fn label(self) -> T {
                    match self {
                        $(Self::$variant => T::$label,)*
                        Self::Unknown => T::UnknownValue,
                    }
                }

                /// The value as the schema spells it.
                pub const fn code(self) -> &'static str {
                    match self {
                        $(Self::$variant => $code,)*
                        Self::Unknown => "",
                    }
                }

                /// The value for a schema spelling.
                pub fn from_code(code: &str) -> Option<Self> {
                    match code {
                        $($code => Some(Self::$variant),)*
                        _ => None,
                    }
                }
            }
        )*
    };
}

enums! {
    /// Status.
    ComplaintStatus {
        Received = "RECEIVED" => StatusReceived,
        Acknowledged = "ACKNOWLEDGED" => StatusAcknowledged,
        InTreatment = "IN_TREATMENT" => StatusInTreatment,
        Discussed = "DISCUSSED" => StatusDiscussed,
        AwaitingSupplement = "AWAITING_SUPPLEMENT" => StatusAwaitingSupplement,
        Resolved = "RESOLVED" => StatusResolved,
        Declined = "DECLINED" => StatusDeclined,
        Withdrawn = "WITHDRAWN" => StatusWithdrawn,
        Purged = "PURGED" => StatusPurged,
    }
    /// Categorie.
    Category {
        Service = "SERVICE" => CategoryService,
        Employee = "EMPLOYEE" => CategoryEmployee,
        ThirdParty = "THIRD_PARTY" => CategoryThirdParty,
        PersonalData = "PERSONAL_DATA" => CategoryPersonalData,
    }
    /// Kanaal.
    Channel {
        Letter = "LETTER" => ChannelLetter,
        Email = "EMAIL" => ChannelEmail,
        Phone = "PHONE" => ChannelPhone,
        InPerson = "IN_PERSON" => ChannelInPerson,
        WebForm = "WEB_FORM" => ChannelWebForm,
    }
    /// The state of a clock.
    ClockState {
        Open = "OPEN" => ClockOpen,
        DueSoon = "DUE_SOON" => ClockDueSoon,
        Suspended = "SUSPENDED" => ClockSuspended,
        Met = "MET" => ClockMet,
        Late = "LATE" => ClockLate,
        Stopped = "STOPPED" => ClockStopped,
    }
    /// A clock's outcome in anonymised views.
    ClockOutcome {
        Pending = "PENDING" => OutcomePending,
        Met = "MET" => ClockMet,
        Late = "LATE" => ClockLate,
        NotApplicable = "NOT_APPLICABLE" => OutcomeNotApplicable,
    }
    /// Grounds for declining.
    DeclineGround {
        ConductOverOneYearAgo = "CONDUCT_OVER_ONE_YEAR_AGO" => GroundConductOverOneYearAgo,
        SameComplaintAlreadyFiled = "SAME_COMPLAINT_ALREADY_FILED" => GroundSameComplaint,
        IncompleteNotSupplemented = "INCOMPLETE_NOT_SUPPLEMENTED" => GroundIncomplete,
        Anonymous = "ANONYMOUS" => GroundAnonymous,
    }
    /// Roles.
    Role {
        Staff = "STAFF" => RoleStaff,
        Handler = "HANDLER" => RoleHandler,
        Director = "DIRECTOR" => RoleDirector,
        Dpo = "DPO" => RoleDpo,
        Admin = "ADMIN" => RoleAdmin,
        Integration = "INTEGRATION" => RoleIntegration,
    }
    /// The steps on a complaint.
    ComplaintAction {
        Acknowledge = "ACKNOWLEDGE" => ActionAcknowledge,
        RecordContact = "RECORD_CONTACT" => ActionRecordContact,
        RecordConversation = "RECORD_CONVERSATION" => ActionRecordConversation,
        RequestSupplement = "REQUEST_SUPPLEMENT" => ActionRequestSupplement,
        RecordSupplement = "RECORD_SUPPLEMENT" => ActionRecordSupplement,
        Decline = "DECLINE" => ActionDecline,
        Withdraw = "WITHDRAW" => ActionWithdraw,
        Resolve = "RESOLVE" => ActionResolve,
        RequestDpoAdvice = "REQUEST_DPO_ADVICE" => ActionRequestDpoAdvice,
        RecordDpoAdvice = "RECORD_DPO_ADVICE" => ActionRecordDpoAdvice,
        AssignHandler = "ASSIGN_HANDLER" => ActionAssignHandler,
        AddInvolvedParty = "ADD_INVOLVED_PARTY" => ActionAddInvolvedParty,
        RemoveInvolvedParty = "REMOVE_INVOLVED_PARTY" => ActionRemoveInvolvedParty,
        UpdateAnonymisedSummary = "UPDATE_ANONYMISED_SUMMARY" => ActionUpdateAnonymisedSummary,
        RecordRootCause = "RECORD_ROOT_CAUSE" => ActionRecordRootCause,
        Purge = "PURGE" => ActionPurge,
    }
    /// Phone or meeting.
    ConversationKind {
        Phone = "PHONE" => ConversationPhone,
        Meeting = "MEETING" => ConversationMeeting,
    }
    /// How Bevrijdingsdag counts.
    LiberationDayRule {
        EveryYear = "EVERY_YEAR" => LiberationEveryYear,
        EveryFifthYear = "EVERY_FIFTH_YEAR" => LiberationEveryFifthYear,
        Never = "NEVER" => LiberationNever,
    }
    /// Where a measure stands.
    MeasureStatus {
        Proposed = "PROPOSED" => MeasureProposed,
        Agreed = "AGREED" => MeasureAgreed,
        InProgress = "IN_PROGRESS" => MeasureInProgress,
        Done = "DONE" => MeasureDone,
        Dropped = "DROPPED" => MeasureDropped,
    }
    /// Which letter.
    LetterKind {
        Acknowledgement = "ACKNOWLEDGEMENT" => LetterAcknowledgement,
        SupplementRequest = "SUPPLEMENT_REQUEST" => LetterSupplementRequest,
        ConversationConfirmation = "CONVERSATION_CONFIRMATION" => LetterConversation,
        DeclineDecision = "DECLINE_DECISION" => LetterDecline,
        Closing = "CLOSING" => LetterClosing,
    }
    /// How a letter went out.
    LetterChannel {
        Post = "POST" => ViaPost,
        Email = "EMAIL" => ViaEmail,
    }
    /// Measure or proposal.
    MeasureKind {
        Measure = "MEASURE" => KindMeasure,
        ImprovementProposal = "IMPROVEMENT_PROPOSAL" => KindProposal,
    }
    /// Kind of consultation.
    MeetingKind {
        DirectorsMeeting = "DIRECTORS_MEETING" => MeetingDirectors,
        OtherConsultation = "OTHER_CONSULTATION" => MeetingOther,
    }
    /// Draft or published.
    MeetingStatus {
        Draft = "DRAFT" => MeetingDraft,
        Published = "PUBLISHED" => MeetingPublished,
    }
    /// What an API client may do.
    ApiScope {
        ReadComplaints = "READ_COMPLAINTS" => ScopeReadComplaints,
        ReadStatistics = "READ_STATISTICS" => ScopeReadStatistics,
        ReadAgendas = "READ_AGENDAS" => ScopeReadAgendas,
        ReadMeasures = "READ_MEASURES" => ScopeReadMeasures,
        UpdateMeasureStatus = "UPDATE_MEASURE_STATUS" => ScopeUpdateMeasureStatus,
        ManageWebhooks = "MANAGE_WEBHOOKS" => ScopeManageWebhooks,
    }
    /// Period length of the statistics.
    Granularity {
        Month = "MONTH" => PerMonth,
        Quarter = "QUARTER" => PerQuarter,
        Year = "YEAR" => PerYear,
    }
}

impl ComplaintStatus {
    /// Whether the complaint is still being handled.
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

    /// The statuses of complaints still being handled.
    pub const OPEN: &'static [Self] = &[
        Self::Received,
        Self::Acknowledged,
        Self::InTreatment,
        Self::Discussed,
        Self::AwaitingSupplement,
    ];
}

impl ClockState {
    /// How urgent a clock in this state is: lower comes first.
    pub const fn urgency(self) -> u8 {
        match self {
            Self::Late => 0,
            Self::DueSoon => 1,
            Self::Open => 2,
            Self::Suspended => 3,
            _ => 4,
        }
    }

    /// The CSS class of its chip.
    pub const fn class(self) -> &'static str {
        match self {
            Self::Late => "chip late",
            Self::DueSoon => "chip soon",
            Self::Met => "chip met",
            _ => "chip",
        }
    }
}

/// What a user's roles let them do apart from any one complaint, as the schema's enum (the
/// server's one table decides; the app only asks).
pub use crate::api::login::Capability;

/// The logged-in user.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentUser {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// What their roles let them do.
    pub capabilities: Vec<Capability>,
}

impl CurrentUser {
    /// Whether the user's roles let them do `capability` (as the server told).
    pub fn may(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }
}
