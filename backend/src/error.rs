//! The API's errors: one closed set of stable codes, mapped once at the edge. Rule: a message is
//! written for the person who sent the request and never carries internal text or identifying
//! data; internal causes are logged with a correlation id, without identifying data.

use klachten_core::lifecycle::LifecycleError;

/// An error as the API reports it. It deliberately has no `Display`: async-graphql converts any
/// `Display` type into an error without extensions, and every API error must carry its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The stable code (`extensions.code`).
    pub code: Code,
    /// What the person can do about it.
    pub message: String,
    /// A finer, stable reason within the code (`extensions.reason`), when there is one.
    pub reason: Option<&'static str>,
    /// The message in Dutch, when it has been written: sent in place of `message` to those
    /// who ask in Dutch (`Accept-Language`), with `extensions.lang` saying so.
    pub dutch: Option<String>,
}

/// The closed set of error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// No valid credentials.
    Unauthenticated,
    /// The role or involvement does not allow it.
    Forbidden,
    /// Nothing with that id.
    NotFound,
    /// The input is wrong; the message says what to change.
    Validation,
    /// The step does not fit the complaint's state.
    InvalidTransition,
    /// Someone else changed it first.
    Conflict,
    /// A complaint on the agenda has no reviewed anonymised summary yet.
    SummaryMissing,
    /// Too many attempts.
    RateLimited,
    /// The password was set by someone else: choose a new one (`changePassword`) first.
    PasswordChangeRequired,
    /// Our fault; the correlation id is in the message.
    Internal,
}

impl Code {
    /// The code as sent in `extensions.code`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::Validation => "VALIDATION",
            Self::InvalidTransition => "INVALID_TRANSITION",
            Self::Conflict => "CONFLICT",
            Self::SummaryMissing => "SUMMARY_MISSING",
            Self::RateLimited => "RATE_LIMITED",
            Self::PasswordChangeRequired => "PASSWORD_CHANGE_REQUIRED",
            Self::Internal => "INTERNAL",
        }
    }
}

impl ApiError {
    /// An error with a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            reason: None,
            dutch: None,
        }
    }

    /// The same error, with its message in Dutch as well.
    #[must_use]
    pub fn in_dutch(self, dutch: impl Into<String>) -> Self {
        Self {
            dutch: Some(dutch.into()),
            ..self
        }
    }

    /// Not logged in, or the token is no longer valid.
    pub fn unauthenticated() -> Self {
        Self::new(
            Code::Unauthenticated,
            "log in first; your session may have expired",
        )
    }

    /// Not allowed for this role.
    pub fn forbidden() -> Self {
        Self::new(Code::Forbidden, "your role does not allow this")
    }

    /// Nothing found.
    pub fn not_found(what: &str) -> Self {
        Self::new(Code::NotFound, format!("no {what} with that id"))
    }

    /// No `T` with the id that was asked for (or one the asker may not know of).
    pub fn unknown<T: klachten_core::ids::Id>() -> Self {
        Self::not_found(T::NOUN)
    }

    /// `text` is longer than `limit` characters (a `klachten_core::limits` constant).
    pub fn too_long(what: &str, limit: usize) -> Self {
        Self::validation(format!(
            "{what} is longer than {} characters",
            thousands(limit)
        ))
    }

    /// Wrong input.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(Code::Validation, message)
    }

    /// `what` holds a character a letter cannot print (see `klachten_core::printable`).
    pub fn unprintable(what: &str, error: klachten_core::printable::Unprintable) -> Self {
        Self::validation(format!("{what} {error}")).in_dutch(error.dutch())
    }

    /// Wrong input, as the domain core explains it in English and Dutch.
    pub fn invalid(error: &impl Explained) -> Self {
        Self::validation(error.to_string()).in_dutch(error.dutch())
    }

    /// It is there already: `CONFLICT` with the finer `reason` (`ALREADY_ON_AGENDA`, `IN_USE`),
    /// so a client tells it apart from a stale write.
    pub fn already(reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            reason: Some(reason),
            ..Self::new(Code::Conflict, message)
        }
    }

    /// A stale write.
    pub fn conflict() -> Self {
        Self::new(
            Code::Conflict,
            "the complaint was changed by someone else; reload it and try again",
        )
    }

    /// An internal failure: the cause is logged under a correlation id and never sent.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        let correlation = uuid::Uuid::new_v4();
        tracing::error!(%correlation, cause = %cause, "internal error");
        Self::new(
            Code::Internal,
            format!("something went wrong on our side (reference {correlation})"),
        )
    }
}

impl From<LifecycleError> for ApiError {
    fn from(error: LifecycleError) -> Self {
        let code = match error.code() {
            "FORBIDDEN" => Code::Forbidden,
            "INVALID_DATE" | "INVALID_INVOLVEMENT" | "INVALID_INPUT" => Code::Validation,
            _ => Code::InvalidTransition,
        };
        Self {
            code,
            message: error.to_string(),
            reason: Some(error.code()),
            dutch: None,
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(error: sea_orm::DbErr) -> Self {
        if !connection_lost(&error) {
            return Self::internal(&error);
        }
        let correlation = uuid::Uuid::new_v4();
        tracing::warn!(%correlation, cause = %error, "the database connection was lost");
        Self {
            code: Code::Internal,
            message: format!(
                "the database could not be reached; reload to see whether your change was \
                 saved, then try again (reference {correlation})"
            ),
            reason: Some("DATABASE_UNAVAILABLE"),
            dutch: None,
        }
    }
}

/// Whether `error` means the database could not be reached or dropped the connection (the
/// server restarted, an operator ended the session, the network failed, the pool had nothing
/// free), rather than refusing the statement: trying again later may well work.
pub fn connection_lost(error: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            match e.as_ref() {
                Sqlx::Io(_)
                | Sqlx::Protocol(_)
                | Sqlx::PoolTimedOut
                | Sqlx::PoolClosed
                | Sqlx::WorkerCrashed => true,
                // SQLSTATE class 08 (connection exception) and 57P01–57P03 (the server is
                // shutting down or ended this session).
                Sqlx::Database(db) => db.code().is_some_and(|c| {
                    c.starts_with("08") || matches!(&*c, "57P01" | "57P02" | "57P03")
                }),
                _ => false,
            }
        }
        _ => false,
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        use async_graphql::ErrorExtensions;
        let mut e = async_graphql::Error::new(error.message);
        e = e.extend_with(|_, ext| {
            ext.set("code", error.code.as_str());
            if let Some(reason) = error.reason {
                ext.set("reason", reason);
            }
            if let Some(dutch) = &error.dutch {
                ext.set(DUTCH, dutch.as_str());
            }
        });
        e
    }
}

/// The extension that carries a Dutch message from a resolver to [`in_language`]; never sent.
const DUTCH: &str = "nl";

/// Whether the request asks for Dutch first: the first language of `Accept-Language`
/// (`nl`, `nl-NL`, `nl-BE`). Without the header, English, as the API is documented.
pub fn asks_dutch(accept_language: Option<&str>) -> bool {
    accept_language
        .and_then(|header| header.split(',').next())
        .and_then(|first| first.split(';').next())
        .map(str::trim)
        .is_some_and(|tag| {
            tag.eq_ignore_ascii_case("nl")
                || tag
                    .get(..3)
                    .is_some_and(|prefix| prefix.eq_ignore_ascii_case("nl-"))
        })
}

/// Puts each error of `errors` in the language asked for: the Dutch message, marked with
/// `extensions.lang = "nl"`, where there is one and Dutch was asked for; the English one
/// otherwise. The carrier extension never leaves the server.
pub fn in_language(errors: &mut [async_graphql::ServerError], dutch: bool) {
    for error in errors {
        let Some(extensions) = error.extensions.as_mut() else {
            continue;
        };
        let Some(async_graphql::Value::String(text)) = extensions.get(DUTCH).cloned() else {
            continue;
        };
        extensions.unset(DUTCH);
        if dutch {
            error.message = text;
            extensions.set("lang", "nl");
        }
    }
}

/// An error of the domain core about input, with its message in Dutch as well.
pub trait Explained: std::fmt::Display {
    /// The message in Dutch.
    fn dutch(&self) -> &'static str;
}

impl Explained for klachten_core::ids::ParseError {
    fn dutch(&self) -> &'static str {
        Self::dutch(self)
    }
}

impl Explained for klachten_core::procedure::ProcedureError {
    fn dutch(&self) -> &'static str {
        Self::dutch(self)
    }
}

impl Explained for klachten_core::calendar::CalendarError {
    fn dutch(&self) -> &'static str {
        Self::dutch(self)
    }
}

/// Refuses `text` if a letter could not print it; `what` names it in the error.
pub fn printable(text: &str, what: &str) -> ApiResult<()> {
    klachten_core::printable::check(text).map_err(|e| ApiError::unprintable(what, e))
}

/// The result of a resolver.
pub type ApiResult<T> = Result<T, ApiError>;

/// A count as an English message writes it: `20,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_is_asked_for_only_when_it_comes_first() {
        for (header, dutch) in [
            (Some("nl"), true),
            (Some("nl-NL,nl;q=0.9,en;q=0.8"), true),
            (Some("NL-be"), true),
            (Some(" nl ;q=1"), true),
            (Some("en-GB,nl;q=0.9"), false),
            (Some("nld"), false),
            (Some("fr"), false),
            (Some(""), false),
            (None, false),
        ] {
            assert_eq!(asks_dutch(header), dutch, "{header:?}");
        }
    }

    #[test]
    fn an_error_goes_out_in_the_language_asked_and_never_carries_both() {
        let error = || {
            let e: async_graphql::Error = ApiError::validation("a user needs a name")
                .in_dutch("Geef de gebruiker een naam.")
                .into();
            vec![e.into_server_error(async_graphql::Pos::default())]
        };
        let mut dutch = error();
        in_language(&mut dutch, true);
        let mut english = error();
        in_language(&mut english, false);
        let sent = |e: &[async_graphql::ServerError]| serde_json::to_value(e).unwrap();
        assert_eq!(dutch[0].message, "Geef de gebruiker een naam.");
        assert_eq!(sent(&dutch)[0]["extensions"]["lang"], "nl");
        assert_eq!(sent(&dutch)[0]["extensions"]["code"], "VALIDATION");
        assert_eq!(english[0].message, "a user needs a name");
        assert!(sent(&english)[0]["extensions"].get("lang").is_none());
        for e in [sent(&dutch), sent(&english)] {
            assert!(e[0]["extensions"].get(DUTCH).is_none(), "{e}");
        }
    }

    #[test]
    fn counts_in_messages_are_grouped_by_thousands() {
        for (n, shown) in [
            (2, "2"),
            (200, "200"),
            (5000, "5,000"),
            (20_000, "20,000"),
            (100_000, "100,000"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(thousands(n), shown);
        }
        let long = ApiError::too_long("the facts", 20_000);
        assert_eq!(long.message, "the facts is longer than 20,000 characters");
    }
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    use std::sync::Arc;

    #[test]
    fn a_lost_connection_is_told_apart_from_a_refused_statement() {
        let sqlx = |e: Sqlx| DbErr::Exec(RuntimeErr::SqlxError(Arc::new(e)));
        let lost = [
            sqlx(Sqlx::PoolTimedOut),
            sqlx(Sqlx::PoolClosed),
            sqlx(Sqlx::Io(std::io::Error::from(
                std::io::ErrorKind::ConnectionReset,
            ))),
            sqlx(Sqlx::Protocol("unexpected end of stream".into())),
        ];
        for error in &lost {
            assert!(connection_lost(error), "{error}");
            let api = ApiError::from(error.clone());
            assert_eq!(api.code, Code::Internal);
            assert_eq!(api.reason, Some("DATABASE_UNAVAILABLE"));
            assert!(!api.message.contains("pool"), "{}", api.message);
        }
        let refused = [
            sqlx(Sqlx::RowNotFound),
            DbErr::Custom("a rule".into()),
            DbErr::RecordNotFound("x".into()),
        ];
        for error in &refused {
            assert!(!connection_lost(error), "{error}");
            assert_eq!(ApiError::from(error.clone()).reason, None);
        }
    }
}
