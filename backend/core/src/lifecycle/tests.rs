use super::*;
use crate::complaint::Complainant;
use crate::fixtures::{ADDED, HANDLER, OTHER_STAFF, REGISTRAR, actor, cast, complaint, d};
use crate::policy::{Access, ClockOutcome, ClockOutcomes, access};
use proptest::prelude::*;

fn params() -> ProcedureParameters {
    ProcedureParameters::original()
}

const TODAY: &str = "2026-06-01";

/// Clock outcomes as a purge keeps them.
const OUTCOMES: ClockOutcomes = ClockOutcomes {
    acknowledgement: ClockOutcome::Met,
    first_contact: ClockOutcome::Late,
    resolution: ClockOutcome::Met,
    privacy_resolution: None,
};

fn today() -> NaiveDate {
    d(TODAY)
}

/// A privacy complaint in `status` with every fact that status implies, so that only the table
/// decides: DPO advice recorded, closed long enough ago for the purge.
fn in_status(status: Status) -> Complaint {
    let mut c = complaint("2026-04-24");
    c.category = Category::PersonalData;
    c.dpo_advice = Some(DpoAdvice {
        advised_on: d("2026-05-01"),
        advice: Sensitive::new("Advies".into()),
        followed: true,
        reason: Sensitive::new("Gevolgd".into()),
    });
    c.status = status;
    if status == Status::AwaitingSupplement {
        c.suspensions.push(Suspension {
            requested_on: d("2026-04-24"),
            due_on: d("2026-05-08"),
            received_on: None,
            returns_to: Status::Received,
        });
    }
    if status.is_closed() || status == Status::Purged {
        c.closed_on = Some(d("2025-01-10"));
    }
    c
}

/// The actor whose role allows `action`, so that the status table alone decides.
fn entitled(action: Action) -> Actor {
    match action {
        Action::RecordDpoAdvice => actor("dpo"),
        Action::Purge => actor("system"),
        _ => actor("handler"),
    }
}

/// DESIGN §2, written out: the moves allowed from each status. "stay" are the steps that record
/// something without moving the status.
fn allowed_from(status: Status) -> Vec<Action> {
    use Action::*;
    let stay = [
        RequestDpoAdvice,
        RecordDpoAdvice,
        AssignHandler,
        AddInvolvedParty,
        RemoveInvolvedParty,
        UpdateAnonymisedSummary,
        RecordRootCause,
    ];
    let mut moves = match status {
        Status::Received => vec![Acknowledge, RequestSupplement, Decline, Withdraw],
        Status::Acknowledged => vec![RecordContact, RequestSupplement, Decline, Withdraw],
        Status::InTreatment => vec![RecordConversation, RequestSupplement, Decline, Withdraw],
        Status::Discussed => vec![Resolve, Decline, Withdraw],
        // Waiting, having come from RECEIVED: the acknowledgement still goes ahead.
        Status::AwaitingSupplement => vec![RecordSupplement, Acknowledge, Decline, Withdraw],
        Status::Resolved | Status::Declined | Status::Withdrawn => {
            return vec![UpdateAnonymisedSummary, RecordRootCause, Purge];
        }
        Status::Purged => return vec![],
    };
    moves.extend(stay);
    moves
}

#[test]
fn every_status_allows_exactly_the_moves_of_the_table() {
    for status in Status::ALL {
        let c = in_status(status);
        let expected = allowed_from(status);
        for action in Action::ALL {
            let result = check(&entitled(action), &c, action, today(), &params());
            assert_eq!(
                result.is_ok(),
                expected.contains(&action),
                "{action:?} from {status:?}: {result:?}"
            );
            if let Err(e) = result {
                assert_eq!(
                    e,
                    LifecycleError::NotInThisStatus { action, status },
                    "{action:?} from {status:?}"
                );
            }
        }
    }
}

/// Who may take each step. Each row: action, the actors of the cast allowed to.
const ROLE_TABLE: [(Action, &[&str]); 16] = [
    // klachtenregeling: "binnen 5 werkdagen een (schriftelijke) bevestiging" — the receiver or the handler.
    (Action::Acknowledge, &["registrar", "handler", "director"]),
    // klachtenregeling: "De onafhankelijke klachtenbehandelaar zal binnen 7 werkdagen contact met je opnemen".
    (Action::RecordContact, &["handler"]),
    (Action::RecordConversation, &["handler"]),
    (Action::RequestSupplement, &["handler"]),
    (
        Action::RecordSupplement,
        &["registrar", "handler", "director"],
    ),
    (Action::Decline, &["handler", "director"]),
    (Action::Withdraw, &["registrar", "handler", "director"]),
    (Action::Resolve, &["handler"]),
    (Action::RequestDpoAdvice, &["handler"]),
    // klachtenregeling: "verplicht om de Functionaris Gegevensbescherming (FG) om advies te vragen".
    (Action::RecordDpoAdvice, &["dpo"]),
    (Action::AssignHandler, &["handler", "director"]),
    (Action::AddInvolvedParty, &["handler", "director"]),
    (Action::RemoveInvolvedParty, &["handler", "director"]),
    (Action::UpdateAnonymisedSummary, &["handler", "director"]),
    // klachtenregeling: "het wegnemen van de oorzaken".
    (Action::RecordRootCause, &["handler", "director"]),
    (Action::Purge, &["system"]),
];

#[test]
fn every_actor_may_take_exactly_the_steps_of_the_role_table() {
    assert_eq!(ROLE_TABLE.len(), Action::ALL.len());
    for (action, allowed) in ROLE_TABLE {
        let status = Status::ALL
            .into_iter()
            .find(|s| allowed_from(*s).contains(&action))
            .unwrap();
        let c = in_status(status);
        for (name, who) in cast() {
            let result = check(&who, &c, action, today(), &params());
            assert_eq!(
                result.is_ok(),
                allowed.contains(&name),
                "{name} {action:?}: {result:?}"
            );
            if !allowed.contains(&name) {
                assert_eq!(result, Err(LifecycleError::Forbidden(action)));
            }
        }
    }
}

#[test]
fn a_refused_role_learns_nothing_about_the_status() {
    for status in Status::ALL {
        let result = check(
            &actor("other staff"),
            &in_status(status),
            Action::Resolve,
            today(),
            &params(),
        );
        assert_eq!(result, Err(LifecycleError::Forbidden(Action::Resolve)));
    }
}

#[test]
fn allowed_actions_lists_what_check_accepts() {
    let c = in_status(Status::Discussed);
    assert_eq!(
        allowed_actions(&actor("handler"), &c, today(), &params()),
        vec![
            Action::Resolve,
            Action::Decline,
            Action::Withdraw,
            Action::RequestDpoAdvice,
            Action::AssignHandler,
            Action::AddInvolvedParty,
            Action::RemoveInvolvedParty,
            Action::UpdateAnonymisedSummary,
            Action::RecordRootCause
        ]
    );
    assert_eq!(
        allowed_actions(&actor("registrar"), &c, today(), &params()),
        vec![Action::Withdraw]
    );
    assert_eq!(
        allowed_actions(&actor("dpo"), &c, today(), &params()),
        vec![Action::RecordDpoAdvice]
    );
    for name in ["other staff", "concerned employee", "admin", "integration"] {
        assert!(
            allowed_actions(&actor(name), &c, today(), &params()).is_empty(),
            "{name}"
        );
    }
}

/// The usual next step leads the list, for every status; a privacy complaint asks the DPO before
/// its conversation or settlement.
#[test]
fn the_usual_next_step_comes_first() {
    let cases = [
        (
            Status::Received,
            Category::Service,
            Some(Action::Acknowledge),
        ),
        (
            Status::Acknowledged,
            Category::Service,
            Some(Action::RecordContact),
        ),
        (
            Status::InTreatment,
            Category::Service,
            Some(Action::RecordConversation),
        ),
        (
            Status::InTreatment,
            Category::PersonalData,
            Some(Action::RequestDpoAdvice),
        ),
        (Status::Discussed, Category::Service, Some(Action::Resolve)),
        (
            Status::Discussed,
            Category::PersonalData,
            Some(Action::RequestDpoAdvice),
        ),
        (
            Status::AwaitingSupplement,
            Category::Service,
            Some(Action::RecordSupplement),
        ),
        (Status::Resolved, Category::Service, None),
        (Status::Declined, Category::Service, None),
        (Status::Withdrawn, Category::Service, None),
        (Status::Purged, Category::Service, None),
    ];
    for (status, category, expected) in cases {
        let mut c = in_status(status);
        c.category = category;
        c.dpo_advice = None;
        assert_eq!(usual_next_step(&c), expected, "{status:?}, {category:?}");
        let allowed = allowed_actions(&actor("handler"), &c, today(), &params());
        if let Some(next) = expected.filter(|n| allowed.contains(n)) {
            assert_eq!(
                allowed.first(),
                Some(&next),
                "{status:?}, {category:?}: {allowed:?}"
            );
        }
    }
}

/// klachtenregeling: "PerspectiefPlus is bij een (privacy-gerelateerde) klacht verplicht om de
/// Functionaris Gegevensbescherming (FG) om advies te vragen".
#[test]
fn a_privacy_complaint_cannot_be_resolved_before_the_dpo_advised() {
    let mut c = in_status(Status::Discussed);
    c.dpo_advice = None;
    let handler = actor("handler");
    assert_eq!(
        check(&handler, &c, Action::Resolve, today(), &params()),
        Err(LifecycleError::DpoAdviceRequired)
    );
    assert!(!allowed_actions(&handler, &c, today(), &params()).contains(&Action::Resolve));
    let advice = DpoAdvice {
        advised_on: d("2026-05-30"),
        advice: Sensitive::new("Verwijder de gegevens".into()),
        followed: false,
        reason: Sensitive::new("Wettelijke bewaarplicht".into()),
    };
    let advised = apply(
        &actor("dpo"),
        &c,
        Command::RecordDpoAdvice { advice },
        today(),
        &params(),
    )
    .unwrap();
    let resolved = apply(
        &handler,
        &advised,
        Command::Resolve {
            on: today(),
            outcome: Sensitive::new(Some("Excuses aangeboden".to_owned())),
        },
        today(),
        &params(),
    )
    .unwrap();
    assert_eq!(resolved.status, Status::Resolved);
    assert_eq!(resolved.closed_on, Some(today()));

    let mut service = in_status(Status::Discussed);
    service.category = Category::Service;
    service.dpo_advice = None;
    assert_eq!(
        check(
            &handler,
            &service,
            Action::RequestDpoAdvice,
            today(),
            &params()
        ),
        Err(LifecycleError::NotAPrivacyComplaint)
    );
    assert!(check(&handler, &service, Action::Resolve, today(), &params()).is_ok());
}

#[test]
fn a_closed_complaint_accepts_no_more_handling_steps() {
    let handling = [
        Action::Acknowledge,
        Action::RecordContact,
        Action::RecordConversation,
        Action::RequestSupplement,
        Action::RecordSupplement,
        Action::Decline,
        Action::Withdraw,
        Action::Resolve,
        Action::AssignHandler,
        Action::AddInvolvedParty,
    ];
    for status in [
        Status::Resolved,
        Status::Declined,
        Status::Withdrawn,
        Status::Purged,
    ] {
        for action in handling {
            assert_eq!(
                check(
                    &entitled(action),
                    &in_status(status),
                    action,
                    today(),
                    &params()
                ),
                Err(LifecycleError::NotInThisStatus { action, status })
            );
        }
    }
}

#[test]
fn awaiting_a_supplement_returns_to_the_status_it_came_from() {
    let handler = actor("handler");
    for from in [Status::Received, Status::Acknowledged, Status::InTreatment] {
        let mut c = in_status(from);
        c.received_on = d("2026-05-01");
        let waiting = apply(
            &handler,
            &c,
            Command::RequestSupplement {
                on: d("2026-05-04"),
                due_on: d("2026-05-18"),
            },
            today(),
            &params(),
        )
        .unwrap();
        assert_eq!(waiting.status, Status::AwaitingSupplement);
        assert_eq!(waiting.open_suspension().map(|s| s.returns_to), Some(from));
        let back = apply(
            &handler,
            &waiting,
            Command::RecordSupplement {
                on: d("2026-05-11"),
            },
            today(),
            &params(),
        )
        .unwrap();
        assert_eq!(back.status, from, "back from supplement to {from:?}");
        assert_eq!(back.suspensions[0].received_on, Some(d("2026-05-11")));
        assert_eq!(back.open_suspension(), None);
    }
}

#[test]
fn acknowledgement_and_contact_go_ahead_while_waiting_for_a_supplement() {
    let handler = actor("handler");
    let c = in_status(Status::AwaitingSupplement);
    let acknowledged = apply(
        &handler,
        &c,
        Command::Acknowledge {
            on: d("2026-04-27"),
        },
        today(),
        &params(),
    )
    .unwrap();
    assert_eq!(acknowledged.status, Status::AwaitingSupplement);
    assert_eq!(acknowledged.acknowledged_on, Some(d("2026-04-27")));
    assert_eq!(
        acknowledged.open_suspension().map(|s| s.returns_to),
        Some(Status::Acknowledged)
    );
    // Contact is now possible too; the conversation is not.
    assert!(
        check(
            &handler,
            &acknowledged,
            Action::RecordContact,
            today(),
            &params()
        )
        .is_ok()
    );
    assert!(
        check(
            &handler,
            &acknowledged,
            Action::RecordConversation,
            today(),
            &params()
        )
        .is_err()
    );
    let contacted = apply(
        &handler,
        &acknowledged,
        Command::RecordContact {
            on: d("2026-04-28"),
        },
        today(),
        &params(),
    )
    .unwrap();
    assert!(
        check(
            &handler,
            &contacted,
            Action::RecordContact,
            today(),
            &params()
        )
        .is_err()
    );
    let back = apply(
        &handler,
        &contacted,
        Command::RecordSupplement {
            on: d("2026-05-04"),
        },
        today(),
        &params(),
    )
    .unwrap();
    assert_eq!(back.status, Status::InTreatment);
}

/// klachtenregeling, "Niet in behandeling": each ground is refused when the record contradicts it.
#[test]
fn decline_grounds_are_checked_against_the_record() {
    let handler = actor("handler");
    let decline = |c: &Complaint, ground, on: &str| {
        apply(
            &handler,
            c,
            Command::Decline { on: d(on), ground },
            d(on),
            &params(),
        )
    };

    let named = in_status(Status::Received);
    assert!(matches!(
        decline(&named, DeclineGround::Anonymous, TODAY),
        Err(LifecycleError::GroundNotApplicable(_))
    ));
    let mut anonymous = named.clone();
    anonymous.complainant = Complainant::default();
    let declined = decline(&anonymous, DeclineGround::Anonymous, TODAY).unwrap();
    assert_eq!(
        (declined.status, declined.decline_ground, declined.closed_on),
        (
            Status::Declined,
            Some(DeclineGround::Anonymous),
            Some(today())
        )
    );

    // Conduct 20 days before receipt (the fixture): not more than a year.
    let refused = decline(&named, DeclineGround::ConductOverOneYearAgo, TODAY);
    assert_eq!(
        refused.map_err(|e| e.code()),
        Err("DECLINE_GROUND_NOT_APPLICABLE")
    );
    let mut old = named.clone();
    old.conduct_on = Sensitive::new(Some(d("2025-04-01")));
    assert!(decline(&old, DeclineGround::ConductOverOneYearAgo, TODAY).is_ok());
    old.conduct_on = Sensitive::new(None);
    assert!(decline(&old, DeclineGround::ConductOverOneYearAgo, TODAY).is_ok());

    assert!(decline(&named, DeclineGround::SameComplaintAlreadyFiled, TODAY).is_ok());

    // "en de klager in de gelegenheid is gesteld om de klacht aan te vullen maar dit heeft nagelaten".
    assert!(matches!(
        decline(&named, DeclineGround::IncompleteNotSupplemented, TODAY),
        Err(LifecycleError::GroundNotApplicable(_))
    ));
    let waiting = in_status(Status::AwaitingSupplement); // due 2026-05-08
    assert_eq!(
        decline(
            &waiting,
            DeclineGround::IncompleteNotSupplemented,
            "2026-05-08"
        ),
        Err(LifecycleError::SupplementPeriodRunning(d("2026-05-08")))
    );
    assert!(
        decline(
            &waiting,
            DeclineGround::IncompleteNotSupplemented,
            "2026-05-11"
        )
        .is_ok()
    );
    assert_eq!(
        declinable_grounds(&waiting, d("2026-05-11"), &params()),
        vec![
            DeclineGround::SameComplaintAlreadyFiled,
            DeclineGround::IncompleteNotSupplemented
        ]
    );
}

#[test]
fn dates_must_lie_between_receipt_and_today() {
    let handler = actor("handler");
    let c = in_status(Status::Received);
    let ack = |on| {
        apply(
            &handler,
            &c,
            Command::Acknowledge { on: d(on) },
            today(),
            &params(),
        )
    };
    assert_eq!(ack("2026-06-02"), Err(LifecycleError::DateInFuture));
    assert_eq!(
        ack("2026-04-23"),
        Err(LifecycleError::DateTooEarly("the date of receipt"))
    );
    assert!(ack("2026-04-24").is_ok());
    let request = apply(
        &handler,
        &c,
        Command::RequestSupplement {
            on: d("2026-05-01"),
            due_on: d("2026-05-01"),
        },
        today(),
        &params(),
    );
    assert_eq!(request, Err(LifecycleError::SupplementDueNotAfterRequest));
    let waiting = in_status(Status::AwaitingSupplement);
    let mut early = waiting.clone();
    early.suspensions[0].requested_on = d("2026-05-04");
    let supplement = apply(
        &handler,
        &early,
        Command::RecordSupplement {
            on: d("2026-05-01"),
        },
        today(),
        &params(),
    );
    assert_eq!(
        supplement,
        Err(LifecycleError::DateTooEarly("the date of the request"))
    );
}

#[test]
fn involved_parties_are_added_and_removed_and_then_see_the_complaint() {
    let director = actor("director");
    let by_director = |c: &Complaint, command| apply(&director, c, command, today(), &params());
    let other = actor("other staff");
    let c = in_status(Status::Received);
    assert_eq!(access(&other, &c), Access::Anonymised);

    let added = by_director(&c, Command::AddInvolvedParty { user: OTHER_STAFF }).unwrap();
    assert_eq!(access(&other, &added), Access::Identified);
    let refusals = [
        (
            Command::AddInvolvedParty { user: OTHER_STAFF },
            LifecycleError::AlreadyInvolved,
        ),
        (
            Command::AddInvolvedParty { user: REGISTRAR },
            LifecycleError::AlreadyInvolved,
        ),
        (
            Command::RemoveInvolvedParty { user: REGISTRAR },
            LifecycleError::RegistrarAlwaysInvolved,
        ),
        (
            Command::RemoveInvolvedParty { user: HANDLER },
            LifecycleError::NotInvolved,
        ),
    ];
    for (command, error) in refusals {
        assert_eq!(by_director(&added, command), Err(error));
    }

    let removed = by_director(&added, Command::RemoveInvolvedParty { user: OTHER_STAFF }).unwrap();
    assert_eq!(access(&other, &removed), Access::Anonymised);
    assert!(removed.involves(ADDED));
    let assigned = by_director(&c, Command::AssignHandler { handler: HANDLER }).unwrap();
    assert_eq!(assigned.handler, Some(HANDLER));
}

/// klachtenregeling: "Het dossier van de klachtbehandeling wordt na de afhandeling 1 jaar bewaard."
#[test]
fn the_system_purges_identifying_data_one_year_after_closure_and_keeps_the_anonymised_record() {
    let mut c = in_status(Status::Resolved);
    c.closed_on = Some(d("2025-06-02"));
    c.outcome = Sensitive::new(Some("Tegoedbon voor Wietske Kanarie.".into()));
    c.summary = Some(AnonymisedSummary {
        text: Sensitive::new("Wietske Kanarie kreeg excuses van Bram.".into()),
        reviewed: true,
    });
    let system = Actor::system();
    let staff = vec!["Bram Boekhouder".to_owned()];
    let purge = |on: &str| {
        apply(
            &system,
            &c,
            Command::Purge {
                on: d(on),
                staff_names: staff.clone(),
                outcomes: OUTCOMES,
                working_days: 12,
            },
            d(on),
            &params(),
        )
    };
    assert_eq!(
        purge("2026-06-01"),
        Err(LifecycleError::RetentionNotPassed(d("2026-06-02")))
    );
    let purged = purge("2026-06-02").unwrap();
    assert_eq!(purged.status, Status::Purged);
    assert_eq!(purged.purged_on, Some(d("2026-06-02")));
    // Dates become months; the clock outcomes are kept as they stood.
    assert_eq!(purged.received_on, d("2026-04-01"));
    assert_eq!(purged.closed_on, Some(d("2025-06-01")));
    assert!(
        purged
            .dpo_advice
            .as_ref()
            .is_some_and(|a| a.advised_on == d("2026-05-01"))
    );
    assert_eq!(purged.kept_outcomes, Some(OUTCOMES));
    // How it ended stays too: the statistics count it the same after the purge.
    assert_eq!(
        purged.kept_closure,
        Some(crate::complaint::KeptClosure {
            status: c.status,
            working_days: 12
        })
    );
    assert!(purged.complainant.is_anonymous());
    assert_eq!(purged.concerning.expose(), &None);
    assert!(purged.facts.is_blank());
    assert_eq!(purged.conduct_on.expose(), &None);
    assert_eq!(purged.remedy_sought.expose(), &None);
    assert_eq!(purged.outcome.expose(), &None);
    assert!(
        purged
            .dpo_advice
            .as_ref()
            .is_some_and(|a| a.advice.is_blank() && a.reason.is_blank())
    );
    assert_eq!(
        purged.summary.map(|s| s.text.into_exposed()).as_deref(),
        Some("[klager] kreeg excuses van [medewerker].")
    );
    // What stays: reference, category, channel, the months of the steps (for statistics).
    assert_eq!(
        (purged.reference, purged.category, purged.closed_on),
        (c.reference, c.category, Some(d("2025-06-01")))
    );

    let mut unreviewed = c.clone();
    unreviewed.summary.as_mut().unwrap().reviewed = false;
    let purged = apply(
        &system,
        &unreviewed,
        Command::Purge {
            on: d("2026-06-02"),
            staff_names: staff,
            outcomes: OUTCOMES,
            working_days: 12,
        },
        d("2026-06-02"),
        &params(),
    )
    .unwrap();
    assert_eq!(purged.summary, None);
}

#[test]
fn error_codes_are_stable() {
    let rows = [
        (LifecycleError::Forbidden(Action::Resolve), "FORBIDDEN"),
        (
            LifecycleError::NotInThisStatus {
                action: Action::Resolve,
                status: Status::Received,
            },
            "INVALID_TRANSITION",
        ),
        (
            LifecycleError::NotAPrivacyComplaint,
            "NOT_A_PRIVACY_COMPLAINT",
        ),
        (LifecycleError::DpoAdviceRequired, "DPO_ADVICE_REQUIRED"),
        (
            LifecycleError::GroundNotApplicable("x"),
            "DECLINE_GROUND_NOT_APPLICABLE",
        ),
        (
            LifecycleError::SupplementPeriodRunning(today()),
            "SUPPLEMENT_PERIOD_RUNNING",
        ),
        (LifecycleError::DateInFuture, "INVALID_DATE"),
        (LifecycleError::DateTooEarly("x"), "INVALID_DATE"),
        (LifecycleError::SupplementDueNotAfterRequest, "INVALID_DATE"),
        (
            LifecycleError::RetentionNotPassed(today()),
            "RETENTION_NOT_PASSED",
        ),
        (LifecycleError::AlreadyInvolved, "INVALID_INVOLVEMENT"),
        (LifecycleError::NotInvolved, "INVALID_INVOLVEMENT"),
        (
            LifecycleError::RegistrarAlwaysInvolved,
            "INVALID_INVOLVEMENT",
        ),
        (LifecycleError::EmptyText, "INVALID_INPUT"),
    ];
    for (error, code) in rows {
        assert_eq!(error.code(), code, "{error}");
    }
    assert_eq!(
        LifecycleError::NotInThisStatus {
            action: Action::Resolve,
            status: Status::AwaitingSupplement
        }
        .to_string(),
        "you cannot resolve a complaint that is awaiting a supplement"
    );
}

#[test]
fn the_whole_procedure_for_a_privacy_complaint() {
    let (registrar, handler, dpo) = (actor("registrar"), actor("handler"), actor("dpo"));
    let mut c = complaint("2026-04-24");
    c.category = Category::PersonalData;
    let steps: Vec<(Actor, Command, Status)> = vec![
        (
            registrar.clone(),
            Command::Acknowledge {
                on: d("2026-04-27"),
            },
            Status::Acknowledged,
        ),
        (
            handler.clone(),
            Command::RequestDpoAdvice {
                on: d("2026-04-28"),
            },
            Status::Acknowledged,
        ),
        (
            handler.clone(),
            Command::RecordContact {
                on: d("2026-04-29"),
            },
            Status::InTreatment,
        ),
        (
            handler.clone(),
            Command::RecordConversation {
                on: d("2026-05-04"),
            },
            Status::Discussed,
        ),
        (
            dpo,
            Command::RecordDpoAdvice {
                advice: DpoAdvice {
                    advised_on: d("2026-05-06"),
                    advice: Sensitive::new("Inzage verlenen".into()),
                    followed: true,
                    reason: Sensitive::new("Terecht".into()),
                },
            },
            Status::Discussed,
        ),
        (
            handler.clone(),
            Command::UpdateAnonymisedSummary {
                text: Sensitive::new("Klager kreeg geen inzage.".into()),
                reviewed: true,
            },
            Status::Discussed,
        ),
        (
            handler,
            Command::Resolve {
                on: d("2026-05-12"),
                outcome: Sensitive::new(None),
            },
            Status::Resolved,
        ),
    ];
    for (who, command, status) in steps {
        c = apply(&who, &c, command, d("2026-05-20"), &params()).unwrap();
        assert_eq!(c.status, status);
    }
    let clocks = crate::clocks::deadlines(
        &c,
        &crate::calendar::WorkingDayCalendar::default(),
        &params(),
        d("2026-05-20"),
    );
    assert!(clocks.late().next().is_none());
    assert_eq!(
        clocks.privacy_resolution.map(|r| r.due_on),
        Some(d("2026-05-26"))
    );
}

// ---- The state machine under random sequences of steps ----

/// One random step: who, how many days later, which command and its details.
#[derive(Debug, Clone)]
struct Step {
    /// An index into the cast, or past it for the actor entitled to the command.
    who: usize,
    advance: i64,
    kind: usize,
    back: i64,
    due_in: i64,
    ground: usize,
    user: usize,
    reviewed: bool,
}

fn any_step() -> impl Strategy<Value = Step> {
    (
        0_usize..16,
        0_i64..30,
        0_usize..16,
        0_i64..3,
        1_i64..20,
        0_usize..4,
        0_usize..4,
        any::<bool>(),
    )
        .prop_map(
            |(who, advance, kind, back, due_in, ground, user, reviewed)| Step {
                who,
                advance,
                kind,
                back,
                due_in,
                ground,
                user,
                reviewed,
            },
        )
}

fn command(step: &Step, today: NaiveDate) -> Command {
    let on = today - chrono::Duration::days(step.back);
    let user = [REGISTRAR, ADDED, OTHER_STAFF, HANDLER][step.user];
    match step.kind {
        0 => Command::Acknowledge { on },
        1 => Command::RecordContact { on },
        2 => Command::RecordConversation { on },
        3 => Command::RequestSupplement {
            on,
            due_on: on + chrono::Duration::days(step.due_in),
        },
        4 => Command::RecordSupplement { on },
        5 => Command::Decline {
            on,
            ground: DeclineGround::ALL[step.ground],
        },
        6 => Command::Withdraw { on },
        7 => Command::Resolve {
            on,
            outcome: Sensitive::new(None),
        },
        8 => Command::RequestDpoAdvice { on },
        9 => Command::RecordDpoAdvice {
            advice: DpoAdvice {
                advised_on: on,
                advice: Sensitive::new("advies".into()),
                followed: true,
                reason: Sensitive::new("reden".into()),
            },
        },
        10 => Command::AssignHandler { handler: user },
        11 => Command::AddInvolvedParty { user },
        12 => Command::RemoveInvolvedParty { user },
        13 => Command::UpdateAnonymisedSummary {
            text: Sensitive::new("samenvatting".into()),
            reviewed: step.reviewed,
        },
        14 => Command::RecordRootCause {
            category: "communicatie".into(),
            text: Sensitive::new("Te laat teruggebeld".into()),
            reviewed: step.reviewed,
        },
        _ => Command::Purge {
            on,
            staff_names: vec![],
            outcomes: OUTCOMES,
            working_days: 12,
        },
    }
}

/// The edges of DESIGN §2 (plus staying put), written out independently of `transition`.
fn edge_allowed(from: Status, to: Status) -> bool {
    use Status::*;
    from == to
        || matches!(
            (from, to),
            (Received, Acknowledged)
                | (Acknowledged, InTreatment)
                | (InTreatment, Discussed)
                | (Discussed, Resolved)
                | (Received | Acknowledged | InTreatment, AwaitingSupplement)
                | (AwaitingSupplement, Received | Acknowledged | InTreatment)
                | (
                    Received | Acknowledged | InTreatment | Discussed | AwaitingSupplement,
                    Declined | Withdrawn
                )
                | (Resolved | Declined | Withdrawn, Purged)
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_step_sequences_keep_every_lifecycle_rule(
        privacy in any::<bool>(),
        steps in prop::collection::vec(any_step(), 1..150),
    ) {
        let mut c = complaint("2026-01-05");
        if privacy {
            c.category = Category::PersonalData;
        }
        let mut today = c.received_on;
        let people = cast();
        for step in steps {
            today += chrono::Duration::days(step.advance);
            let command = command(&step, today);
            // Six in sixteen steps are taken by the actor entitled to them, so sequences get far.
            let entitled_actor = entitled(command.action());
            let actor = people.get(step.who).map_or(&entitled_actor, |(_, a)| a);
            let action = command.action();
            let allowed = allowed_actions(actor, &c, today, &params());
            match apply(actor, &c, command, today, &params()) {
                Ok(next) => {
                    prop_assert!(allowed.contains(&action), "{:?} accepted but not allowed", action);
                    prop_assert!(edge_allowed(c.status, next.status), "{:?} -> {:?} by {:?}", c.status, next.status, action);
                    if c.status.is_closed() || c.status == Status::Purged {
                        prop_assert!(next.status.is_closed() || next.status == Status::Purged);
                        // Closing is final; the purge only coarsens the date to its month.
                        let month = |d: Option<NaiveDate>| d.map(|d| (d.year(), d.month()));
                        prop_assert_eq!(month(next.closed_on), month(c.closed_on));
                        if action != Action::Purge {
                            prop_assert_eq!(next.closed_on, c.closed_on);
                        }
                    }
                    if next.status == Status::Resolved && next.category == Category::PersonalData {
                        prop_assert!(next.dpo_advice.is_some());
                    }
                    if next.status == Status::Declined {
                        prop_assert!(next.decline_ground.is_some() && next.closed_on.is_some());
                    }
                    if next.decline_ground == Some(DeclineGround::IncompleteNotSupplemented) && c.decline_ground.is_none() {
                        prop_assert!(c.open_suspension().is_some_and(|s| today > s.due_on));
                    }
                    if c.status == Status::AwaitingSupplement && action == Action::RecordSupplement {
                        prop_assert_eq!(Some(next.status), c.open_suspension().map(|s| s.returns_to));
                    }
                    if next.status == Status::Purged {
                        prop_assert!(next.complainant.is_anonymous() && next.facts.is_blank());
                    }
                    for date in [next.acknowledged_on, next.first_contact_on, next.discussed_on, next.closed_on].into_iter().flatten() {
                        prop_assert!(date >= next.received_on && date <= today);
                    }
                    c = next;
                }
                Err(error) => {
                    if !allowed.contains(&action) {
                        prop_assert!(check(actor, &c, action, today, &params()).is_err());
                    }
                    prop_assert!(!error.code().is_empty());
                }
            }
            let clocks = crate::clocks::deadlines(&c, &crate::calendar::WorkingDayCalendar::default(), &params(), today);
            prop_assert!(crate::calendar::WorkingDayCalendar::default().is_working_day(clocks.resolution.due_on));
        }

    }
}

/// klachtenregeling: "het wegnemen van de oorzaken". The root cause shows in every view; its
/// explanation reaches anonymised views redacted and only once reviewed, and survives the purge
/// only then.
#[test]
fn the_root_cause_reaches_anonymised_readers_redacted_and_only_once_reviewed() {
    let director = actor("director");
    let c = in_status(Status::Resolved);
    let text =
        Sensitive::new("Wietske Kanarie werd door Zoë Vinkenslag niet teruggebeld.".to_owned());
    let empty = apply(
        &director,
        &c,
        Command::RecordRootCause {
            category: " ".into(),
            text: text.clone(),
            reviewed: true,
        },
        today(),
        &params(),
    );
    assert_eq!(empty, Err(LifecycleError::EmptyText));
    let record = |reviewed: bool| {
        apply(
            &director,
            &c,
            Command::RecordRootCause {
                category: "communicatie".into(),
                text: text.clone(),
                reviewed,
            },
            today(),
            &params(),
        )
        .unwrap()
    };
    let purge = |caused: &Complaint| {
        apply(
            &Actor::system(),
            caused,
            Command::Purge {
                on: d("2026-06-01"),
                staff_names: vec![],
                outcomes: OUTCOMES,
                working_days: 12,
            },
            d("2026-06-01"),
            &params(),
        )
        .unwrap()
        .root_cause
        .map(|r| (r.category, r.text.into_exposed()))
    };
    let anonymised = |caused: &Complaint| {
        let clocks = crate::clocks::deadlines(
            caused,
            &crate::calendar::WorkingDayCalendar::default(),
            &params(),
            today(),
        );
        crate::policy::anonymise(caused, &clocks, &[])
            .root_cause
            .unwrap()
    };
    // Unreviewed: anonymised readers see the category only, and the purge drops the text.
    let draft = record(false);
    let cause = anonymised(&draft);
    assert_eq!(cause.category, "communicatie");
    assert_eq!(cause.text, None);
    assert!(!cause.reviewed);
    assert_eq!(
        purge(&draft),
        Some(("communicatie".to_owned(), String::new()))
    );
    // Reviewed: the redacted text, which the purge keeps.
    let reviewed = record(true);
    assert_eq!(
        anonymised(&reviewed).text.as_deref(),
        Some("[klager] werd door [medewerker] niet teruggebeld.")
    );
    assert_eq!(
        purge(&reviewed),
        Some((
            "communicatie".to_owned(),
            "[klager] werd door [medewerker] niet teruggebeld.".to_owned()
        ))
    );
}

/// A legal hold keeps the file past its retention date, until a director releases it.
#[test]
fn director_places_a_legal_hold_that_stops_the_purge_until_released() {
    let mut c = in_status(Status::Resolved);
    c.closed_on = Some(d("2025-01-06"));
    let director = actor("director");
    let handler = actor("handler");
    let reason = || Sensitive::new("Procedure bij de rechtbank loopt".to_owned());
    assert_eq!(
        place_legal_hold(&handler, &c, reason(), today()),
        Err(LifecycleError::Forbidden(Action::Purge))
    );
    assert_eq!(
        place_legal_hold(&director, &c, Sensitive::new("  ".into()), today()),
        Err(LifecycleError::EmptyText)
    );
    let held = place_legal_hold(&director, &c, reason(), today()).unwrap();
    assert_eq!(held.legal_hold.as_ref().map(|h| h.since), Some(today()));
    let purge = |c: &Complaint| {
        apply(
            &Actor::system(),
            c,
            Command::Purge {
                on: today(),
                staff_names: vec![],
                outcomes: OUTCOMES,
                working_days: 12,
            },
            today(),
            &params(),
        )
    };
    assert_eq!(purge(&held), Err(LifecycleError::LegalHold));
    assert_eq!(LifecycleError::LegalHold.code(), "LEGAL_HOLD");
    assert_eq!(
        release_legal_hold(&handler, &held),
        Err(LifecycleError::Forbidden(Action::Purge))
    );
    let released = release_legal_hold(&director, &held).unwrap();
    assert_eq!(purge(&released).map(|p| p.status), Ok(Status::Purged));
    let purged = purge(&released).unwrap();
    assert!(matches!(
        place_legal_hold(&director, &purged, reason(), today()),
        Err(LifecycleError::NotInThisStatus { .. })
    ));
}

/// "De ontvanger registreert de klacht": who may register, for every actor of the cast.
#[test]
fn staff_handlers_and_directors_register_and_nobody_else_does() {
    for (name, who) in cast() {
        let expected = matches!(
            name,
            "registrar"
                | "added party"
                | "other staff"
                | "concerned employee"
                | "handler"
                | "director"
        );
        assert_eq!(may_register(&who), expected, "{name}");
    }
}

#[test]
fn a_command_dates_its_step_by_the_day_it_says() {
    assert_eq!(
        Command::Acknowledge {
            on: d("2026-11-20")
        }
        .date(),
        Some(d("2026-11-20"))
    );
    assert_eq!(Command::AssignHandler { handler: HANDLER }.date(), None);
}
