use super::*;
use crate::complaint::{DeclineGround, Status, Suspension};
use crate::fixtures::{complaint, d};

fn read(c: &Complaint, today: &str) -> Deadlines {
    deadlines(
        c,
        &WorkingDayCalendar::default(),
        &ProcedureParameters::original(),
        d(today),
    )
}

fn reading(due: &str, met: Option<&str>, state: ClockState) -> ClockReading {
    ClockReading {
        due_on: d(due),
        met_on: met.map(d),
        state,
    }
}

/// Received Friday 24 April 2026: Koningsdag (27 April) and Bevrijdingsdag (5 May) follow.
/// Each row: today, acknowledged on, acknowledgement clock as read that day.
#[test]
fn acknowledgement_clock_through_its_states() {
    let rows: [(&str, Option<&str>, ClockReading); 7] = [
        (
            "2026-04-24",
            None,
            reading("2026-05-04", None, ClockState::Open),
        ),
        (
            "2026-04-29",
            None,
            reading("2026-05-04", None, ClockState::Open),
        ),
        // Two working days left (1 and 4 May): due soon.
        (
            "2026-04-30",
            None,
            reading("2026-05-04", None, ClockState::DueSoon),
        ),
        (
            "2026-05-04",
            None,
            reading("2026-05-04", None, ClockState::DueSoon),
        ),
        (
            "2026-05-05",
            None,
            reading("2026-05-04", None, ClockState::Late),
        ),
        (
            "2026-05-20",
            Some("2026-05-04"),
            reading("2026-05-04", Some("2026-05-04"), ClockState::Met),
        ),
        (
            "2026-05-20",
            Some("2026-05-06"),
            reading("2026-05-04", Some("2026-05-06"), ClockState::Late),
        ),
    ];
    for (today, acknowledged, expected) in rows {
        let mut c = complaint("2026-04-24");
        c.acknowledged_on = acknowledged.map(d);
        assert_eq!(
            read(&c, today).acknowledgement,
            expected,
            "today {today}, acknowledged {acknowledged:?}"
        );
    }
}

#[test]
fn first_contact_and_resolution_are_due_on_the_7th_and_30th_working_day() {
    let c = complaint("2026-04-24");
    let clocks = read(&c, "2026-04-24");
    assert_eq!(
        clocks.first_contact,
        reading("2026-05-07", None, ClockState::Open)
    );
    assert_eq!(
        clocks.resolution,
        reading("2026-06-11", None, ClockState::Open)
    );
    assert_eq!(clocks.privacy_resolution, None);
    assert_eq!(clocks.retention, None);
}

#[test]
fn a_complaint_closed_before_a_step_fell_due_stops_that_clock_and_one_closed_after_is_late() {
    let mut withdrawn = complaint("2026-04-24");
    withdrawn.status = Status::Withdrawn;
    withdrawn.closed_on = Some(d("2026-04-28"));
    let clocks = read(&withdrawn, "2026-06-30");
    assert_eq!(clocks.acknowledgement.state, ClockState::Stopped);
    assert_eq!(clocks.first_contact.state, ClockState::Stopped);
    assert_eq!(
        clocks.resolution,
        reading("2026-06-11", Some("2026-04-28"), ClockState::Met)
    );

    let mut declined = complaint("2026-04-24");
    declined.status = Status::Declined;
    declined.decline_ground = Some(DeclineGround::Anonymous);
    declined.closed_on = Some(d("2026-05-06"));
    let clocks = read(&declined, "2026-06-30");
    assert_eq!(clocks.acknowledgement.state, ClockState::Late);
    assert_eq!(clocks.first_contact.state, ClockState::Stopped);
}

/// Received Monday 5 January 2026: resolution due on the 30th working day, 16 February; a
/// supplement requested on 12 January and received on 19 January suspends five working days.
#[test]
fn suspension_moves_the_resolution_due_date_by_the_working_days_suspended() {
    let mut c = complaint("2026-01-05");
    assert_eq!(read(&c, "2026-01-05").resolution.due_on, d("2026-02-16"));

    c.suspensions.push(Suspension {
        requested_on: d("2026-01-12"),
        due_on: d("2026-01-26"),
        received_on: None,
        returns_to: Status::Acknowledged,
    });
    c.status = Status::AwaitingSupplement;
    let waiting = read(&c, "2026-01-19");
    assert_eq!(
        waiting.resolution,
        reading("2026-02-23", None, ClockState::Suspended)
    );
    // The acknowledgement and contact clocks do not stop.
    assert_eq!(waiting.acknowledgement.state, ClockState::Late);

    c.suspensions[0].received_on = Some(d("2026-01-19"));
    c.status = Status::Acknowledged;
    assert_eq!(
        read(&c, "2026-02-02").resolution,
        reading("2026-02-23", None, ClockState::Open)
    );
    assert_eq!(read(&c, "2026-02-20").resolution.state, ClockState::DueSoon);

    // A second, same-day request and answer suspends nothing.
    c.suspensions.push(Suspension {
        requested_on: d("2026-02-02"),
        due_on: d("2026-02-10"),
        received_on: Some(d("2026-02-02")),
        returns_to: Status::Acknowledged,
    });
    assert_eq!(read(&c, "2026-02-02").resolution.due_on, d("2026-02-23"));
}

#[test]
fn a_suspension_ended_by_a_decline_counts_up_to_the_closure() {
    let mut c = complaint("2026-01-05");
    c.suspensions.push(Suspension {
        requested_on: d("2026-01-12"),
        due_on: d("2026-01-23"),
        received_on: None,
        returns_to: Status::Received,
    });
    c.status = Status::Declined;
    c.decline_ground = Some(DeclineGround::IncompleteNotSupplemented);
    c.closed_on = Some(d("2026-01-26"));
    // 13–16, 19–23 and 26 January: ten working days suspended.
    let clocks = read(&c, "2026-06-01");
    assert_eq!(
        clocks.resolution.due_on,
        WorkingDayCalendar::default().add_working_days(d("2026-01-05"), 40)
    );
    assert_eq!(clocks.resolution.state, ClockState::Met);
}

/// klachtenregeling: "uiterlijk binnen een maand". Received Saturday 31 January 2026: 28
/// February is a Saturday, so the month ends Monday 2 March.
#[test]
fn privacy_complaints_get_a_one_month_clock() {
    let mut c = complaint("2026-01-31");
    c.category = Category::PersonalData;
    assert_eq!(
        read(&c, "2026-02-02").privacy_resolution,
        Some(reading("2026-03-02", None, ClockState::Open))
    );
    assert_eq!(
        read(&c, "2026-02-26").privacy_resolution.unwrap().state,
        ClockState::DueSoon
    );
    assert_eq!(
        read(&c, "2026-03-03").privacy_resolution.unwrap().state,
        ClockState::Late
    );
    c.status = Status::Resolved;
    c.closed_on = Some(d("2026-03-02"));
    assert_eq!(
        read(&c, "2026-03-03").privacy_resolution.unwrap().state,
        ClockState::Met
    );
    c.closed_on = Some(d("2026-03-03"));
    assert_eq!(
        read(&c, "2026-03-03").privacy_resolution.unwrap().state,
        ClockState::Late
    );
}

/// klachtenregeling: "wordt na de afhandeling 1 jaar bewaard".
#[test]
fn retention_runs_one_year_from_closure_and_then_the_purge_is_due() {
    let params = ProcedureParameters::original();
    let mut c = complaint("2026-01-05");
    assert!(!purge_due(&c, &params, d("2030-01-01")));
    c.status = Status::Resolved;
    c.closed_on = Some(d("2026-03-10"));
    let rows = [
        ("2027-03-09", ClockState::Open, false),
        ("2027-03-10", ClockState::Open, true),
        ("2027-03-11", ClockState::Late, true),
    ];
    for (today, state, due) in rows {
        assert_eq!(
            read(&c, today).retention,
            Some(reading("2027-03-10", None, state)),
            "{today}"
        );
        assert_eq!(purge_due(&c, &params, d(today)), due, "{today}");
    }
    c.status = Status::Purged;
    c.purged_on = Some(d("2027-03-10"));
    assert_eq!(
        read(&c, "2027-04-01").retention.unwrap().state,
        ClockState::Met
    );
    assert!(!purge_due(&c, &params, d("2027-04-01")));
}

#[test]
fn late_and_due_soon_list_the_running_promises() {
    let mut c = complaint("2026-04-24");
    c.category = Category::PersonalData;
    let clocks = read(&c, "2026-05-06");
    assert_eq!(clocks.late().count(), 1);
    assert_eq!(clocks.due_soon().count(), 1);
    c.acknowledged_on = Some(d("2026-05-06"));
    // Met late is history, not an escalation.
    assert_eq!(read(&c, "2026-05-06").late().count(), 0);
}
