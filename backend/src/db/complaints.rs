//! Complaints in storage. Rule: rows map to `klachten_core::complaint::Complaint` here and
//! nowhere else; a write checks the version it read (optimistic concurrency).

use super::codes::{
    category_code, category_from, channel_code, channel_from, ground_code, ground_from,
    status_code, status_from,
};
use super::entities::{complaint_parties, complaints, id_aliases, suspensions};
pub use super::ids::new_complaint_id;
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, NaiveDate, Utc};
use klachten_core::complaint::{
    AnonymisedSummary, Complainant, Complaint, DpoAdvice, LegalHold, RootCause, Suspension,
};
use klachten_core::complaint::{Category, Status};
use klachten_core::ids::{ComplaintId, EmailAddress, PhoneNumber, Reference, UserId};
use klachten_core::policy::{IdentifiedScope, month_bounds};
use klachten_core::sensitive::Sensitive;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::{BTreeSet, HashMap};

/// A complaint as stored: the domain complaint plus what storage needs to write it back.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The domain complaint.
    pub complaint: Complaint,
    /// The version read (optimistic concurrency).
    pub version: i32,
    /// The procedure version it falls under.
    pub procedure_version_id: String,
    /// The calendar version it is counted with.
    pub calendar_version_id: String,
}

/// A complaint's place in the list, newest reference first: its year and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The reference's year.
    pub year: i32,
    /// The reference's number in that year.
    pub sequence: i32,
}

impl Place {
    /// The place of `complaint`.
    pub fn of(complaint: &Complaint) -> Self {
        Self {
            year: complaint.reference.year(),
            sequence: i32::try_from(complaint.reference.sequence()).unwrap_or(i32::MAX),
        }
    }
}

fn corrupt(what: &str) -> DbErr {
    DbErr::Custom(format!("stored complaint has an unreadable {what}"))
}

fn to_domain(
    row: complaints::Model,
    parties: Vec<complaint_parties::Model>,
    waits: Vec<suspensions::Model>,
) -> Result<Stored, DbErr> {
    let status = |s: &str| status_from(s).ok_or_else(|| corrupt("status"));
    let mut waits = waits;
    waits.sort_by_key(|s| s.seq);
    let suspensions = waits
        .into_iter()
        .map(|s| {
            Ok(Suspension {
                requested_on: s.requested_on,
                due_on: s.due_on,
                received_on: s.received_on,
                returns_to: status(&s.returns_to)?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let complaint = Complaint {
        id: row
            .id
            .parse::<ComplaintId>()
            .ok()
            .ok_or_else(|| corrupt("id"))?,
        reference: row
            .reference
            .parse::<Reference>()
            .map_err(|_| corrupt("reference"))?,
        channel: channel_from(&row.channel).ok_or_else(|| corrupt("channel"))?,
        category: category_from(&row.category).ok_or_else(|| corrupt("category"))?,
        received_on: row.received_on,
        complainant: Complainant {
            name: Sensitive::new(row.complainant_name),
            address: Sensitive::new(row.complainant_address),
            phone: Sensitive::new(
                row.complainant_phone
                    .as_deref()
                    .and_then(|p| PhoneNumber::parse(p).ok()),
            ),
            email: Sensitive::new(
                row.complainant_email
                    .as_deref()
                    .and_then(|e| EmailAddress::parse(e).ok()),
            ),
        },
        concerning: Sensitive::new(row.concerning),
        facts: Sensitive::new(row.facts),
        conduct_on: Sensitive::new(row.conduct_on),
        remedy_sought: Sensitive::new(row.remedy_sought),
        procedure_label: String::new(),
        status: status(&row.status)?,
        registered_by: row
            .registered_by
            .parse::<UserId>()
            .ok()
            .ok_or_else(|| corrupt("registrar"))?,
        handler: row.handler_id.as_deref().and_then(|id| id.parse().ok()),
        involved: parties
            .iter()
            .filter_map(|p| p.user_id.parse::<UserId>().ok())
            .collect::<BTreeSet<_>>(),
        acknowledged_on: row.acknowledged_on,
        first_contact_on: row.first_contact_on,
        discussed_on: row.discussed_on,
        closed_on: row.closed_on,
        decline_ground: row.decline_ground.as_deref().and_then(ground_from),
        outcome: Sensitive::new(row.outcome),
        suspensions,
        dpo_requested_on: row.dpo_requested_on,
        dpo_advice: match (row.dpo_advised_on, row.dpo_advice) {
            (Some(advised_on), Some(advice)) => Some(DpoAdvice {
                advised_on,
                advice: Sensitive::new(advice),
                followed: row.dpo_followed.unwrap_or(false),
                reason: Sensitive::new(row.dpo_reason.unwrap_or_default()),
            }),
            _ => None,
        },
        summary: row.summary.map(|text| AnonymisedSummary {
            text: Sensitive::new(text),
            reviewed: row.summary_reviewed,
        }),
        root_cause: row.root_cause_category.map(|category| RootCause {
            category,
            text: Sensitive::new(row.root_cause.unwrap_or_default()),
            reviewed: row.root_cause_reviewed,
        }),
        purged_on: row.purged_on,
        legal_hold: match (row.legal_hold_since, row.legal_hold_by.as_deref()) {
            (Some(since), Some(by)) => Some(LegalHold {
                since,
                by: by
                    .parse::<UserId>()
                    .ok()
                    .ok_or_else(|| corrupt("legal hold"))?,
                reason: Sensitive::new(row.legal_hold_reason.unwrap_or_default()),
            }),
            _ => None,
        },
        kept_outcomes: row
            .kept_outcomes
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|_| corrupt("kept outcomes"))?,
        kept_closure: row
            .kept_closure
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|_| corrupt("kept closure"))?,
    };
    Ok(Stored {
        complaint,
        version: row.version,
        procedure_version_id: row.procedure_version_id,
        calendar_version_id: row.calendar_version_id,
    })
}

/// Loads complaints with their parties and suspensions in three statements, whatever their number.
pub async fn hydrate(
    db: &impl ConnectionTrait,
    rows: Vec<complaints::Model>,
) -> Result<Vec<Stored>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut parties: HashMap<String, Vec<complaint_parties::Model>> = HashMap::new();
    for p in complaint_parties::Entity::find()
        .filter(complaint_parties::Column::ComplaintId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        parties.entry(p.complaint_id.clone()).or_default().push(p);
    }
    let mut waits: HashMap<String, Vec<suspensions::Model>> = HashMap::new();
    for s in suspensions::Entity::find()
        .filter(suspensions::Column::ComplaintId.is_in(ids))
        .all(db)
        .await?
    {
        waits.entry(s.complaint_id.clone()).or_default().push(s);
    }
    rows.into_iter()
        .map(|row| {
            let id = row.id.clone();
            to_domain(
                row,
                parties.remove(&id).unwrap_or_default(),
                waits.remove(&id).unwrap_or_default(),
            )
        })
        .collect()
}

/// The complaints with these ids (as stored), in no particular order; unknown ids are left out.
pub async fn load_many(
    db: &impl ConnectionTrait,
    ids: &[ComplaintId],
) -> Result<Vec<Stored>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = complaints::Entity::find()
        .filter(complaints::Column::Id.is_in(super::ids::texts(ids)))
        .all(db)
        .await?;
    hydrate(db, rows).await
}

/// The stored id of the complaint with `reference` (`KL-2026-0042`), if there is one.
pub async fn id_by_reference(
    db: &impl ConnectionTrait,
    reference: &str,
) -> Result<Option<String>, DbErr> {
    Ok(complaints::Entity::find()
        .filter(complaints::Column::Reference.eq(reference.to_owned()))
        .one(db)
        .await?
        .map(|c| c.id))
}

/// The references of the complaints with these stored ids, by id.
pub async fn references(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, String>, DbErr> {
    Ok(complaints::Entity::find()
        .select_only()
        .column(complaints::Column::Id)
        .column(complaints::Column::Reference)
        .filter(complaints::Column::Id.is_in(ids))
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Every complaint received on a day in `[from, until)`, with its parties and suspensions.
pub async fn received_in(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<Stored>, DbErr> {
    let rows = complaints::Entity::find()
        .filter(complaints::Column::ReceivedOn.gte(from))
        .filter(complaints::Column::ReceivedOn.lt(until))
        .all(db)
        .await?;
    hydrate(db, rows).await
}

/// The id and reference of every complaint in one of `statuses` closed on or before `day`, by
/// reference.
pub async fn closed_by(
    db: &impl ConnectionTrait,
    statuses: &[Status],
    day: NaiveDate,
) -> Result<Vec<(ComplaintId, String)>, DbErr> {
    let codes = statuses.iter().map(|s| status_code(*s).to_owned());
    complaints::Entity::find()
        .filter(complaints::Column::Status.is_in(codes))
        .filter(complaints::Column::ClosedOn.lte(day))
        .order_by_asc(complaints::Column::Reference)
        .all(db)
        .await?
        .into_iter()
        .map(|c| Ok((super::ids::stored(&c.id)?, c.reference)))
        .collect()
}

/// Deletes what a complaint's record holds besides the complaint: its conversations, its
/// timeline and the request ids of its registration (which carry a hash of what was sent).
pub async fn delete_record(
    db: &impl ConnectionTrait,
    complaint_id: ComplaintId,
) -> Result<(), DbErr> {
    use super::entities::{complaint_events, conversations, registration_requests};
    let complaint_id = complaint_id.to_string();
    conversations::Entity::delete_many()
        .filter(conversations::Column::ComplaintId.eq(complaint_id.to_owned()))
        .exec(db)
        .await?;
    complaint_events::Entity::delete_many()
        .filter(complaint_events::Column::ComplaintId.eq(complaint_id.to_owned()))
        .exec(db)
        .await?;
    registration_requests::Entity::delete_many()
        .filter(registration_requests::Column::ComplaintId.eq(complaint_id.to_owned()))
        .exec(db)
        .await?;
    Ok(())
}

/// Every complaint in one of `statuses`, with its parties and suspensions.
pub async fn with_status(
    db: &impl ConnectionTrait,
    statuses: &[Status],
) -> Result<Vec<Stored>, DbErr> {
    let codes = statuses.iter().map(|s| status_code(*s).to_owned());
    let rows = complaints::Entity::find()
        .filter(complaints::Column::Status.is_in(codes))
        .all(db)
        .await?;
    hydrate(db, rows).await
}

/// The complaint with `id`.
pub async fn load(db: &impl ConnectionTrait, id: ComplaintId) -> Result<Option<Stored>, DbErr> {
    let Some(row) = complaints::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(hydrate(db, vec![row]).await?.pop())
}

/// The complaint that had `legacy` as its id before ids became random (the earlier ids told the
/// moment of registration; old letters and mail still link to them).
pub async fn load_by_legacy_id(
    db: &impl ConnectionTrait,
    legacy: ComplaintId,
) -> Result<Option<Stored>, DbErr> {
    let Some(alias) = id_aliases::Entity::find_by_id(legacy.to_string())
        .filter(id_aliases::Column::Kind.eq("complaints"))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    match alias.id.parse::<ComplaintId>().ok() {
        Some(id) => load(db, id).await,
        None => Ok(None),
    }
}

/// The ids `id` had before ids became random (none for a complaint registered since).
pub async fn earlier_ids(db: &impl ConnectionTrait, id: &str) -> Result<Vec<String>, DbErr> {
    Ok(id_aliases::Entity::find()
        .filter(id_aliases::Column::Kind.eq("complaints"))
        .filter(id_aliases::Column::Id.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.legacy_id)
        .collect())
}

/// For each of `ids` that is an earlier complaint id, the complaint's id now.
pub async fn current_ids(
    db: &impl ConnectionTrait,
    ids: Vec<String>,
) -> Result<HashMap<String, String>, DbErr> {
    Ok(id_aliases::Entity::find()
        .filter(id_aliases::Column::Kind.eq("complaints"))
        .filter(id_aliases::Column::LegacyId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.legacy_id, a.id))
        .collect())
}

/// Filters for the list of complaints.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these statuses.
    pub statuses: Vec<Status>,
    /// Only these categories.
    pub categories: Vec<Category>,
    /// Only complaints assigned to this handler (callers check that the viewer may ask; it
    /// matches only complaints the viewer sees identified).
    pub handler: Option<UserId>,
    /// Received on or after: the exact day for complaints the viewer sees identified, the
    /// first of its month for the others.
    pub received_from: Option<NaiveDate>,
    /// Received on or before: the exact day for complaints the viewer sees identified, the
    /// last of its month for the others.
    pub received_to: Option<NaiveDate>,
    /// Only complaints this user registered, handles or was made party to, among those the
    /// viewer sees identified.
    pub involving: Option<UserId>,
    /// What the viewer sees identified: every condition that the anonymised view cannot answer
    /// is confined to it.
    pub scope: IdentifiedScope,
}

/// The viewer's identified scope as a query condition; `None` when it covers nothing.
fn scope_condition(scope: &IdentifiedScope) -> Option<Condition> {
    if scope.is_empty() {
        return None;
    }
    let mut any = Condition::any();
    if scope.every {
        any = any.add(Expr::value(true));
    }
    if !scope.categories.is_empty() {
        any = any.add(
            complaints::Column::Category.is_in(
                scope
                    .categories
                    .iter()
                    .map(|c| category_code(*c).to_owned()),
            ),
        );
    }
    if let Some(user) = scope.involving {
        let user = user.to_string();
        let parties = sea_orm::sea_query::Query::select()
            .column(complaint_parties::Column::ComplaintId)
            .from(complaint_parties::Entity)
            .and_where(complaint_parties::Column::UserId.eq(user.clone()))
            .to_owned();
        any = any.add(
            Condition::any()
                .add(complaints::Column::RegisteredBy.eq(user))
                .add(complaints::Column::Id.in_subquery(parties)),
        );
    }
    Some(
        Condition::all()
            .add(complaints::Column::Status.ne(status_code(Status::Purged)))
            .add(any),
    )
}

fn received_between(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Condition {
    let mut all = Condition::all();
    if let Some(from) = from {
        all = all.add(complaints::Column::ReceivedOn.gte(from));
    }
    if let Some(to) = to {
        all = all.add(complaints::Column::ReceivedOn.lte(to));
    }
    all
}

/// One page of complaints, newest reference first, after the place `after`: keyset
/// pagination, never OFFSET. Returns `first + 1` rows at most so the caller knows if more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &Filter,
    first: u64,
    after: Option<Place>,
) -> Result<Vec<Stored>, DbErr> {
    let mut query = complaints::Entity::find();
    if !filter.statuses.is_empty() {
        let codes = filter.statuses.iter().map(|s| status_code(*s).to_owned());
        query = query.filter(complaints::Column::Status.is_in(codes));
    }
    if !filter.categories.is_empty() {
        let codes = filter
            .categories
            .iter()
            .map(|c| category_code(*c).to_owned());
        query = query.filter(complaints::Column::Category.is_in(codes));
    }
    let scope = scope_condition(&filter.scope);
    // Conditions the anonymised view cannot answer match only what the viewer sees identified.
    let confined = |condition: Condition| match &scope {
        Some(scope) => Condition::all().add(scope.clone()).add(condition),
        None => Condition::all().add(Expr::value(false)),
    };
    if let Some(handler) = filter.handler {
        query = query.filter(confined(
            Condition::all().add(complaints::Column::HandlerId.eq(handler.to_string())),
        ));
    }
    if filter.received_from.is_some() || filter.received_to.is_some() {
        let (month_from, month_to) = month_bounds(filter.received_from, filter.received_to);
        let by_month = received_between(month_from, month_to);
        query = query.filter(match &scope {
            Some(scope) => Condition::any()
                .add(
                    Condition::all()
                        .add(scope.clone())
                        .add(received_between(filter.received_from, filter.received_to)),
                )
                .add(Condition::all().add(scope.clone().not()).add(by_month)),
            None => by_month,
        });
    }
    if let Some(user) = filter.involving.map(|id| id.to_string()) {
        let parties = sea_orm::sea_query::Query::select()
            .column(complaint_parties::Column::ComplaintId)
            .from(complaint_parties::Entity)
            .and_where(complaint_parties::Column::UserId.eq(user.clone()))
            .to_owned();
        query = query.filter(confined(
            Condition::any()
                .add(complaints::Column::RegisteredBy.eq(user.clone()))
                .add(complaints::Column::HandlerId.eq(user.clone()))
                .add(complaints::Column::Id.in_subquery(parties)),
        ));
    }
    if let Some(after) = after {
        query = query.filter(
            Condition::any()
                .add(complaints::Column::Year.lt(after.year))
                .add(
                    Condition::all()
                        .add(complaints::Column::Year.eq(after.year))
                        .add(complaints::Column::Sequence.lt(after.sequence)),
                ),
        );
    }
    let rows = query
        .order_by_desc(complaints::Column::Year)
        .order_by_desc(complaints::Column::Sequence)
        .limit(first + 1)
        .all(db)
        .await?;
    hydrate(db, rows).await
}

/// The next sequence number for references in `year`.
pub async fn next_sequence(db: &impl ConnectionTrait, year: i32) -> Result<u32, DbErr> {
    // Two registrations at the same moment must not both take the next number. SQLite's
    // write transactions already run one at a time; on PostgreSQL the transaction takes a lock
    // for the year's numbering, held until it ends, and reads the highest number after it.
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext('klachten-reference'), $1)",
            [year.into()],
        ))
        .await?;
    }
    let max: Option<i32> = complaints::Entity::find()
        .select_only()
        .column_as(
            Expr::from(Func::max(Expr::col(complaints::Column::Sequence))),
            "max",
        )
        .filter(complaints::Column::Year.eq(year))
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    Ok(u32::try_from(max.unwrap_or(0)).unwrap_or(0) + 1)
}

fn columns(c: &Complaint) -> complaints::ActiveModel {
    let s = |v: &Sensitive<Option<String>>| v.expose().clone();
    complaints::ActiveModel {
        status: Set(status_code(c.status).to_owned()),
        category: Set(category_code(c.category).to_owned()),
        channel: Set(channel_code(c.channel).to_owned()),
        complainant_name: Set(s(&c.complainant.name)),
        complainant_address: Set(s(&c.complainant.address)),
        complainant_phone: Set(c
            .complainant
            .phone
            .expose()
            .as_ref()
            .map(|p| p.as_str().to_owned())),
        complainant_email: Set(c
            .complainant
            .email
            .expose()
            .as_ref()
            .map(|e| e.as_str().to_owned())),
        concerning: Set(s(&c.concerning)),
        facts: Set(c.facts.expose().clone()),
        conduct_on: Set(*c.conduct_on.expose()),
        remedy_sought: Set(s(&c.remedy_sought)),
        handler_id: Set(c.handler.map(|id| id.to_string())),
        acknowledged_on: Set(c.acknowledged_on),
        first_contact_on: Set(c.first_contact_on),
        discussed_on: Set(c.discussed_on),
        closed_on: Set(c.closed_on),
        decline_ground: Set(c.decline_ground.map(|g| ground_code(g).to_owned())),
        outcome: Set(s(&c.outcome)),
        dpo_requested_on: Set(c.dpo_requested_on),
        dpo_advised_on: Set(c.dpo_advice.as_ref().map(|a| a.advised_on)),
        dpo_advice: Set(c.dpo_advice.as_ref().map(|a| a.advice.expose().clone())),
        dpo_followed: Set(c.dpo_advice.as_ref().map(|a| a.followed)),
        dpo_reason: Set(c.dpo_advice.as_ref().map(|a| a.reason.expose().clone())),
        summary: Set(c.summary.as_ref().map(|s| s.text.expose().clone())),
        summary_reviewed: Set(c.summary.as_ref().is_some_and(|s| s.reviewed)),
        purged_on: Set(c.purged_on),
        root_cause_category: Set(c.root_cause.as_ref().map(|r| r.category.clone())),
        root_cause: Set(c.root_cause.as_ref().map(|r| r.text.expose().clone())),
        root_cause_reviewed: Set(c.root_cause.as_ref().is_some_and(|r| r.reviewed)),
        received_on: Set(c.received_on),
        legal_hold_since: Set(c.legal_hold.as_ref().map(|h| h.since)),
        legal_hold_by: Set(c.legal_hold.as_ref().map(|h| h.by.to_string())),
        legal_hold_reason: Set(c.legal_hold.as_ref().map(|h| h.reason.expose().clone())),
        kept_outcomes: Set(c
            .kept_outcomes
            .as_ref()
            .and_then(|o| serde_json::to_string(o).ok())),
        kept_closure: Set(c
            .kept_closure
            .as_ref()
            .and_then(|o| serde_json::to_string(o).ok())),
        ..Default::default()
    }
}

/// Inserts a new complaint (no parties or suspensions yet).
pub async fn insert(
    db: &impl ConnectionTrait,
    c: &Complaint,
    procedure_version_id: &str,
    calendar_version_id: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut row = columns(c);
    row.id = Set(c.id.to_string());
    row.reference = Set(c.reference.to_string());
    row.year = Set(c.reference.year());
    row.sequence = Set(i32::try_from(c.reference.sequence()).unwrap_or(i32::MAX));
    row.received_on = Set(c.received_on);
    row.procedure_version_id = Set(procedure_version_id.to_owned());
    row.calendar_version_id = Set(calendar_version_id.to_owned());
    row.registered_by = Set(c.registered_by.to_string());
    row.version = Set(1);
    row.created_at = Set(now);
    row.updated_at = Set(now);
    row.insert(db).await?;
    Ok(())
}

/// Writes `after` over `before`, only if nobody wrote in between (else `CONFLICT`); parties
/// and suspensions follow the domain complaint.
pub async fn save(
    db: &impl ConnectionTrait,
    before: &Stored,
    after: &Complaint,
    actor: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let id = after.id.to_string();
    let mut row = columns(after);
    row.version = Set(before.version + 1);
    row.updated_at = Set(now);
    let updated = complaints::Entity::update_many()
        .set(row)
        .filter(complaints::Column::Id.eq(id.clone()))
        .filter(complaints::Column::Version.eq(before.version))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ApiError::conflict());
    }
    let old = &before.complaint.involved;
    for added in after.involved.difference(old) {
        complaint_parties::ActiveModel {
            complaint_id: Set(id.clone()),
            user_id: Set((*added).to_string()),
            added_by: Set(actor.to_owned()),
            added_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    let removed: Vec<String> = old
        .difference(&after.involved)
        .map(|u| (*u).to_string())
        .collect();
    if !removed.is_empty() {
        complaint_parties::Entity::delete_many()
            .filter(complaint_parties::Column::ComplaintId.eq(id.clone()))
            .filter(complaint_parties::Column::UserId.is_in(removed))
            .exec(db)
            .await?;
    }
    if after.suspensions != before.complaint.suspensions {
        suspensions::Entity::delete_many()
            .filter(suspensions::Column::ComplaintId.eq(id.clone()))
            .exec(db)
            .await?;
        for (seq, s) in after.suspensions.iter().enumerate() {
            suspensions::ActiveModel {
                id: Set(super::ids::new_id()),
                complaint_id: Set(id.clone()),
                seq: Set(i32::try_from(seq).unwrap_or(i32::MAX)),
                requested_on: Set(s.requested_on),
                due_on: Set(s.due_on),
                received_on: Set(s.received_on),
                returns_to: Set(status_code(s.returns_to).to_owned()),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// One line of a complaint's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// What happened: a step's or another action's code.
    pub action: String,
    /// Who did it (a user id); none for the system.
    pub actor_id: Option<String>,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// The day it happened on, when it says.
    pub on_date: Option<NaiveDate>,
}

/// A conversation with the complainant and what was agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    /// When it was held.
    pub held_on: NaiveDate,
    /// `PHONE` or `MEETING`.
    pub kind: String,
    /// What was discussed.
    pub summary: String,
    /// What was agreed.
    pub agreements: String,
    /// Who recorded it (a user id).
    pub recorded_by: String,
}

/// The timeline and conversations of one complaint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The timeline, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The conversations, in the order they were held.
    pub conversations: Vec<Conversation>,
}

/// The timelines and conversations of `ids`, in two statements whatever their number.
pub async fn history(
    db: &impl ConnectionTrait,
    ids: &[ComplaintId],
) -> Result<HashMap<ComplaintId, Record>, DbErr> {
    use super::entities::{complaint_events, conversations};
    let mut out: HashMap<ComplaintId, Record> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let ids = super::ids::texts(ids);
    let events = complaint_events::Entity::find()
        .filter(complaint_events::Column::ComplaintId.is_in(ids.to_vec()))
        .order_by_asc(complaint_events::Column::At)
        .order_by_asc(complaint_events::Column::Id)
        .all(db)
        .await?;
    for e in events {
        out.entry(super::ids::stored(&e.complaint_id)?)
            .or_default()
            .timeline
            .push(TimelineEntry {
                action: e.action,
                actor_id: e.actor_id,
                at: e.at,
                on_date: e.on_date,
            });
    }
    let talks = conversations::Entity::find()
        .filter(conversations::Column::ComplaintId.is_in(ids.to_vec()))
        .order_by_asc(conversations::Column::HeldOn)
        .all(db)
        .await?;
    for c in talks {
        out.entry(super::ids::stored(&c.complaint_id)?)
            .or_default()
            .conversations
            .push(Conversation {
                held_on: c.held_on,
                kind: c.kind,
                summary: c.summary,
                agreements: c.agreements,
                recorded_by: c.recorded_by,
            });
    }
    Ok(out)
}

/// Stores `conversation` of `complaint_id`, recorded at `at`.
pub async fn record_conversation(
    db: &impl ConnectionTrait,
    complaint_id: ComplaintId,
    conversation: Conversation,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    super::entities::conversations::ActiveModel {
        id: Set(super::ids::new_id()),
        complaint_id: Set(complaint_id.to_string()),
        held_on: Set(conversation.held_on),
        kind: Set(conversation.kind),
        summary: Set(conversation.summary),
        agreements: Set(conversation.agreements),
        recorded_by: Set(conversation.recorded_by),
        recorded_at: Set(at),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A registration's request id as remembered: the hash of what was sent and the complaint made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RememberedRequest {
    /// SHA-256 of the registration as sent.
    pub hash: String,
    /// The complaint it made.
    pub complaint_id: ComplaintId,
}

/// What `user`'s request `request_id` made, if it was sent before.
pub async fn remembered_request(
    db: &impl ConnectionTrait,
    user: UserId,
    request_id: &str,
) -> Result<Option<RememberedRequest>, DbErr> {
    use super::entities::registration_requests;
    registration_requests::Entity::find_by_id((user.to_string(), request_id.to_owned()))
        .one(db)
        .await?
        .map(|r| {
            Ok(RememberedRequest {
                complaint_id: super::ids::stored(&r.complaint_id)?,
                hash: r.request_hash,
            })
        })
        .transpose()
}

/// Remembers that `user`'s request `request_id` made `request`'s complaint. Fails with a unique
/// violation when the same request was remembered in between.
pub async fn remember_request(
    db: &impl ConnectionTrait,
    user: UserId,
    request_id: &str,
    request: RememberedRequest,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    super::entities::registration_requests::ActiveModel {
        user_id: Set(user.to_string()),
        request_id: Set(request_id.to_owned()),
        request_hash: Set(request.hash),
        complaint_id: Set(request.complaint_id.to_string()),
        created_at: Set(at),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Adds a step to a complaint's timeline (inside the caller's transaction).
pub async fn record_event(
    db: &impl ConnectionTrait,
    complaint_id: ComplaintId,
    action: &str,
    actor_id: Option<String>,
    at: DateTime<Utc>,
    on_date: Option<NaiveDate>,
) -> Result<(), DbErr> {
    super::entities::complaint_events::ActiveModel {
        id: Set(super::ids::new_id()),
        complaint_id: Set(complaint_id.to_string()),
        action: Set(action.to_owned()),
        actor_id: Set(actor_id),
        at: Set(at),
        on_date: Set(on_date),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The complaints received on or before `candidate` (other than it) that still hold a
/// complainant's name, e-mail address or phone number, with their related rows.
pub async fn with_contact_data_before(
    db: &impl ConnectionTrait,
    candidate: &Complaint,
) -> Result<Vec<Stored>, DbErr> {
    let rows = complaints::Entity::find()
        .filter(complaints::Column::ReceivedOn.lte(candidate.received_on))
        .filter(complaints::Column::Id.ne(candidate.id.to_string()))
        .filter(
            Condition::any()
                .add(complaints::Column::ComplainantName.is_not_null())
                .add(complaints::Column::ComplainantEmail.is_not_null())
                .add(complaints::Column::ComplainantPhone.is_not_null()),
        )
        .all(db)
        .await?;
    hydrate(db, rows).await
}
