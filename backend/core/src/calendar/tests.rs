use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn easter_sundays_are_right() {
    for (year, easter) in [
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2027, "2027-03-28"),
        (2028, "2028-04-16"),
        (2038, "2038-04-25"),
    ] {
        assert_eq!(easter_sunday(year), Some(d(easter)), "{year}");
    }
}

#[test]
fn default_holidays_2025_to_2028_are_the_algemene_termijnenwet_days() {
    use Holiday::*;
    let expected = [
        (
            2025,
            vec![
                ("2025-01-01", NewYearsDay),
                ("2025-04-18", GoodFriday),
                ("2025-04-21", EasterMonday),
                ("2025-04-26", KingsDay),
                ("2025-05-05", LiberationDay),
                ("2025-05-29", AscensionDay),
                ("2025-06-09", WhitMonday),
                ("2025-12-25", ChristmasDay),
                ("2025-12-26", BoxingDay),
            ],
        ),
        (
            2026,
            vec![
                ("2026-01-01", NewYearsDay),
                ("2026-04-03", GoodFriday),
                ("2026-04-06", EasterMonday),
                ("2026-04-27", KingsDay),
                ("2026-05-05", LiberationDay),
                ("2026-05-14", AscensionDay),
                ("2026-05-25", WhitMonday),
                ("2026-12-25", ChristmasDay),
                ("2026-12-26", BoxingDay),
            ],
        ),
        (
            2027,
            vec![
                ("2027-01-01", NewYearsDay),
                ("2027-03-26", GoodFriday),
                ("2027-03-29", EasterMonday),
                ("2027-04-27", KingsDay),
                ("2027-05-05", LiberationDay),
                ("2027-05-06", AscensionDay),
                ("2027-05-17", WhitMonday),
                ("2027-12-25", ChristmasDay),
                ("2027-12-26", BoxingDay),
            ],
        ),
        (
            2028,
            vec![
                ("2028-01-01", NewYearsDay),
                ("2028-04-14", GoodFriday),
                ("2028-04-17", EasterMonday),
                ("2028-04-27", KingsDay),
                ("2028-05-05", LiberationDay),
                ("2028-05-25", AscensionDay),
                ("2028-06-05", WhitMonday),
                ("2028-12-25", ChristmasDay),
                ("2028-12-26", BoxingDay),
            ],
        ),
    ];
    let calendar = WorkingDayCalendar::default();
    for (year, days) in expected {
        let want: Vec<_> = days.into_iter().map(|(s, h)| (d(s), h)).collect();
        assert_eq!(calendar.holidays(year), want, "{year}");
    }
}

#[test]
fn kings_day_moves_to_the_26th_when_the_27th_is_a_sunday() {
    let calendar = WorkingDayCalendar::default();
    // 27 April is a Sunday in 2025 and 2031.
    assert_eq!(calendar.holiday(d("2025-04-26")), Some(Holiday::KingsDay));
    assert_eq!(calendar.holiday(d("2025-04-27")), None);
    assert_eq!(calendar.holiday(d("2031-04-26")), Some(Holiday::KingsDay));
    assert_eq!(calendar.holiday(d("2030-04-27")), Some(Holiday::KingsDay));
}

#[test]
fn decree_days_such_as_15_may_2026_are_working_days_unless_the_firm_closes() {
    let calendar = WorkingDayCalendar::default();
    assert!(calendar.is_working_day(d("2026-05-15")));
    assert!(calendar.is_working_day(d("2027-05-07")));
    let closed = calendar
        .with_closure_day(d("2026-05-15"), "brugdag na Hemelvaart")
        .unwrap();
    assert_eq!(
        closed.non_working_reason(d("2026-05-15")),
        Some(NonWorkingDay::Closure("brugdag na Hemelvaart".into()))
    );
}

#[test]
fn non_working_reasons_name_weekend_holiday_and_closure() {
    let calendar = WorkingDayCalendar::default()
        .with_closure_day(d("2026-12-31"), "oudjaarsdag")
        .unwrap();
    assert_eq!(
        calendar.non_working_reason(d("2026-05-16")),
        Some(NonWorkingDay::Weekend)
    );
    assert_eq!(
        calendar.non_working_reason(d("2026-04-27")),
        Some(NonWorkingDay::Holiday(Holiday::KingsDay))
    );
    assert_eq!(
        calendar.non_working_reason(d("2026-12-31")),
        Some(NonWorkingDay::Closure("oudjaarsdag".into()))
    );
    assert_eq!(calendar.non_working_reason(d("2026-12-30")), None);
    assert_eq!(Holiday::KingsDay.dutch_name(), "Koningsdag");
    assert_eq!(
        WorkingDayCalendar::default().with_closure_day(d("2026-12-31"), "  "),
        Err(CalendarError::ClosureWithoutDescription)
    );
    assert!(
        calendar
            .without_closure_day(d("2026-12-31"))
            .is_working_day(d("2026-12-31"))
    );
}

/// klachtenregeling: "binnen 5 werkdagen een bevestiging", "binnen 7 werkdagen contact",
/// "streeft ... binnen 30 werkdagen af te handelen". Receipt is day 0; each row: received,
/// 5th, 7th and 30th working day after. Checked against an independent implementation.
#[test]
fn working_day_deadlines_2025_to_2028() {
    let rows = [
        // Christmas 2024 and New Year's Day 2025.
        ("2024-12-24", "2025-01-03", "2025-01-07", "2025-02-07"),
        // Received on a holiday (Nieuwjaarsdag): day 1 is the next working day.
        ("2025-01-01", "2025-01-08", "2025-01-10", "2025-02-12"),
        // Goede Vrijdag and Tweede Paasdag 2025; Koningsdag on a Saturday.
        ("2025-04-17", "2025-04-28", "2025-04-30", "2025-06-04"),
        // Bevrijdingsdag 2025 on a Monday, Hemelvaart and Pinksteren inside the 30 days.
        ("2025-04-24", "2025-05-01", "2025-05-06", "2025-06-10"),
        ("2025-05-05", "2025-05-12", "2025-05-14", "2025-06-18"),
        ("2025-05-26", "2025-06-03", "2025-06-05", "2025-07-09"),
        ("2025-06-05", "2025-06-13", "2025-06-17", "2025-07-18"),
        // Christmas 2025 and New Year's Day 2026.
        ("2025-12-22", "2025-12-31", "2026-01-05", "2026-02-05"),
        // Received on a Saturday.
        ("2026-01-31", "2026-02-06", "2026-02-10", "2026-03-13"),
        ("2026-03-28", "2026-04-07", "2026-04-09", "2026-05-15"),
        // Easter 2026.
        ("2026-04-01", "2026-04-10", "2026-04-14", "2026-05-20"),
        // Koningsdag on a Monday, then Bevrijdingsdag.
        ("2026-04-24", "2026-05-04", "2026-05-07", "2026-06-11"),
        // Hemelvaart 2026; 15 May is not a default holiday.
        ("2026-05-11", "2026-05-19", "2026-05-21", "2026-06-24"),
        ("2026-05-22", "2026-06-01", "2026-06-03", "2026-07-06"),
        // Christmas 2026 (Friday and Saturday) and New Year's Day 2027 (Friday).
        ("2026-12-21", "2026-12-29", "2026-12-31", "2027-02-03"),
        ("2026-12-24", "2027-01-04", "2027-01-06", "2027-02-08"),
        // Easter 2027.
        ("2027-03-24", "2027-04-02", "2027-04-06", "2027-05-12"),
        // Koningsdag, Bevrijdingsdag and Hemelvaart in one fortnight.
        ("2027-04-26", "2027-05-04", "2027-05-10", "2027-06-11"),
        ("2027-05-14", "2027-05-24", "2027-05-26", "2027-06-28"),
        // Christmas and New Year's Day 2028 on weekends.
        ("2027-12-23", "2027-12-30", "2028-01-03", "2028-02-03"),
        ("2028-04-12", "2028-04-21", "2028-04-25", "2028-05-31"),
        ("2028-04-26", "2028-05-04", "2028-05-09", "2028-06-13"),
        ("2028-05-22", "2028-05-30", "2028-06-01", "2028-07-05"),
        ("2028-06-01", "2028-06-09", "2028-06-13", "2028-07-14"),
        ("2028-12-22", "2029-01-03", "2029-01-05", "2029-02-07"),
    ];
    let calendar = WorkingDayCalendar::default();
    for (received, five, seven, thirty) in rows {
        let r = d(received);
        assert_eq!(
            calendar.add_working_days(r, 5),
            d(five),
            "5 wd after {received}"
        );
        assert_eq!(
            calendar.add_working_days(r, 7),
            d(seven),
            "7 wd after {received}"
        );
        assert_eq!(
            calendar.add_working_days(r, 30),
            d(thirty),
            "30 wd after {received}"
        );
    }
}

/// klachtenregeling: "uiterlijk binnen een maand" for complaints about personal data, counted as
/// EU Regulation 1182/71 does.
#[test]
fn one_month_periods_end_on_the_same_day_or_the_months_last_then_the_next_working_day() {
    let rows = [
        ("2025-01-31", "2025-02-28"), // 28 Feb 2025 is a Friday
        ("2026-01-31", "2026-03-02"), // 28 Feb 2026 is a Saturday
        ("2028-01-31", "2028-02-29"), // leap year
        ("2026-03-31", "2026-04-30"),
        ("2026-03-27", "2026-04-28"), // 27 April is Koningsdag
        ("2025-11-25", "2025-12-29"), // both Christmas days, then a weekend
        ("2027-04-05", "2027-05-07"), // Bevrijdingsdag, then Hemelvaart
        ("2026-04-03", "2026-05-04"), // received on Goede Vrijdag; 3 May is a Sunday
    ];
    let calendar = WorkingDayCalendar::default();
    for (received, due) in rows {
        assert_eq!(calendar.add_months(d(received), 1), d(due), "{received}");
    }
    assert_eq!(add_calendar_months(d("2026-01-31"), 1), d("2026-02-28"));
    assert_eq!(add_calendar_months(d("2027-02-28"), 12), d("2028-02-28"));
    assert_eq!(add_calendar_months(d("2028-02-29"), 12), d("2029-02-28"));
}

#[test]
fn admin_switches_change_the_count() {
    let without_good_friday = WorkingDayCalendar::new(false, LiberationDayRule::EveryYear);
    assert_eq!(
        without_good_friday.add_working_days(d("2026-04-01"), 5),
        d("2026-04-09")
    );

    let lustrum = WorkingDayCalendar::new(true, LiberationDayRule::EveryFifthYear);
    assert_eq!(
        lustrum.add_working_days(d("2026-04-28"), 5),
        d("2026-05-05")
    );
    assert_eq!(
        lustrum.add_working_days(d("2025-04-28"), 5),
        d("2025-05-06")
    );
    assert!(!lustrum.is_working_day(d("2025-05-05")));
    assert!(lustrum.is_working_day(d("2026-05-05")));

    let never = WorkingDayCalendar::new(true, LiberationDayRule::Never);
    assert_eq!(never.add_working_days(d("2025-04-28"), 5), d("2025-05-05"));

    let closure = WorkingDayCalendar::default()
        .with_closure_day(d("2026-05-15"), "brugdag")
        .unwrap();
    assert_eq!(
        WorkingDayCalendar::default().add_working_days(d("2026-05-11"), 5),
        d("2026-05-19")
    );
    assert_eq!(
        closure.add_working_days(d("2026-05-11"), 5),
        d("2026-05-20")
    );
}

#[test]
fn zero_working_days_is_the_day_itself() {
    let calendar = WorkingDayCalendar::default();
    assert_eq!(
        calendar.add_working_days(d("2026-05-16"), 0),
        d("2026-05-16")
    );
    assert_eq!(
        calendar.working_days_between(d("2026-05-19"), d("2026-05-11")),
        0
    );
}

#[test]
fn complaints_use_the_calendar_version_in_force_on_receipt() {
    let closure = WorkingDayCalendar::default()
        .with_closure_day(d("2026-05-15"), "brugdag")
        .unwrap();
    let history = CalendarHistory::new(vec![
        CalendarVersion {
            label: "2026".into(),
            effective_from: d("2026-01-01"),
            calendar: closure,
        },
        CalendarVersion {
            label: "standaard".into(),
            effective_from: d("2022-06-01"),
            calendar: WorkingDayCalendar::default(),
        },
    ])
    .unwrap();
    let due = |received: &str| {
        history
            .in_force_on(d(received))
            .calendar
            .add_working_days(d(received), 5)
    };
    // Received in 2025 the old rules apply, even though the count runs into 2026's closure.
    assert_eq!(history.in_force_on(d("2025-12-31")).label, "standaard");
    assert_eq!(due("2026-05-11"), d("2026-05-20"));
    assert_eq!(
        default_calendar_history()
            .in_force_on(d("2026-11-23"))
            .calendar,
        WorkingDayCalendar::default()
    );
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 2000-01-01 .. 2099-12-31
    (0_i64..36_524).prop_map(|n| d("2000-01-01") + Duration::days(n))
}

fn any_calendar() -> impl Strategy<Value = WorkingDayCalendar> {
    let rule = prop_oneof![
        Just(LiberationDayRule::EveryYear),
        Just(LiberationDayRule::EveryFifthYear),
        Just(LiberationDayRule::Never)
    ];
    (any::<bool>(), rule).prop_map(|(gf, lib)| WorkingDayCalendar::new(gf, lib))
}

proptest! {
    #[test]
    fn a_due_date_is_always_a_working_day(cal in any_calendar(), from in any_date(), n in 1_u32..60) {
        prop_assert!(cal.is_working_day(cal.add_working_days(from, n)));
    }

    #[test]
    fn counting_the_working_days_to_the_due_date_gives_back_n(cal in any_calendar(), from in any_date(), n in 0_u32..60) {
        let due = cal.add_working_days(from, n);
        prop_assert_eq!(cal.working_days_between(from, due), n);
    }

    #[test]
    fn adding_a_closure_day_never_makes_a_due_date_earlier(from in any_date(), n in 1_u32..40, offset in 0_i64..80) {
        let cal = WorkingDayCalendar::default();
        let closed = cal.clone().with_closure_day(from + Duration::days(offset), "sluiting").unwrap();
        prop_assert!(closed.add_working_days(from, n) >= cal.add_working_days(from, n));
        prop_assert!(closed.add_months(from, 1) >= cal.add_months(from, 1));
    }

    #[test]
    fn more_working_days_never_end_earlier(cal in any_calendar(), from in any_date(), n in 0_u32..60) {
        prop_assert!(cal.add_working_days(from, n + 1) > cal.add_working_days(from, n));
    }

    #[test]
    fn a_month_period_ends_on_a_working_day_not_before_its_calendar_end(cal in any_calendar(), from in any_date()) {
        let due = cal.add_months(from, 1);
        prop_assert!(cal.is_working_day(due));
        prop_assert!(due >= add_calendar_months(from, 1));
        // At most a long weekend plus two holidays after the calendar end.
        prop_assert!(due - add_calendar_months(from, 1) <= Duration::days(5));
    }

    #[test]
    fn every_year_has_seven_to_nine_holidays_in_date_order(cal in any_calendar(), year in 1900_i32..2200) {
        let days = cal.holidays(year);
        prop_assert!((7..=9).contains(&days.len()));
        prop_assert!(days.windows(2).all(|w| w[0] <= w[1]));
        prop_assert!(days.iter().all(|(d, _)| d.year() == year));
    }
}

#[test]
fn bevrijdingsdag_and_hemelvaart_can_fall_on_one_day() {
    // Easter 2016 was 27 March: Hemelvaart fell on 5 May.
    let days = WorkingDayCalendar::default().holidays(2016);
    let on_fifth: Vec<_> = days
        .iter()
        .filter(|(day, _)| *day == d("2016-05-05"))
        .collect();
    assert_eq!(on_fifth.len(), 2);
    assert!(
        !WorkingDayCalendar::new(true, LiberationDayRule::Never).is_working_day(d("2016-05-05"))
    );
}
