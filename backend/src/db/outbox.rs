//! The mail outbox as stored: what is queued, sent, failed or erased. Rule: the SQL of the
//! outbox lives here; `crate::mail` decides what is sent to whom and sends it.

use super::entities::mail_outbox;
use chrono::{DateTime, Utc};
use klachten_core::ids::{ComplaintId, LetterId};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// The status of mail erased with its purged complaint.
pub const ERASED: &str = "ERASED";

/// A mail in the outbox, without its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    /// Id.
    pub id: String,
    /// What it is (`NEW_COMPLAINT`, `LETTER`, …).
    pub kind: String,
    /// To whom.
    pub recipient: String,
    /// Its subject.
    pub subject: String,
    /// `QUEUED`, `SENT`, `FAILED`, …
    pub status: String,
    /// How often sending was tried.
    pub attempts: i32,
    /// Why the last try failed.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was sent.
    pub sent_at: Option<DateTime<Utc>>,
    /// The complaint it is about.
    pub complaint_id: Option<ComplaintId>,
}

/// The last `limit` mails, newest first.
pub async fn latest(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<OutboxMail>, DbErr> {
    mail_outbox::Entity::find()
        .order_by_desc(mail_outbox::Column::CreatedAt)
        .order_by_desc(mail_outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            Ok(OutboxMail {
                complaint_id: super::ids::stored_opt(m.complaint_id.as_deref())?,
                id: m.id,
                kind: m.kind,
                recipient: m.recipient,
                subject: m.subject,
                status: m.status,
                attempts: m.attempts,
                last_error: m.last_error,
                created_at: m.created_at,
                sent_at: m.sent_at,
            })
        })
        .collect()
}

/// Which of the mails `ids` have `status`.
pub async fn with_status_among(
    db: &impl ConnectionTrait,
    ids: &[String],
    status: &str,
) -> Result<Vec<String>, DbErr> {
    Ok(mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Id.is_in(ids.iter().cloned()))
        .filter(mail_outbox::Column::Status.eq(status))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect())
}

/// A mail to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// Id.
    pub id: String,
    /// What it is (`NEW_COMPLAINT`, `LETTER`, …).
    pub kind: String,
    /// To.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// The complaint it is about.
    pub complaint_id: Option<ComplaintId>,
    /// Queued at most once per key.
    pub dedupe_key: Option<String>,
    /// A letter to attach.
    pub letter_id: Option<LetterId>,
}

/// Queues `mail` at `now`; false when a mail with the same dedupe key was queued before.
pub async fn insert(
    db: &impl ConnectionTrait,
    mail: NewMail,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let inserted = mail_outbox::Entity::insert(mail_outbox::ActiveModel {
        id: Set(mail.id),
        kind: Set(mail.kind),
        recipient: Set(mail.recipient),
        subject: Set(mail.subject),
        body: Set(mail.body),
        complaint_id: Set(mail.complaint_id.map(|id| id.to_string())),
        dedupe_key: Set(mail.dedupe_key),
        status: Set("QUEUED".to_owned()),
        attempts: Set(0),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        letter_id: Set(mail.letter_id.map(|id| id.to_string())),
    })
    .on_conflict(
        OnConflict::column(mail_outbox::Column::DedupeKey)
            .do_nothing()
            .to_owned(),
    )
    .try_insert()
    .exec_without_returning(db)
    .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

/// A queued mail as the sender needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// Id.
    pub id: String,
    /// To.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// `QUEUED`, `SENT`, `FAILED` or [`ERASED`].
    pub status: String,
    /// How often sending was tried.
    pub attempts: i32,
    /// A letter to attach.
    pub letter_id: Option<LetterId>,
}

/// Mail `id`.
pub async fn find(db: &impl ConnectionTrait, id: &str) -> Result<Option<Queued>, DbErr> {
    mail_outbox::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .map(|m| {
            Ok(Queued {
                letter_id: super::ids::stored_opt(m.letter_id.as_deref())?,
                id: m.id,
                recipient: m.recipient,
                subject: m.subject,
                body: m.body,
                status: m.status,
                attempts: m.attempts,
            })
        })
        .transpose()
}

/// Records an attempt to send mail `id`: its new status, how many attempts, the error code and
/// when it went. False when the mail was erased in the meantime (it stays erased).
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    id: &str,
    status: &str,
    attempts: i32,
    error: Option<&str>,
    sent_at: Option<DateTime<Utc>>,
) -> Result<bool, DbErr> {
    let updated = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(status))
        .col_expr(mail_outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(
            mail_outbox::Column::LastError,
            Expr::value(error.map(str::to_owned)),
        )
        .col_expr(mail_outbox::Column::SentAt, Expr::value(sent_at))
        .filter(mail_outbox::Column::Id.eq(id.to_owned()))
        .filter(mail_outbox::Column::Status.ne(ERASED))
        .exec(db)
        .await?;
    Ok(updated.rows_affected > 0)
}

/// Erases the mail about complaint `complaint_id`: its recipient, text and de-duplication key.
pub async fn erase_for(db: &impl ConnectionTrait, complaint_id: ComplaintId) -> Result<(), DbErr> {
    mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Recipient, Expr::value(""))
        .col_expr(mail_outbox::Column::Subject, Expr::value(""))
        .col_expr(mail_outbox::Column::Body, Expr::value(""))
        .col_expr(
            mail_outbox::Column::DedupeKey,
            Expr::value(Option::<String>::None),
        )
        .col_expr(mail_outbox::Column::Status, Expr::value(ERASED))
        .filter(mail_outbox::Column::ComplaintId.eq(complaint_id.to_string()))
        .exec(db)
        .await?;
    Ok(())
}
