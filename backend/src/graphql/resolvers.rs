//! The resolvers: authentication, the policy's projections, and one path for every lifecycle step.

use super::context::{
    MAX_PAGE, actor_label, complaint_id, parse_user_id, require_caller, require_user,
    require_user_with_any_password, state, user_out, viewer,
};
use super::types::*;
use crate::db::complaints::{self as store, Stored, complaint_id_string, parse_complaint_id};
use crate::db::entities::{conversations, registration_requests};
use crate::db::users::{self, User as StoredUser, id_string, parse_id};
use crate::db::{Rules, audit, new_id};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use async_graphql::{Context, ID, Object};
use klachten_core::actor::{Actor, Role as CoreRole};
use klachten_core::complaint::{self as core, Complainant as CoreComplainant, Registration};
use klachten_core::ids::{ComplaintId, EmailAddress, PhoneNumber, Reference};
use klachten_core::integration::Scope;
use klachten_core::lifecycle::{self, Command};
use klachten_core::policy;
use klachten_core::sensitive::Sensitive;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Set};

/// Refuses another password attempt on `account` from `address` while it is paused after too
/// many wrong ones (login and changePassword count alike).
fn backoff(
    state: &AppState,
    account: &str,
    address: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    if let Some(until) = state.limiter.blocked_until(account, address, now) {
        let mut error = ApiError::new(
            crate::error::Code::RateLimited,
            format!(
                "too many wrong passwords; try again after {}",
                until.format("%H:%M UTC")
            ),
        );
        error.reason = Some("LOGIN_BACKOFF");
        return Err(error);
    }
    Ok(())
}

/// What a list cursor says of its place.
const CURSOR: &str = "complaints:";

/// A list cursor for a place in the list: sealed with the secrets key, so it is opaque.
fn seal_cursor(state: &AppState, place: store::Place) -> String {
    crate::sealed::seal(
        state.config.secrets_key.as_ref(),
        &format!("{CURSOR}{}:{}", place.year, place.sequence),
    )
}

/// The place behind a cursor this server made; `None` for anything else.
fn open_cursor(state: &AppState, cursor: &str) -> Option<store::Place> {
    if !crate::sealed::is_sealed(cursor) {
        return None;
    }
    let plain = crate::sealed::open(state.config.secrets_key.as_ref(), cursor).ok()?;
    let (year, sequence) = plain.strip_prefix(CURSOR)?.split_once(':')?;
    Some(store::Place {
        year: year.parse().ok()?,
        sequence: sequence.parse().ok()?,
    })
}

/// Starts a session for `user`: a refresh cookie and an access token.
async fn open_session(
    ctx: &Context<'_>,
    state: &AppState,
    user: &StoredUser,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Session> {
    let refresh = crate::db::sessions::start(&state.db, &id_string(user.id), now).await?;
    ctx.append_http_header(
        "set-cookie",
        crate::cookie::refresh_cookie_header(Some(&refresh)),
    );
    let (token, expires) = state
        .tokens
        .issue(&id_string(user.id), user.token_version, now)
        .map_err(|e| ApiError::internal(&e))?;
    Ok(session_out(token, expires, user))
}

/// A session as the API gives it.
fn session_out(
    token: String,
    expires: chrono::DateTime<chrono::Utc>,
    user: &StoredUser,
) -> Session {
    Session {
        token,
        expires_at: expires.to_rfc3339(),
        user: user_out(user),
        password_change_required: user.must_change_password,
    }
}

struct Context2 {
    rules: Rules,
    staff_names: Vec<String>,
    names: std::collections::HashMap<String, String>,
    history: std::collections::HashMap<String, History>,
}

impl Context2 {
    async fn load(db: &impl ConnectionTrait) -> ApiResult<Self> {
        let rules = Rules::load(db).await?;
        let all = users::all(db).await?;
        let names = all
            .iter()
            .map(|u| (id_string(u.id), u.name.clone()))
            .collect();
        let staff_names = all.into_iter().map(|u| u.name).collect();
        Ok(Self {
            rules,
            staff_names,
            names,
            history: std::collections::HashMap::new(),
        })
    }

    /// Loads, in two statements, the timelines and conversations of those of `stored` that
    /// `actor` sees identified.
    async fn load_history(
        &mut self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        stored: &[&Stored],
        today: chrono::NaiveDate,
    ) -> ApiResult<()> {
        let identified: Vec<String> = stored
            .iter()
            .filter(|s| policy::access(actor, &s.complaint) == policy::Access::Identified)
            .map(|s| complaint_id_string(s.complaint.id))
            .collect();
        let all: Vec<String> = stored
            .iter()
            .map(|s| complaint_id_string(s.complaint.id))
            .collect();
        let mut measures = super::measures::for_complaints(db, &all).await?;
        for s in stored {
            let id = complaint_id_string(s.complaint.id);
            let loaded = measures.remove(&id).unwrap_or_default();
            let entry = self.history.entry(id.clone()).or_default();
            if identified.contains(&id) {
                entry.measures = loaded
                    .iter()
                    .map(|m| {
                        let reading = super::measures::Reading::of(
                            actor,
                            Some(&s.complaint),
                            &self.staff_names,
                        );
                        super::measures::measure_out(m, &self.names, today, &reading)
                    })
                    .collect::<ApiResult<_>>()?;
            } else {
                let context = klachten_core::redaction::RedactionContext::for_complaint(
                    &s.complaint,
                    &self.staff_names,
                );
                entry.measure_summaries = loaded
                    .iter()
                    .map(|m| super::measures::measure_summary(m, today, &context))
                    .collect::<ApiResult<_>>()?;
            }
        }
        for (id, letters) in crate::letters::of_complaints(db, &identified).await? {
            self.history.entry(id).or_default().letters =
                letters.iter().map(super::letters::letter_out).collect();
        }
        for (id, (events, talks)) in store::history(db, &identified).await? {
            let entry = self.history.entry(id).or_default();
            entry.timeline = events
                .into_iter()
                .map(|e| TimelineEvent {
                    actor_name: e.actor_id.as_ref().and_then(|a| self.names.get(a).cloned()),
                    actor_id: e.actor_id.map(ID),
                    action: e.action,
                    at: e.at.to_rfc3339(),
                    on: e.on_date.map(Date),
                })
                .collect();
            entry.conversations = talks
                .into_iter()
                .map(|c| Conversation {
                    held_on: Date(c.held_on),
                    kind: if c.kind == "MEETING" {
                        ConversationKind::Meeting
                    } else {
                        ConversationKind::Phone
                    },
                    summary: c.summary.clone(),
                    agreements: c.agreements.clone(),
                    recorded_by: ID(c.recorded_by.clone()),
                })
                .collect();
        }
        Ok(())
    }

    fn parameters(
        &self,
        stored: &Stored,
    ) -> ApiResult<klachten_core::procedure::ProcedureParameters> {
        Ok(self.rules.parameters_of(stored)?)
    }

    /// The answer about one complaint as `actor` (audit label `label`) sees it: its history
    /// loaded, projected, an identified read written to the audit log, and `txn` committed.
    async fn answer(
        &mut self,
        txn: DatabaseTransaction,
        state: &AppState,
        actor: &Actor,
        label: &str,
        stored: &Stored,
        today: chrono::NaiveDate,
    ) -> ApiResult<Complaint> {
        self.load_history(&txn, actor, &[stored], today).await?;
        let (out, identified) = self.project(actor, stored, today)?;
        if identified {
            let id = complaint_id_string(stored.complaint.id);
            audit_reads_by(&txn, state, label, &[id]).await?;
        }
        txn.commit().await.map_err(ApiError::from)?;
        Ok(out)
    }

    /// Projects `stored` for `actor`, returning the output and whether it was identified.
    fn project(
        &self,
        actor: &Actor,
        stored: &Stored,
        today: chrono::NaiveDate,
    ) -> ApiResult<(Complaint, bool)> {
        let parameters = self.parameters(stored)?;
        let mut complaint = stored.complaint.clone();
        complaint.procedure_label = self
            .rules
            .procedures
            .get(&stored.procedure_version_id)
            .map(|p| p.label.clone())
            .unwrap_or_default();
        let clocks = self.rules.deadlines_of(stored, &complaint, today)?;
        let view = policy::project(actor, &complaint, &clocks, &self.staff_names);
        let identified = matches!(view, policy::ComplaintView::Identified(_));
        let actions = lifecycle::allowed_actions(actor, &complaint, today, &parameters);
        let history = self
            .history
            .get(&complaint_id_string(stored.complaint.id))
            .cloned()
            .unwrap_or_default();
        Ok((
            complaint_out(view, stored.version, actions, history),
            identified,
        ))
    }
}

/// Records identified reads in the audit log; one entry per request, naming the complaints.
async fn audit_reads_by(
    txn: &DatabaseTransaction,
    state: &AppState,
    actor: &str,
    ids: &[String],
) -> ApiResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let entry = audit::Entry {
        actor,
        action: audit::Named::ReadIdentified.into(),
        complaint_id: (ids.len() == 1).then(|| ids[0].as_str()),
        detail: (ids.len() > 1).then(|| ids.join(",")),
    };
    audit::append(txn, &state.audit_key, state.clock.now(), entry).await?;
    Ok(())
}

/// The root of every query.
#[derive(Default)]
pub struct ComplaintQuery;

#[Object]
impl ComplaintQuery {
    /// The logged-in user.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        Ok(user_out(require_user_with_any_password(ctx)?))
    }

    /// Today in Europe/Amsterdam as the server counts it: the default for step dates, and the
    /// day clocks are judged on.
    async fn today(&self, ctx: &Context<'_>) -> async_graphql::Result<Date> {
        require_user(ctx)?;
        Ok(Date(state(ctx).clock.today()))
    }

    /// One complaint, identified or anonymised as the visibility policy decides. The id of a
    /// complaint of an earlier release (before ids became random) still finds it for those who
    /// see it identified.
    async fn complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
    ) -> async_graphql::Result<Complaint> {
        let caller = require_caller(ctx, Scope::ReadComplaints)?;
        let state = state(ctx);
        let id = complaint_id(&id)?;
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let stored = match store::load(&txn, id).await.map_err(ApiError::from)? {
            Some(stored) => stored,
            // A link from before ids became random finds its complaint only for those who see
            // it identified: anyone else could pair an id that tells a moment with today's.
            None => store::load_by_legacy_id(&txn, id)
                .await
                .map_err(ApiError::from)?
                .filter(|s| {
                    policy::access(&caller.actor(), &s.complaint) == policy::Access::Identified
                })
                .ok_or_else(|| ApiError::not_found("complaint"))?,
        };
        let mut context = Context2::load(&txn).await?;
        let today = state.clock.today();
        Ok(context
            .answer(txn, state, &caller.actor(), &caller.label(), &stored, today)
            .await?)
    }

    /// Complaints, newest reference first, with keyset pagination: pass `pageInfo.endCursor`
    /// (opaque) as `after`.
    async fn complaints(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only what matches; leave out for everything.")] filter: Option<
            ComplaintFilter,
        >,
        #[graphql(default = 20, desc = "How many to return at most.")] first: i32,
        #[graphql(desc = "A cursor (`endCursor` of the previous page): continue after it.")] after: Option<String>,
    ) -> async_graphql::Result<ComplaintConnection> {
        let caller = require_caller(ctx, Scope::ReadComplaints)?;
        let state = state(ctx);
        if !(1..=MAX_PAGE).contains(&first) {
            return Err(
                ApiError::validation(format!("first must be between 1 and {MAX_PAGE}")).into(),
            );
        }
        // Cursors are sealed: they carry no id (whose UUIDv7 tells a moment) and none can be
        // made up to bisect the list.
        let after = match &after {
            Some(cursor) => Some(open_cursor(state, cursor).ok_or_else(|| {
                ApiError::validation("after must be a cursor from pageInfo.endCursor")
            })?),
            None => None,
        };
        let filter = filter.unwrap_or_default();
        let store_filter = store::Filter {
            statuses: filter
                .status
                .unwrap_or_default()
                .into_iter()
                .map(|s| crate::db::codes::status_code(s.into()).to_owned())
                .collect(),
            categories: filter
                .category
                .unwrap_or_default()
                .into_iter()
                .map(|c| crate::db::codes::category_code(c.into()).to_owned())
                .collect(),
            handler: match filter.handler_id {
                Some(handler) => {
                    policy::may_filter_on_handler(&caller.actor()).map_err(|_| {
                        ApiError::new(
                            crate::error::Code::Forbidden,
                            "Only directors and handlers may filter on the handler: who handles \
                             a complaint is not part of the anonymised view. Leave out handlerId.",
                        )
                    })?;
                    Some(handler.0)
                }
                None => None,
            },
            received_from: filter.received_from.map(|d| d.0),
            received_to: filter.received_to.map(|d| d.0),
            involving: match (filter.involving_me.unwrap_or(false), caller.user()) {
                (false, _) => None,
                (true, Some(user)) => Some(id_string(user.id)),
                (true, None) => {
                    return Err(ApiError::validation(
                        "involvingMe is about a user; an API client is involved in nothing",
                    )
                    .into());
                }
            },
            scope: policy::IdentifiedScope::of(&caller.actor()),
        };
        let search = filter
            .search
            .as_deref()
            .map(klachten_core::fold::fold)
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        if search.as_ref().is_some_and(|t| t.chars().count() < 2) {
            return Err(ApiError::validation("search for at least 2 characters").into());
        }
        let clock_states = filter.clock_state.unwrap_or_default();
        let in_memory = search.is_some() || !clock_states.is_empty();
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let first = usize::try_from(first).unwrap_or(20);
        let mut context = Context2::load(&txn).await?;
        let actor = caller.actor();
        let today = state.clock.today();
        // Without in-memory filters one page is one query; with them, rows are scanned in keyset
        // batches until the page is full, at most MAX_SCANNED rows per request.
        let batch = if in_memory { 100 } else { first };
        let mut cursor = after;
        let mut matched: Vec<Stored> = Vec::new();
        let mut scanned = 0;
        let mut capped = false;
        // Look for one match more than the page holds: then hasNextPage is exact.
        'scan: loop {
            let rows = store::page(
                &txn,
                &store_filter,
                u64::try_from(batch).unwrap_or(100),
                cursor,
            )
            .await
            .map_err(ApiError::from)?;
            // The row past the batch is scanned too: it is the look-ahead for hasNextPage.
            let more = rows.len() > batch;
            for stored in rows {
                scanned += 1;
                cursor = Some(store::Place::of(&stored.complaint));
                let keep = !in_memory || {
                    let (node, _) = context.project(&actor, &stored, today)?;
                    matches_filter(&node, search.as_deref(), &clock_states)
                };
                if keep {
                    matched.push(stored);
                    if matched.len() > first {
                        break 'scan;
                    }
                }
                if scanned >= MAX_SCANNED {
                    capped = true;
                    break 'scan;
                }
            }
            if !more {
                break;
            }
        }
        let has_next_page = matched.len() > first || capped;
        matched.truncate(first);
        // A capped scan continues after the last row scanned; otherwise after the last returned.
        let end_cursor = if capped && matched.len() < first {
            cursor
        } else {
            matched.last().map(|m| store::Place::of(&m.complaint))
        }
        .map(|place| seal_cursor(state, place));
        context
            .load_history(&txn, &actor, &matched.iter().collect::<Vec<_>>(), today)
            .await?;
        let mut edges = Vec::with_capacity(matched.len());
        let mut identified_ids = Vec::new();
        for stored in &matched {
            let (node, identified) = context.project(&actor, stored, today)?;
            let id = complaint_id_string(stored.complaint.id);
            let cursor = seal_cursor(state, store::Place::of(&stored.complaint));
            if identified {
                identified_ids.push(id);
            }
            edges.push(ComplaintEdge { cursor, node });
        }
        audit_reads_by(&txn, state, &caller.label(), &identified_ids).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(ComplaintConnection {
            edges,
            page_info: PageInfo {
                has_next_page,
                end_cursor,
            },
        })
    }

    /// What the procedure's decline rules suggest for a complaint you see identified; a person
    /// decides. klachtenregeling, "Niet in behandeling".
    async fn decline_suggestions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
    ) -> async_graphql::Result<Vec<DeclineSuggestion>> {
        let user = require_user(ctx)?;
        let state = state(ctx);
        let stored = store::load(&state.db, complaint_id(&id)?)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("complaint"))?;
        let actor = user.actor();
        if policy::access(&actor, &stored.complaint) != policy::Access::Identified {
            return Err(ApiError::forbidden().into());
        }
        let context = Context2::load(&state.db).await?;
        let parameters = context.parameters(&stored)?;
        Ok(suggestions_for(&state.db, &actor, &stored.complaint, &parameters).await?)
    }

    /// How `text` would read for anonymised readers: the redactor's output, for a live preview
    /// while someone writes a text they will review (a summary, a root cause, a measure, a
    /// decision, minutes). Nothing is stored. With `id`, redacted with that complaint's names,
    /// for those who may write its summary; with `meetingId`, as that meeting's agenda redacts
    /// (directors); with neither, with the staff's names, as a standalone proposal is
    /// (handlers and directors).
    async fn preview_redaction(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint the text is about.")] id: Option<ID>,
        #[graphql(desc = "The meeting whose decision or minutes the text is.")] meeting_id: Option<
            ID,
        >,
        #[graphql(desc = "The text to redact.")] text: String,
    ) -> async_graphql::Result<String> {
        let user = require_user(ctx)?;
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(ApiError::validation("the text is longer than 20,000 characters").into());
        }
        let state = state(ctx);
        let actor = user.actor();
        let id = match (id, meeting_id) {
            (Some(id), None) => id,
            (None, Some(meeting)) => {
                klachten_core::meetings::may_prepare(&actor).map_err(|_| ApiError::forbidden())?;
                return Ok(crate::meetings::preview(&state.db, &meeting, &text)
                    .await
                    .map_err(ApiError::from)?
                    .ok_or_else(|| ApiError::not_found("meeting"))?);
            }
            (None, None) => {
                if !(actor.has(CoreRole::Handler) || actor.has(CoreRole::Director)) {
                    return Err(ApiError::forbidden().into());
                }
                let staff = users::names(&state.db).await.map_err(ApiError::from)?;
                return Ok(klachten_core::redaction::redact(
                    &text,
                    &klachten_core::redaction::RedactionContext::for_staff(&staff),
                ));
            }
            (Some(_), Some(_)) => {
                return Err(ApiError::validation(
                    "give the complaint (id) or the meeting (meetingId), not both",
                )
                .into());
            }
        };
        let stored = store::load(&state.db, complaint_id(&id)?)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("complaint"))?;
        if !lifecycle::role_allows(
            &actor,
            &stored.complaint,
            lifecycle::Action::UpdateAnonymisedSummary,
        ) {
            return Err(ApiError::forbidden().into());
        }
        let context = Context2::load(&state.db).await?;
        let redaction = klachten_core::redaction::RedactionContext::for_complaint(
            &stored.complaint,
            &context.staff_names,
        );
        Ok(klachten_core::redaction::redact(&text, &redaction))
    }

    /// What the decline rules suggest for a complaint before it is registered, so the form can
    /// warn; nothing is stored.
    async fn suggest_decline_grounds(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint as it would be registered; nothing is stored.")]
        input: RegisterComplaintInput,
    ) -> async_graphql::Result<Vec<DeclineSuggestion>> {
        let user = require_user(ctx)?;
        if ![CoreRole::Staff, CoreRole::Handler, CoreRole::Director]
            .iter()
            .any(|r| user.roles.contains(r))
        {
            return Err(ApiError::forbidden().into());
        }
        let state = state(ctx);
        let draft = Draft::parse(input, state.clock.today())?;
        let context = Context2::load(&state.db).await?;
        let (procedure_id, _) = context
            .rules
            .in_force_on(draft.received_on)
            .ok_or_else(|| ApiError::internal(&"no procedure version"))?;
        let parameters = context
            .rules
            .procedures
            .get(&procedure_id)
            .map(|p| p.parameters)
            .ok_or_else(|| ApiError::internal(&"no procedure version"))?;
        // A draft has no reference yet; the one given here is never shown or stored.
        let reference = Reference::new(chrono::Datelike::year(&draft.received_on), u32::MAX)
            .map_err(|e| ApiError::validation(e.to_string()))?;
        let candidate = core::Complaint::registered(draft.registration(
            store::new_complaint_id(),
            reference,
            user.id,
        ));
        Ok(suggestions_for(&state.db, &user.actor(), &candidate, &parameters).await?)
    }

    /// Every user (admins, directors and handlers: they assign handlers and add involved
    /// parties).
    async fn users(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<User>> {
        let user = require_user(ctx)?;
        if ![CoreRole::Admin, CoreRole::Director, CoreRole::Handler]
            .iter()
            .any(|r| user.roles.contains(r))
        {
            return Err(ApiError::forbidden().into());
        }
        let all = users::all(&state(ctx).db).await.map_err(ApiError::from)?;
        Ok(all.iter().map(user_out).collect())
    }
}

/// A registration's input, checked: what `registerComplaint` stores and
/// `suggestDeclineGrounds` judges.
struct Draft {
    received_on: chrono::NaiveDate,
    channel: core::Channel,
    category: core::Category,
    complainant: CoreComplainant,
    concerning: Option<String>,
    facts: String,
    conduct_on: Option<chrono::NaiveDate>,
    remedy_sought: Option<String>,
}

/// The request id of a registration and the SHA-256 of what was sent, when it has one.
fn registration_request(input: &RegisterComplaintInput) -> ApiResult<Option<(String, String)>> {
    let Some(id) = &input.request_id else {
        return Ok(None);
    };
    let fits = (8..=100).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !fits {
        return Err(ApiError::validation(
            "requestId must be 8 to 100 letters, digits, '-' or '_' (a UUID will do)",
        ));
    }
    use sha2::Digest;
    let sent = format!("{input:?}");
    Ok(Some((
        id.clone(),
        hex::encode(sha2::Sha256::digest(sent.as_bytes())),
    )))
}

impl Draft {
    fn parse(input: RegisterComplaintInput, today: chrono::NaiveDate) -> ApiResult<Self> {
        let received_on = input.received_on.0;
        if received_on > today {
            return Err(ApiError::validation("receivedOn cannot be in the future"));
        }
        if input.conduct_on.is_some_and(|c| c.0 > received_on) {
            return Err(ApiError::validation("conductOn cannot be after receivedOn"));
        }
        let complainant = input.complainant.unwrap_or_default();
        let email = optional_text(complainant.email, "the e-mail address")?
            .map(|e| EmailAddress::parse(&e).map_err(|e| ApiError::validation(e.to_string())))
            .transpose()?;
        let phone = optional_text(complainant.phone, "the phone number")?
            .map(|p| PhoneNumber::parse(&p).map_err(|e| ApiError::validation(e.to_string())))
            .transpose()?;
        Ok(Self {
            received_on,
            channel: input.channel.into(),
            category: input.category.into(),
            complainant: CoreComplainant {
                name: Sensitive::new(optional_text(complainant.name, "the name")?),
                address: Sensitive::new(optional_text(complainant.address, "the address")?),
                phone: Sensitive::new(phone),
                email: Sensitive::new(email),
            },
            concerning: optional_text(input.concerning, "concerning")?,
            facts: required_text(&input.facts, "facts")?,
            conduct_on: input.conduct_on.map(|d| d.0),
            remedy_sought: optional_text(input.remedy_sought, "remedySought")?,
        })
    }

    fn registration(
        self,
        id: ComplaintId,
        reference: Reference,
        registered_by: klachten_core::ids::UserId,
    ) -> Registration {
        Registration {
            id,
            reference,
            channel: self.channel,
            category: self.category,
            received_on: self.received_on,
            complainant: self.complainant,
            concerning: Sensitive::new(self.concerning),
            facts: Sensitive::new(self.facts),
            conduct_on: Sensitive::new(self.conduct_on),
            remedy_sought: Sensitive::new(self.remedy_sought),
            registered_by,
        }
    }
}

/// The suggestions for `candidate`, judged against the earlier complaints that still hold a
/// complainant's name or contact data (purged ones hold none) and that `actor` may see
/// identified: a suggestion never tells anyone who filed a complaint they may not see.
async fn suggestions_for(
    db: &impl ConnectionTrait,
    actor: &Actor,
    candidate: &core::Complaint,
    parameters: &klachten_core::procedure::ProcedureParameters,
) -> ApiResult<Vec<DeclineSuggestion>> {
    use crate::db::entities::complaints as rows;
    use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
    let earlier = rows::Entity::find()
        .filter(rows::Column::ReceivedOn.lte(candidate.received_on))
        .filter(rows::Column::Id.ne(complaint_id_string(candidate.id)))
        .filter(
            Condition::any()
                .add(rows::Column::ComplainantName.is_not_null())
                .add(rows::Column::ComplainantEmail.is_not_null())
                .add(rows::Column::ComplainantPhone.is_not_null()),
        )
        .all(db)
        .await?;
    let earlier: Vec<core::Complaint> = store::hydrate(db, earlier)
        .await?
        .into_iter()
        .map(|s| s.complaint)
        .filter(|c| policy::access(actor, c) == policy::Access::Identified)
        .collect();
    Ok(
        klachten_core::suggestions::suggest_decline(candidate, &earlier, parameters)
            .into_iter()
            .map(|s| DeclineSuggestion {
                ground: s.ground().into(),
                earlier_reference: match &s {
                    klachten_core::suggestions::DeclineSuggestion::SameComplaintAlreadyFiled {
                        earlier,
                    } => Some(earlier.to_string()),
                    _ => None,
                },
            })
            .collect(),
    )
}

/// The most rows one filtered list request scans.
const MAX_SCANNED: usize = 2000;

/// Whether a projected complaint matches the search text and clock states, judged only on what
/// the viewer may see: an anonymised complaint is searched by reference and redacted summary
/// and filtered by clock outcome, so a search cannot probe who complained.
fn matches_filter(node: &Complaint, search: Option<&str>, states: &[ClockState]) -> bool {
    use klachten_core::fold::fold;
    let (texts, clocks): (Vec<String>, Vec<ClockState>) = match node {
        Complaint::Identified(c) => {
            let d = &c.deadlines;
            let clocks = [
                Some(&d.acknowledgement),
                Some(&d.first_contact),
                Some(&d.resolution),
                d.privacy_resolution.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(|clock| clock.state)
            .collect();
            let texts = [
                Some(&c.reference),
                c.complainant.name.as_ref(),
                c.complainant.email.as_ref(),
                c.complainant.phone.as_ref(),
                c.concerning.as_ref(),
                Some(&c.facts),
                c.remedy_sought.as_ref(),
                c.summary.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(|t| fold(t))
            .collect();
            (texts, clocks)
        }
        Complaint::Anonymised(a) => {
            let outcome = |o: ClockOutcome| match o {
                ClockOutcome::Met => vec![ClockState::Met],
                ClockOutcome::Late => vec![ClockState::Late],
                ClockOutcome::NotApplicable => vec![ClockState::Stopped],
                ClockOutcome::Pending => {
                    vec![ClockState::Open, ClockState::DueSoon, ClockState::Suspended]
                }
            };
            let clocks = [
                Some(a.clocks.acknowledgement),
                Some(a.clocks.first_contact),
                Some(a.clocks.resolution),
                a.clocks.privacy_resolution,
            ]
            .into_iter()
            .flatten()
            .flat_map(outcome)
            .collect();
            let texts = [Some(&a.reference), a.summary.as_ref()]
                .into_iter()
                .flatten()
                .map(|t| fold(t))
                .collect();
            (texts, clocks)
        }
    };
    let text_ok = search.is_none_or(|term| texts.iter().any(|t| t.contains(term)));
    let clock_ok = states.is_empty() || clocks.iter().any(|c| states.contains(c));
    text_ok && clock_ok
}

/// The root of every mutation.
#[derive(Default)]
pub struct ComplaintMutation;

/// Runs one lifecycle step: load, check the version, ask the core, save, timeline, audit,
/// project — all in one transaction.
/// A change to a complaint: a lifecycle step, or a legal hold placed or released.
enum Change {
    Step(Command),
    PlaceHold(Sensitive<String>),
    ReleaseHold,
}

async fn step(
    ctx: &Context<'_>,
    id: &ID,
    expected_version: Option<i32>,
    command: Command,
    conversation: Option<(chrono::NaiveDate, &str, &str, &str)>,
) -> async_graphql::Result<Complaint> {
    change(
        ctx,
        id,
        expected_version,
        Change::Step(command),
        conversation,
    )
    .await
}

/// Applies one change in one transaction: the core decides, the row is written only if nobody
/// wrote in between, and the timeline and the audit log record it.
async fn change(
    ctx: &Context<'_>,
    id: &ID,
    expected_version: Option<i32>,
    change: Change,
    conversation: Option<(chrono::NaiveDate, &str, &str, &str)>,
) -> async_graphql::Result<Complaint> {
    let user = require_user(ctx)?;
    let state = state(ctx);
    let id = complaint_id(id)?;
    let now = state.clock.now();
    let today = state.clock.today();
    let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
    let stored = store::load(&txn, id)
        .await
        .map_err(ApiError::from)?
        .ok_or_else(|| ApiError::not_found("complaint"))?;
    let mut context = Context2::load(&txn).await?;
    let parameters = context.parameters(&stored)?;
    let actor = user.actor();
    // The letter a step produces: the written acknowledgement, the confirmation of what was
    // agreed, the reasoned decision, the closing letter.
    let letter = match &change {
        Change::Step(command) => match command.action() {
            lifecycle::Action::Acknowledge => Some(crate::letters::Kind::Acknowledgement),
            lifecycle::Action::RecordConversation => {
                Some(crate::letters::Kind::ConversationConfirmation)
            }
            lifecycle::Action::Decline => Some(crate::letters::Kind::DeclineDecision),
            lifecycle::Action::Resolve => Some(crate::letters::Kind::Closing),
            _ => None,
        },
        _ => None,
    };
    let (action, on_date, result) = match change {
        Change::Step(command) => (
            audit::Action::Step(command.action()),
            command_date(&command),
            lifecycle::apply(&actor, &stored.complaint, command, today, &parameters),
        ),
        Change::PlaceHold(reason) => (
            audit::Named::LegalHoldPlaced.into(),
            Some(today),
            lifecycle::place_legal_hold(&actor, &stored.complaint, reason, today),
        ),
        Change::ReleaseHold => (
            audit::Named::LegalHoldReleased.into(),
            Some(today),
            lifecycle::release_legal_hold(&actor, &stored.complaint),
        ),
    };
    let next = match result {
        Ok(next) => next,
        Err(error) => {
            drop(txn);
            if matches!(error, lifecycle::LifecycleError::Forbidden(_)) {
                let entry = audit::Entry {
                    actor: &actor_label(user),
                    action: audit::Named::Denied.into(),
                    complaint_id: Some(&complaint_id_string(id)),
                    detail: Some(action.code().to_owned()),
                };
                audit::append(&state.db, &state.audit_key, now, entry)
                    .await
                    .map_err(ApiError::from)?;
            }
            return Err(ApiError::from(error).into());
        }
    };
    if expected_version.is_some_and(|v| v != stored.version) {
        return Err(ApiError::conflict().into());
    }
    let label = actor_label(user);
    store::save(&txn, &stored, &next, &label, now).await?;
    let id_text = complaint_id_string(id);
    store::record_event(
        &txn,
        &id_text,
        action.code(),
        Some(id_string(user.id)),
        now,
        on_date,
    )
    .await
    .map_err(ApiError::from)?;
    if let Some((held_on, kind, summary, agreements)) = conversation {
        conversations::ActiveModel {
            id: Set(new_id()),
            complaint_id: Set(id_text.clone()),
            held_on: Set(held_on),
            kind: Set(kind.to_owned()),
            summary: Set(summary.to_owned()),
            agreements: Set(agreements.to_owned()),
            recorded_by: Set(id_string(user.id)),
            recorded_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(ApiError::from)?;
    }
    audit::append(
        &txn,
        &state.audit_key,
        now,
        audit::Entry {
            actor: &label,
            action,
            complaint_id: Some(&id_text),
            detail: None,
        },
    )
    .await
    .map_err(ApiError::from)?;
    let previous = stored.complaint.status;
    let saved = Stored {
        complaint: next,
        version: stored.version + 1,
        ..stored
    };
    if saved.complaint.status != previous {
        let deadlines = context
            .rules
            .deadlines_of(&saved, &saved.complaint, today)?;
        let view = policy::anonymise(&saved.complaint, &deadlines, &[]);
        crate::webhooks::emit(&txn, now, crate::webhooks::status_changed(&view, previous))
            .await
            .map_err(ApiError::from)?;
    }
    if let Some(kind) = letter {
        super::letters::make(
            &txn,
            state,
            &context.rules,
            &saved,
            kind,
            None,
            conversation.map(|(held_on, _, _, agreements)| (held_on, agreements.to_owned())),
            &label,
            now,
        )
        .await?;
    }
    Ok(context
        .answer(txn, state, &actor, &label, &saved, today)
        .await?)
}

fn command_date(command: &Command) -> Option<chrono::NaiveDate> {
    match command {
        Command::Acknowledge { on }
        | Command::RecordContact { on }
        | Command::RecordConversation { on }
        | Command::RequestSupplement { on, .. }
        | Command::RecordSupplement { on }
        | Command::Decline { on, .. }
        | Command::Withdraw { on }
        | Command::Resolve { on, .. }
        | Command::RequestDpoAdvice { on }
        | Command::Purge { on, .. } => Some(*on),
        Command::RecordDpoAdvice { advice } => Some(advice.advised_on),
        _ => None,
    }
}

/// The longest free text accepted in any field.
const MAX_TEXT_CHARS: usize = 20_000;

fn required_text(text: &str, what: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::validation(format!("{what} cannot be empty")));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::validation(format!(
            "{what} is longer than 20,000 characters"
        )));
    }
    Ok(text.to_owned())
}

fn optional_text(text: Option<String>, what: &str) -> ApiResult<Option<String>> {
    text.filter(|t| !t.trim().is_empty())
        .map(|t| required_text(&t, what))
        .transpose()
}

#[Object]
impl ComplaintMutation {
    /// Logs in with e-mail and password; returns a short-lived access token.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The e-mail address of the account.")] email: String,
        #[graphql(desc = "Its password.")] password: String,
    ) -> async_graphql::Result<Session> {
        let state = state(ctx);
        let address = &viewer(ctx).address;
        let now = state.clock.now();
        let account = email.trim().to_lowercase();
        backoff(state, &account, address, now)?;
        let found = users::by_email(&state.db, &account)
            .await
            .map_err(ApiError::from)?;
        let valid = match &found {
            Some((user, hash)) => crate::auth::verify_password(&password, hash) && user.active,
            None => {
                let _ = crate::auth::verify_password(&password, crate::auth::dummy_hash());
                false
            }
        };
        // A failed login on a known account names the account (its id, never the address typed).
        let attempted = found
            .as_ref()
            .map(|(user, _)| format!("account:user:{}", id_string(user.id)));
        let Some((user, _)) = found.filter(|_| valid) else {
            state.limiter.failed(&account, address, now);
            audit::append(
                &state.db,
                &state.audit_key,
                now,
                audit::Entry {
                    actor: "anonymous",
                    action: audit::Named::LoginFailed.into(),
                    complaint_id: None,
                    detail: attempted,
                },
            )
            .await
            .map_err(ApiError::from)?;
            return Err(ApiError::new(
                crate::error::Code::Unauthenticated,
                "e-mail address or password is wrong",
            )
            .into());
        };
        state.limiter.succeeded(&account);
        let session = open_session(ctx, state, &user, now).await?;
        audit::append(
            &state.db,
            &state.audit_key,
            now,
            audit::Entry {
                actor: &actor_label(&user),
                action: audit::Named::Login.into(),
                complaint_id: None,
                detail: None,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(session)
    }

    /// Changes your own password (the current one is required) and ends every other session:
    /// all earlier tokens stop working, and this session continues with the token returned. A
    /// password someone else set must be changed this way before anything else.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Your current password.")] current: String,
        #[graphql(desc = "The new password, at least 10 characters, not the current one.")]
        new: String,
    ) -> async_graphql::Result<Session> {
        let user = require_user_with_any_password(ctx)?;
        let state = state(ctx);
        let now = state.clock.now();
        let address = &viewer(ctx).address;
        backoff(state, &user.email, address, now)?;
        let hash = users::password_hash(&state.db, user.id)
            .await
            .map_err(ApiError::from)?
            .unwrap_or_default();
        if !crate::auth::verify_password(&current, &hash) {
            state.limiter.failed(&user.email, address, now);
            return Err(ApiError::validation(
                "the current password is not right; type the one you logged in with",
            )
            .into());
        }
        if new.chars().count() < 10 {
            return Err(ApiError::validation("a password needs at least 10 characters").into());
        }
        if new == current {
            return Err(
                ApiError::validation("choose a new password, not the one you have now").into(),
            );
        }
        let new_hash = crate::auth::hash_password(&new).map_err(|e| ApiError::internal(&e))?;
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let changed = users::change_password(&txn, user, new_hash)
            .await
            .map_err(ApiError::from)?;
        crate::db::sessions::revoke_all(&txn, &id_string(user.id), now)
            .await
            .map_err(ApiError::from)?;
        audit::append(
            &txn,
            &state.audit_key,
            now,
            audit::Entry {
                actor: &actor_label(user),
                action: audit::Named::PasswordChanged.into(),
                complaint_id: None,
                detail: Some("other sessions ended".to_owned()),
            },
        )
        .await
        .map_err(ApiError::from)?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(open_session(ctx, state, &changed, now).await?)
    }

    /// Renews the access token with the httpOnly refresh cookie set at login; the cookie is
    /// replaced by a new one (each can be used once).
    async fn refresh_session(&self, ctx: &Context<'_>) -> async_graphql::Result<Session> {
        let state = state(ctx);
        let now = state.clock.now();
        let refused = || {
            ApiError::new(
                crate::error::Code::Unauthenticated,
                "the session has ended; log in again",
            )
        };
        let token = viewer(ctx).refresh.clone().ok_or_else(refused)?;
        let user_id = crate::db::sessions::redeem(&state.db, &token, now)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(refused)?;
        let user = users::by_id(&state.db, parse_id(&user_id).ok_or_else(refused)?)
            .await
            .map_err(ApiError::from)?
            .filter(|u| u.active)
            .ok_or_else(refused)?;
        let refresh = crate::db::sessions::start(&state.db, &user_id, now)
            .await
            .map_err(ApiError::from)?;
        ctx.append_http_header(
            "set-cookie",
            crate::cookie::refresh_cookie_header(Some(&refresh)),
        );
        let (token, expires) = state
            .tokens
            .issue(&user_id, user.token_version, now)
            .map_err(|e| ApiError::internal(&e))?;
        Ok(session_out(token, expires, &user))
    }

    /// Ends every session of the logged-in user: all their tokens stop working.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let user = require_user_with_any_password(ctx)?;
        let state = state(ctx);
        users::revoke_tokens(&state.db, user)
            .await
            .map_err(ApiError::from)?;
        crate::db::sessions::revoke_all(&state.db, &id_string(user.id), state.clock.now())
            .await
            .map_err(ApiError::from)?;
        ctx.append_http_header("set-cookie", crate::cookie::refresh_cookie_header(None));
        audit::append(
            &state.db,
            &state.audit_key,
            state.clock.now(),
            audit::Entry {
                actor: &actor_label(user),
                action: audit::Named::Logout.into(),
                complaint_id: None,
                detail: None,
            },
        )
        .await
        .map_err(ApiError::from)?;
        Ok(true)
    }

    /// Registers a complaint received by letter, e-mail, phone, in person or web form.
    async fn register_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint as received.")] input: RegisterComplaintInput,
    ) -> async_graphql::Result<Complaint> {
        let user = require_user(ctx)?;
        if ![CoreRole::Staff, CoreRole::Handler, CoreRole::Director]
            .iter()
            .any(|r| user.roles.contains(r))
        {
            return Err(ApiError::forbidden().into());
        }
        let state = state(ctx);
        let now = state.clock.now();
        let today = state.clock.today();
        let request = registration_request(&input)?;
        let draft = Draft::parse(input, today)?;
        let received_on = draft.received_on;
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let mut context = Context2::load(&txn).await?;
        // Sent again under the same request id (the answer was lost): the complaint made the
        // first time, as this user sees it now; nothing is registered twice.
        if let Some((request_id, hash)) = &request {
            let earlier =
                registration_requests::Entity::find_by_id((id_string(user.id), request_id.clone()))
                    .one(&txn)
                    .await
                    .map_err(ApiError::from)?;
            if let Some(earlier) = earlier {
                if earlier.request_hash != *hash {
                    return Err(ApiError::validation(
                        "this requestId was used for a different registration; send a new \
                         complaint with a new requestId",
                    )
                    .into());
                }
                let id = parse_complaint_id(&earlier.complaint_id)
                    .ok_or_else(|| ApiError::not_found("complaint"))?;
                let stored = store::load(&txn, id)
                    .await
                    .map_err(ApiError::from)?
                    .ok_or_else(|| ApiError::not_found("complaint"))?;
                let label = actor_label(user);
                return Ok(context
                    .answer(txn, state, &user.actor(), &label, &stored, today)
                    .await?);
            }
        }
        let (procedure_id, calendar_id) = context
            .rules
            .in_force_on(received_on)
            .ok_or_else(|| ApiError::internal(&"no procedure or calendar version"))?;
        let year = chrono::Datelike::year(&received_on);
        let sequence = store::next_sequence(&txn, year)
            .await
            .map_err(ApiError::from)?;
        let reference =
            Reference::new(year, sequence).map_err(|e| ApiError::validation(e.to_string()))?;
        let complaint = core::Complaint::registered(draft.registration(
            store::new_complaint_id(),
            reference,
            user.id,
        ));
        store::insert(&txn, &complaint, &procedure_id, &calendar_id, now)
            .await
            .map_err(ApiError::from)?;
        let id_text = complaint_id_string(complaint.id);
        if let Some((request_id, hash)) = request {
            let remembered = registration_requests::ActiveModel {
                user_id: Set(id_string(user.id)),
                request_id: Set(request_id),
                request_hash: Set(hash),
                complaint_id: Set(id_text.clone()),
                created_at: Set(now),
            }
            .insert(&txn)
            .await;
            if let Err(e) = remembered {
                // The same request, sent twice at the very same moment: the other one counts.
                return Err(match e.sql_err() {
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ApiError::new(
                        crate::error::Code::Conflict,
                        "an earlier attempt of this registration was saved at the same moment; \
                         send it again to see it",
                    ),
                    _ => ApiError::from(e),
                }
                .into());
            }
        }
        let label = actor_label(user);
        store::record_event(
            &txn,
            &id_text,
            crate::db::codes::REGISTER,
            Some(id_string(user.id)),
            now,
            Some(received_on),
        )
        .await
        .map_err(ApiError::from)?;
        audit::append(
            &txn,
            &state.audit_key,
            now,
            audit::Entry {
                actor: &label,
                action: audit::Named::Register.into(),
                complaint_id: Some(&id_text),
                detail: None,
            },
        )
        .await
        .map_err(ApiError::from)?;
        let stored = Stored {
            complaint,
            version: 1,
            procedure_version_id: procedure_id,
            calendar_version_id: calendar_id,
        };
        // "brengt de klachtenbehandelaar op de hoogte": queued with the registration.
        let clocks = context
            .rules
            .deadlines_of(&stored, &stored.complaint, today)?;
        crate::mail::new_complaint(
            &txn,
            &state.config,
            now,
            &id_text,
            &stored.complaint.reference.to_string(),
            clocks.acknowledgement.due_on,
        )
        .await
        .map_err(ApiError::from)?;
        let view = policy::anonymise(&stored.complaint, &clocks, &[]);
        crate::webhooks::emit(&txn, now, crate::webhooks::registered(&view))
            .await
            .map_err(ApiError::from)?;
        Ok(context
            .answer(txn, state, &user.actor(), &label, &stored, today)
            .await?)
    }

    /// Ontvangstbevestiging: the acknowledgement was sent on `on`.
    async fn acknowledge_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The date it happened (YYYY-MM-DD, Europe/Amsterdam); not in the future."
        )]
        on: Date,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        step(
            ctx,
            &id,
            expected_version,
            Command::Acknowledge { on: on.0 },
            None,
        )
        .await
    }

    /// The handler's first contact with the complainant took place on `on`.
    async fn record_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The date it happened (YYYY-MM-DD, Europe/Amsterdam); not in the future."
        )]
        on: Date,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        step(
            ctx,
            &id,
            expected_version,
            Command::RecordContact { on: on.0 },
            None,
        )
        .await
    }

    /// The conversation took place; its summary and agreements are stored for the confirmation letter.
    async fn record_conversation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The conversation (gesprek) and the agreements (afspraken).")]
        input: RecordConversationInput,
    ) -> async_graphql::Result<Complaint> {
        let summary = required_text(&input.summary, "the summary")?;
        let agreements = required_text(&input.agreements, "the agreements")?;
        let kind = match input.kind {
            ConversationKind::Phone => "PHONE",
            ConversationKind::Meeting => "MEETING",
        };
        let on = input.held_on.0;
        step(
            ctx,
            &input.id,
            input.expected_version,
            Command::RecordConversation { on },
            Some((on, kind, &summary, &agreements)),
        )
        .await
    }

    /// Asks the complainant to supplement the complaint by `dueOn`; the resolution clock waits.
    async fn request_supplement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The date it happened (YYYY-MM-DD, Europe/Amsterdam); not in the future."
        )]
        on: Date,
        #[graphql(desc = "By when the supplement must arrive.")] due_on: Date,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        step(
            ctx,
            &id,
            expected_version,
            Command::RequestSupplement {
                on: on.0,
                due_on: due_on.0,
            },
            None,
        )
        .await
    }

    /// The supplement arrived on `on`; the complaint returns to where it was.
    async fn record_supplement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The date it happened (YYYY-MM-DD, Europe/Amsterdam); not in the future."
        )]
        on: Date,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        step(
            ctx,
            &id,
            expected_version,
            Command::RecordSupplement { on: on.0 },
            None,
        )
        .await
    }

    /// Declines to handle the complaint on one of the procedure's grounds.
    async fn decline_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The date it happened (YYYY-MM-DD, Europe/Amsterdam); not in the future."
        )]
        on: Date,
        #[graphql(desc = "The ground (grond) for declining.")] ground: DeclineGround,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        step(
            ctx,
            &id,
            expected_version,
            Command::Decline {
                on: on.0,
                ground: ground.into(),
            },
            None,
        )
        .await
    }

    /// The complainant withdrew the complaint on `on`.
    async fn withdraw_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The date it happened (YYYY-MM-DD, Europe/Amsterdam); not in the future."
        )]
        on: Date,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        step(
            ctx,
            &id,
            expected_version,
            Command::Withdraw { on: on.0 },
            None,
        )
        .await
    }

    /// The complaint was resolved on `on`; `outcome` says what was settled (the closing letter
    /// states it).
    async fn resolve_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The date it happened (YYYY-MM-DD, Europe/Amsterdam); not in the future."
        )]
        on: Date,
        #[graphql(desc = "What was settled (uitkomst); the closing letter states it.")]
        outcome: Option<String>,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        let outcome = Sensitive::new(optional_text(outcome, "outcome")?);
        step(
            ctx,
            &id,
            expected_version,
            Command::Resolve { on: on.0, outcome },
            None,
        )
        .await
    }

    /// Places a legal hold (directors), e.g. while a court case runs: the retention purge leaves
    /// the complaint alone until the hold is released. The reason is kept with the complaint.
    async fn place_legal_hold(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(desc = "Why (reden), e.g. a pending court case.")] reason: String,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        let reason = Sensitive::new(required_text(&reason, "reason")?);
        change(ctx, &id, expected_version, Change::PlaceHold(reason), None).await
    }

    /// Releases a legal hold (directors); the purge takes the complaint once its time has come.
    async fn release_legal_hold(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        change(ctx, &id, expected_version, Change::ReleaseHold, None).await
    }

    /// The DPO's advice was requested on `on` (complaints about personal data).
    async fn request_dpo_advice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The date it happened (YYYY-MM-DD, Europe/Amsterdam); not in the future."
        )]
        on: Date,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        step(
            ctx,
            &id,
            expected_version,
            Command::RequestDpoAdvice { on: on.0 },
            None,
        )
        .await
    }

    /// The DPO's advice (the DPO only).
    async fn record_dpo_advice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The DPO's advice (advies van de FG).")] input: RecordDpoAdviceInput,
    ) -> async_graphql::Result<Complaint> {
        let advice = required_text(&input.advice, "the advice")?;
        let reason = input.reason.trim().to_owned();
        step(
            ctx,
            &input.id,
            input.expected_version,
            Command::RecordDpoAdvice {
                advice: core::DpoAdvice {
                    advised_on: input.advised_on.0,
                    advice: Sensitive::new(advice),
                    followed: input.followed,
                    reason: Sensitive::new(reason),
                },
            },
            None,
        )
        .await
    }

    /// Assigns the complaints handler.
    async fn assign_handler(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(desc = "The user who becomes the complaints handler.")] handler_id: ID,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        let handler = parse_user_id(&handler_id)?;
        let candidate = users::by_id(&state(ctx).db, handler)
            .await
            .map_err(ApiError::from)?;
        if !candidate.is_some_and(|u| u.active && u.roles.contains(&CoreRole::Handler)) {
            return Err(ApiError::validation(
                "handlerId must be an active user with the HANDLER role",
            )
            .into());
        }
        step(
            ctx,
            &id,
            expected_version,
            Command::AssignHandler { handler },
            None,
        )
        .await
    }

    /// Makes a user an involved party (betrokkene): they see the complaint identified.
    async fn add_involved_party(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(desc = "The staff member (betrokkene).")] user_id: ID,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        let user = parse_user_id(&user_id)?;
        if users::by_id(&state(ctx).db, user)
            .await
            .map_err(ApiError::from)?
            .is_none()
        {
            return Err(ApiError::not_found("user").into());
        }
        step(
            ctx,
            &id,
            expected_version,
            Command::AddInvolvedParty { user },
            None,
        )
        .await
    }

    /// Removes an added involved party.
    async fn remove_involved_party(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(desc = "The staff member (betrokkene).")] user_id: ID,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        let user = parse_user_id(&user_id)?;
        step(
            ctx,
            &id,
            expected_version,
            Command::RemoveInvolvedParty { user },
            None,
        )
        .await
    }

    /// The root cause (oorzaak): a category and an explanation, which anonymised views show
    /// redacted once `reviewed`. klachtenregeling: "het wegnemen van de oorzaken".
    async fn record_root_cause(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(desc = "A code from `causeCategories`.")] category: String,
        #[graphql(
            desc = "The explanation (toelichting); anonymised views show it redacted, once reviewed."
        )]
        text: String,
        #[graphql(
            default = false,
            desc = "The redacted explanation (`rootCause.textRedacted`) is approved for anonymised views; until then they show the category only. Send it again with every change of the text."
        )]
        reviewed: bool,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        let category = required_text(&category, "the category")?;
        let text = required_text(&text, "the explanation")?;
        let known = crate::db::entities::cause_categories::Entity::find_by_id(category.clone())
            .one(&state(ctx).db)
            .await
            .map_err(ApiError::from)?
            .is_some_and(|c| c.active);
        if !known {
            return Err(ApiError::validation(
                "choose a cause category from the list the admins keep (causeCategories)",
            )
            .into());
        }
        step(
            ctx,
            &id,
            expected_version,
            Command::RecordRootCause {
                category,
                text: Sensitive::new(text),
                reviewed,
            },
            None,
        )
        .await
    }

    /// The anonymised summary for the directors' meeting; `reviewed` approves its redacted form.
    async fn update_anonymised_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint.")] id: ID,
        #[graphql(
            desc = "The summary as written; anonymised views show it only redacted, once reviewed."
        )]
        text: String,
        #[graphql(
            desc = "The redacted text is approved for anonymised views (agendas, integrations)."
        )]
        reviewed: bool,
        #[graphql(
            desc = "The complaint's `version` as you read it; a newer one gives `CONFLICT`, so nobody overwrites a change they did not see."
        )]
        expected_version: Option<i32>,
    ) -> async_graphql::Result<Complaint> {
        let text = required_text(&text, "the summary")?;
        step(
            ctx,
            &id,
            expected_version,
            Command::UpdateAnonymisedSummary {
                text: Sensitive::new(text),
                reviewed,
            },
            None,
        )
        .await
    }
}
