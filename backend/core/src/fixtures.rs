//! Test fixtures shared by the core's unit tests: a complaint with canary values in every
//! identifying field, and the people around it.

use crate::actor::{Actor, Role};
use crate::complaint::{Category, Channel, Complainant, Complaint, Registration};
use crate::ids::{ApiClientId, ComplaintId, EmailAddress, PhoneNumber, Reference, UserId};
use crate::sensitive::Sensitive;
use chrono::NaiveDate;
use std::collections::BTreeSet;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub const REGISTRAR: UserId = UserId(1);
pub const ADDED: UserId = UserId(2);
pub const OTHER_STAFF: UserId = UserId(3);
pub const HANDLER: UserId = UserId(4);
pub const DIRECTOR: UserId = UserId(5);
pub const DPO: UserId = UserId(6);
pub const ADMIN: UserId = UserId(7);
/// The employee the complaint is about: staff, not added as involved.
pub const CONCERNED_EMPLOYEE: UserId = UserId(8);

/// Canary strings: any of them in an anonymised view is a leak.
pub const CANARIES: [&str; 8] = [
    "Kanarie",
    "Wietske",
    "wietske.kanarie@voorbeeld.nl",
    "0612345678",
    "Vogelkooistraat",
    "Zoë Vinkenslag",
    "Vinkenslag",
    "geheimefeitentekst",
];

pub fn complaint(received: &str) -> Complaint {
    let mut complaint = Complaint::registered(Registration {
        id: ComplaintId(42),
        reference: Reference::new(2026, 42).unwrap(),
        channel: Channel::Letter,
        category: Category::Service,
        received_on: d(received),
        complainant: Complainant {
            name: Sensitive::new(Some("Wietske Kanarie".to_owned())),
            address: Sensitive::new(Some(
                "Vogelkooistraat 12, 5232 AG 's-Hertogenbosch".to_owned(),
            )),
            phone: Sensitive::new(Some(PhoneNumber::parse("06-12345678").unwrap())),
            email: Sensitive::new(Some(
                EmailAddress::parse("wietske.kanarie@voorbeeld.nl").unwrap(),
            )),
        },
        concerning: Sensitive::new(Some("Zoë Vinkenslag".to_owned())),
        facts: Sensitive::new(
            "Mevrouw Kanarie schrijft: geheimefeitentekst over Vinkenslag.".to_owned(),
        ),
        conduct_on: Sensitive::new(Some(d(received) - chrono::Duration::days(20))),
        remedy_sought: Sensitive::new(Some("Excuses van Zoë".to_owned())),
        registered_by: REGISTRAR,
    });
    complaint.involved = BTreeSet::from([ADDED]);
    complaint.handler = Some(HANDLER);
    complaint
}

/// The fixture's cast: a name for each kind of actor and the actor.
pub fn cast() -> Vec<(&'static str, Actor)> {
    vec![
        ("registrar", Actor::user(REGISTRAR, [Role::Staff])),
        ("added party", Actor::user(ADDED, [Role::Staff])),
        ("other staff", Actor::user(OTHER_STAFF, [Role::Staff])),
        (
            "concerned employee",
            Actor::user(CONCERNED_EMPLOYEE, [Role::Staff]),
        ),
        ("handler", Actor::user(HANDLER, [Role::Handler])),
        ("director", Actor::user(DIRECTOR, [Role::Director])),
        ("dpo", Actor::user(DPO, [Role::Dpo])),
        ("admin", Actor::user(ADMIN, [Role::Admin])),
        ("integration", Actor::api_client(ApiClientId(9))),
        ("system", Actor::system()),
    ]
}

pub fn actor(name: &str) -> Actor {
    cast()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| a)
        .unwrap()
}
