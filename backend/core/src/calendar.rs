//! The Dutch working-day calendar. Rule: every non-working day is computed by rule for any year
//! (no year tables), from weekends, the public holidays as the Algemene termijnenwet counts them,
//! and the firm's closure days; a change is a new dated [`CalendarVersion`], and a complaint is
//! computed with the version in force on its receipt date.

use crate::time::is_weekend;
use crate::versions::{Dated, History};
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How Bevrijdingsdag (5 May) counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LiberationDayRule {
    /// Every year, as the Algemene termijnenwet counts it (the default).
    EveryYear,
    /// Only in lustrum years (2025, 2030, …), as many collective agreements count it.
    EveryFifthYear,
    /// Never a day off.
    Never,
}

/// A public holiday (feestdag) of the default rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Holiday {
    /// Nieuwjaarsdag, 1 January.
    NewYearsDay,
    /// Goede Vrijdag, two days before Easter.
    GoodFriday,
    /// Tweede Paasdag, the day after Easter.
    EasterMonday,
    /// Koningsdag, 27 April, or 26 April when the 27th is a Sunday.
    KingsDay,
    /// Bevrijdingsdag, 5 May.
    LiberationDay,
    /// Hemelvaartsdag, 39 days after Easter.
    AscensionDay,
    /// Tweede Pinksterdag, 50 days after Easter.
    WhitMonday,
    /// Eerste Kerstdag, 25 December.
    ChristmasDay,
    /// Tweede Kerstdag, 26 December.
    BoxingDay,
}

impl Holiday {
    /// The Dutch name, as shown to users.
    pub const fn dutch_name(self) -> &'static str {
        match self {
            Self::NewYearsDay => "Nieuwjaarsdag",
            Self::GoodFriday => "Goede Vrijdag",
            Self::EasterMonday => "Tweede Paasdag",
            Self::KingsDay => "Koningsdag",
            Self::LiberationDay => "Bevrijdingsdag",
            Self::AscensionDay => "Hemelvaartsdag",
            Self::WhitMonday => "Tweede Pinksterdag",
            Self::ChristmasDay => "Eerste Kerstdag",
            Self::BoxingDay => "Tweede Kerstdag",
        }
    }
}

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NonWorkingDay {
    /// Saturday or Sunday.
    Weekend,
    /// A public holiday of the rule set.
    Holiday(Holiday),
    /// A day the firm's office is closed (sluitingsdag), with its description.
    Closure(String),
}

/// What can be wrong with calendar rules or versions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A closure day without a description.
    #[error("a closure day needs a description, e.g. \"brugdag na Hemelvaart\"")]
    ClosureWithoutDescription,
}

impl CalendarError {
    /// The message in Dutch, for the app's users.
    pub const fn dutch(&self) -> &'static str {
        match self {
            Self::ClosureWithoutDescription => {
                "Een sluitingsdag heeft een omschrijving nodig, bijvoorbeeld \"brugdag na \
                 Hemelvaart\"."
            }
        }
    }
}

/// The rules that decide which days are working days (werkdagen): Monday to Friday, minus the
/// public holidays of the rule set, minus the firm's closure days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingDayCalendar {
    good_friday: bool,
    liberation_day: LiberationDayRule,
    closure_days: BTreeMap<NaiveDate, String>,
}

impl Default for WorkingDayCalendar {
    /// The default rule set, as the Algemene termijnenwet counts holidays: Goede Vrijdag on,
    /// Bevrijdingsdag every year, no closure days. Days a decree equates with a holiday (such as
    /// 15 May 2026) are not in it: the firm adds them as closure days when its office is closed.
    fn default() -> Self {
        Self {
            good_friday: true,
            liberation_day: LiberationDayRule::EveryYear,
            closure_days: BTreeMap::new(),
        }
    }
}

impl WorkingDayCalendar {
    /// A rule set with the given switches and no closure days.
    pub const fn new(good_friday: bool, liberation_day: LiberationDayRule) -> Self {
        Self {
            good_friday,
            liberation_day,
            closure_days: BTreeMap::new(),
        }
    }

    /// The same rules with one more closure day (or a new description for an existing one).
    pub fn with_closure_day(
        mut self,
        date: NaiveDate,
        description: &str,
    ) -> Result<Self, CalendarError> {
        let description = description.trim();
        if description.is_empty() {
            return Err(CalendarError::ClosureWithoutDescription);
        }
        self.closure_days.insert(date, description.to_owned());
        Ok(self)
    }

    /// The same rules without the closure day on `date`.
    pub fn without_closure_day(mut self, date: NaiveDate) -> Self {
        self.closure_days.remove(&date);
        self
    }

    /// Whether Goede Vrijdag is a holiday.
    pub const fn good_friday(&self) -> bool {
        self.good_friday
    }

    /// How Bevrijdingsdag counts.
    pub const fn liberation_day(&self) -> LiberationDayRule {
        self.liberation_day
    }

    /// The firm's closure days with their descriptions.
    pub const fn closure_days(&self) -> &BTreeMap<NaiveDate, String> {
        &self.closure_days
    }

    /// The public holidays of `year` under these rules, in date order.
    pub fn holidays(&self, year: i32) -> Vec<(NaiveDate, Holiday)> {
        let Some(easter) = easter_sunday(year) else {
            return Vec::new();
        };
        let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
        let after_easter = |days: i64| easter.checked_add_signed(Duration::days(days));
        let kings_day = ymd(4, 27).map(|d| {
            if d.weekday() == Weekday::Sun {
                d - Duration::days(1)
            } else {
                d
            }
        });
        let liberation = match self.liberation_day {
            LiberationDayRule::EveryYear => true,
            LiberationDayRule::EveryFifthYear => year.rem_euclid(5) == 0,
            LiberationDayRule::Never => false,
        };
        let mut days: Vec<(NaiveDate, Holiday)> = [
            (ymd(1, 1), Holiday::NewYearsDay, true),
            (after_easter(-2), Holiday::GoodFriday, self.good_friday),
            (after_easter(1), Holiday::EasterMonday, true),
            (kings_day, Holiday::KingsDay, true),
            (ymd(5, 5), Holiday::LiberationDay, liberation),
            (after_easter(39), Holiday::AscensionDay, true),
            (after_easter(50), Holiday::WhitMonday, true),
            (ymd(12, 25), Holiday::ChristmasDay, true),
            (ymd(12, 26), Holiday::BoxingDay, true),
        ]
        .into_iter()
        .filter(|(_, _, on)| *on)
        .filter_map(|(date, holiday, _)| date.map(|d| (d, holiday)))
        .collect();
        days.sort();
        days
    }

    /// The holiday on `date`, if it is one.
    pub fn holiday(&self, date: NaiveDate) -> Option<Holiday> {
        self.holidays(date.year())
            .into_iter()
            .find_map(|(d, h)| (d == date).then_some(h))
    }

    /// Why `date` is not a working day, or `None` when it is one.
    pub fn non_working_reason(&self, date: NaiveDate) -> Option<NonWorkingDay> {
        if is_weekend(date.weekday()) {
            return Some(NonWorkingDay::Weekend);
        }
        if let Some(h) = self.holiday(date) {
            return Some(NonWorkingDay::Holiday(h));
        }
        self.closure_days
            .get(&date)
            .map(|d| NonWorkingDay::Closure(d.clone()))
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.non_working_reason(date).is_none()
    }

    /// The `n`-th working day after `from`: `from` is day 0, whether or not it is a working day,
    /// so a complaint received on a Saturday has the following Monday as day 1.
    /// With `n = 0` the answer is `from` itself.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut counted = 0;
        while counted < n {
            let Some(next) = day.succ_opt() else {
                return day;
            };
            day = next;
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// How many working days lie after `from` up to and including `to` (0 when `to <= from`):
    /// the inverse of [`Self::add_working_days`].
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            let Some(next) = day.succ_opt() else {
                break;
            };
            day = next;
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }

    /// `date` itself when it is a working day, otherwise the first working day after it.
    pub fn on_or_next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            let Some(next) = day.succ_opt() else {
                return day;
            };
            day = next;
        }
        day
    }

    /// The end of a period of `months` calendar months starting on `from`, as EU Regulation
    /// 1182/71 counts it (used for GDPR periods): the same day-of-month `months` later, or that
    /// month's last day when it has no such day (31 January → 28/29 February); when that day is
    /// not a working day, the next working day.
    pub fn add_months(&self, from: NaiveDate, months: u32) -> NaiveDate {
        let end = add_calendar_months(from, months);
        self.on_or_next_working_day(end)
    }
}

/// The same day-of-month `months` later, clamped to the last day of a shorter month.
pub fn add_calendar_months(from: NaiveDate, months: u32) -> NaiveDate {
    from.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Easter Sunday (Gregorian) of `year`.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    computus::gregorian_naive(year).ok()
}

/// A dated set of calendar rules (kalenderversie).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarVersion {
    /// A label for people, e.g. "2026: sluiting 15 mei".
    pub label: String,
    /// The first receipt date this version governs.
    pub effective_from: NaiveDate,
    /// The rules.
    pub calendar: WorkingDayCalendar,
}

impl Dated for CalendarVersion {
    fn effective_from(&self) -> NaiveDate {
        self.effective_from
    }
}

/// All calendar versions, oldest first.
pub type CalendarHistory = History<CalendarVersion>;

/// The default rule set, in force from the first procedure version on.
pub fn default_calendar_history() -> CalendarHistory {
    History::single(CalendarVersion {
        label: "Standaard (Algemene termijnenwet)".to_owned(),
        effective_from: NaiveDate::from_ymd_opt(2022, 6, 1).unwrap_or(NaiveDate::MIN),
        calendar: WorkingDayCalendar::default(),
    })
}

#[cfg(test)]
mod tests;
