//! Letter use cases shared by the steps that produce a letter and by a request for one. Rule:
//! a letter is made from the core's facts of the complaint, in the caller's transaction, and its
//! making is on the timeline and in the audit log with the letter's SHA-256.

use crate::db::complaints::{self as store, Stored};
use crate::db::entities::{conversations, letters};
use crate::db::{Rules, audit};
use crate::error::{ApiError, ApiResult, Code};
use crate::letters::{self as letter, Facts, Kind, LetterError};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

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
) -> ApiResult<letters::Model> {
    let Request {
        kind,
        note,
        conversation,
    } = request;
    let complaint_id = store::complaint_id_string(stored.complaint.id);
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
        None => conversations::Entity::find()
            .filter(conversations::Column::ComplaintId.eq(complaint_id.clone()))
            .order_by_desc(conversations::Column::HeldOn)
            .order_by_desc(conversations::Column::RecordedAt)
            .one(db)
            .await?
            .map(|c| (c.held_on, c.agreements)),
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
    let made = letter::generate(db, &state.config, kind, &complaint_id, &facts, by, now)
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
        complaint_id: &complaint_id,
        on: today,
        detail: format!("kind:{};sha256:{}", kind.code(), made.content_hash),
    };
    super::on_record(db, state, event, now).await?;
    Ok(made)
}

/// Marks `letter` as sent on `on`, by e-mail or by post, on the timeline and in the audit log.
pub async fn sent(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    state: &AppState,
    letter: letters::Model,
    by_email: bool,
    on: NaiveDate,
    by: &str,
    stored: &Stored,
) -> ApiResult<letters::Model> {
    let now = state.clock.now();
    let code = if by_email { "EMAIL" } else { "POST" };
    let complaint_id = store::complaint_id_string(stored.complaint.id);
    let letter_id = letter.id.clone();
    let mut row: letters::ActiveModel = letter.into();
    row.sent_on = Set(Some(on));
    row.sent_via = Set(Some(code.to_owned()));
    let updated = row.update(db).await?;
    let event = super::Event {
        by,
        action: audit::Named::LetterSent,
        complaint_id: &complaint_id,
        on,
        detail: format!("letter:{letter_id};via:{code}"),
    };
    super::on_record(db, state, event, now).await?;
    Ok(updated)
}
