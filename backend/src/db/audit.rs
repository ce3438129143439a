//! The audit log. Rule: append-only and chained — each entry's hash covers its content and the
//! previous entry's hash — keyed with a secret outside the database (derived from the secrets
//! key), and it never holds identifying values, only ids and actions.
//!
//! A copy of the database lets someone delete rows or write new ones, but not make hashes that
//! verify: an altered or recomputed entry is found by [`verify`]. What the database alone cannot
//! show — that rows at the end were deleted, or all of them — the anchors show: the head of the
//! chain (`seq:hash`) is written daily outside the database (the operator's log, the directors'
//! mail), and `klachten audit verify --anchor seq:hash` checks the chain still holds it.
//!
//! Entries of earlier releases carry plain SHA-256 hashes (no key id); they may only come
//! before the first keyed entry, and the server keys the head on start ([`key_head`]), so a
//! chain that ends unkeyed was not written by this server.

use super::entities::audit_log;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use klachten_core::ids::ComplaintId;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The action of the entry that keys the head of the chain on start.
pub const KEYED: Named = Named::AuditChainKeyed;

/// What an audit entry records: a lifecycle step, or one of the other things the log keeps.
/// Its code is what the log stores and the audit view shows and filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A lifecycle step on a complaint (stored as the step's code, `ACKNOWLEDGE`, `PURGE`, …).
    Step(klachten_core::lifecycle::Action),
    /// Anything else, by name.
    Named(Named),
}

impl Action {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Step(step) => super::codes::action_code(step),
            Self::Named(named) => named.code(),
        }
    }
}

impl From<Named> for Action {
    fn from(named: Named) -> Self {
        Self::Named(named)
    }
}

impl From<klachten_core::lifecycle::Action> for Action {
    fn from(step: klachten_core::lifecycle::Action) -> Self {
        Self::Step(step)
    }
}

macro_rules! named {
    ($($variant:ident => $code:literal,)*) => {
        /// The audit log's actions other than lifecycle steps.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Named { $(#[doc = concat!("`", $code, "`")] $variant,)* }

        impl Named {
            /// Every one of them.
            pub const ALL: &[Self] = &[$(Self::$variant,)*];

            /// The stored code.
            pub const fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)* }
            }
        }
    };
}

named! {
    AgendaExported => "AGENDA_EXPORTED",
    AgendaItemAdded => "AGENDA_ITEM_ADDED",
    AgendaItemRemoved => "AGENDA_ITEM_REMOVED",
    AgendaPublished => "AGENDA_PUBLISHED",
    ApiClientCreated => "API_CLIENT_CREATED",
    ApiClientRevoked => "API_CLIENT_REVOKED",
    ApiKeyRotated => "API_KEY_ROTATED",
    ApiOperationAdded => "API_OPERATION_ADDED",
    ApiOperationRemoved => "API_OPERATION_REMOVED",
    ApiRequest => "API_REQUEST",
    AuditChainKeyed => "AUDIT_CHAIN_KEYED",
    AuditLogRead => "AUDIT_LOG_READ",
    CalendarVersionSaved => "CALENDAR_VERSION_SAVED",
    CauseCategorySaved => "CAUSE_CATEGORY_SAVED",
    DecisionRecorded => "DECISION_RECORDED",
    DemoLoaded => "DEMO_LOADED",
    Denied => "DENIED",
    LegalHoldPlaced => "LEGAL_HOLD_PLACED",
    LegalHoldReleased => "LEGAL_HOLD_RELEASED",
    LetterGenerated => "LETTER_GENERATED",
    LetterRead => "LETTER_READ",
    LetterSent => "LETTER_SENT",
    Login => "LOGIN",
    LoginFailed => "LOGIN_FAILED",
    Logout => "LOGOUT",
    MeasureAdded => "MEASURE_ADDED",
    MeasureDescriptionReviewed => "MEASURE_DESCRIPTION_REVIEWED",
    MeasureStatus => "MEASURE_STATUS",
    MeetingCreated => "MEETING_CREATED",
    MeetingUpdated => "MEETING_UPDATED",
    MinutesSaved => "MINUTES_SAVED",
    PasswordChanged => "PASSWORD_CHANGED",
    ProcedureVersionSaved => "PROCEDURE_VERSION_SAVED",
    PurgeFailed => "PURGE_FAILED",
    ReadIdentified => "READ_IDENTIFIED",
    Register => "REGISTER",
    ReportExported => "REPORT_EXPORTED",
    RolesChanged => "ROLES_CHANGED",
    RoleChangeProposed => "ROLE_CHANGE_PROPOSED",
    RoleChangeRejected => "ROLE_CHANGE_REJECTED",
    UserCreated => "USER_CREATED",
    UserUpdated => "USER_UPDATED",
    WebhookCreated => "WEBHOOK_CREATED",
    WebhookDeleted => "WEBHOOK_DELETED",
    WebhookPinged => "WEBHOOK_PINGED",
    WebhookRedelivered => "WEBHOOK_REDELIVERED",
    WebhookSecretRotated => "WEBHOOK_SECRET_ROTATED",
    WebhookSwitchedOff => "WEBHOOK_SWITCHED_OFF",
    WebhookUpdated => "WEBHOOK_UPDATED",
}

/// The key of the chain, derived from the secrets key. `Debug` never shows it.
#[derive(Clone)]
pub struct AuditKey {
    id: String,
    key: [u8; 32],
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditKey({})", self.id)
    }
}

impl AuditKey {
    /// The chain's key for this secrets key.
    pub fn from_secrets(secrets: &crate::sealed::SecretsKey) -> Self {
        let key = secrets.derive("klachten audit chain v1");
        let id = hex::encode(&secrets.derive("klachten audit chain v1 id")[..6]);
        Self { id, key }
    }

    /// Its id, stored with each entry.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// The audit log's name for a user: `user:<id>`.
pub fn user_label(id: klachten_core::ids::UserId) -> String {
    format!("user:{}", id)
}

/// One thing to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Who: `user:<id>`, `client:<id>`, `system` or `anonymous`.
    pub actor: &'a str,
    /// What: a lifecycle step or a [`Named`] action.
    pub action: Action,
    /// Which complaint, if any.
    pub complaint_id: Option<ComplaintId>,
    /// Further non-identifying detail (ids, counts, codes).
    pub detail: Option<String>,
}

/// An entry's fields as they are hashed and stored: also entries of earlier releases, whose
/// actions this release may not name.
struct Fields<'a> {
    actor: &'a str,
    action: &'a str,
    complaint_id: Option<std::borrow::Cow<'a, str>>,
    detail: Option<&'a str>,
}

impl Entry<'_> {
    fn fields(&self) -> Fields<'_> {
        Fields {
            actor: self.actor,
            action: self.action.code(),
            complaint_id: self.complaint_id.map(|id| id.to_string().into()),
            detail: self.detail.as_deref(),
        }
    }
}

/// The hash of an entry: HMAC-SHA-256 under `key`, or for entries of earlier releases
/// (`key` = `None`) plain SHA-256.
fn hash(
    key: Option<&AuditKey>,
    seq: i64,
    at: &DateTime<Utc>,
    entry: &Fields<'_>,
    prev: &str,
) -> String {
    let seq = seq.to_string();
    let at = at.timestamp_millis().to_string();
    let parts = [
        seq.as_str(),
        &at,
        entry.actor,
        entry.action,
        entry.complaint_id.as_deref().unwrap_or(""),
        entry.detail.unwrap_or(""),
        prev,
    ];
    let Some(key) = key else {
        let mut h = Sha256::new();
        for part in parts {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        return hex::encode(h.finalize());
    };
    #[expect(clippy::expect_used, reason = "HMAC takes a key of any length")]
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.key).expect("any key length");
    for part in parts.into_iter().chain([key.id.as_str()]) {
        mac.update(part.as_bytes());
        mac.update(&[0x1f]);
    }
    hex::encode(mac.finalize().into_bytes())
}

/// Appends `entry` at `at`, inside the caller's transaction so it commits or rolls back with
/// the change it records (or in one of its own, outside a transaction).
///
/// The chain needs one order: appends take turns. SQLite's write transactions already do; on
/// PostgreSQL the append takes a lock for the chain that is held until the caller's whole
/// transaction ends, so the next one reads this entry as the last (without it, two requests at
/// the same moment took the same number and one of them failed).
pub async fn append<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &AuditKey,
    at: DateTime<Utc>,
    entry: Entry<'_>,
) -> Result<(), DbErr> {
    // A savepoint inside the caller's transaction, or a write transaction of its own.
    let txn = super::begin(db).await?;
    lock(&txn).await?;
    append_locked(&txn, key, at, entry).await?;
    txn.commit().await
}

async fn lock(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("SELECT pg_advisory_xact_lock(hashtext('klachten-audit-chain'))")
            .await?;
    }
    Ok(())
}

async fn last(db: &impl ConnectionTrait) -> Result<Option<audit_log::Model>, DbErr> {
    audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Seq)
        .one(db)
        .await
}

async fn append_locked(
    db: &impl ConnectionTrait,
    key: &AuditKey,
    at: DateTime<Utc>,
    entry: Entry<'_>,
) -> Result<(), DbErr> {
    let (seq, prev) = last(db)
        .await?
        .map_or((1, GENESIS.to_owned()), |l| (l.seq + 1, l.hash));
    let hash = hash(Some(key), seq, &at, &entry.fields(), &prev);
    audit_log::ActiveModel {
        seq: Set(seq),
        at: Set(at),
        actor: Set(entry.actor.to_owned()),
        action: Set(entry.action.code().to_owned()),
        complaint_id: Set(entry.complaint_id.map(|id| id.to_string())),
        detail: Set(entry.detail),
        prev_hash: Set(prev),
        hash: Set(hash),
        key_id: Set(Some(key.id.clone())),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// On start: keys the head of the chain when it is new (an empty log in a database without
/// users) or ends with entries written before keying (older than the migration that introduced
/// it). A log emptied or rewritten unkeyed later is left as it is, so `verify` reports it;
/// returns false then, for the server to say so.
pub async fn key_head<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    key: &AuditKey,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use sea_orm::PaginatorTrait;
    let txn = super::begin(db).await?;
    lock(&txn).await?;
    let due = match last(&txn).await? {
        Some(last) if last.key_id.is_some() => {
            return txn.commit().await.map(|()| true);
        }
        None => super::entities::users::Entity::find().count(&txn).await? == 0,
        Some(last) => keyed_since(&txn)
            .await?
            .is_none_or(|since| last.at.timestamp() <= since),
    };
    if due {
        append_locked(
            &txn,
            key,
            at,
            Entry {
                actor: "system",
                action: KEYED.into(),
                complaint_id: None,
                detail: Some(format!("key {}", key.id)),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(due)
}

/// When the migration that keyed the chain ran (seconds since the epoch), if it did.
async fn keyed_since(db: &impl ConnectionTrait) -> Result<Option<i64>, DbErr> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT applied_at FROM seaql_migrations WHERE version = 'm0027_audit_key'",
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get_by_index::<i64>(0).ok()))
}

/// An entry as stored, for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// Its place in the chain.
    pub seq: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (`user:<id>`, `client:<id>`, `system`, …).
    pub actor: String,
    /// The action's code.
    pub action: String,
    /// The complaint it concerns (its stored id).
    pub complaint_id: Option<String>,
    /// Further detail (ids, counts, codes).
    pub detail: Option<String>,
    /// Its hash in the chain.
    pub hash: String,
}

/// Which entries to read; what is left out is not filtered on.
#[derive(Debug, Default)]
pub struct Query {
    /// Only those about one of these complaints (stored ids).
    pub complaint_ids: Option<Vec<String>>,
    /// Only those by this actor, and failed logins on their account (`account:<actor>`).
    pub actor: Option<String>,
    /// From this instant on.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Only those before this place in the chain.
    pub before: Option<i64>,
}

/// Up to `limit` entries `query` picks, newest first.
pub async fn read(
    db: &impl ConnectionTrait,
    query: Query,
    limit: u64,
) -> Result<Vec<Logged>, DbErr> {
    use sea_orm::{ColumnTrait, Condition, QueryFilter, QuerySelect};
    let mut select = audit_log::Entity::find();
    if let Some(before) = query.before {
        select = select.filter(audit_log::Column::Seq.lt(before));
    }
    if let Some(ids) = query.complaint_ids {
        select = select.filter(audit_log::Column::ComplaintId.is_in(ids));
    }
    if let Some(actor) = query.actor {
        select = select.filter(
            Condition::any()
                .add(audit_log::Column::Actor.eq(actor.clone()))
                .add(audit_log::Column::Detail.eq(format!("account:{actor}"))),
        );
    }
    if let Some(from) = query.from {
        select = select.filter(audit_log::Column::At.gte(from));
    }
    if let Some(until) = query.until {
        select = select.filter(audit_log::Column::At.lt(until));
    }
    Ok(select
        .order_by_desc(audit_log::Column::Seq)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|row| Logged {
            seq: row.seq,
            at: row.at,
            actor: row.actor,
            action: row.action,
            complaint_id: row.complaint_id,
            detail: row.detail,
            hash: row.hash,
        })
        .collect())
}

/// The head of the chain, `(seq, hash)`: what an anchor records.
pub async fn head(db: &impl ConnectionTrait) -> Result<Option<Anchor>, DbErr> {
    Ok(last(db).await?.map(|l| Anchor {
        seq: l.seq,
        hash: l.hash,
    }))
}

/// A head of the chain written down outside the database: `seq:hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The entry's sequence number.
    pub seq: i64,
    /// Its hash.
    pub hash: String,
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

impl std::str::FromStr for Anchor {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (seq, hash) = text.trim().split_once(':').unwrap_or_default();
        let seq = seq.parse::<i64>().ok().filter(|s| *s > 0);
        let hash = (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| hash.to_ascii_lowercase());
        match (seq, hash) {
            (Some(seq), Some(hash)) => Ok(Self { seq, hash }),
            _ => Err(format!(
                "an anchor reads SEQ:HASH (a number, a colon, 64 hexadecimal characters), as the \
                 daily anchor gives it; got {text:?}"
            )),
        }
    }
}

/// Why the chain does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// An entry does not match its hash or its predecessor: altered, recomputed without the
    /// key, inserted out of order, or following a deleted one.
    Entry {
        /// Its sequence number.
        seq: i64,
        /// When it claims to have been written.
        at: DateTime<Utc>,
        /// Its action.
        action: String,
    },
    /// The log is empty, though the server keys it on its first start.
    Empty,
    /// The chain ends with an unkeyed entry: rewritten by someone without the key.
    Unkeyed {
        /// The last entry.
        seq: i64,
    },
    /// An anchor is no longer in the chain: entries were deleted or the chain recomputed.
    Anchor(Anchor),
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Entry { seq, at, action } => write!(
                f,
                "entry {seq} ({}, {action}) does not match its hash or the entry before it",
                at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
            Self::Empty => f.write_str(
                "the audit log is empty, but the server writes to it when it first starts: it was emptied",
            ),
            Self::Unkeyed { seq } => write!(
                f,
                "the chain ends with entry {seq}, which is not keyed: it was written without the key"
            ),
            Self::Anchor(anchor) => write!(
                f,
                "anchor {anchor} is not in the chain: entries were deleted or the chain was recomputed"
            ),
        }
    }
}

/// Checks the whole chain with `key`, and that it holds every anchor; returns the number of
/// entries, or the first thing that breaks it.
pub async fn verify(
    db: &impl ConnectionTrait,
    key: &AuditKey,
    anchors: &[Anchor],
) -> Result<Result<usize, Broken>, DbErr> {
    let entries = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Seq)
        .all(db)
        .await?;
    let mut prev = GENESIS.to_owned();
    let mut keyed = false;
    for (i, e) in entries.iter().enumerate() {
        let expected_seq = i64::try_from(i).unwrap_or(i64::MAX) + 1;
        let entry = Fields {
            actor: &e.actor,
            action: &e.action,
            complaint_id: e.complaint_id.as_deref().map(Into::into),
            detail: e.detail.as_deref(),
        };
        // Unkeyed entries only before the first keyed one; keyed ones with this key only.
        let with = match &e.key_id {
            None if !keyed => None,
            Some(id) if *id == key.id => {
                keyed = true;
                Some(key)
            }
            _ => return Ok(Err(broken_at(e))),
        };
        if e.seq != expected_seq
            || e.prev_hash != prev
            || hash(with, e.seq, &e.at, &entry, &prev) != e.hash
        {
            return Ok(Err(broken_at(e)));
        }
        prev.clone_from(&e.hash);
    }
    for anchor in anchors {
        let held = entries
            .get(usize::try_from(anchor.seq - 1).unwrap_or(usize::MAX))
            .is_some_and(|e| e.hash == anchor.hash);
        if !held {
            return Ok(Err(Broken::Anchor(anchor.clone())));
        }
    }
    match entries.last() {
        None => Ok(Err(Broken::Empty)),
        Some(last) if last.key_id.is_none() => Ok(Err(Broken::Unkeyed { seq: last.seq })),
        Some(_) => Ok(Ok(entries.len())),
    }
}

fn broken_at(e: &audit_log::Model) -> Broken {
    Broken::Entry {
        seq: e.seq,
        at: e.at,
        action: e.action.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_audit_action_has_its_own_code_and_none_is_a_lifecycle_step() {
        let mut codes: Vec<&str> = Named::ALL.iter().map(|n| n.code()).collect();
        let named = codes.len();
        assert!(
            codes
                .iter()
                .all(|c| c.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'))
        );
        codes.extend(
            klachten_core::lifecycle::Action::ALL
                .iter()
                .map(|a| Action::Step(*a).code()),
        );
        let all = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(
            codes.len(),
            all,
            "{named} named actions and the steps share no code"
        );
        assert_eq!(Action::from(KEYED).code(), "AUDIT_CHAIN_KEYED");
    }

    #[test]
    fn an_anchor_reads_seq_colon_hash_and_bad_ones_are_explained() {
        let hash = "ab".repeat(32);
        let anchor: Anchor = format!("12:{}", hash.to_uppercase())
            .parse()
            .unwrap_or_else(|e: String| panic!("{e}"));
        assert_eq!((anchor.seq, anchor.hash.as_str()), (12, hash.as_str()));
        assert_eq!(anchor.to_string(), format!("12:{hash}"));
        let bad: [String; 6] = [
            String::new(),
            "12".into(),
            format!("0:{hash}"),
            format!("x:{hash}"),
            "12:abc".into(),
            format!("12:{}", "zz".repeat(32)),
        ];
        for bad in &bad {
            let refused = bad.parse::<Anchor>().unwrap_err();
            assert!(refused.contains("SEQ:HASH"), "{refused}");
        }
    }

    #[test]
    fn a_keyed_hash_depends_on_the_key_and_differs_from_the_plain_one() {
        let entry = Fields {
            actor: "system",
            action: "PURGE",
            complaint_id: None,
            detail: None,
        };
        let at = DateTime::UNIX_EPOCH;
        let one = AuditKey::from_secrets(&crate::sealed::SecretsKey::generate());
        let two = AuditKey::from_secrets(&crate::sealed::SecretsKey::generate());
        let plain = hash(None, 1, &at, &entry, GENESIS);
        let keyed = hash(Some(&one), 1, &at, &entry, GENESIS);
        assert_ne!(plain, keyed);
        assert_ne!(keyed, hash(Some(&two), 1, &at, &entry, GENESIS));
        assert_eq!(keyed, hash(Some(&one), 1, &at, &entry, GENESIS));
        assert!(!format!("{one:?}").contains(&hex::encode(one.key)));
    }
}
