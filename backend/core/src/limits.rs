//! How long what people type may be, in characters. Rule: the server refuses longer input with
//! a clear error, and the app's forms stop at the same length (`maxlength`): both read these
//! constants (the app includes this file as it is), so they never disagree. This file holds
//! constants only, nothing it would need to import.

/// Free text about a complaint: the complainant's data, the facts, the remedy sought, the
/// summary, a conversation and its agreements, an outcome, advice, a reason, a root cause's
/// explanation, a text to preview redacted.
pub const FREE_TEXT: usize = 20_000;

/// What a request for a supplement says is missing.
pub const LETTER_NOTE: usize = 5_000;

/// A name: an API client's, a trusted operation's, a cause category's label.
pub const NAME: usize = 80;

/// A meeting's title.
pub const MEETING_TITLE: usize = 120;

/// A short label: a procedure version's, a webhook's description, a closure day's description.
pub const LABEL: usize = 200;

/// The text of a procedure version.
pub const PROCEDURE_TEXT: usize = 100_000;

/// The shortest password.
pub const PASSWORD_MIN: usize = 10;

/// The shortest search text.
pub const SEARCH_MIN: usize = 2;
