//! The resolvers: authentication, the policy's projections, and one path for every lifecycle step.

use super::context::{
    MAX_PAGE, require_caller, require_user, require_user_with_any_password, state, user_out, viewer,
};
use super::ids::{typed, typed_opt};
use super::types::*;
use crate::error::{ApiError, ApiResult};
use crate::services::complaints::{self as services, Answer, Draft, Place, Stored};
use crate::services::sessions;
use crate::state::AppState;
use async_graphql::{Context, ID, Object};
use klachten_core::actor::Actor;
use klachten_core::complaint::{self as core, Complainant as CoreComplainant};
use klachten_core::ids::{ComplaintId, EmailAddress, PhoneNumber, UserId};
use klachten_core::integration::Scope;
use klachten_core::lifecycle::Command;
use klachten_core::limits;
use klachten_core::policy;
use klachten_core::sensitive::Sensitive;

/// What a list cursor says of its place.
const CURSOR: &str = "complaints:";

/// A list cursor for a place in the list: sealed with the secrets key, so it is opaque.
fn seal_cursor(state: &AppState, place: Place) -> String {
    crate::sealed::seal(
        state.config.secrets_key.as_ref(),
        &format!("{CURSOR}{}:{}", place.year, place.sequence),
    )
}

/// The place behind a cursor this server made; `None` for anything else.
fn open_cursor(state: &AppState, cursor: &str) -> Option<Place> {
    if !crate::sealed::is_sealed(cursor) {
        return None;
    }
    let plain = crate::sealed::open(state.config.secrets_key.as_ref(), cursor).ok()?;
    let (year, sequence) = plain.strip_prefix(CURSOR)?.split_once(':')?;
    Some(Place {
        year: year.parse().ok()?,
        sequence: sequence.parse().ok()?,
    })
}

/// A session just opened, as the API gives it; the refresh token goes in its cookie.
fn opened(ctx: &Context<'_>, opened: sessions::Opened) -> Session {
    ctx.append_http_header(
        "set-cookie",
        crate::cookie::refresh_cookie_header(Some(&opened.refresh)),
    );
    Session {
        token: opened.token,
        expires_at: opened.expires.to_rfc3339(),
        user: user_out(&opened.user),
        password_change_required: opened.user.must_change_password,
        today: Date(state(ctx).clock.today()),
    }
}

/// The GraphQL complaint of `stored`, one of `answer`'s, as `actor` sees it.
fn node(answer: &Answer, actor: &Actor, stored: &Stored) -> ApiResult<Complaint> {
    let (view, actions) = answer.reading.view(actor, stored)?;
    let identified = matches!(view, policy::ComplaintView::Identified(_));
    let history = match answer.history(stored) {
        Some(rows) => history_out(rows, &answer.reading, actor, stored, identified)?,
        None => History::default(),
    };
    Ok(complaint_out(view, stored.version, actions, history))
}

/// The only complaint of `answer`.
fn only(answer: &Answer, actor: &Actor) -> ApiResult<Complaint> {
    let stored = answer
        .complaints
        .first()
        .ok_or_else(ApiError::unknown::<ComplaintId>)?;
    node(answer, actor, stored)
}

/// A complaint's related rows as the API shows them: measures in full for a reader who sees the
/// complaint identified, as summaries for anyone else.
fn history_out(
    rows: &services::History,
    reading: &services::Reading,
    actor: &Actor,
    stored: &Stored,
    identified: bool,
) -> ApiResult<History> {
    let mut history = History::default();
    if identified {
        let measure_reading =
            super::measures::Reading::of(actor, Some(&stored.complaint), &reading.staff_names);
        history.measures = rows
            .measures
            .iter()
            .map(|m| {
                super::measures::measure_out(m, &reading.names, reading.today, &measure_reading)
            })
            .collect::<ApiResult<_>>()?;
    } else {
        let context = klachten_core::redaction::RedactionContext::for_complaint(
            &stored.complaint,
            &reading.staff_names,
        );
        history.measure_summaries = rows
            .measures
            .iter()
            .map(|m| super::measures::measure_summary(m, reading.today, &context))
            .collect::<ApiResult<_>>()?;
    }
    history.letters = rows
        .letters
        .iter()
        .map(|m| Letter {
            email: identified
                .then(|| {
                    crate::services::letters::mail_preview(
                        actor,
                        &stored.complaint,
                        m,
                        &reading.firm_name,
                    )
                })
                .flatten()
                .map(|p| LetterEmail {
                    to: p.to,
                    subject: p.subject,
                    body: p.body,
                    attachment: p.attachment,
                }),
            ..super::letters::letter_out(m)
        })
        .collect();
    history.timeline = rows
        .record
        .timeline
        .iter()
        .map(|e| TimelineEvent {
            actor_name: e
                .actor_id
                .as_ref()
                .and_then(|a| reading.names.get(a).cloned()),
            actor_id: e.actor_id.clone().map(ID),
            action: e.action.clone(),
            at: e.at.to_rfc3339(),
            on: e.on_date.map(Date),
        })
        .collect();
    history.conversations = rows
        .record
        .conversations
        .iter()
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
    Ok(history)
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
        let actor = caller.actor();
        let answer = services::read(
            state(ctx),
            &actor,
            &caller.label(),
            typed::<ComplaintId>(&id)?,
        )
        .await?;
        Ok(only(&answer, &actor)?)
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
        let request = services::ListRequest {
            statuses: filter
                .status
                .into_iter()
                .flatten()
                .map(Into::into)
                .collect(),
            categories: filter
                .category
                .into_iter()
                .flatten()
                .map(Into::into)
                .collect(),
            handler: typed_opt(filter.handler_id.as_ref())?,
            received_from: filter.received_from.map(|d| d.0),
            received_to: filter.received_to.map(|d| d.0),
            involving_me: filter.involving_me.unwrap_or(false),
            search: filter.search,
            clock_states: filter
                .clock_state
                .into_iter()
                .flatten()
                .map(Into::into)
                .collect(),
            first: usize::try_from(first).unwrap_or(20),
            after,
        };
        let actor = caller.actor();
        let page = services::list(state, &actor, &caller.label(), request).await?;
        let edges = page
            .answer
            .complaints
            .iter()
            .map(|stored| {
                Ok(ComplaintEdge {
                    cursor: seal_cursor(state, Place::of(&stored.complaint)),
                    node: node(&page.answer, &actor, stored)?,
                })
            })
            .collect::<ApiResult<_>>()?;
        Ok(ComplaintConnection {
            edges,
            page_info: PageInfo {
                has_next_page: page.has_next_page,
                end_cursor: page.end.map(|place| seal_cursor(state, place)),
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
        let found =
            services::decline_suggestions(state(ctx), user, typed::<ComplaintId>(&id)?).await?;
        Ok(suggestions_out(found))
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
        if text.chars().count() > limits::FREE_TEXT {
            return Err(ApiError::too_long("the text", limits::FREE_TEXT).into());
        }
        let of = match (&id, &meeting_id) {
            (Some(id), None) => services::PreviewOf::Complaint(typed(id)?),
            (None, Some(meeting)) => services::PreviewOf::Meeting(typed(meeting)?),
            (None, None) => services::PreviewOf::Staff,
            (Some(_), Some(_)) => {
                return Err(ApiError::validation(
                    "give the complaint (id) or the meeting (meetingId), not both",
                )
                .into());
            }
        };
        Ok(services::preview_redaction(state(ctx), user, of, &text).await?)
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
        let parse = move |today| parse_draft(input, today);
        let found = services::suggest_for_draft(state(ctx), user, parse).await?;
        Ok(suggestions_out(found))
    }

    /// Every user (admins, directors and handlers: they assign handlers and add involved
    /// parties).
    async fn users(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<User>> {
        let user = require_user(ctx)?;
        let all = services::staff(state(ctx), user).await?;
        Ok(all.iter().map(user_out).collect())
    }
}

/// The request id of a registration and the SHA-256 of what was sent, when it has one.
fn registration_request(input: &RegisterComplaintInput) -> ApiResult<Option<services::RequestId>> {
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
    Ok(Some(services::RequestId {
        id: id.clone(),
        hash: hex::encode(sha2::Sha256::digest(sent.as_bytes())),
    }))
}

/// A registration's input, checked: what `registerComplaint` stores and
/// `suggestDeclineGrounds` judges.
fn parse_draft(input: RegisterComplaintInput, today: chrono::NaiveDate) -> ApiResult<Draft> {
    let received_on = input.received_on.0;
    if received_on > today {
        return Err(ApiError::validation("receivedOn cannot be in the future"));
    }
    if input.conduct_on.is_some_and(|c| c.0 > received_on) {
        return Err(ApiError::validation("conductOn cannot be after receivedOn"));
    }
    let complainant = input.complainant.unwrap_or_default();
    let email = optional_text(complainant.email, "the e-mail address")?
        .map(|e| EmailAddress::parse(&e).map_err(|e| ApiError::invalid(&e)))
        .transpose()?;
    let phone = optional_text(complainant.phone, "the phone number")?
        .map(|p| PhoneNumber::parse(&p).map_err(|e| ApiError::invalid(&e)))
        .transpose()?;
    Ok(Draft {
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

/// The decline suggestions as the API gives them.
fn suggestions_out(
    suggestions: Vec<klachten_core::suggestions::DeclineSuggestion>,
) -> Vec<DeclineSuggestion> {
    suggestions
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
        .collect()
}

/// The root of every mutation.
#[derive(Default)]
pub struct ComplaintMutation;

/// Runs one lifecycle step (see [`change`]).
async fn step(
    ctx: &Context<'_>,
    id: &ID,
    expected_version: Option<i32>,
    command: Command,
    conversation: Option<services::ConversationNote>,
) -> async_graphql::Result<Complaint> {
    change(
        ctx,
        id,
        expected_version,
        services::Change::Step(command),
        conversation,
    )
    .await
}

/// One change through [`services::change`], answered as the user now sees the complaint.
async fn change(
    ctx: &Context<'_>,
    id: &ID,
    expected_version: Option<i32>,
    change: services::Change,
    conversation: Option<services::ConversationNote>,
) -> async_graphql::Result<Complaint> {
    let user = require_user(ctx)?;
    let id = typed::<ComplaintId>(id)?;
    let answer =
        services::change(state(ctx), user, id, expected_version, change, conversation).await?;
    Ok(only(&answer, &user.actor())?)
}

fn required_text(text: &str, what: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::validation(format!("{what} cannot be empty")));
    }
    if text.chars().count() > limits::FREE_TEXT {
        return Err(ApiError::too_long(what, limits::FREE_TEXT));
    }
    crate::error::printable(text, what)?;
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
        let address = &viewer(ctx).address;
        let session = sessions::login(state(ctx), &email, &password, address).await?;
        Ok(opened(ctx, session))
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
        let address = &viewer(ctx).address;
        let session = sessions::change_password(state(ctx), user, &current, &new, address).await?;
        Ok(opened(ctx, session))
    }

    /// Renews the access token with the httpOnly refresh cookie set at login; the cookie is
    /// replaced by a new one (each can be used once).
    async fn refresh_session(&self, ctx: &Context<'_>) -> async_graphql::Result<Session> {
        let token = viewer(ctx).refresh.as_deref();
        let session = sessions::refresh(state(ctx), token).await?;
        Ok(opened(ctx, session))
    }

    /// Ends every session of the logged-in user: all their tokens stop working.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let user = require_user_with_any_password(ctx)?;
        sessions::logout(state(ctx), user).await?;
        ctx.append_http_header("set-cookie", crate::cookie::refresh_cookie_header(None));
        Ok(true)
    }

    /// Registers a complaint received by letter, e-mail, phone, in person or web form.
    async fn register_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint as received.")] input: RegisterComplaintInput,
    ) -> async_graphql::Result<Complaint> {
        let user = require_user(ctx)?;
        let parse = move |today| {
            let request = registration_request(&input)?;
            Ok((parse_draft(input, today)?, request))
        };
        let answer = services::register(state(ctx), user, parse).await?;
        Ok(only(&answer, &user.actor())?)
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
            Some(services::ConversationNote {
                held_on: on,
                kind,
                summary,
                agreements,
            }),
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
        change(
            ctx,
            &id,
            expected_version,
            services::Change::PlaceHold(reason),
            None,
        )
        .await
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
        change(
            ctx,
            &id,
            expected_version,
            services::Change::ReleaseHold,
            None,
        )
        .await
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
        let handler = typed::<UserId>(&handler_id)?;
        services::ensure_handler(state(ctx), handler).await?;
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
        let user = typed::<UserId>(&user_id)?;
        services::ensure_user(state(ctx), user).await?;
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
        let user = typed::<UserId>(&user_id)?;
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
