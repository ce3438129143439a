//! The complaints procedure (klachtenregeling) as versioned data. Rule: a complaint keeps the
//! procedure version in force on its receipt date, and every deadline is computed from that
//! version's parameters, never from constants elsewhere.

use crate::versions::{Dated, History};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A count of working days (werkdagen), between 1 and 366.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct WorkingDays(u32);

/// A count of calendar months, between 1 and 120.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct CalendarMonths(u32);

/// What is wrong with a procedure version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProcedureError {
    /// A working-day count out of range.
    #[error("a number of working days must be between 1 and 366")]
    WorkingDays,
    /// A month count out of range.
    #[error("a number of months must be between 1 and 120")]
    Months,
    /// A version without a label or text.
    #[error("a procedure version needs a label and its full text")]
    Incomplete,
}

impl ProcedureError {
    /// The message in Dutch, for the app's users.
    pub const fn dutch(&self) -> &'static str {
        match self {
            Self::WorkingDays => "Een aantal werkdagen ligt tussen 1 en 366.",
            Self::Months => "Een aantal maanden ligt tussen 1 en 120.",
            Self::Incomplete => {
                "Een versie van de regeling heeft een naam en de volledige tekst nodig."
            }
        }
    }
}

impl WorkingDays {
    /// A count of working days.
    pub const fn new(n: u32) -> Result<Self, ProcedureError> {
        if n >= 1 && n <= 366 {
            Ok(Self(n))
        } else {
            Err(ProcedureError::WorkingDays)
        }
    }

    /// The count.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for WorkingDays {
    type Error = ProcedureError;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        Self::new(n)
    }
}

impl From<WorkingDays> for u32 {
    fn from(n: WorkingDays) -> Self {
        n.0
    }
}

impl CalendarMonths {
    /// A count of months.
    pub const fn new(n: u32) -> Result<Self, ProcedureError> {
        if n >= 1 && n <= 120 {
            Ok(Self(n))
        } else {
            Err(ProcedureError::Months)
        }
    }

    /// The count.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for CalendarMonths {
    type Error = ProcedureError;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        Self::new(n)
    }
}

impl From<CalendarMonths> for u32 {
    fn from(n: CalendarMonths) -> Self {
        n.0
    }
}

/// The periods a procedure version promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureParameters {
    /// Ontvangstbevestiging: "binnen 5 werkdagen een (schriftelijke) bevestiging".
    pub acknowledgement: WorkingDays,
    /// Eerste contact: "binnen 7 werkdagen contact met je opnemen".
    pub first_contact: WorkingDays,
    /// Afhandeling (target): "streeft er naar je klacht binnen 30 werkdagen af te handelen".
    pub resolution: WorkingDays,
    /// Privacyklacht: "uiterlijk binnen een maand afgehandeld".
    pub privacy_resolution: CalendarMonths,
    /// Bewaartermijn: "na de afhandeling 1 jaar bewaard".
    pub retention: CalendarMonths,
    /// Niet in behandeling: "meer dan één jaar is verstreken nadat het handelen ... heeft plaatsgevonden".
    pub decline_conduct_after: CalendarMonths,
}

impl ProcedureParameters {
    /// The parameters of the procedure of 1 June 2022: 5, 7 and 30 working days, one month,
    /// one year, one year.
    pub const fn original() -> Self {
        Self {
            acknowledgement: WorkingDays(5),
            first_contact: WorkingDays(7),
            resolution: WorkingDays(30),
            privacy_resolution: CalendarMonths(1),
            retention: CalendarMonths(12),
            decline_conduct_after: CalendarMonths(12),
        }
    }
}

/// One version of the published procedure (versie van de klachtenregeling).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureVersion {
    /// A label for people, e.g. "1 juni 2022".
    pub label: String,
    /// The first receipt date this version governs.
    pub effective_from: NaiveDate,
    /// The full published text.
    pub text: String,
    /// Its periods.
    pub parameters: ProcedureParameters,
}

/// The text of the procedure as last changed on 1 June 2022.
pub const ORIGINAL_TEXT: &str = include_str!("../procedures/klachtenregeling-2022-06-01.txt");

impl ProcedureVersion {
    /// A version, checked for completeness.
    pub fn new(
        label: &str,
        effective_from: NaiveDate,
        text: &str,
        parameters: ProcedureParameters,
    ) -> Result<Self, ProcedureError> {
        if label.trim().is_empty() || text.trim().is_empty() {
            return Err(ProcedureError::Incomplete);
        }
        Ok(Self {
            label: label.trim().to_owned(),
            effective_from,
            text: text.to_owned(),
            parameters,
        })
    }

    /// The first version, which ships with the product: "Deze klachtenregeling is voor het laatst
    /// aangepast op 1 juni 2022."
    pub fn original() -> Self {
        Self {
            label: "1 juni 2022".to_owned(),
            effective_from: NaiveDate::from_ymd_opt(2022, 6, 1).unwrap_or(NaiveDate::MIN),
            text: ORIGINAL_TEXT.to_owned(),
            parameters: ProcedureParameters::original(),
        }
    }
}

impl Dated for ProcedureVersion {
    fn effective_from(&self) -> NaiveDate {
        self.effective_from
    }
}

/// All procedure versions, oldest first.
pub type ProcedureHistory = History<ProcedureVersion>;

impl Default for ProcedureHistory {
    /// The version of 1 June 2022 alone.
    fn default() -> Self {
        Self::single(ProcedureVersion::original())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_procedure_error_reads_as_a_dutch_sentence() {
        for (error, says) in [
            (ProcedureError::WorkingDays, "werkdagen"),
            (ProcedureError::Months, "maanden"),
            (ProcedureError::Incomplete, "volledige tekst"),
        ] {
            assert!(error.dutch().contains(says) && error.dutch().ends_with('.'));
        }
    }
    use crate::versions::VersionError;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_original_version_carries_the_published_periods_and_text() {
        let v = ProcedureVersion::original();
        assert_eq!(v.effective_from, d("2022-06-01"));
        let p = v.parameters;
        assert_eq!(
            (
                p.acknowledgement.get(),
                p.first_contact.get(),
                p.resolution.get()
            ),
            (5, 7, 30)
        );
        assert_eq!(
            (
                p.privacy_resolution.get(),
                p.retention.get(),
                p.decline_conduct_after.get()
            ),
            (1, 12, 12)
        );
        assert!(v.text.contains("binnen 5 werkdagen"));
        assert!(v.text.contains("binnen 7 werkdagen"));
        assert!(v.text.contains("binnen 30 werkdagen"));
        assert!(v.text.contains("uiterlijk binnen een maand"));
        assert!(v.text.contains("1 jaar bewaard"));
        assert!(v.text.contains("1 juni 2022"));
    }

    #[test]
    fn a_complaint_gets_the_version_in_force_on_its_receipt_date() {
        let later = ProcedureVersion::new(
            "1 januari 2027",
            d("2027-01-01"),
            "Nieuwe tekst",
            ProcedureParameters {
                resolution: WorkingDays::new(20).unwrap(),
                ..ProcedureParameters::original()
            },
        )
        .unwrap();
        let history = ProcedureHistory::new(vec![later, ProcedureVersion::original()]).unwrap();
        assert_eq!(history.in_force_on(d("2026-12-31")).label, "1 juni 2022");
        assert_eq!(
            history
                .in_force_on(d("2027-01-01"))
                .parameters
                .resolution
                .get(),
            20
        );
        assert_eq!(history.in_force_on(d("2021-01-01")).label, "1 juni 2022");
        assert_eq!(ProcedureHistory::default().versions().len(), 1);
    }

    #[test]
    fn bad_versions_are_refused_with_a_reason() {
        assert_eq!(WorkingDays::new(0), Err(ProcedureError::WorkingDays));
        assert_eq!(WorkingDays::new(367), Err(ProcedureError::WorkingDays));
        assert_eq!(CalendarMonths::new(0), Err(ProcedureError::Months));
        assert_eq!(
            ProcedureVersion::new(" ", d("2027-01-01"), "x", ProcedureParameters::original()),
            Err(ProcedureError::Incomplete)
        );
        assert_eq!(ProcedureHistory::new(vec![]), Err(VersionError::NoVersions));
        let twice = vec![ProcedureVersion::original(), ProcedureVersion::original()];
        assert_eq!(
            ProcedureHistory::new(twice),
            Err(VersionError::DuplicateEffectiveDate(d("2022-06-01")))
        );
    }

    #[test]
    fn parameters_round_trip_through_json_and_reject_zero() {
        let json = serde_json::to_string(&ProcedureParameters::original()).unwrap();
        assert_eq!(
            json,
            r#"{"acknowledgement":5,"first_contact":7,"resolution":30,"privacy_resolution":1,"retention":12,"decline_conduct_after":12}"#
        );
        let back: ProcedureParameters = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ProcedureParameters::original());
        let zero = json.replace(r#""resolution":30"#, r#""resolution":0"#);
        assert!(serde_json::from_str::<ProcedureParameters>(&zero).is_err());
    }
}
