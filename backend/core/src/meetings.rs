//! Directors' meetings (directieoverleg) and their agendas. Rule: directors prepare, publish and
//! minute a meeting; every staff member may read a published agenda; the agenda itself is
//! anonymised for every reader, directors included, and a complaint goes on a published agenda
//! only with a reviewed anonymised summary. klachtenregeling: complaints are discussed in the
//! directors' meeting "geanonimiseerd".

use crate::actor::{Actor, Capability, Role};
use crate::complaint::Status;
use crate::measures::MeasureStatus;
use serde::{Deserialize, Serialize};

/// What kind of consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeetingKind {
    /// Directieoverleg.
    DirectorsMeeting,
    /// Another consultation (e.g. a quality meeting).
    OtherConsultation,
}

/// Where a meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeetingStatus {
    /// Being prepared: only directors see it.
    Draft,
    /// The agenda is out: every staff member may read it; decisions and minutes follow.
    Published,
}

/// Why a meeting change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    /// Not a director.
    #[error("only directors prepare and minute meetings")]
    Forbidden,
    /// The agenda is published: its items are fixed.
    #[error("the agenda is published; its items can no longer change")]
    AlreadyPublished,
    /// Decisions and minutes come after publication.
    #[error("publish the agenda before recording decisions or minutes")]
    NotPublished,
    /// A complaint without a reviewed anonymised summary cannot be discussed.
    #[error(
        "these complaints have no reviewed anonymised summary yet: {0}; have the handler write and review one first"
    )]
    SummaryMissing(String),
    /// An empty agenda.
    #[error("add at least one item before publishing")]
    Empty,
    /// The complaint was purged: nothing is left of it to discuss.
    #[error(
        "this complaint was deleted when its retention period ended; put its measures on the agenda instead"
    )]
    Purged,
}

impl MeetingError {
    /// The stable code the API sends.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Forbidden => "FORBIDDEN",
            Self::AlreadyPublished | Self::NotPublished | Self::Purged => "INVALID_TRANSITION",
            Self::SummaryMissing(_) => "SUMMARY_MISSING",
            Self::Empty => "VALIDATION",
        }
    }
}

/// Whether `actor` may prepare, publish and minute meetings: directors.
pub fn may_prepare(actor: &Actor) -> Result<(), MeetingError> {
    if actor.may(Capability::PrepareMeetings) {
        Ok(())
    } else {
        Err(MeetingError::Forbidden)
    }
}

/// Whether `actor` may read a meeting in `status`: directors always, other staff and
/// integrations (given the scope) once it is published.
pub fn may_read(actor: &Actor, status: MeetingStatus) -> bool {
    actor.may(Capability::PrepareMeetings)
        || (status == MeetingStatus::Published
            && (actor.user_id().is_some() || actor.has(Role::Integration)))
}

/// Whether the items may change now.
pub fn may_change_items(actor: &Actor, status: MeetingStatus) -> Result<(), MeetingError> {
    may_prepare(actor)?;
    match status {
        MeetingStatus::Draft => Ok(()),
        MeetingStatus::Published => Err(MeetingError::AlreadyPublished),
    }
}

/// Whether a complaint in `status` may go on an agenda: any but a purged one, of which only
/// the measures are left.
pub const fn may_put_on_agenda(status: Status) -> Result<(), MeetingError> {
    match status {
        Status::Purged => Err(MeetingError::Purged),
        _ => Ok(()),
    }
}

/// Whether decisions and minutes may be recorded now.
pub fn may_minute(actor: &Actor, status: MeetingStatus) -> Result<(), MeetingError> {
    may_prepare(actor)?;
    match status {
        MeetingStatus::Published => Ok(()),
        MeetingStatus::Draft => Err(MeetingError::NotPublished),
    }
}

/// The statuses `actor` may move an item's measure to in the decision they minute on it: the
/// next ones, for whoever may minute the meeting now; none for anyone else.
pub fn decision_statuses(
    actor: &Actor,
    meeting: MeetingStatus,
    measure: MeasureStatus,
) -> Vec<MeasureStatus> {
    if may_minute(actor, meeting).is_ok() {
        measure.next()
    } else {
        Vec::new()
    }
}

/// Whether the agenda may be published: a director, a draft, at least one item, and every
/// complaint on it with a reviewed summary. `unsummarised` lists the references without one.
pub fn may_publish(
    actor: &Actor,
    status: MeetingStatus,
    items: usize,
    unsummarised: &[String],
) -> Result<(), MeetingError> {
    may_change_items(actor, status)?;
    if items == 0 {
        return Err(MeetingError::Empty);
    }
    if !unsummarised.is_empty() {
        return Err(MeetingError::SummaryMissing(unsummarised.join(", ")));
    }
    Ok(())
}

/// The new order of `ids` when the one at `from` moves to `to` (clamped to the list).
pub fn reorder<T: Clone>(ids: &[T], from: usize, to: usize) -> Vec<T> {
    let mut out = ids.to_vec();
    if from < out.len() {
        let item = out.remove(from);
        out.insert(to.min(out.len()), item);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::actor;
    use proptest::prelude::*;

    #[test]
    fn directors_prepare_and_everyone_reads_once_published() {
        let director = actor("director");
        let staff = actor("other staff");
        assert_eq!(may_prepare(&director), Ok(()));
        assert_eq!(may_prepare(&staff), Err(MeetingError::Forbidden));
        assert!(may_read(&director, MeetingStatus::Draft));
        assert!(!may_read(&staff, MeetingStatus::Draft));
        assert!(may_read(&staff, MeetingStatus::Published));
        assert!(may_read(&actor("integration"), MeetingStatus::Published));
        assert!(!may_read(&actor("integration"), MeetingStatus::Draft));
        assert_eq!(
            may_change_items(&director, MeetingStatus::Published).map_err(|e| e.code()),
            Err("INVALID_TRANSITION")
        );
        assert_eq!(
            may_minute(&director, MeetingStatus::Draft),
            Err(MeetingError::NotPublished)
        );
        assert_eq!(may_minute(&director, MeetingStatus::Published), Ok(()));
    }

    #[test]
    fn only_a_director_minuting_a_published_meeting_is_offered_measure_statuses() {
        use MeasureStatus::{Agreed, Done, Dropped, InProgress, Proposed};
        let director = actor("director");
        assert_eq!(
            decision_statuses(&director, MeetingStatus::Published, Proposed),
            [Agreed, InProgress, Dropped]
        );
        assert!(decision_statuses(&director, MeetingStatus::Published, Done).is_empty());
        assert!(decision_statuses(&director, MeetingStatus::Draft, Proposed).is_empty());
        for name in ["handler", "other staff", "dpo", "integration"] {
            assert!(
                decision_statuses(&actor(name), MeetingStatus::Published, Proposed).is_empty(),
                "{name}"
            );
        }
    }

    #[test]
    fn every_complaint_but_a_purged_one_may_go_on_an_agenda() {
        use Status::*;
        for status in [
            Received,
            Acknowledged,
            InTreatment,
            Discussed,
            AwaitingSupplement,
            Resolved,
            Declined,
            Withdrawn,
        ] {
            assert_eq!(may_put_on_agenda(status), Ok(()), "{status:?}");
        }
        let refused = may_put_on_agenda(Purged).unwrap_err();
        assert_eq!(refused.code(), "INVALID_TRANSITION");
    }

    #[test]
    fn an_agenda_with_an_unsummarised_complaint_cannot_be_published() {
        let director = actor("director");
        let refused = may_publish(
            &director,
            MeetingStatus::Draft,
            2,
            &["KL-2026-0042".to_owned()],
        );
        assert_eq!(
            refused.as_ref().map_err(|e| e.code()),
            Err("SUMMARY_MISSING")
        );
        assert!(refused.unwrap_err().to_string().contains("KL-2026-0042"));
        assert_eq!(
            may_publish(&director, MeetingStatus::Draft, 0, &[]),
            Err(MeetingError::Empty)
        );
        assert_eq!(may_publish(&director, MeetingStatus::Draft, 2, &[]), Ok(()));
    }

    proptest! {
        /// Reordering keeps every item exactly once and puts the moved one where asked.
        #[test]
        fn reordering_is_a_permutation(n in 1usize..12, from in 0usize..12, to in 0usize..12) {
            let ids: Vec<usize> = (0..n).collect();
            let out = reorder(&ids, from, to);
            let mut sorted = out.clone();
            sorted.sort_unstable();
            prop_assert_eq!(sorted, ids.clone());
            if from < n {
                prop_assert_eq!(out[to.min(n - 1)], from);
            }
        }
    }
}
