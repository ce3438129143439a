//! The daily clock scan: a clock due within two working days warns the complaint's handler by
//! mail; a late clock goes to the directors by mail and to subscribed integrations as a webhook
//! event. Rule: deadlines come from the core (`db::Rules::deadlines_of`); each warning is sent
//! once per clock and due date (the mail's dedupe key).

use crate::config::Config;
use crate::db::Rules;
use crate::mail;
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::actor::Role;
use klachten_core::clocks::{ClockReading, ClockState};
use klachten_core::complaint::Status;
use sea_orm::{DatabaseConnection, DbErr};

/// The daily clock scan: a clock due within two working days warns the complaint's handler
/// (every handler while none is assigned); a late clock goes to the directors. Each warning is
/// sent once per clock and due date.
pub async fn run(
    db: &DatabaseConnection,
    config: &Config,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<usize, DbErr> {
    let open = [
        Status::Received,
        Status::Acknowledged,
        Status::InTreatment,
        Status::Discussed,
        Status::AwaitingSupplement,
    ];
    let open = crate::db::complaints::with_status(db, &open).await?;
    let rules = Rules::load(db).await?;
    let handlers = mail::addresses(db, Role::Handler).await?;
    let directors = mail::addresses(db, Role::Director).await?;
    let mut queued = 0;
    for stored in open {
        let complaint_id = stored.complaint.id;
        let reference = stored.complaint.reference.to_string();
        let handler_id = stored.complaint.handler.map(|id| id.to_string());
        let deadlines = rules.deadlines_of(&stored, &stored.complaint, today)?;
        let clocks: [(&str, &str, Option<&ClockReading>); 4] = [
            (
                "ontvangstbevestiging",
                "acknowledgement",
                Some(&deadlines.acknowledgement),
            ),
            (
                "eerste contact",
                "firstContact",
                Some(&deadlines.first_contact),
            ),
            ("afhandeling", "resolution", Some(&deadlines.resolution)),
            (
                "afhandeling privacyklacht",
                "privacyResolution",
                deadlines.privacy_resolution.as_ref(),
            ),
        ];
        let view = klachten_core::policy::anonymise(&stored.complaint, &deadlines, &[]);
        for (name, field, reading) in clocks {
            let Some(reading) = reading else { continue };
            if reading.state == ClockState::Late {
                crate::webhooks::emit(
                    db,
                    now,
                    crate::webhooks::clock_late(&view, field, reading.due_on),
                )
                .await?;
            }
            let (kind, to, subject) = match reading.state {
                ClockState::DueSoon => {
                    let assigned: Vec<(String, String)> = handlers
                        .iter()
                        .filter(|(uid, _)| handler_id.as_deref() == Some(uid.as_str()))
                        .cloned()
                        .collect();
                    let to = if assigned.is_empty() {
                        handlers.clone()
                    } else {
                        assigned
                    };
                    (
                        "CLOCK_DUE_SOON",
                        to,
                        format!("Termijn bijna verstreken: {}", reference),
                    )
                }
                ClockState::Late => (
                    "CLOCK_LATE",
                    directors.clone(),
                    format!("Termijn verstreken: {}", reference),
                ),
                _ => continue,
            };
            for (_, email) in to {
                let body = format!(
                    "Klacht {}: de termijn voor {name} {} op {}.\n\nOpen de klacht: {}\n",
                    reference,
                    if kind == "CLOCK_LATE" {
                        "is verstreken"
                    } else {
                        "verstrijkt"
                    },
                    crate::dutch::date(reading.due_on),
                    mail::link(config, complaint_id)
                );
                let sent = mail::queue(
                    db,
                    now,
                    mail::Outgoing {
                        kind,
                        recipient: &email,
                        subject: subject.clone(),
                        body,
                        complaint_id: Some(complaint_id),
                        dedupe_key: Some(format!(
                            "{kind}:{}:{name}:{}:{email}",
                            complaint_id, reading.due_on
                        )),
                        letter_id: None,
                    },
                )
                .await?;
                queued += usize::from(sent);
            }
        }
    }
    Ok(queued)
}
