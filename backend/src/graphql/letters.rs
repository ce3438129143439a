//! Letters through the API (`services::letters`): downloaded, generated on request, marked as
//! sent, or e-mailed to the complainant. Rule: input mapped in, letters mapped out.

use super::context::{require_user, state};
use super::ids::{id_out, typed};
use super::types::{Date, Letter, LetterChannel, LetterKind};
use crate::letters::Kind;
use crate::services::letters;
use async_graphql::{Context, ID, Object};
use base64::Engine;
use klachten_core::ids::{ComplaintId, LetterId};

/// A stored letter (or its metadata) as the API shows it.
pub(super) fn letter_out(m: &letters::Meta) -> Letter {
    Letter {
        id: id_out(m.id),
        kind: Kind::from_code(&m.kind).map_or(LetterKind::Closing, Into::into),
        generated_at: m
            .generated_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        generated_by: m.generated_by.clone(),
        template_version: m.template_version.clone(),
        procedure_version: m.procedure_label.clone(),
        content_hash: m.content_hash.clone(),
        sent_on: m.sent_on.map(Date),
        sent_via: m.sent_via.as_deref().map(|v| {
            if v == "EMAIL" {
                LetterChannel::Email
            } else {
                LetterChannel::Post
            }
        }),
        email: None,
    }
}

/// Letter queries.
#[derive(Default)]
pub struct LetterQuery;

#[Object]
impl LetterQuery {
    /// A letter's PDF, base64-encoded (viewers who see its complaint identified). Each read is
    /// audited.
    async fn letter_pdf(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The letter.")] id: ID,
    ) -> async_graphql::Result<String> {
        let user = require_user(ctx)?;
        let pdf = letters::pdf(state(ctx), user, typed::<LetterId>(&id)?).await?;
        Ok(base64::engine::general_purpose::STANDARD.encode(pdf))
    }
}

/// Letter mutations.
#[derive(Default)]
pub struct LetterMutation;

#[Object]
impl LetterMutation {
    /// Generates a letter now (handlers and directors). A request for a supplement says in
    /// `note` what is missing. The steps generate their own letters: acknowledging, recording a
    /// conversation, declining and resolving.
    async fn generate_letter(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The complaint (klacht).")] complaint_id: ID,
        #[graphql(desc = "Which letter.")] kind: LetterKind,
        #[graphql(desc = "What is missing (a request for a supplement).")] note: Option<String>,
    ) -> async_graphql::Result<Letter> {
        let user = require_user(ctx)?;
        let made = letters::generate(
            state(ctx),
            user,
            typed::<ComplaintId>(&complaint_id)?,
            kind.into(),
            note.as_deref(),
        )
        .await?;
        Ok(letter_out(&made))
    }

    /// Marks a letter as sent by post or e-mail on `on` (handlers and directors).
    async fn mark_letter_sent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The letter.")] id: ID,
        #[graphql(desc = "How it went out: by post or by e-mail.")] via: LetterChannel,
        #[graphql(
            desc = "The date it happened (YYYY-MM-DD, Europe/Amsterdam); not in the future."
        )]
        on: Date,
    ) -> async_graphql::Result<Letter> {
        let user = require_user(ctx)?;
        let by_email = via == LetterChannel::Email;
        let updated = letters::mark_sent(state(ctx), user, typed(&id)?, by_email, on.0).await?;
        Ok(letter_out(&updated))
    }

    /// E-mails a letter to the complainant, as an attachment, and marks it as sent by e-mail
    /// (handlers and directors). The outbox shows whether it arrived at the mail server.
    async fn email_letter(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The letter.")] id: ID,
    ) -> async_graphql::Result<Letter> {
        let user = require_user(ctx)?;
        let updated = letters::email(state(ctx), user, typed(&id)?).await?;
        Ok(letter_out(&updated))
    }
}
