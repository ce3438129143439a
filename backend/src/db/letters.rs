//! Letters as stored: the PDF with what it was made from, and when and how it was sent. Rule:
//! the SQL of letters lives here; what a letter says is `crate::letters`.

use super::entities::{conversations, letters};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use std::collections::HashMap;

/// A letter without its PDF, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, sea_orm::DerivePartialModel)]
#[sea_orm(entity = "letters::Entity")]
pub struct Meta {
    /// Id.
    pub id: String,
    /// The complaint.
    pub complaint_id: String,
    /// Kind code.
    pub kind: String,
    /// Version of the texts.
    pub template_version: String,
    /// Procedure version label.
    pub procedure_label: String,
    /// SHA-256 of the PDF.
    pub content_hash: String,
    /// When.
    pub generated_at: DateTime<Utc>,
    /// By whom.
    pub generated_by: String,
    /// Sent on.
    pub sent_on: Option<NaiveDate>,
    /// Sent how.
    pub sent_via: Option<String>,
}

impl Meta {
    /// The file name of the letter: its id and kind.
    pub fn file_name(&self) -> String {
        format!("{}-{}.pdf", self.id, self.kind.to_lowercase())
    }
}

impl From<letters::Model> for Meta {
    fn from(row: letters::Model) -> Self {
        Self {
            id: row.id,
            complaint_id: row.complaint_id,
            kind: row.kind,
            template_version: row.template_version,
            procedure_label: row.procedure_label,
            content_hash: row.content_hash,
            generated_at: row.generated_at,
            generated_by: row.generated_by,
            sent_on: row.sent_on,
            sent_via: row.sent_via,
        }
    }
}

/// Stores a new letter: `meta` (not yet sent) with its PDF.
pub async fn insert(db: &impl ConnectionTrait, meta: Meta, pdf: Vec<u8>) -> Result<Meta, DbErr> {
    let row = letters::ActiveModel {
        id: Set(meta.id),
        complaint_id: Set(meta.complaint_id),
        kind: Set(meta.kind),
        template_version: Set(meta.template_version),
        procedure_label: Set(meta.procedure_label),
        content_hash: Set(meta.content_hash),
        pdf: Set(pdf),
        generated_at: Set(meta.generated_at),
        generated_by: Set(meta.generated_by),
        sent_on: Set(None),
        sent_via: Set(None),
    }
    .insert(db)
    .await?;
    Ok(row.into())
}

/// Letter `id` without its PDF.
pub async fn find(db: &impl ConnectionTrait, id: &str) -> Result<Option<Meta>, DbErr> {
    letters::Entity::find_by_id(id.to_owned())
        .into_partial_model::<Meta>()
        .one(db)
        .await
}

/// Letter `id` with its PDF.
pub async fn with_pdf(
    db: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<(Meta, Vec<u8>)>, DbErr> {
    Ok(letters::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .map(|mut row| {
            let pdf = std::mem::take(&mut row.pdf);
            (row.into(), pdf)
        }))
}

/// Records that letter `id` was sent on `on` by `via` (`EMAIL`, `POST`).
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: &str,
    on: NaiveDate,
    via: &str,
) -> Result<Meta, DbErr> {
    // An UPDATE without RETURNING: the row as returned would carry the PDF along.
    letters::Entity::update_many()
        .col_expr(letters::Column::SentOn, Expr::value(Some(on)))
        .col_expr(letters::Column::SentVia, Expr::value(Some(via.to_owned())))
        .filter(letters::Column::Id.eq(id.to_owned()))
        .exec(db)
        .await?;
    find(db, id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("letter {id}")))
}

/// The letters of `ids`, oldest first, without their PDFs: one statement.
pub async fn of_complaints(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> Result<HashMap<String, Vec<Meta>>, DbErr> {
    let mut out: HashMap<String, Vec<Meta>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = letters::Entity::find()
        .filter(letters::Column::ComplaintId.is_in(ids.to_vec()))
        .order_by_asc(letters::Column::GeneratedAt)
        .order_by_asc(letters::Column::Id)
        .into_partial_model::<Meta>()
        .all(db)
        .await?;
    for row in rows {
        out.entry(row.complaint_id.clone()).or_default().push(row);
    }
    Ok(out)
}

/// The date and agreements of the complaint's latest conversation, if it had one.
pub async fn latest_agreements(
    db: &impl ConnectionTrait,
    complaint_id: &str,
) -> Result<Option<(NaiveDate, String)>, DbErr> {
    Ok(conversations::Entity::find()
        .filter(conversations::Column::ComplaintId.eq(complaint_id))
        .order_by_desc(conversations::Column::HeldOn)
        .order_by_desc(conversations::Column::RecordedAt)
        .one(db)
        .await?
        .map(|c| (c.held_on, c.agreements)))
}

/// Deletes the letters of complaint `complaint_id` (the retention purge).
pub async fn delete_of(db: &impl ConnectionTrait, complaint_id: &str) -> Result<u64, DbErr> {
    Ok(letters::Entity::delete_many()
        .filter(letters::Column::ComplaintId.eq(complaint_id))
        .exec(db)
        .await?
        .rows_affected)
}
