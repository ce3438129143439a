//! The clocks (termijnen) of a complaint. Rule: a clock is computed from stored facts (receipt
//! date, the dates steps were taken, suspensions, closure), the calendar version and the
//! procedure version; it is never stored, so it cannot drift.

use crate::calendar::{WorkingDayCalendar, add_calendar_months};
use crate::complaint::{Category, Complaint};
use crate::procedure::ProcedureParameters;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A clock due within this many working days shows as "due soon" to the handler.
pub const DUE_SOON_WORKING_DAYS: u32 = 2;

/// The state of one clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClockState {
    /// Running; not due within two working days.
    Open,
    /// Running and due within two working days (or today).
    DueSoon,
    /// Stopped while the complaint waits for a supplement; the due date shown assumes it resumes today.
    Suspended,
    /// The step was taken on or before the due date.
    Met,
    /// The due date passed before the step was taken (or it still has not been).
    Late,
    /// The complaint closed before the step fell due: nothing more is owed.
    Stopped,
}

/// One clock: its due date, when it was met, and its state on the day asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockReading {
    /// The last day on which the promise is kept.
    pub due_on: NaiveDate,
    /// The day the step was taken, if it was.
    pub met_on: Option<NaiveDate>,
    /// The state on the day asked.
    pub state: ClockState,
}

/// Every clock of a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// Ontvangstbevestiging: 5 working days after receipt.
    pub acknowledgement: ClockReading,
    /// Eerste contact: 7 working days after receipt.
    pub first_contact: ClockReading,
    /// Afhandeling (target): 30 working days after receipt, plus the working days suspended.
    pub resolution: ClockReading,
    /// Privacyklacht: one calendar month after receipt; only for complaints about personal data.
    pub privacy_resolution: Option<ClockReading>,
    /// Bewaartermijn: one year after closure; `due_on` is the day the file may be purged. Only
    /// once the complaint is closed.
    pub retention: Option<ClockReading>,
}

impl Deadlines {
    /// The clocks that are running late (retention excepted: a late purge is the job's concern).
    pub fn late(&self) -> impl Iterator<Item = &ClockReading> {
        self.promises()
            .filter(|c| c.state == ClockState::Late && c.met_on.is_none())
    }

    /// The clocks due within two working days.
    pub fn due_soon(&self) -> impl Iterator<Item = &ClockReading> {
        self.promises().filter(|c| c.state == ClockState::DueSoon)
    }

    /// Every clock that applies: the three of every complaint and the privacy clock if any.
    pub fn promises(&self) -> impl Iterator<Item = &ClockReading> {
        [
            Some(&self.acknowledgement),
            Some(&self.first_contact),
            Some(&self.resolution),
            self.privacy_resolution.as_ref(),
        ]
        .into_iter()
        .flatten()
    }
}

/// Computes every clock of `complaint` as of `today`, with the calendar and procedure version
/// in force on its receipt date.
pub fn deadlines(
    complaint: &Complaint,
    calendar: &WorkingDayCalendar,
    parameters: &ProcedureParameters,
    today: NaiveDate,
) -> Deadlines {
    let received = complaint.received_on;
    let closed = complaint.closed_on;
    let running = Running {
        calendar,
        today,
        closed,
    };

    // klachtenregeling: "binnen 5 werkdagen een (schriftelijke) bevestiging van de ontvangst".
    let acknowledgement = running.reading(
        calendar.add_working_days(received, parameters.acknowledgement.get()),
        complaint.acknowledged_on,
        false,
    );
    // klachtenregeling: "zal binnen 7 werkdagen contact met je opnemen".
    let first_contact = running.reading(
        calendar.add_working_days(received, parameters.first_contact.get()),
        complaint.first_contact_on,
        false,
    );
    // klachtenregeling: "streeft er naar je klacht binnen 30 werkdagen af te handelen"; the clock
    // stands still while the complainant is completing the complaint.
    let suspended_days: u32 = complaint
        .suspensions
        .iter()
        .map(|s| {
            let end = s.received_on.or(closed).unwrap_or(today);
            calendar.working_days_between(s.requested_on, end)
        })
        .sum();
    let resolution = running.reading(
        calendar.add_working_days(received, parameters.resolution.get() + suspended_days),
        closed,
        complaint.open_suspension().is_some() && closed.is_none(),
    );
    // klachtenregeling: "Klachten over persoonsgegevens worden zo snel mogelijk maar uiterlijk
    // binnen een maand afgehandeld".
    let privacy_resolution = (complaint.category == Category::PersonalData).then(|| {
        running.reading(
            calendar.add_months(received, parameters.privacy_resolution.get()),
            closed,
            false,
        )
    });
    // klachtenregeling: "Het dossier ... wordt na de afhandeling 1 jaar bewaard."
    let retention = closed.map(|closed_on| {
        let due_on = add_calendar_months(closed_on, parameters.retention.get());
        let state = match complaint.purged_on {
            Some(_) => ClockState::Met,
            None if today > due_on => ClockState::Late,
            None => ClockState::Open,
        };
        ClockReading {
            due_on,
            met_on: complaint.purged_on,
            state,
        }
    });
    Deadlines {
        acknowledgement,
        first_contact,
        resolution,
        privacy_resolution,
        retention,
    }
}

/// Whether the retention period of `complaint` has passed so that its identifying data must be
/// erased today.
pub fn purge_due(
    complaint: &Complaint,
    parameters: &ProcedureParameters,
    today: NaiveDate,
) -> bool {
    complaint.status.is_closed()
        && complaint.purged_on.is_none()
        && complaint
            .closed_on
            .is_some_and(|c| today >= add_calendar_months(c, parameters.retention.get()))
}

struct Running<'a> {
    calendar: &'a WorkingDayCalendar,
    today: NaiveDate,
    closed: Option<NaiveDate>,
}

impl Running<'_> {
    fn reading(
        &self,
        due_on: NaiveDate,
        met_on: Option<NaiveDate>,
        suspended: bool,
    ) -> ClockReading {
        let state = match (met_on, self.closed) {
            (Some(met), _) if met <= due_on => ClockState::Met,
            (Some(_), _) => ClockState::Late,
            (None, Some(closed)) if closed > due_on => ClockState::Late,
            (None, Some(_)) => ClockState::Stopped,
            (None, None) if suspended => ClockState::Suspended,
            (None, None) if self.today > due_on => ClockState::Late,
            (None, None)
                if self.calendar.working_days_between(self.today, due_on)
                    <= DUE_SOON_WORKING_DAYS =>
            {
                ClockState::DueSoon
            }
            (None, None) => ClockState::Open,
        };
        ClockReading {
            due_on,
            met_on,
            state,
        }
    }
}

#[cfg(test)]
mod tests;
