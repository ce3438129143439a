//! Statistics (kerncijfers): what was received, how it ended, whether the promises were kept and
//! how long handling took, per month, quarter or year. Rule: every figure comes from what the
//! anonymised record keeps (category, channel, month of receipt, how it ended, clock outcomes,
//! working days), so the retention purge changes none of them; and in anonymised views a cell
//! counting 1 to 4 complaints is shown as "< 5", so that a small firm cannot single anyone out.

use crate::calendar::WorkingDayCalendar;
use crate::complaint::{Category, Channel, Complaint, DeclineGround, KeptClosure, Status};
use crate::policy::{ClockOutcome, ClockOutcomes};
use chrono::{Datelike, NaiveDate};

/// Below this many complaints a cell is suppressed in anonymised views.
pub const SMALL_COUNT: u32 = 5;

/// The most periods one request may ask for (ten years of months).
pub const MAX_PERIODS: usize = 120;

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Granularity {
    /// Maand.
    Month,
    /// Kwartaal.
    Quarter,
    /// Jaar.
    Year,
}

impl Granularity {
    const fn months(self) -> u32 {
        match self {
            Self::Month => 1,
            Self::Quarter => 3,
            Self::Year => 12,
        }
    }
}

/// One period: from `start` up to but not including `end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// "2026-03", "2026-K1" or "2026".
    pub label: String,
    /// Its first day.
    pub start: NaiveDate,
    /// The first day after it.
    pub end: NaiveDate,
}

impl Period {
    /// Whether `date` falls in it.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date < self.end
    }
}

fn first_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(chrono::Months::new(months))
}

/// The periods from the one holding `from` through the one holding `to`; `None` when `to` is
/// before `from` or there would be more than [`MAX_PERIODS`].
pub fn periods(from: NaiveDate, to: NaiveDate, granularity: Granularity) -> Option<Vec<Period>> {
    if to < from {
        return None;
    }
    let step = granularity.months();
    let month0 = from.month0() / step * step;
    let mut start = first_of_month(from.year(), month0 + 1)?;
    let mut out = Vec::new();
    while start <= to {
        if out.len() == MAX_PERIODS {
            return None;
        }
        let end = add_months(start, step)?;
        let label = match granularity {
            Granularity::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Granularity::Quarter => format!("{:04}-K{}", start.year(), start.month0() / 3 + 1),
            Granularity::Year => format!("{:04}", start.year()),
        };
        out.push(Period { label, start, end });
        start = end;
    }
    Some(out)
}

/// How a complaint ended, as far as the statistics are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Still being handled.
    Open,
    /// Afgehandeld.
    Resolved,
    /// Niet in behandeling genomen.
    Declined(Option<DeclineGround>),
    /// Ingetrokken.
    Withdrawn,
    /// Purged before its ending was kept: counted as received only.
    Unknown,
}

/// One complaint as the statistics see it: nothing that identifies anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The month of receipt's first day is enough; purged complaints keep only that.
    pub received_on: NaiveDate,
    /// Kanaal.
    pub channel: Channel,
    /// Categorie.
    pub category: Category,
    /// The procedure version it fell under.
    pub procedure_label: String,
    /// How it ended.
    pub ending: Ending,
    /// Whether each clock was kept.
    pub clocks: ClockOutcomes,
    /// Working days from receipt to closure, once closed.
    pub working_days: Option<u32>,
}

fn ending_of(status: Status, ground: Option<DeclineGround>) -> Ending {
    match status {
        Status::Resolved => Ending::Resolved,
        Status::Declined => Ending::Declined(ground),
        Status::Withdrawn => Ending::Withdrawn,
        Status::Purged => Ending::Unknown,
        _ => Ending::Open,
    }
}

/// How `complaint` ended and how long that took, as the purge keeps it: `None` while open.
pub fn closure_of(complaint: &Complaint, calendar: &WorkingDayCalendar) -> Option<KeptClosure> {
    if let Some(kept) = complaint.kept_closure {
        return Some(kept);
    }
    let closed_on = complaint
        .closed_on
        .filter(|_| complaint.status.is_closed())?;
    Some(KeptClosure {
        status: complaint.status,
        working_days: calendar.working_days_between(complaint.received_on, closed_on),
    })
}

/// The statistics' view of `complaint`, with its clock outcomes as they stand today.
pub fn case_of(
    complaint: &Complaint,
    clocks: ClockOutcomes,
    calendar: &WorkingDayCalendar,
) -> Case {
    let closure = closure_of(complaint, calendar);
    let status = closure.map_or(complaint.status, |c| c.status);
    Case {
        received_on: complaint.received_on,
        channel: complaint.channel,
        category: complaint.category,
        procedure_label: complaint.procedure_label.clone(),
        ending: ending_of(status, complaint.decline_ground),
        clocks: complaint.kept_outcomes.unwrap_or(clocks),
        working_days: closure.map(|c| c.working_days),
    }
}

/// A count, suppressed in anonymised views when it counts 1 to 4 complaints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// The count itself; callers must not show it when `suppressed`.
    count: u32,
    /// Shown as "< 5".
    pub suppressed: bool,
}

impl Cell {
    /// A cell of `count` complaints.
    pub fn new(count: u32, anonymised: bool) -> Self {
        Self {
            count,
            suppressed: anonymised && count > 0 && count < SMALL_COUNT,
        }
    }

    /// The count, or `None` when it is suppressed.
    pub const fn value(self) -> Option<u32> {
        if self.suppressed {
            None
        } else {
            Some(self.count)
        }
    }

    /// As a table shows it: the number, or "< 5".
    pub fn display(self) -> String {
        self.value()
            .map_or_else(|| format!("< {SMALL_COUNT}"), |n| n.to_string())
    }
}

/// Whether one clock was kept: met and late counts and the share met on time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OnTime {
    /// Kept.
    pub met: Cell,
    /// Not kept.
    pub late: Cell,
    /// Percentage kept of those decided, one decimal; `None` when nothing was decided or the
    /// decided ones are too few to show.
    pub share: Option<f64>,
}

fn on_time<'a>(
    outcomes: impl Iterator<Item = Option<ClockOutcome>> + 'a,
    anonymised: bool,
) -> OnTime {
    let (mut met, mut late) = (0u32, 0u32);
    for outcome in outcomes.flatten() {
        match outcome {
            ClockOutcome::Met => met += 1,
            ClockOutcome::Late => late += 1,
            ClockOutcome::Pending | ClockOutcome::NotApplicable => {}
        }
    }
    let decided = met + late;
    let share = (decided > 0 && !Cell::new(decided, anonymised).suppressed)
        .then(|| (f64::from(met) * 1000.0 / f64::from(decided)).round() / 10.0);
    OnTime {
        met: Cell::new(met, anonymised),
        late: Cell::new(late, anonymised),
        share,
    }
}

/// Handling time in working days of the closed complaints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HandlingTime {
    /// How many closed complaints it is measured over.
    pub closed: Cell,
    /// The median; `None` when there are none or too few to show.
    pub median: Option<f64>,
    /// The 90th percentile (nearest rank); `None` likewise.
    pub p90: Option<u32>,
}

/// The median of sorted `values`.
fn median(sorted: &[u32]) -> Option<f64> {
    let n = sorted.len();
    let upper = *sorted.get(n / 2)?;
    if n % 2 == 1 {
        return Some(f64::from(upper));
    }
    let lower = *sorted.get(n / 2 - 1)?;
    Some(f64::from(lower + upper) / 2.0)
}

/// The `p`-th percentile of sorted `values` by nearest rank.
fn percentile(sorted: &[u32], p: usize) -> Option<u32> {
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

fn handling_time(cases: &[&Case], anonymised: bool) -> HandlingTime {
    let mut days: Vec<u32> = cases.iter().filter_map(|c| c.working_days).collect();
    days.sort_unstable();
    let closed = Cell::new(u32::try_from(days.len()).unwrap_or(u32::MAX), anonymised);
    let shown = !closed.suppressed;
    HandlingTime {
        closed,
        median: median(&days).filter(|_| shown),
        p90: percentile(&days, 90).filter(|_| shown),
    }
}

/// The figures of one period (or of all of them).
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Ontvangen.
    pub received: Cell,
    /// Per kanaal, every channel.
    pub by_channel: Vec<(Channel, Cell)>,
    /// Per categorie, every category.
    pub by_category: Vec<(Category, Cell)>,
    /// Niet in behandeling genomen.
    pub declined: Cell,
    /// Per grond, every ground.
    pub declined_by_ground: Vec<(DeclineGround, Cell)>,
    /// Ingetrokken.
    pub withdrawn: Cell,
    /// Afgehandeld.
    pub resolved: Cell,
    /// Nog in behandeling.
    pub open: Cell,
    /// Ontvangstbevestiging binnen 5 werkdagen.
    pub acknowledgement: OnTime,
    /// Contact binnen 7 werkdagen.
    pub first_contact: OnTime,
    /// Afhandeling binnen 30 werkdagen.
    pub resolution: OnTime,
    /// Privacyklacht binnen een maand.
    pub privacy_resolution: OnTime,
    /// Doorlooptijd in werkdagen.
    pub handling_time: HandlingTime,
}

fn count(cases: &[&Case], keep: impl Fn(&Case) -> bool) -> u32 {
    u32::try_from(cases.iter().filter(|c| keep(c)).count()).unwrap_or(u32::MAX)
}

/// The figures over `cases`; `anonymised` suppresses cells of 1 to 4 complaints.
pub fn figures(cases: &[&Case], anonymised: bool) -> Figures {
    let cell = |keep: &dyn Fn(&Case) -> bool| Cell::new(count(cases, keep), anonymised);
    Figures {
        received: cell(&|_| true),
        by_channel: Channel::ALL
            .iter()
            .map(|ch| (*ch, cell(&|c| c.channel == *ch)))
            .collect(),
        by_category: Category::ALL
            .iter()
            .map(|cat| (*cat, cell(&|c| c.category == *cat)))
            .collect(),
        declined: cell(&|c| matches!(c.ending, Ending::Declined(_))),
        declined_by_ground: DeclineGround::ALL
            .iter()
            .map(|g| (*g, cell(&|c| c.ending == Ending::Declined(Some(*g)))))
            .collect(),
        withdrawn: cell(&|c| c.ending == Ending::Withdrawn),
        resolved: cell(&|c| c.ending == Ending::Resolved),
        open: cell(&|c| c.ending == Ending::Open),
        acknowledgement: on_time(
            cases.iter().map(|c| Some(c.clocks.acknowledgement)),
            anonymised,
        ),
        first_contact: on_time(
            cases.iter().map(|c| Some(c.clocks.first_contact)),
            anonymised,
        ),
        resolution: on_time(cases.iter().map(|c| Some(c.clocks.resolution)), anonymised),
        privacy_resolution: on_time(
            cases.iter().map(|c| c.clocks.privacy_resolution),
            anonymised,
        ),
        handling_time: handling_time(cases, anonymised),
    }
}

/// Figures per period and over the whole range.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Each period with its figures, oldest first.
    pub periods: Vec<(Period, Figures)>,
    /// Over every period together.
    pub total: Figures,
}

/// The report over `cases` for `periods` (cases outside them are left out), optionally only
/// those under one procedure version.
pub fn report(
    cases: &[Case],
    periods: Vec<Period>,
    procedure_label: Option<&str>,
    anonymised: bool,
) -> Report {
    let chosen: Vec<&Case> = cases
        .iter()
        .filter(|c| procedure_label.is_none_or(|label| c.procedure_label == label))
        .filter(|c| periods.iter().any(|p| p.contains(c.received_on)))
        .collect();
    let total = figures(&chosen, anonymised);
    let periods = periods
        .into_iter()
        .map(|p| {
            let inside: Vec<&Case> = chosen
                .iter()
                .copied()
                .filter(|c| p.contains(c.received_on))
                .collect();
            let f = figures(&inside, anonymised);
            (p, f)
        })
        .collect();
    Report { periods, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::d;
    use proptest::prelude::*;

    const MET: ClockOutcomes = ClockOutcomes {
        acknowledgement: ClockOutcome::Met,
        first_contact: ClockOutcome::Met,
        resolution: ClockOutcome::Met,
        privacy_resolution: None,
    };

    fn case(received: &str, ending: Ending, days: Option<u32>) -> Case {
        Case {
            received_on: d(received),
            channel: Channel::Email,
            category: Category::Service,
            procedure_label: "2022".into(),
            ending,
            clocks: MET,
            working_days: days,
        }
    }

    #[test]
    fn periods_cover_the_range_by_month_quarter_and_year() {
        let labels = |g| {
            periods(d("2025-11-15"), d("2026-02-01"), g)
                .unwrap()
                .into_iter()
                .map(|p| p.label)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(Granularity::Month),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(labels(Granularity::Quarter), ["2025-K4", "2026-K1"]);
        assert_eq!(labels(Granularity::Year), ["2025", "2026"]);
        let q = periods(d("2026-05-31"), d("2026-05-31"), Granularity::Quarter).unwrap();
        assert_eq!((q[0].start, q[0].end), (d("2026-04-01"), d("2026-07-01")));
        assert!(periods(d("2026-02-01"), d("2026-01-31"), Granularity::Month).is_none());
        assert!(periods(d("2000-01-01"), d("2026-01-01"), Granularity::Month).is_none());
    }

    /// The small-count rule at its edge: 4 is "< 5", 5 is 5; and 0 points at no one.
    #[test]
    fn anonymised_cells_of_four_are_suppressed_and_of_five_are_shown() {
        for (n, shown) in [
            (0, Some(0)),
            (1, None),
            (4, None),
            (5, Some(5)),
            (6, Some(6)),
        ] {
            let cell = Cell::new(n, true);
            assert_eq!(cell.value(), shown, "{n}");
            assert_eq!(Cell::new(n, false).value(), Some(n), "{n}");
        }
        assert_eq!(Cell::new(4, true).display(), "< 5");
        assert_eq!(Cell::new(5, true).display(), "5");
    }

    #[test]
    fn figures_count_endings_channels_and_on_time_shares() {
        let mut cases: Vec<Case> = (0..5)
            .map(|i| case("2026-03-02", Ending::Resolved, Some(10 + i)))
            .collect();
        cases.push(case(
            "2026-03-03",
            Ending::Declined(Some(DeclineGround::Anonymous)),
            Some(2),
        ));
        cases[0].clocks.acknowledgement = ClockOutcome::Late;
        cases[1].clocks.acknowledgement = ClockOutcome::Pending;
        let all: Vec<&Case> = cases.iter().collect();

        let exact = figures(&all, false);
        assert_eq!(exact.received.value(), Some(6));
        assert_eq!(exact.resolved.value(), Some(5));
        assert_eq!(
            exact.declined_by_ground[3],
            (DeclineGround::Anonymous, Cell::new(1, false))
        );
        assert_eq!(exact.by_channel[1], (Channel::Email, Cell::new(6, false)));
        // Four of five decided acknowledgements were on time; the pending one does not count.
        assert_eq!(exact.acknowledgement.share, Some(80.0));
        assert_eq!(exact.privacy_resolution.share, None);
        // Working days 2, 10, 11, 12, 13, 14: median 11.5, 90th percentile 14.
        assert_eq!(exact.handling_time.median, Some(11.5));
        assert_eq!(exact.handling_time.p90, Some(14));

        let anonymised = figures(&all, true);
        assert_eq!(anonymised.received.value(), Some(6));
        assert_eq!(anonymised.declined.display(), "< 5");
        assert_eq!(anonymised.acknowledgement.late.display(), "< 5");
        assert_eq!(anonymised.acknowledgement.share, Some(80.0));
        // Four complaints are too few for a share or a handling time.
        let four: Vec<&Case> = cases.iter().take(4).collect();
        let few = figures(&four, true);
        assert_eq!(few.resolution.share, None);
        assert_eq!(
            (few.handling_time.median, few.handling_time.p90),
            (None, None)
        );
        assert_eq!(figures(&four, false).resolution.share, Some(100.0));
    }

    #[test]
    fn a_purged_complaint_counts_as_it_did_before_the_purge() {
        let calendar = WorkingDayCalendar::default();
        let mut complaint = crate::fixtures::complaint("2026-03-02");
        complaint.status = Status::Resolved;
        complaint.closed_on = Some(d("2026-03-16"));
        let before = case_of(&complaint, MET, &calendar);
        assert_eq!(before.working_days, Some(10));
        let mut purged = complaint.clone();
        purged.kept_closure = closure_of(&complaint, &calendar);
        purged.kept_outcomes = Some(MET);
        purged.status = Status::Purged;
        purged.received_on = d("2026-03-01");
        purged.closed_on = Some(d("2026-03-01"));
        let after = case_of(&purged, MET, &calendar);
        assert_eq!(
            (after.ending, after.working_days),
            (before.ending, before.working_days)
        );
        let periods = periods(d("2026-01-01"), d("2026-12-31"), Granularity::Month).unwrap();
        assert_eq!(
            report(&[before], periods.clone(), None, true),
            report(&[after], periods, None, true)
        );
    }

    #[test]
    fn a_report_splits_by_period_and_procedure_version() {
        let mut other = case("2026-02-10", Ending::Open, None);
        other.procedure_label = "2027".into();
        let cases = [
            case("2026-01-10", Ending::Open, None),
            case("2026-02-10", Ending::Withdrawn, Some(3)),
            other,
            case("2025-12-31", Ending::Open, None),
        ];
        let periods = periods(d("2026-01-01"), d("2026-02-28"), Granularity::Month).unwrap();
        let r = report(&cases, periods.clone(), None, false);
        assert_eq!(r.total.received.value(), Some(3));
        assert_eq!(r.periods[1].1.received.value(), Some(2));
        let only = report(&cases, periods, Some("2022"), false);
        assert_eq!(only.total.received.value(), Some(2));
        assert_eq!(only.periods[1].1.withdrawn.value(), Some(1));
    }

    proptest! {
        /// Periods tile the range: consecutive, each non-empty, the first holding `from` and
        /// the last holding `to`.
        #[test]
        fn periods_tile_the_range(start in 0i64..3000, len in 0i64..900, g in 0usize..3) {
            let from = d("2024-01-01") + chrono::Duration::days(start);
            let to = from + chrono::Duration::days(len);
            let g = [Granularity::Month, Granularity::Quarter, Granularity::Year][g];
            let ps = periods(from, to, g).unwrap();
            prop_assert!(ps[0].contains(from));
            prop_assert!(ps[ps.len() - 1].contains(to));
            for pair in ps.windows(2) {
                prop_assert_eq!(pair[0].end, pair[1].start);
            }
        }

        /// The anonymised figures never show a count of 1 to 4, and agree with the exact ones
        /// wherever they show one.
        #[test]
        fn anonymised_figures_hide_small_counts(n in 0usize..12, resolved in 0usize..12) {
            let cases: Vec<Case> = (0..n)
                .map(|i| case("2026-03-02", if i < resolved { Ending::Resolved } else { Ending::Open }, Some(u32::try_from(i).unwrap())))
                .collect();
            let all: Vec<&Case> = cases.iter().collect();
            let (a, e) = (figures(&all, true), figures(&all, false));
            for (anon, exact) in [(a.received, e.received), (a.resolved, e.resolved), (a.open, e.open)] {
                if let Some(v) = anon.value() {
                    prop_assert!(v == 0 || v >= SMALL_COUNT);
                    prop_assert_eq!(Some(v), exact.value());
                }
            }
        }
    }
}
