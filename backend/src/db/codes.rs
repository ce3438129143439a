//! The stored codes of the core's enums: the same SCREAMING_CASE words as the GraphQL enums.

use klachten_core::actor::Role;
use klachten_core::complaint::{Category, Channel, DeclineGround, Status};
use klachten_core::lifecycle::Action;
use klachten_core::measures::{MeasureKind, MeasureStatus};

macro_rules! codes {
    ($ty:ty, $to:ident, $from:ident, { $($variant:path => $code:literal),* $(,)? }) => {
        /// The stored code.
        pub const fn $to(value: $ty) -> &'static str {
            match value { $($variant => $code),* }
        }
        /// The value of a stored code.
        pub fn $from(code: &str) -> Option<$ty> {
            match code { $($code => Some($variant),)* _ => None }
        }
    };
}

codes!(Status, status_code, status_from, {
    Status::Received => "RECEIVED", Status::Acknowledged => "ACKNOWLEDGED", Status::InTreatment => "IN_TREATMENT",
    Status::Discussed => "DISCUSSED", Status::AwaitingSupplement => "AWAITING_SUPPLEMENT", Status::Resolved => "RESOLVED",
    Status::Declined => "DECLINED", Status::Withdrawn => "WITHDRAWN", Status::Purged => "PURGED",
});
codes!(Channel, channel_code, channel_from, {
    Channel::Letter => "LETTER", Channel::Email => "EMAIL", Channel::Phone => "PHONE", Channel::InPerson => "IN_PERSON", Channel::WebForm => "WEB_FORM",
});
codes!(Category, category_code, category_from, {
    Category::Service => "SERVICE", Category::Employee => "EMPLOYEE", Category::ThirdParty => "THIRD_PARTY", Category::PersonalData => "PERSONAL_DATA",
});
codes!(DeclineGround, ground_code, ground_from, {
    DeclineGround::ConductOverOneYearAgo => "CONDUCT_OVER_ONE_YEAR_AGO", DeclineGround::SameComplaintAlreadyFiled => "SAME_COMPLAINT_ALREADY_FILED",
    DeclineGround::IncompleteNotSupplemented => "INCOMPLETE_NOT_SUPPLEMENTED", DeclineGround::Anonymous => "ANONYMOUS",
});
codes!(Role, role_code, role_from, {
    Role::Staff => "STAFF", Role::Handler => "HANDLER", Role::Director => "DIRECTOR", Role::Dpo => "DPO", Role::Admin => "ADMIN", Role::Integration => "INTEGRATION",
});

codes!(Action, action_code, action_from, {
    Action::Acknowledge => "ACKNOWLEDGE", Action::RecordContact => "RECORD_CONTACT", Action::RecordConversation => "RECORD_CONVERSATION",
    Action::RequestSupplement => "REQUEST_SUPPLEMENT", Action::RecordSupplement => "RECORD_SUPPLEMENT", Action::Decline => "DECLINE",
    Action::Withdraw => "WITHDRAW", Action::Resolve => "RESOLVE", Action::RequestDpoAdvice => "REQUEST_DPO_ADVICE",
    Action::RecordDpoAdvice => "RECORD_DPO_ADVICE", Action::AssignHandler => "ASSIGN_HANDLER", Action::AddInvolvedParty => "ADD_INVOLVED_PARTY",
    Action::RemoveInvolvedParty => "REMOVE_INVOLVED_PARTY", Action::UpdateAnonymisedSummary => "UPDATE_ANONYMISED_SUMMARY", Action::RecordRootCause => "RECORD_ROOT_CAUSE", Action::Purge => "PURGE",
});

codes!(MeasureKind, measure_kind_code, measure_kind_from, {
    MeasureKind::Measure => "MEASURE", MeasureKind::ImprovementProposal => "IMPROVEMENT_PROPOSAL",
});
codes!(MeasureStatus, measure_status_code, measure_status_from, {
    MeasureStatus::Proposed => "PROPOSED", MeasureStatus::Agreed => "AGREED", MeasureStatus::InProgress => "IN_PROGRESS",
    MeasureStatus::Done => "DONE", MeasureStatus::Dropped => "DROPPED",
});

/// The timeline code of a registration (not a lifecycle action).
pub const REGISTER: &str = "REGISTER";

/// Roles as stored: comma-separated codes.
pub fn roles_to_string(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| role_code(*r))
        .collect::<Vec<_>>()
        .join(",")
}

/// Roles from their stored form; unknown codes are dropped.
pub fn roles_from_string(stored: &str) -> Vec<Role> {
    stored
        .split(',')
        .filter_map(|c| role_from(c.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for s in Status::ALL {
            assert_eq!(status_from(status_code(s)), Some(s));
        }
        for g in DeclineGround::ALL {
            assert_eq!(ground_from(ground_code(g)), Some(g));
        }
        assert_eq!(
            roles_from_string(&roles_to_string(&Role::ALL)),
            Role::ALL.to_vec()
        );
        assert_eq!(status_from("nope"), None);
    }
}

codes!(klachten_core::meetings::MeetingKind, meeting_kind_code, meeting_kind_from, {
    klachten_core::meetings::MeetingKind::DirectorsMeeting => "DIRECTORS_MEETING",
    klachten_core::meetings::MeetingKind::OtherConsultation => "OTHER_CONSULTATION",
});
codes!(klachten_core::meetings::MeetingStatus, meeting_status_code, meeting_status_from, {
    klachten_core::meetings::MeetingStatus::Draft => "DRAFT",
    klachten_core::meetings::MeetingStatus::Published => "PUBLISHED",
});

codes!(klachten_core::integration::Scope, scope_code, scope_from, {
    klachten_core::integration::Scope::ReadComplaints => "READ_COMPLAINTS",
    klachten_core::integration::Scope::ReadStatistics => "READ_STATISTICS",
    klachten_core::integration::Scope::ReadAgendas => "READ_AGENDAS",
    klachten_core::integration::Scope::ReadMeasures => "READ_MEASURES",
    klachten_core::integration::Scope::UpdateMeasureStatus => "UPDATE_MEASURE_STATUS",
    klachten_core::integration::Scope::ManageWebhooks => "MANAGE_WEBHOOKS",
});
