//! Letters as stored: the PDF with what it was made from, and when and how it was sent. Rule:
//! the SQL of letters lives here; what a letter says is `crate::letters`.

use super::entities::{conversations, letters};
use super::ids::{stored, texts};
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::ids::{ComplaintId, LetterId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// A letter without its PDF, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// Id.
    pub id: LetterId,
    /// The complaint.
    pub complaint_id: ComplaintId,
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

/// A letter's row without its PDF.
#[derive(sea_orm::DerivePartialModel)]
#[sea_orm(entity = "letters::Entity")]
struct Row {
    id: String,
    complaint_id: String,
    kind: String,
    template_version: String,
    procedure_label: String,
    content_hash: String,
    generated_at: DateTime<Utc>,
    generated_by: String,
    sent_on: Option<NaiveDate>,
    sent_via: Option<String>,
}

impl TryFrom<Row> for Meta {
    type Error = DbErr;

    fn try_from(row: Row) -> Result<Self, DbErr> {
        Ok(Self {
            id: stored(&row.id)?,
            complaint_id: stored(&row.complaint_id)?,
            kind: row.kind,
            template_version: row.template_version,
            procedure_label: row.procedure_label,
            content_hash: row.content_hash,
            generated_at: row.generated_at,
            generated_by: row.generated_by,
            sent_on: row.sent_on,
            sent_via: row.sent_via,
        })
    }
}

impl Meta {
    /// The file name of the letter: its id and kind.
    pub fn file_name(&self) -> String {
        format!("{}-{}.pdf", self.id, self.kind.to_lowercase())
    }
}

/// Stores a new letter: `meta` (not yet sent) with its PDF.
pub async fn insert(db: &impl ConnectionTrait, meta: Meta, pdf: Vec<u8>) -> Result<Meta, DbErr> {
    letters::Entity::insert(letters::ActiveModel {
        id: Set(meta.id.to_string()),
        complaint_id: Set(meta.complaint_id.to_string()),
        kind: Set(meta.kind.clone()),
        template_version: Set(meta.template_version.clone()),
        procedure_label: Set(meta.procedure_label.clone()),
        content_hash: Set(meta.content_hash.clone()),
        pdf: Set(pdf),
        generated_at: Set(meta.generated_at),
        generated_by: Set(meta.generated_by.clone()),
        sent_on: Set(None),
        sent_via: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(Meta {
        sent_on: None,
        sent_via: None,
        ..meta
    })
}

/// Letter `id` without its PDF.
pub async fn find(db: &impl ConnectionTrait, id: LetterId) -> Result<Option<Meta>, DbErr> {
    letters::Entity::find_by_id(id.to_string())
        .into_partial_model::<Row>()
        .one(db)
        .await?
        .map(Meta::try_from)
        .transpose()
}

/// Letter `id` with its PDF.
pub async fn with_pdf(
    db: &impl ConnectionTrait,
    id: LetterId,
) -> Result<Option<(Meta, Vec<u8>)>, DbErr> {
    let Some(meta) = find(db, id).await? else {
        return Ok(None);
    };
    let pdf: Option<Vec<u8>> = letters::Entity::find_by_id(id.to_string())
        .select_only()
        .column(letters::Column::Pdf)
        .into_tuple()
        .one(db)
        .await?;
    Ok(pdf.map(|pdf| (meta, pdf)))
}

/// Records that letter `id` was sent on `on` by `via` (`EMAIL`, `POST`).
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: LetterId,
    on: NaiveDate,
    via: &str,
) -> Result<Meta, DbErr> {
    // An UPDATE without RETURNING: the row as returned would carry the PDF along.
    letters::Entity::update_many()
        .col_expr(letters::Column::SentOn, Expr::value(Some(on)))
        .col_expr(letters::Column::SentVia, Expr::value(Some(via.to_owned())))
        .filter(letters::Column::Id.eq(id.to_string()))
        .exec(db)
        .await?;
    find(db, id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("letter {id}")))
}

/// The letters of `ids`, oldest first, without their PDFs: one statement.
pub async fn of_complaints(
    db: &impl ConnectionTrait,
    ids: &[ComplaintId],
) -> Result<HashMap<ComplaintId, Vec<Meta>>, DbErr> {
    let mut out: HashMap<ComplaintId, Vec<Meta>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = letters::Entity::find()
        .filter(letters::Column::ComplaintId.is_in(texts(ids)))
        .order_by_asc(letters::Column::GeneratedAt)
        .order_by_asc(letters::Column::Id)
        .into_partial_model::<Row>()
        .all(db)
        .await?;
    for row in rows {
        let meta = Meta::try_from(row)?;
        out.entry(meta.complaint_id).or_default().push(meta);
    }
    Ok(out)
}

/// The date and agreements of the complaint's latest conversation, if it had one.
pub async fn latest_agreements(
    db: &impl ConnectionTrait,
    complaint_id: ComplaintId,
) -> Result<Option<(NaiveDate, String)>, DbErr> {
    Ok(conversations::Entity::find()
        .filter(conversations::Column::ComplaintId.eq(complaint_id.to_string()))
        .order_by_desc(conversations::Column::HeldOn)
        .order_by_desc(conversations::Column::RecordedAt)
        .one(db)
        .await?
        .map(|c| (c.held_on, c.agreements)))
}

/// Deletes the letters of complaint `complaint_id` (the retention purge).
pub async fn delete_of(db: &impl ConnectionTrait, complaint_id: ComplaintId) -> Result<u64, DbErr> {
    Ok(letters::Entity::delete_many()
        .filter(letters::Column::ComplaintId.eq(complaint_id.to_string()))
        .exec(db)
        .await?
        .rows_affected)
}
