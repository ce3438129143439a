//! The mail outbox as it is read (by the directors, by the purge). Rule: reading only;
//! `crate::mail` queues and delivers.

use super::entities::mail_outbox;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

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
    /// The complaint it is about (its stored id).
    pub complaint_id: Option<String>,
}

/// The last `limit` mails, newest first.
pub async fn latest(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<OutboxMail>, DbErr> {
    Ok(mail_outbox::Entity::find()
        .order_by_desc(mail_outbox::Column::CreatedAt)
        .order_by_desc(mail_outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|m| OutboxMail {
            id: m.id,
            kind: m.kind,
            recipient: m.recipient,
            subject: m.subject,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
            complaint_id: m.complaint_id,
        })
        .collect())
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
