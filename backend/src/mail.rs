//! E-mail: the notifications the procedure asks for ("brengt de klachtenbehandelaar op de
//! hoogte"), warnings when a clock is due soon, escalation to the directors when one is late.
//! Rule: a mail is queued in the database with the change that causes it and sent by a job;
//! without a mail server configured it is written to the outbox folder as an `.eml` file, so
//! nothing is lost. Notifications name the complaint by reference and link to it; they carry
//! no identifying data, in the subject least of all.

use crate::config::{Config, SmtpTls};
use crate::db::jobs;
use crate::db::outbox::{self, NewMail, Queued};
use crate::db::{new_id, users};
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::actor::Role;
use klachten_core::ids::{ComplaintId, LetterId};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use std::path::PathBuf;

/// Where mail goes.
pub enum Mailer {
    /// A mail server.
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>, Mailbox),
    /// `.eml` files in a folder.
    Outbox(PathBuf, Mailbox),
}

impl Mailer {
    /// The mailer `config` describes.
    pub fn from_config(config: &Config) -> Result<Self, String> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .map_err(|_| "KLACHTEN_MAIL_FROM is not a mail address".to_owned())?;
        let Some(host) = &config.smtp_host else {
            return Ok(Self::Outbox(config.outbox_dir.clone(), from));
        };
        let builder = match config.smtp_tls {
            SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
            SmtpTls::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                host,
            )),
        }
        .map_err(|_| format!("KLACHTEN_SMTP_HOST {host} cannot be used"))?;
        let mut builder = builder.port(config.smtp_port);
        if let (Some(user), Some(password)) = (&config.smtp_user, &config.smtp_password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self::Smtp(Box::new(builder.build()), from))
    }

    /// Sends one mail, with a PDF attached when given; the error is a code for the outbox,
    /// never the server's words.
    async fn send(
        &self,
        mail: &Queued,
        attachment: Option<(String, Vec<u8>)>,
    ) -> Result<(), &'static str> {
        let from = match self {
            Self::Smtp(_, from) | Self::Outbox(_, from) => from.clone(),
        };
        let to: Mailbox = mail.recipient.parse().map_err(|_| "BAD_RECIPIENT")?;
        let builder = Message::builder()
            .from(from)
            .to(to)
            .subject(mail.subject.clone());
        let message = match attachment {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone()),
            Some((name, pdf)) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(mail.body.clone()))
                    .singlepart(Attachment::new(name).body(
                        pdf,
                        ContentType::parse("application/pdf").map_err(|_| "BAD_MESSAGE")?,
                    )),
            ),
        }
        .map_err(|_| "BAD_MESSAGE")?;
        match self {
            Self::Smtp(transport, _) => transport.send(message).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    "REJECTED"
                } else {
                    "UNREACHABLE"
                }
            }),
            Self::Outbox(dir, _) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|_| "OUTBOX_UNWRITABLE")?;
                tokio::fs::write(dir.join(format!("{}.eml", mail.id)), message.formatted())
                    .await
                    .map_err(|_| "OUTBOX_UNWRITABLE")
            }
        }
    }
}

/// One mail to queue.
pub struct Outgoing<'a> {
    /// What it is, e.g. `NEW_COMPLAINT`.
    pub kind: &'a str,
    /// To.
    pub recipient: &'a str,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// The complaint it is about.
    pub complaint_id: Option<ComplaintId>,
    /// Sent at most once per key (a warning per clock and due date).
    pub dedupe_key: Option<String>,
    /// A letter to attach (its PDF).
    pub letter_id: Option<LetterId>,
}

/// Queues `mail` and the job that sends it, inside the caller's transaction. Returns false when
/// a mail with the same dedupe key was queued before.
pub async fn queue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    mail: Outgoing<'_>,
) -> Result<bool, DbErr> {
    let id = new_id();
    let new = NewMail {
        id: id.clone(),
        kind: mail.kind.to_owned(),
        recipient: mail.recipient.to_owned(),
        subject: mail.subject,
        body: mail.body,
        complaint_id: mail.complaint_id,
        dedupe_key: mail.dedupe_key,
        letter_id: mail.letter_id,
    };
    let queued = outbox::insert(db, new, now).await?;
    if queued {
        jobs::enqueue(db, jobs::Kind::SendMail, &id, now, 6).await?;
    }
    Ok(queued)
}

/// Sends the queued mail `id` (the `SEND_MAIL` job). An error is a code; the job retries.
pub async fn deliver(
    db: &DatabaseConnection,
    mailer: &Mailer,
    id: &str,
    last_attempt: bool,
    now: DateTime<Utc>,
) -> Result<(), &'static str> {
    let Some(mail) = outbox::find(db, id).await.map_err(|_| "DATABASE")? else {
        // Erased with its complaint by the purge: nothing left to send.
        return Ok(());
    };
    if mail.status == "SENT" || mail.status == ERASED {
        return Ok(());
    }
    let attachment = match mail.letter_id {
        Some(letter_id) => {
            let (letter, pdf) = crate::db::letters::with_pdf(db, letter_id)
                .await
                .map_err(|_| "DATABASE")?
                .ok_or("LETTER_GONE")?;
            Some((letter.file_name(), pdf))
        }
        None => None,
    };
    let result = mailer.send(&mail, attachment).await;
    let (status, error, sent_at) = match result {
        Ok(()) => ("SENT", None, Some(now)),
        Err(code) if last_attempt => ("FAILED", Some(code), None),
        Err(code) => ("QUEUED", Some(code), None),
    };
    // The purge may have erased the mail while it was being sent: then its row stays erased
    // and a file just written goes too.
    let recorded = outbox::record_attempt(db, &mail.id, status, mail.attempts + 1, error, sent_at)
        .await
        .map_err(|_| "DATABASE")?;
    if !recorded && let Mailer::Outbox(dir, _) = mailer {
        remove_file(dir, &mail.id).await;
    }
    result
}

/// The active users with `role` and their addresses.
pub async fn addresses(
    db: &impl ConnectionTrait,
    role: Role,
) -> Result<Vec<(String, String)>, DbErr> {
    Ok(users::all(db)
        .await?
        .into_iter()
        .filter(|u| u.active && u.roles.contains(&role))
        .map(|u| (u.id.to_string(), u.email))
        .collect())
}

/// The app's address of a complaint, for a mail to name it without identifying anyone.
pub fn link(config: &Config, complaint_id: ComplaintId) -> String {
    format!("{}/klachten/{complaint_id}", config.public_url)
}

/// Dutch date, `dd-mm-jjjj`.
/// "brengt de klachtenbehandelaar op de hoogte": tells every handler of a new complaint.
pub async fn new_complaint(
    db: &impl ConnectionTrait,
    config: &Config,
    now: DateTime<Utc>,
    complaint_id: ComplaintId,
    reference: &str,
    acknowledge_by: NaiveDate,
) -> Result<(), DbErr> {
    for (_, email) in addresses(db, Role::Handler).await? {
        queue(
            db,
            now,
            Outgoing {
                kind: "NEW_COMPLAINT",
                recipient: &email,
                subject: format!("Nieuwe klacht {reference}"),
                body: format!(
                    "Er is een nieuwe klacht geregistreerd: {reference}.\n\n\
                     De ontvangstbevestiging moet uiterlijk {} verstuurd zijn.\n\n\
                     Open de klacht: {}\n",
                    crate::dutch::date(acknowledge_by),
                    link(config, complaint_id)
                ),
                complaint_id: Some(complaint_id),
                dedupe_key: Some(format!("new:{complaint_id}:{email}")),
                letter_id: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// Tells every admin that a webhook switched itself off: which integration, which host, since
/// when its deliveries fail and the last error. Nothing about complaints is in it.
pub async fn webhook_switched_off(
    db: &impl ConnectionTrait,
    config: &Config,
    now: DateTime<Utc>,
    notice: &crate::webhooks::SwitchedOff<'_>,
) -> Result<(), DbErr> {
    for (_, email) in addresses(db, Role::Admin).await? {
        queue(
            db,
            now,
            Outgoing {
                kind: "WEBHOOK_SWITCHED_OFF",
                recipient: &email,
                subject: format!("Webhook uitgeschakeld: {}", notice.client),
                body: format!(
                    "De webhook van de koppeling {} naar {} is uitgeschakeld: {} leveringen op rij \
                     zijn mislukt, de eerste van {}. Laatste fout: {}.\n\n\
                     Er worden geen gebeurtenissen meer naar verstuurd. Controleer de ontvanger \
                     en zet de webhook weer aan onder Beheer, Koppelingen: {}/beheer\n",
                    notice.client,
                    notice.host,
                    notice.failures,
                    crate::dutch::date(notice.since.date_naive()),
                    notice.last_error,
                    config.public_url
                ),
                complaint_id: None,
                dedupe_key: Some(format!(
                    "webhook-off:{}:{}:{email}",
                    notice.webhook_id,
                    notice.since.timestamp()
                )),
                letter_id: None,
            },
        )
        .await?;
    }
    Ok(())
}

pub use crate::db::outbox::ERASED;

/// Erases the mail about a purged complaint (the purge's business: it may name the case): its
/// recipient, text and de-duplication key, which names the complaint. The purge removes the
/// mail files afterwards.
pub async fn erase_for(db: &impl ConnectionTrait, complaint_id: ComplaintId) -> Result<(), DbErr> {
    outbox::erase_for(db, complaint_id).await
}

/// Removes the outbox file of mail `id`, if there is one; true when a file went.
pub async fn remove_file(dir: &std::path::Path, id: &str) -> bool {
    tokio::fs::remove_file(dir.join(format!("{id}.eml")))
        .await
        .is_ok()
}

/// Queues one mail to every director, keyed per director by `key` (nothing about a complaint:
/// these mails name no complaint's id).
async fn to_directors(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    kind: &str,
    subject: &str,
    body: &str,
    key: &str,
) -> Result<(), DbErr> {
    for (_, email) in addresses(db, Role::Director).await? {
        queue(
            db,
            now,
            Outgoing {
                kind,
                recipient: &email,
                subject: subject.to_owned(),
                body: body.to_owned(),
                complaint_id: None,
                dedupe_key: Some(format!("{key}:{email}")),
                letter_id: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// A role change, as the directors' mail tells it.
pub struct RoleMail<'a> {
    /// What makes this mail unique (the proposal, or the change).
    pub key: &'a str,
    /// Whose roles: name and login address.
    pub subject: String,
    /// The roles before → after.
    pub change: &'a str,
    /// Who did it.
    pub by: &'a str,
    /// It waits for a director's approval.
    pub pending: bool,
}

/// Tells every director of a role change or proposal: who complained is seen by the roles
/// they watch over.
pub async fn roles_changed(
    db: &impl ConnectionTrait,
    config: &Config,
    now: DateTime<Utc>,
    change: &RoleMail<'_>,
) -> Result<(), DbErr> {
    let (subject, what) = if change.pending {
        (
            format!("Rolwijziging ter goedkeuring: {}", change.subject),
            format!(
                "{} stelt voor de rollen van {} te wijzigen: {}.\n\n\
                 Een directeur die de wijziging niet zelf voorstelde en er niet over gaat, \
                 keurt haar goed of af onder Beheer, Gebruikers: {}/beheer\n",
                change.by, change.subject, change.change, config.public_url
            ),
        )
    } else {
        (
            format!("Rollen gewijzigd: {}", change.subject),
            format!(
                "De rollen van {} zijn gewijzigd door {}: {}.\n\n\
                 Klopt dit niet, zet het dan terug onder Beheer, Gebruikers: {}/beheer\n",
                change.subject, change.by, change.change, config.public_url
            ),
        )
    };
    to_directors(
        db,
        now,
        "ROLES_CHANGED",
        &subject,
        &what,
        &format!("roles:{}", change.key),
    )
    .await
}

/// Sends every director the day's anchor of the audit log, to keep outside the system: with
/// it, `klachten audit verify --anchor` shows that no entry up to it was deleted or rewritten.
pub async fn audit_anchor(
    db: &impl ConnectionTrait,
    config: &Config,
    now: DateTime<Utc>,
    today: NaiveDate,
    anchor: &crate::db::audit::Anchor,
) -> Result<(), DbErr> {
    let day = crate::dutch::date(today);
    let body = format!(
        "Het controlegetal van het auditlogboek op {day}:\n\n{anchor}\n\n\
         Bewaar deze mail. Wie later wil nagaan dat er tot dit punt niets uit het \
         logboek is verwijderd of herschreven, laat functioneel beheer uitvoeren:\n\n\
         klachten audit verify --anchor {anchor}\n\n\
         Het auditlogboek: {}/audit\n",
        config.public_url
    );
    to_directors(
        db,
        now,
        "AUDIT_ANCHOR",
        &format!("Controlegetal auditlogboek {day}"),
        &body,
        &format!("audit-anchor:{today}"),
    )
    .await
}

/// Tells every director that the retention purge could not purge these complaints (by
/// reference: nothing identifying), once per run day.
pub async fn purge_failed(
    db: &impl ConnectionTrait,
    config: &Config,
    now: DateTime<Utc>,
    as_of: NaiveDate,
    references: &[String],
) -> Result<(), DbErr> {
    let body = format!(
        "De opschoning van {} kon deze klachten niet verwijderen, hoewel hun \
         bewaartermijn voorbij is: {}.\n\n\
         De andere klachten zijn wel verwijderd. De volgende opschoning probeert het \
         opnieuw; blijft het mislukken, vraag dan functioneel beheer het serverlogboek \
         na te kijken. Het auditlogboek: {}/audit\n",
        crate::dutch::date(as_of),
        references.join(", "),
        config.public_url
    );
    to_directors(
        db,
        now,
        "PURGE_FAILED",
        &format!(
            "Bewaartermijn: {} klacht(en) niet verwijderd",
            references.len()
        ),
        &body,
        &format!("purge-failed:{as_of}"),
    )
    .await
}
