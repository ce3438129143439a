//! Measures (maatregelen) and improvement proposals (verbetervoorstellen). Rule: each has an
//! owner, a due date and a status that moves only forward (proposed → agreed → in progress →
//! done, or dropped on the way); handlers and directors create them, the owner or a director
//! moves them. klachtenregeling: "het nemen van adequate maatregelen om herhaling te voorkomen".

use crate::actor::{Actor, Capability, Role};
use crate::ids::UserId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeasureKind {
    /// Maatregel: taken on a complaint.
    Measure,
    /// Verbetervoorstel: from a complaint or standing alone.
    ImprovementProposal,
}

/// Where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

impl MeasureStatus {
    /// Every status, in order.
    pub const ALL: [Self; 5] = [
        Self::Proposed,
        Self::Agreed,
        Self::InProgress,
        Self::Done,
        Self::Dropped,
    ];

    /// Done or dropped: nothing follows.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Done | Self::Dropped)
    }

    /// The statuses it may move to, in order.
    pub fn next(self) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|next| self.can_move_to(*next))
            .collect()
    }

    /// Whether the status may move to `next`.
    pub const fn can_move_to(self, next: Self) -> bool {
        matches!(
            (self, next),
            (
                Self::Proposed,
                Self::Agreed | Self::InProgress | Self::Dropped
            ) | (Self::Agreed, Self::InProgress | Self::Done | Self::Dropped)
                | (Self::InProgress, Self::Done | Self::Dropped)
        )
    }
}

/// A measure or improvement proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// Measure or proposal.
    pub kind: MeasureKind,
    /// What is to be done.
    pub description: String,
    /// Who sees it through.
    pub owner: UserId,
    /// By when.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub status: MeasureStatus,
}

/// Why a change to a measure was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeasureError {
    /// Not the owner, a handler or a director.
    #[error("your role does not allow you to change this measure")]
    Forbidden,
    /// A status move that is not allowed.
    #[error("a measure cannot move from {from:?} to {to:?}")]
    InvalidStatusChange {
        /// Current status.
        from: MeasureStatus,
        /// Requested status.
        to: MeasureStatus,
    },
    /// No description.
    #[error("describe what is to be done")]
    EmptyDescription,
}

impl MeasureError {
    /// The stable code the API sends.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Forbidden => "FORBIDDEN",
            Self::InvalidStatusChange { .. } => "INVALID_TRANSITION",
            Self::EmptyDescription => "VALIDATION",
        }
    }
}

/// Whether `actor` may create measures and proposals: handlers and directors.
pub fn may_create(actor: &Actor) -> bool {
    actor.may(Capability::WorkOnMeasures)
}

/// A new measure, status `PROPOSED`.
pub fn propose(
    actor: &Actor,
    kind: MeasureKind,
    description: &str,
    owner: UserId,
    due_on: NaiveDate,
) -> Result<Measure, MeasureError> {
    if !may_create(actor) {
        return Err(MeasureError::Forbidden);
    }
    let description = description.trim();
    if description.is_empty() {
        return Err(MeasureError::EmptyDescription);
    }
    Ok(Measure {
        kind,
        description: description.to_owned(),
        owner,
        due_on,
        status: MeasureStatus::Proposed,
    })
}

/// Moves `measure` to `next`: the owner or a director may, and an integration that was given
/// the scope for it (checked where the scopes are known).
pub fn change_status(
    actor: &Actor,
    measure: &Measure,
    next: MeasureStatus,
) -> Result<Measure, MeasureError> {
    let owner = actor.user_id() == Some(measure.owner);
    if !(owner || actor.has(Role::Director) || actor.has(Role::Integration)) {
        return Err(MeasureError::Forbidden);
    }
    if !measure.status.can_move_to(next) {
        return Err(MeasureError::InvalidStatusChange {
            from: measure.status,
            to: next,
        });
    }
    Ok(Measure {
        status: next,
        ..measure.clone()
    })
}

/// The statuses `actor` may move `measure` to now, in order: what the app offers.
pub fn allowed_statuses(actor: &Actor, measure: &Measure) -> Vec<MeasureStatus> {
    MeasureStatus::ALL
        .into_iter()
        .filter(|next| change_status(actor, measure, *next).is_ok())
        .collect()
}

/// Whether it is past its due date and not finished: directors see it flagged.
pub fn is_late(measure: &Measure, today: NaiveDate) -> bool {
    !measure.status.is_final() && today > measure.due_on
}

/// [`is_late`] as an anonymised view may tell it, where the due date is a month: late once
/// that month has passed, so the flag does not turn on the due day itself.
pub fn is_late_by_month(measure: &Measure, today: NaiveDate) -> bool {
    use chrono::Datelike;
    is_late(measure, today.with_day(1).unwrap_or(today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{DIRECTOR, OTHER_STAFF, actor, d};

    #[test]
    fn an_anonymised_view_flags_a_measure_late_only_after_its_month() {
        let mut m = Measure {
            kind: MeasureKind::Measure,
            description: String::from("x"),
            owner: DIRECTOR,
            due_on: d("2026-12-10"),
            status: MeasureStatus::Agreed,
        };
        for (today, exact, by_month) in [
            ("2026-12-10", false, false),
            ("2026-12-11", true, false),
            ("2026-12-31", true, false),
            ("2027-01-01", true, true),
        ] {
            assert_eq!(is_late(&m, d(today)), exact, "{today}");
            assert_eq!(is_late_by_month(&m, d(today)), by_month, "{today}");
        }
        m.status = MeasureStatus::Done;
        assert!(!is_late_by_month(&m, d("2027-02-01")));
    }

    /// Each row: from, the statuses it may move to.
    #[test]
    fn statuses_move_only_forward() {
        use MeasureStatus::*;
        let table: [(MeasureStatus, &[MeasureStatus]); 5] = [
            (Proposed, &[Agreed, InProgress, Dropped]),
            (Agreed, &[InProgress, Done, Dropped]),
            (InProgress, &[Done, Dropped]),
            (Done, &[]),
            (Dropped, &[]),
        ];
        for (from, allowed) in table {
            for to in MeasureStatus::ALL {
                assert_eq!(
                    from.can_move_to(to),
                    allowed.contains(&to),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    #[test]
    fn the_owner_and_directors_are_offered_the_next_statuses_and_nobody_else_any() {
        use MeasureStatus::*;
        let mut measure = propose(
            &actor("handler"),
            MeasureKind::Measure,
            "Terugbelafspraak vastleggen",
            OTHER_STAFF,
            d("2026-12-01"),
        )
        .unwrap();
        for name in ["other staff", "director"] {
            assert_eq!(
                allowed_statuses(&actor(name), &measure),
                [Agreed, InProgress, Dropped],
                "{name}"
            );
        }
        for name in ["handler", "dpo", "admin", "registrar"] {
            assert!(
                allowed_statuses(&actor(name), &measure).is_empty(),
                "{name}"
            );
        }
        measure.status = InProgress;
        assert_eq!(
            allowed_statuses(&actor("other staff"), &measure),
            [Done, Dropped]
        );
        measure.status = Done;
        assert!(allowed_statuses(&actor("director"), &measure).is_empty());
    }

    #[test]
    fn handlers_and_directors_propose_and_the_owner_or_a_director_moves_it() {
        let measure = propose(
            &actor("handler"),
            MeasureKind::Measure,
            " Terugbelafspraak vastleggen ",
            OTHER_STAFF,
            d("2026-12-01"),
        )
        .unwrap();
        assert_eq!(
            (measure.status, measure.description.as_str()),
            (MeasureStatus::Proposed, "Terugbelafspraak vastleggen")
        );
        for name in ["other staff", "dpo", "admin", "integration", "registrar"] {
            assert!(
                propose(
                    &actor(name),
                    MeasureKind::Measure,
                    "x",
                    OTHER_STAFF,
                    d("2026-12-01")
                )
                .is_err(),
                "{name}"
            );
        }
        assert_eq!(
            propose(
                &actor("director"),
                MeasureKind::ImprovementProposal,
                " ",
                DIRECTOR,
                d("2026-12-01")
            ),
            Err(MeasureError::EmptyDescription)
        );
        let agreed = change_status(&actor("other staff"), &measure, MeasureStatus::Agreed).unwrap();
        assert_eq!(
            change_status(&actor("registrar"), &agreed, MeasureStatus::Done),
            Err(MeasureError::Forbidden)
        );
        let done = change_status(&actor("director"), &agreed, MeasureStatus::Done).unwrap();
        assert_eq!(
            change_status(&actor("director"), &done, MeasureStatus::InProgress)
                .map_err(|e| e.code()),
            Err("INVALID_TRANSITION")
        );
        assert!(
            is_late(&agreed, d("2026-12-02"))
                && !is_late(&agreed, d("2026-12-01"))
                && !is_late(&done, d("2027-01-01"))
        );
    }
}
