//! Letter use cases shared by the steps that produce a letter and by a request for one. Rule:
//! a letter is made from the core's facts of the complaint, in the caller's transaction, and its
//! making is on the timeline and in the audit log with the letter's SHA-256.

use crate::db::complaints::{self as store, Stored};
use crate::db::letters;
use crate::db::{Rules, audit};
use crate::error::{ApiError, ApiResult, Code};
use crate::letters::{self as letter, Facts, Kind, LetterError};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::actor::Actor;
use klachten_core::actor::Capability;
use klachten_core::actor::User;
use klachten_core::ids::{ComplaintId, LetterId};
use klachten_core::limits::LETTER_NOTE;
use klachten_core::policy::{self, Access};
use sea_orm::ConnectionTrait;

pub use crate::db::letters::Meta;

/// Which letter to make.
pub struct Request<'a> {
    /// The kind.
    pub kind: Kind,
    /// The handler's note (what a supplement request asks for).
    pub note: Option<&'a str>,
    /// The conversation it confirms (its date and what was agreed); the latest one when `None`.
    pub conversation: Option<(NaiveDate, String)>,
}

/// Generates `kind` for `stored` inside `db`'s transaction, with its timeline event and audit
/// entry.
pub async fn make(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    state: &AppState,
    rules: &Rules,
    stored: &Stored,
    request: Request<'_>,
    by: &str,
    now: DateTime<Utc>,
) -> ApiResult<Meta> {
    let Request {
        kind,
        note,
        conversation,
    } = request;
    let complaint_id = stored.complaint.id;
    let today = state.clock.today();
    let parameters = rules.parameters_of(stored)?;
    let deadlines = rules.deadlines_of(stored, &stored.complaint, today)?;
    let label = rules
        .procedures
        .get(&stored.procedure_version_id)
        .map(|p| p.label.clone())
        .unwrap_or_default();
    let conversation = match conversation {
        Some(c) => Some(c),
        None => letters::latest_agreements(db, complaint_id).await?,
    };
    let facts = Facts {
        complaint: &stored.complaint,
        deadlines: &deadlines,
        parameters: &parameters,
        procedure_label: &label,
        conversation,
        today,
        note,
    };
    let made = letter::generate(db, &state.config, kind, &facts, by, now)
        .await?
        .map_err(|e| match e {
            LetterError::NotNow(_) => {
                let mut error = ApiError::new(Code::InvalidTransition, e.to_string());
                error.reason = Some("LETTER_NOT_NOW");
                error
            }
            LetterError::NoteRequired => ApiError::validation(e.to_string()),
        })?;
    let event = super::Event {
        by,
        action: audit::Named::LetterGenerated,
        complaint_id,
        on: today,
        detail: format!("kind:{};sha256:{}", kind.code(), made.content_hash),
    };
    super::on_record(db, state, event, now).await?;
    Ok(made)
}

/// Marks `letter` as sent on `on`, by e-mail or by post, on the timeline and in the audit log.
async fn sent(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    state: &AppState,
    letter: Meta,
    by_email: bool,
    on: NaiveDate,
    by: &str,
    stored: &Stored,
) -> ApiResult<Meta> {
    let now = state.clock.now();
    let code = if by_email { "EMAIL" } else { "POST" };
    let letter_id = letter.id;
    let updated = letters::mark_sent(db, letter_id, on, code).await?;
    let event = super::Event {
        by,
        action: audit::Named::LetterSent,
        complaint_id: stored.complaint.id,
        on,
        detail: format!("letter:{letter_id};via:{code}"),
    };
    super::on_record(db, state, event, now).await?;
    Ok(updated)
}

/// The letter `id` with its complaint, if `actor` sees that complaint identified; otherwise as
/// if it did not exist: a letter's existence says something about the complaint.
async fn reachable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: LetterId,
) -> ApiResult<(Meta, Stored)> {
    let letter = letters::find(db, id)
        .await?
        .ok_or_else(ApiError::unknown::<LetterId>)?;
    let stored = store::load(db, letter.complaint_id)
        .await?
        .ok_or_else(ApiError::unknown::<LetterId>)?;
    if policy::access(actor, &stored.complaint) != Access::Identified {
        return Err(ApiError::unknown::<LetterId>());
    }
    Ok((letter, stored))
}

/// Handlers and directors write, send and mail letters.
fn may_write(actor: &Actor) -> ApiResult<()> {
    if actor.may(Capability::WriteLetters) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// The subject and body of the e-mail that carries a letter of `kind` about the complaint
/// `reference` (the PDF goes with it as the attachment): what is sent, and what the app shows
/// before it is.
pub fn mail_text(kind: Kind, reference: &str, firm: &str) -> (String, String) {
    (
        format!("Uw klacht {reference}: {}", kind.title().to_lowercase()),
        format!(
            "Bijgaand vindt u onze brief over uw klacht met kenmerk {reference}.\n\n\
             Met vriendelijke groet,\n{firm}\n"
        ),
    )
}

/// What e-mailing `letter` would send, for `actor` who sees its complaint identified: `None`
/// when they may not send letters or the complainant left no e-mail address.
pub fn mail_preview(
    actor: &Actor,
    complaint: &klachten_core::complaint::Complaint,
    letter: &Meta,
    firm: &str,
) -> Option<MailPreview> {
    if may_write(actor).is_err() {
        return None;
    }
    let to = complaint
        .complainant
        .email
        .expose()
        .as_ref()?
        .as_str()
        .to_owned();
    let kind = Kind::from_code(&letter.kind).unwrap_or(Kind::Closing);
    let (subject, body) = mail_text(kind, &complaint.reference.to_string(), firm);
    Some(MailPreview {
        to,
        subject,
        body,
        attachment: letter.file_name(),
    })
}

/// An e-mail as it would go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailPreview {
    /// The address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The text.
    pub body: String,
    /// The attachment's file name.
    pub attachment: String,
}

/// A letter's PDF, for a user who sees its complaint identified; the read is audited.
pub async fn pdf(state: &AppState, user: &User, id: LetterId) -> ApiResult<Vec<u8>> {
    let (letter, stored) = reachable(&state.db, &user.actor(), id).await?;
    let (_, pdf) = letters::with_pdf(&state.db, letter.id)
        .await?
        .ok_or_else(ApiError::unknown::<LetterId>)?;
    let entry = audit::Entry {
        actor: &audit::user_label(user.id),
        action: audit::Named::LetterRead.into(),
        complaint_id: Some(stored.complaint.id),
        detail: Some(format!("letter:{}", letter.id)),
    };
    audit::append(&state.db, &state.audit_key, state.clock.now(), entry).await?;
    Ok(pdf)
}

/// Makes a letter now (handlers and directors), on a complaint the user sees identified.
pub async fn generate(
    state: &AppState,
    user: &User,
    complaint_id: ComplaintId,
    kind: Kind,
    note: Option<&str>,
) -> ApiResult<Meta> {
    let actor = user.actor();
    may_write(&actor)?;
    if note.is_some_and(|n| n.chars().count() > LETTER_NOTE) {
        return Err(ApiError::validation(format!(
            "say what is missing in at most {LETTER_NOTE} characters"
        )));
    }
    if let Some(note) = note {
        crate::error::printable(note, "what is missing")?;
    }
    let txn = crate::db::begin(&state.db).await?;
    let stored = store::load(&txn, complaint_id)
        .await?
        .filter(|s| policy::access(&actor, &s.complaint) == Access::Identified)
        .ok_or_else(ApiError::unknown::<ComplaintId>)?;
    let rules = Rules::load(&txn).await?;
    let request = Request {
        kind,
        note,
        conversation: None,
    };
    let by = audit::user_label(user.id);
    let made = make(
        &txn,
        state,
        &rules,
        &stored,
        request,
        &by,
        state.clock.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(made)
}

/// Marks letter `id` as sent on `on`, by e-mail or by post (handlers and directors).
pub async fn mark_sent(
    state: &AppState,
    user: &User,
    id: LetterId,
    by_email: bool,
    on: NaiveDate,
) -> ApiResult<Meta> {
    let actor = user.actor();
    may_write(&actor)?;
    if on > state.clock.today() {
        return Err(ApiError::validation(
            "a letter cannot be sent in the future",
        ));
    }
    let txn = crate::db::begin(&state.db).await?;
    let (letter, stored) = reachable(&txn, &actor, id).await?;
    let by = audit::user_label(user.id);
    let updated = sent(&txn, state, letter, by_email, on, &by, &stored).await?;
    txn.commit().await?;
    Ok(updated)
}

/// E-mails letter `id` to the complainant as an attachment and marks it as sent by e-mail today
/// (handlers and directors); the outbox shows whether it reached the mail server.
pub async fn email(state: &AppState, user: &User, id: LetterId) -> ApiResult<Meta> {
    let actor = user.actor();
    may_write(&actor)?;
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let (letter, stored) = reachable(&txn, &actor, id).await?;
    let Some(email) = stored.complaint.complainant.email.expose().clone() else {
        return Err(ApiError::validation(
            "the complainant left no e-mail address: send the letter by post",
        ));
    };
    let kind = Kind::from_code(&letter.kind).unwrap_or(Kind::Closing);
    let reference = stored.complaint.reference.to_string();
    let (subject, body) = mail_text(kind, &reference, &state.config.firm_name);
    crate::mail::queue(
        &txn,
        now,
        crate::mail::Outgoing {
            kind: "LETTER",
            recipient: email.as_str(),
            subject,
            body,
            complaint_id: Some(letter.complaint_id),
            dedupe_key: None,
            letter_id: Some(letter.id),
        },
    )
    .await?;
    let by = audit::user_label(user.id);
    let today = state.clock.today();
    let updated = sent(&txn, state, letter, true, today, &by, &stored).await?;
    txn.commit().await?;
    Ok(updated)
}
