//! Injected time. Rule: the core never reads the system clock; "now" is always passed in, through
//! a [`Clock`] or as a date. The system implementation lives in the server crate.
//!
//! The firm works in Europe/Amsterdam: a complaint's dates are Dutch calendar dates, so the UTC
//! instant is converted with the EU summer-time rule (Directive 2000/84/EC: from the last Sunday
//! of March 01:00 UTC to the last Sunday of October 01:00 UTC, UTC+2; otherwise UTC+1).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use std::sync::Mutex;

/// A source of the current instant.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in Europe/Amsterdam.
    fn today(&self) -> NaiveDate {
        amsterdam_date(self.now())
    }
}

/// A clock that stands still until it is moved: for tests and for replaying a scenario.
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    /// A clock standing at `instant`.
    pub fn at(instant: DateTime<Utc>) -> Self {
        Self(Mutex::new(instant))
    }

    /// A clock standing at noon, Amsterdam time, on `date`.
    pub fn on(date: NaiveDate) -> Self {
        Self::at(amsterdam_noon(date))
    }

    /// Moves the clock to `instant`.
    pub fn set(&self, instant: DateTime<Utc>) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = instant;
    }

    /// Moves the clock to noon, Amsterdam time, on `date`.
    pub fn set_date(&self, date: NaiveDate) {
        self.set(amsterdam_noon(date));
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn amsterdam_noon(date: NaiveDate) -> DateTime<Utc> {
    // Noon local is 10:00 or 11:00 UTC: never near a date boundary.
    let utc = date.and_time(NaiveTime::MIN) + Duration::hours(11);
    let shifted = utc - amsterdam_offset(utc.and_utc()) + Duration::hours(1);
    shifted.and_utc()
}

/// The offset of Europe/Amsterdam from UTC at `instant` (one or two hours).
pub fn amsterdam_offset(instant: DateTime<Utc>) -> Duration {
    let year = instant.year();
    let start = last_sunday(year, 3).and_time(one_am());
    let end = last_sunday(year, 10).and_time(one_am());
    let naive: NaiveDateTime = instant.naive_utc();
    if naive >= start && naive < end {
        Duration::hours(2)
    } else {
        Duration::hours(1)
    }
}

/// The calendar date in Europe/Amsterdam at `instant`.
pub fn amsterdam_date(instant: DateTime<Utc>) -> NaiveDate {
    (instant.naive_utc() + amsterdam_offset(instant)).date()
}

fn one_am() -> NaiveTime {
    NaiveTime::from_hms_opt(1, 0, 0).unwrap_or(NaiveTime::MIN)
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    // The last Sunday of a month is one of its last seven days, counted back from the 31st
    // (March and October both have 31 days).
    let last = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or(NaiveDate::MIN);
    let back = last.weekday().num_days_from_sunday();
    last - Duration::days(i64::from(back))
}

/// The weekday helper shared with the calendar.
pub(crate) const fn is_weekend(day: Weekday) -> bool {
    matches!(day, Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn amsterdam_date_follows_winter_and_summer_time() {
        let cases = [
            // Winter: UTC+1, so 23:30 UTC is the next day in Amsterdam.
            ("2026-01-14T22:59:59Z", "2026-01-14"),
            ("2026-01-14T23:00:00Z", "2026-01-15"),
            // Summer: UTC+2.
            ("2026-07-01T21:59:59Z", "2026-07-01"),
            ("2026-07-01T22:00:00Z", "2026-07-02"),
            // Summer time starts on the last Sunday of March 2026 (29 March) at 01:00 UTC.
            ("2026-03-29T00:59:59Z", "2026-03-29"),
            ("2026-03-28T23:00:00Z", "2026-03-29"),
            // It ends on the last Sunday of October 2026 (25 October) at 01:00 UTC.
            ("2026-10-24T22:00:00Z", "2026-10-25"),
            ("2026-10-24T21:59:59Z", "2026-10-24"),
            ("2026-12-31T23:00:00Z", "2027-01-01"),
        ];
        for (instant, date) in cases {
            assert_eq!(amsterdam_date(utc(instant)).to_string(), date, "{instant}");
        }
    }

    #[test]
    fn last_sundays_are_right() {
        assert_eq!(last_sunday(2026, 3).to_string(), "2026-03-29");
        assert_eq!(last_sunday(2026, 10).to_string(), "2026-10-25");
        assert_eq!(last_sunday(2027, 3).to_string(), "2027-03-28");
        assert_eq!(last_sunday(2028, 10).to_string(), "2028-10-29");
    }

    #[test]
    fn fixed_clock_reports_the_date_it_was_set_to() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let clock = FixedClock::on(day);
        assert_eq!(clock.today(), day);
        let later = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        clock.set_date(later);
        assert_eq!(clock.today(), later);
    }
}
