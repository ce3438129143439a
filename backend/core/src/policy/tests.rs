use super::*;
use crate::calendar::WorkingDayCalendar;
use crate::clocks::deadlines;
use crate::complaint::AnonymisedSummary;
use crate::fixtures::{CANARIES, REGISTRAR, actor, cast, complaint, d};
use crate::procedure::ProcedureParameters;
use crate::sensitive::Sensitive;

const CATEGORIES: [Category; 4] = [
    Category::Service,
    Category::Employee,
    Category::ThirdParty,
    Category::PersonalData,
];

/// klachtenregeling: "Uitsluitend de betrokkenen, directie en onafhankelijke
/// klachtenbehandelaar". Each row: actor, then I(dentified) or A(nonymised) for SERVICE,
/// EMPLOYEE, THIRD_PARTY and PERSONAL_DATA.
const TABLE: [(&str, &str); 10] = [
    ("registrar", "IIII"),
    ("added party", "IIII"),
    ("other staff", "AAAA"),
    ("concerned employee", "AAAA"),
    ("handler", "IIII"),
    ("director", "IIII"),
    ("dpo", "AAAI"),
    ("admin", "AAAA"),
    ("integration", "AAAA"),
    ("system", "AAAA"),
];

#[test]
fn every_role_and_involvement_gets_the_view_the_procedure_allows_for_every_category() {
    assert_eq!(
        TABLE.len(),
        cast().len(),
        "every actor of the cast has a row"
    );
    for (name, row) in TABLE {
        let who = actor(name);
        for (category, expected) in CATEGORIES.iter().zip(row.chars()) {
            let mut c = complaint("2026-04-24");
            c.category = *category;
            let want = if expected == 'I' {
                Access::Identified
            } else {
                Access::Anonymised
            };
            assert_eq!(access(&who, &c), want, "{name} on {category:?}");
        }
    }
}

#[test]
fn nobody_sees_a_purged_complaint_identified() {
    for (name, who) in cast() {
        for category in CATEGORIES {
            let mut c = complaint("2026-04-24");
            c.category = category;
            c.status = Status::Purged;
            assert_eq!(access(&who, &c), Access::Anonymised, "{name}");
        }
    }
}

#[test]
fn roles_combine_and_involvement_is_what_grants_staff_access() {
    let c = complaint("2026-04-24");
    // An admin who registered it sees it as its registrar.
    assert_eq!(
        access(&Actor::user(REGISTRAR, [Role::Admin, Role::Staff]), &c),
        Access::Identified
    );
    // The registrar's user id with only the admin role does not.
    assert_eq!(
        access(&Actor::user(REGISTRAR, [Role::Admin]), &c),
        Access::Anonymised
    );
    // The DPO who is also involved staff sees a non-privacy complaint they registered.
    assert_eq!(
        access(&Actor::user(REGISTRAR, [Role::Dpo, Role::Staff]), &c),
        Access::Identified
    );
    // A user without roles sees nothing identifying.
    assert_eq!(access(&Actor::user(REGISTRAR, []), &c), Access::Anonymised);
}

fn with_summary(reviewed: bool) -> Complaint {
    let mut c = complaint("2026-04-24");
    c.summary = Some(AnonymisedSummary {
        text: Sensitive::new(
            "Wietske Kanarie (06-12345678, wietske.kanarie@voorbeeld.nl, Vogelkooistraat 12) vond dat \
             Zoë Vinkenslag en Bram Boekhouder te laat reageerden; Vinkenslags excuses volgden."
                .to_owned(),
        ),
        reviewed,
    });
    c
}

fn view(who: &Actor, c: &Complaint) -> ComplaintView {
    let clocks = deadlines(
        c,
        &WorkingDayCalendar::default(),
        &ProcedureParameters::original(),
        d("2026-05-20"),
    );
    project(who, c, &clocks, &["Bram Boekhouder".to_owned()])
}

/// S5: no canary in any anonymised view, in Debug or serialised form.
#[test]
fn no_canary_reaches_an_anonymised_view_for_any_actor() {
    let c = with_summary(true);
    for (name, who) in cast() {
        if let ComplaintView::Anonymised(anonymised) = view(&who, &c) {
            let debug = format!("{anonymised:?}");
            let json = serde_json::to_string(&anonymised).unwrap();
            for canary in CANARIES
                .iter()
                .chain(&["Bram", "Boekhouder", "Zoë", "Zoe", "2026-04-24"])
            {
                assert!(!debug.contains(canary), "{name} saw {canary} in {debug}");
                assert!(!json.contains(canary), "{name} saw {canary} in {json}");
            }
            assert_eq!(
                anonymised.received_month,
                YearMonth {
                    year: 2026,
                    month: 4
                }
            );
            assert!(
                anonymised
                    .summary
                    .as_deref()
                    .is_some_and(|s| s.contains("[klager]"))
            );
        }
    }
}

#[test]
fn the_anonymised_summary_stays_empty_until_the_handler_approves_it() {
    let ComplaintView::Anonymised(anonymised) = view(&actor("other staff"), &with_summary(false))
    else {
        panic!("other staff must get the anonymised view");
    };
    assert_eq!(anonymised.summary, None);
}

#[test]
fn the_identified_view_shows_everything_and_the_redacted_summary_as_preview() {
    let ComplaintView::Identified(full) = view(&actor("handler"), &with_summary(false)) else {
        panic!("the handler must get the identified view");
    };
    assert_eq!(full.complainant_name.as_deref(), Some("Wietske Kanarie"));
    assert_eq!(full.complainant_phone.as_deref(), Some("06-12345678"));
    assert_eq!(
        full.complainant_email.as_deref(),
        Some("wietske.kanarie@voorbeeld.nl")
    );
    assert_eq!(full.concerning.as_deref(), Some("Zoë Vinkenslag"));
    assert!(full.facts.contains("geheimefeitentekst"));
    assert!(!full.summary_reviewed);
    let preview = full.summary_redacted.unwrap();
    assert!(
        !preview.contains("Kanarie")
            && !preview.contains("Boekhouder")
            && !preview.contains("0612")
            && !preview.contains("06-12")
    );
    assert_eq!(
        preview,
        "[klager] ([telefoon], [e-mail], [adres]) vond dat [medewerker] en [medewerker] te laat reageerden; [medewerker] excuses volgden."
    );
}

#[test]
fn clock_outcomes_hide_dates() {
    let mut c = complaint("2026-04-24");
    c.acknowledged_on = Some(d("2026-04-27"));
    let ComplaintView::Anonymised(anonymised) = view(&actor("integration"), &c) else {
        panic!("an integration must get the anonymised view");
    };
    assert_eq!(anonymised.clocks.acknowledgement, ClockOutcome::Met);
    assert_eq!(anonymised.clocks.first_contact, ClockOutcome::Late);
    assert_eq!(anonymised.clocks.resolution, ClockOutcome::Pending);
    assert_eq!(anonymised.clocks.privacy_resolution, None);
}

/// Identifying data in the domain record never reaches a log line through Debug.
#[test]
fn a_complaint_debug_print_contains_no_canary() {
    let debug = format!("{:?}", with_summary(true));
    for canary in CANARIES {
        assert!(!debug.contains(canary), "{canary} in {debug}");
    }
}

#[test]
fn only_those_who_see_every_complaint_identified_may_filter_on_the_handler() {
    for (name, who) in cast() {
        let want = matches!(name, "handler" | "director");
        assert_eq!(may_filter_on_handler(&who).is_ok(), want, "{name}");
    }
}

#[test]
fn only_actors_without_a_complaint_role_have_an_empty_scope() {
    for (name, who) in cast() {
        let want = matches!(name, "admin" | "integration" | "system");
        assert_eq!(IdentifiedScope::of(&who).is_empty(), want, "{name}");
    }
}

#[test]
fn day_bounds_widen_to_the_whole_month_for_anonymised_complaints() {
    let rows = [
        (
            Some("2026-03-17"),
            Some("2026-03-18"),
            Some("2026-03-01"),
            Some("2026-03-31"),
        ),
        (
            Some("2026-02-01"),
            Some("2026-02-28"),
            Some("2026-02-01"),
            Some("2026-02-28"),
        ),
        (Some("2024-02-10"), None, Some("2024-02-01"), None),
        (None, Some("2024-02-10"), None, Some("2024-02-29")),
        (
            Some("2025-12-31"),
            Some("2025-12-01"),
            Some("2025-12-01"),
            Some("2025-12-31"),
        ),
        (None, None, None, None),
    ];
    for (from, to, want_from, want_to) in rows {
        let got = month_bounds(from.map(d), to.map(d));
        assert_eq!(got, (want_from.map(d), want_to.map(d)), "{from:?}..{to:?}");
    }
}

proptest::proptest! {
    /// Two days of the same month are never told apart by a widened bound.
    #[test]
    fn a_widened_bound_never_separates_two_days_of_one_month(
        day in 0u32..3000, a in 1u32..=28, b in 1u32..=28,
    ) {
        let bound = d("2020-01-01") + chrono::Days::new(u64::from(day));
        let one = bound.with_day(a).unwrap_or(bound);
        let two = bound.with_day(b).unwrap_or(bound);
        let (from, to) = month_bounds(Some(bound), Some(bound));
        let inside = |x: NaiveDate| from.is_some_and(|f| x >= f) && to.is_some_and(|t| x <= t);
        proptest::prop_assert_eq!(inside(one), inside(two));
        proptest::prop_assert!(inside(bound));
    }
}

/// A search or clock filter sees only what its reader sees: the complainant's name finds the
/// complaint for the handler, never for staff who see it anonymised; both find the reference.
#[test]
fn a_list_filter_matches_only_on_what_the_reader_sees() {
    let c = with_summary(true);
    let handler = actor("handler");
    let staff = actor("other staff");
    let identified = view(&handler, &c);
    let anonymised = view(&staff, &c);
    let reference = crate::fold::fold(&c.reference.to_string());
    for (search, for_handler, for_staff) in [
        (Some(reference.as_str()), true, true),
        (Some("kanarie"), true, false),
        (Some("vogelkooistraat"), true, false),
        (Some("nergens"), false, false),
        (None, true, true),
    ] {
        assert_eq!(
            matches_list_filter(&identified, search, &[]),
            for_handler,
            "{search:?}"
        );
        assert_eq!(
            matches_list_filter(&anonymised, search, &[]),
            for_staff,
            "{search:?}"
        );
    }
    // On 20 May the acknowledgement of a complaint received on 24 April is late for both; the
    // anonymised reader filters on the outcome only.
    assert!(matches_list_filter(&identified, None, &[ClockState::Late]));
    assert!(matches_list_filter(&anonymised, None, &[ClockState::Late]));
    assert!(!matches_list_filter(&anonymised, None, &[ClockState::Met]));
}
