//! Demo data: one user per role (`<role>@demo.local` / `demo-<role>`) and a dozen complaints in
//! every status, built through the domain core's lifecycle like real ones, so a newcomer sees a
//! living system at once. Names and addresses are invented.

use crate::auth;
use crate::db::complaints::{self as store, Stored};
use crate::db::users;
use crate::db::{Rules, audit};
use chrono::{Datelike, Duration, NaiveDate};
use klachten_core::actor::User;
use klachten_core::actor::{Actor, Role};
use klachten_core::complaint::{
    Category, Channel, Complainant, Complaint, DeclineGround, DpoAdvice, Registration,
};
use klachten_core::ids::{EmailAddress, PhoneNumber, Reference};
use klachten_core::lifecycle::{self, Command};
use klachten_core::sensitive::Sensitive;
use klachten_core::time::Clock;
use sea_orm::{DatabaseConnection, DbErr};

/// The demo users: role, e-mail, name.
pub const USERS: [(Role, &str, &str); 6] = [
    (Role::Staff, "staff@demo.local", "Sanne de Wit"),
    (Role::Handler, "handler@demo.local", "Hanna Verbeek"),
    (Role::Director, "director@demo.local", "Dirk Mulder"),
    (Role::Dpo, "dpo@demo.local", "Fenna Kuipers"),
    (Role::Admin, "admin@demo.local", "Bert Smits"),
    (Role::Staff, "adviser@demo.local", "Aad Jacobs"),
];

fn fail(message: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(message.to_string())
}

/// Loads the demo users and complaints; refuses when demo users already exist.
pub async fn load(
    db: &DatabaseConnection,
    audit_key: &audit::AuditKey,
    clock: &dyn Clock,
) -> Result<String, DbErr> {
    if users::by_email(db, USERS[0].1).await?.is_some() {
        return Err(fail("the demo data is already loaded"));
    }
    let mut people = Vec::new();
    for (role, email, name) in USERS {
        let password = format!("demo-{}", crate::db::codes::role_code(role).to_lowercase());
        let password = if email.starts_with("adviser") {
            "demo-adviser".to_owned()
        } else {
            password
        };
        let hash = auth::hash_password(&password).map_err(fail)?;
        people.push(users::create(db, email, name, hash, &[role], clock.now()).await?);
    }
    let [staff, handler, director, dpo, _admin, adviser] =
        <[User; 6]>::try_from(people).map_err(|_| fail("six demo users"))?;
    let (s, h, d, f) = (
        staff.actor(),
        handler.actor(),
        director.actor(),
        dpo.actor(),
    );
    let today = clock.today();
    let ago = |days: i64| today - Duration::days(days);
    let advice = |on| Command::RecordDpoAdvice {
        advice: DpoAdvice {
            advised_on: on,
            advice: Sensitive::new("Inzage binnen een week verlenen.".into()),
            followed: true,
            reason: Sensitive::new("Het verzoek is terecht.".into()),
        },
    };
    type Steps = Vec<(Actor, Command)>;
    let complaints: Vec<(i64, Channel, Category, &str, &str, Steps)> = vec![
        (1, Channel::Email, Category::Service, "Jeroen Bakker", "De intake werd twee keer verzet zonder bericht.", vec![]),
        (4, Channel::Letter, Category::Employee, "Petra Visser", "Mijn adviseur reageerde drie weken niet op mijn mails.", vec![(s.clone(), Command::Acknowledge { on: ago(2) })]),
        (8, Channel::Phone, Category::Service, "Mohamed El Amrani", "Het trainingsmateriaal ontbrak bij de start van het traject.", vec![(h.clone(), Command::Acknowledge { on: ago(6) }), (h.clone(), Command::RecordContact { on: ago(3) })]),
        (12, Channel::InPerson, Category::ThirdParty, "Linda de Boer", "De ingehuurde coach kwam niet opdagen.", vec![(h.clone(), Command::Acknowledge { on: ago(10) }), (h.clone(), Command::RecordContact { on: ago(8) }), (h.clone(), Command::RecordConversation { on: ago(5) })]),
        (9, Channel::Letter, Category::Service, "Kees Hendriks", "Onvolledige klacht over een factuur.", vec![(s.clone(), Command::Acknowledge { on: ago(8) }), (h.clone(), Command::RequestSupplement { on: ago(7), due_on: ago(7) + Duration::days(14) })]),
        (40, Channel::Email, Category::Employee, "Anouk Smit", "De adviseur maakte een denigrerende opmerking.", vec![(h.clone(), Command::Acknowledge { on: ago(38) }), (h.clone(), Command::RecordContact { on: ago(35) }), (h.clone(), Command::RecordConversation { on: ago(30) }), (h.clone(), Command::UpdateAnonymisedSummary { text: Sensitive::new("Klager vond een opmerking van [medewerker] denigrerend; excuses zijn aangeboden.".into()), reviewed: true }), (h.clone(), Command::Resolve { on: ago(25), outcome: Sensitive::new(Some("Excuses aangeboden; de adviseur is gesproken.".into())) }),
                (
                    d.clone(),
                    Command::RecordRootCause {
                        category: "bejegening".into(),
                        text: Sensitive::new("Een opmerking in een gesprek kwam kwetsend over.".into()),
                        reviewed: true,
                    },
                )]),
        (20, Channel::WebForm, Category::Service, "", "Anonieme klacht over de wachttijd.", vec![(d.clone(), Command::Decline { on: ago(15), ground: DeclineGround::Anonymous })]),
        (15, Channel::Phone, Category::Service, "Ruud Jansen", "Klacht over de parkeerplaats.", vec![(s.clone(), Command::Acknowledge { on: ago(14) }), (s.clone(), Command::Withdraw { on: ago(10) })]),
        (25, Channel::Email, Category::PersonalData, "Esra Yilmaz", "Mijn rapport is naar de verkeerde werkgever gestuurd.", vec![(h.clone(), Command::Acknowledge { on: ago(24) }), (h.clone(), Command::RequestDpoAdvice { on: ago(24) }), (h.clone(), Command::RecordContact { on: ago(22) }), (h.clone(), Command::RecordConversation { on: ago(18) }), (f.clone(), advice(ago(16))), (h.clone(), Command::Resolve { on: ago(12), outcome: Sensitive::new(Some("Rapport teruggevraagd en vernietigd; melding bij de AP gedaan.".into())) })]),
        (6, Channel::Email, Category::PersonalData, "Tom de Graaf", "Ik kreeg geen inzage in mijn dossier.", vec![(h.clone(), Command::Acknowledge { on: ago(5) }), (h.clone(), Command::RequestDpoAdvice { on: ago(5) }), (h.clone(), Command::RecordContact { on: ago(2) })]),
        (3, Channel::Letter, Category::Employee, "Iris Meijer", "De adviseur deelde mijn situatie met collega's.", vec![(d.clone(), Command::AddInvolvedParty { user: adviser.id })]),
        (500, Channel::Letter, Category::Service, "Frank Vos", "Een klacht over een traject van ruim een jaar geleden.", vec![(h.clone(), Command::Decline { on: ago(495), ground: DeclineGround::ConductOverOneYearAgo })]),
    ];
    let txn = crate::db::begin(db).await?;
    let rules = Rules::load(&txn).await?;
    let count = complaints.len();
    let mut learned = None;
    for (index, (days, channel, category, name, facts, steps)) in complaints.into_iter().enumerate()
    {
        let received_on = ago(days);
        let (procedure_id, calendar_id) = rules
            .in_force_on(received_on)
            .ok_or_else(|| fail("no procedure version"))?;
        let parameters = rules
            .procedures
            .get(&procedure_id)
            .map(|p| p.parameters)
            .ok_or_else(|| fail("no procedure version"))?;
        let sequence = store::next_sequence(&txn, received_on.year()).await?;
        let named = !name.is_empty();
        let slug = name.to_lowercase().replace(' ', ".");
        let mut complaint = Complaint::registered(Registration {
            id: crate::db::complaints::new_complaint_id(),
            reference: Reference::new(received_on.year(), sequence).map_err(fail)?,
            channel,
            category,
            received_on,
            complainant: Complainant {
                name: Sensitive::new(named.then(|| name.to_owned())),
                address: Sensitive::new(
                    named.then(|| "Voorbeeldstraat 1, 1234 AB Voorbeeld".to_owned()),
                ),
                phone: Sensitive::new(
                    named
                        .then(|| PhoneNumber::parse("06-00000000").ok())
                        .flatten(),
                ),
                email: Sensitive::new(
                    named
                        .then(|| EmailAddress::parse(&format!("{slug}@voorbeeld.nl")).ok())
                        .flatten(),
                ),
            },
            concerning: Sensitive::new(
                matches!(category, Category::Employee).then(|| adviser.name.clone()),
            ),
            facts: Sensitive::new(facts.to_owned()),
            conduct_on: Sensitive::new(Some(
                received_on - Duration::days(if days == 500 { 400 } else { 7 }),
            )),
            remedy_sought: Sensitive::new(Some("Excuses en een oplossing.".to_owned())),
            // The handler registered a few, so the staff demo user also sees anonymised complaints.
            registered_by: if matches!(index, 2 | 3 | 9) {
                handler.id
            } else {
                staff.id
            },
        });
        complaint.handler = Some(handler.id);
        if index == 5 {
            learned = Some(complaint.id);
        }
        store::insert(&txn, &complaint, &procedure_id, &calendar_id, clock.now()).await?;
        let mut stored = Stored {
            complaint: complaint.clone(),
            version: 1,
            procedure_version_id: procedure_id.clone(),
            calendar_version_id: calendar_id.clone(),
        };
        for (actor, command) in steps {
            let on_date = command_day(&command, today);
            let action = command.action();
            complaint = lifecycle::apply(&actor, &stored.complaint, command, today, &parameters)
                .map_err(fail)?;
            let actor_id = actor.user_id().map(|id| id.to_string());
            store::save(
                &txn,
                &stored,
                &complaint,
                actor_id.as_deref().unwrap_or("system"),
                clock.now(),
            )
            .await
            .map_err(|e| fail(e.message))?;
            store::record_event(
                &txn,
                complaint.id,
                crate::db::codes::action_code(action),
                actor_id,
                clock.now(),
                on_date,
            )
            .await?;
            stored = Stored {
                complaint: complaint.clone(),
                version: stored.version + 1,
                ..stored
            };
        }
    }
    if let Some(complaint_id) = learned {
        lessons(&txn, complaint_id, [&staff, &handler, &director], clock).await?;
    }
    audit::append(
        &txn,
        audit_key,
        clock.now(),
        audit::Entry {
            actor: "system",
            action: audit::Named::DemoLoaded.into(),
            complaint_id: None,
            detail: Some(format!("{count} complaints")),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(format!(
        "loaded {} demo users and {count} complaints; log in as handler@demo.local / demo-handler",
        USERS.len()
    ))
}

/// Measures (one late), a proposal and a draft directors' meeting discussing the resolved
/// complaint `complaint_id`, so the board, the agenda and the dashboard have something to show.
async fn lessons(
    txn: &impl sea_orm::ConnectionTrait,
    complaint_id: klachten_core::ids::ComplaintId,
    [staff, handler, director]: [&User; 3],
    clock: &dyn Clock,
) -> Result<(), DbErr> {
    use crate::db::measures::{self, StatusChange, StoredMeasure};
    use crate::db::meetings::{self, Meeting};
    use klachten_core::measures::{Measure, MeasureKind, MeasureStatus};
    use klachten_core::meetings::{MeetingKind, MeetingStatus};
    let today = clock.today();
    let rows = [
        (
            Some(complaint_id),
            MeasureKind::Measure,
            "Gespreksvaardigheden van adviseurs trainen.",
            handler,
            14,
            MeasureStatus::Agreed,
        ),
        (
            Some(complaint_id),
            MeasureKind::Measure,
            "Klachten over bejegening binnen een week terugkoppelen aan het team.",
            staff,
            -3,
            MeasureStatus::InProgress,
        ),
        (
            None,
            MeasureKind::ImprovementProposal,
            "Klanten na elk gesprek een korte vragenlijst sturen.",
            director,
            30,
            MeasureStatus::Proposed,
        ),
    ];
    let mut proposal = None;
    for (complaint, kind, description, owner, days, status) in rows {
        let id = crate::db::random();
        let measure = StoredMeasure {
            id,
            complaint_id: complaint,
            measure: Measure {
                kind,
                description: description.to_owned(),
                owner: owner.id,
                due_on: today + Duration::days(days),
                status,
            },
            description_reviewed: true,
        };
        let by = director.id.to_string();
        measures::insert(txn, measure, &by, clock.now()).await?;
        let change = StatusChange {
            status,
            actor_id: by,
            at: clock.now(),
        };
        measures::record_status(txn, id, change).await?;
        proposal = Some(id);
    }
    let meeting = crate::db::random();
    let draft = Meeting {
        id: meeting,
        title: "Directieoverleg".to_owned(),
        kind: MeetingKind::DirectorsMeeting,
        held_on: today + Duration::days(7),
        status: MeetingStatus::Draft,
        minutes: None,
        minutes_reviewed: false,
    };
    meetings::insert(txn, &draft, &director.id.to_string(), clock.now()).await?;
    for (position, (complaint, measure)) in [(Some(complaint_id), None), (None, proposal)]
        .into_iter()
        .enumerate()
    {
        let position = i32::try_from(position).unwrap_or(0) + 1;
        meetings::add_item(txn, meeting, position, complaint, measure).await?;
    }
    Ok(())
}

fn command_day(command: &Command, today: NaiveDate) -> Option<NaiveDate> {
    match command {
        Command::Acknowledge { on }
        | Command::RecordContact { on }
        | Command::RecordConversation { on }
        | Command::Resolve { on, .. }
        | Command::Withdraw { on } => Some(*on),
        _ => Some(today),
    }
}
