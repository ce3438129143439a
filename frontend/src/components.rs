//! Small pieces every page uses: loading, errors, empty lists, clock chips and badges. Plain
//! functions rather than components: they read no signals, and skip the component wrapper.

use crate::api::{self, ApiError};
use crate::i18n::{I18n, T, date};
use crate::model::{ClockOutcome, ClockState, ComplaintStatus};
use crate::session::Session;
use leptos::prelude::*;

/// Shown while something loads.
pub fn loading() -> impl IntoView {
    let i18n = I18n::get();
    view! { <p class="loading" role="status" aria-live="polite">{i18n.tr(T::Loading)}</p> }
}

/// An error as a sentence, with the server's detail where it helps.
pub fn error_box(error: ApiError) -> impl IntoView {
    let i18n = I18n::get();
    let sentence = error.sentence();
    // Validation and transition messages say what to change; the others add nothing.
    let detail = error
        .detail
        .filter(|_| matches!(error.code.as_str(), "VALIDATION" | "INVALID_TRANSITION"));
    view! {
        <div class="error" role="alert" data-code=error.code.clone()>
            <p>{i18n.tr(sentence)}</p>
            {detail.map(|d| view! { <p class="detail" lang=d.lang>{d.text}</p> })}
        </div>
    }
}

/// The error of the last attempt, if any, in one place of a form (reactive).
pub fn error_slot(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || error.get().map(error_box)
}

/// An empty list.
pub fn empty(text: T) -> impl IntoView {
    let i18n = I18n::get();
    view! { <p class="empty">{i18n.tr(text)}</p> }
}

/// A status badge.
pub fn status_badge(status: ComplaintStatus) -> impl IntoView {
    let i18n = I18n::get();
    let class = if status.is_open() {
        "badge open"
    } else {
        "badge closed"
    };
    view! { <span class=class data-status=status.code()>{i18n.tr(status.label())}</span> }
}

/// One clock with a due date, as a chip: "ontvangstbevestiging uiterlijk 28-04-2025", red and
/// marked "te laat" when late.
pub fn clock_chip(label: T, due_on: String, state: ClockState) -> impl IntoView {
    let i18n = I18n::get();
    let due = date(&due_on);
    view! {
        <span class=state.class() data-clock-state=state.code()>
            {move || format!("{} {} ", i18n.t(label), i18n.t(T::DueBy))}
            <span class="nowrap">{due}</span>
            {(state != ClockState::Open).then(|| view! {
                <span class="state">{move || format!(" · {}", i18n.t(state.label()))}</span>
            })}
        </span>
    }
}

/// A clock's outcome without dates, as anonymised views show it.
pub fn outcome_chip(label: T, outcome: ClockOutcome) -> impl IntoView {
    let i18n = I18n::get();
    let class = match outcome {
        ClockOutcome::Late => "chip late",
        ClockOutcome::Met => "chip met",
        _ => "chip",
    };
    view! {
        <span class=class>{move || format!("{}: {}", i18n.t(label), i18n.t(outcome.label()))}</span>
    }
}

/// A labelled value in a definition list; nothing when the value is missing.
pub fn field(label: T, value: Option<String>) -> impl IntoView {
    let i18n = I18n::get();
    value.filter(|v| !v.trim().is_empty()).map(|value| {
        view! {
            <div class="field">
                <dt>{i18n.tr(label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    })
}

/// A term and a value that is itself a text of the app (a category, a ground, yes or no), so
/// both follow the language switch.
pub fn coded_field(label: T, value: T) -> impl IntoView {
    let i18n = I18n::get();
    view! {
        <div class="field">
            <dt>{i18n.tr(label)}</dt>
            <dd>{i18n.tr(value)}</dd>
        </div>
    }
}

/// Sends a change (a request body from `api::request`), then reloads what the page shows (or
/// shows why it failed). Shared by every change whose answer the page does not read.
pub fn change(
    version: RwSignal<u32>,
    error: RwSignal<Option<ApiError>>,
    body: Result<String, ApiError>,
) {
    leptos::task::spawn_local(changed(version, error, body));
}

/// [`change`] as a future, for [`confirmed`].
pub fn changed(
    version: RwSignal<u32>,
    error: RwSignal<Option<ApiError>>,
    body: Result<String, ApiError>,
) -> impl Future<Output = ()> + use<> {
    let session = Session::get();
    error.set(None);
    async move {
        match api::post(session, body).await {
            Ok(()) => version.update(|v| *v += 1),
            Err(e) => error.set(Some(e)),
        }
    }
}

/// What a text's preview is redacted with.
#[derive(Clone)]
pub enum Redacting {
    /// The names of this complaint (its summary, root cause and measures).
    Complaint(String),
    /// The names of this meeting's complaints (its decisions and minutes).
    Meeting(String),
    /// The staff's names (a proposal that stands alone).
    Staff,
}

/// Beside a text that anonymised readers see only redacted and only once reviewed: the live
/// preview of its redacted form (asked 300 ms after the last change; an answer to an older text
/// is dropped) and the box that approves it. `key` names the elements (`<key>-preview`,
/// `<key>-reviewed`).
pub fn review(
    key: &str,
    redacting: Redacting,
    text: RwSignal<String>,
    reviewed: RwSignal<bool>,
) -> impl IntoView {
    let i18n = I18n::get();
    let session = Session::get();
    let preview = RwSignal::new(String::new());
    let asked = StoredValue::new(0_u32);
    // An approval holds for the text it was given to: a change asks for it again.
    let approved_text = StoredValue::new(text.get_untracked());
    Effect::new(move |_| {
        if reviewed.get() {
            approved_text.set_value(text.get_untracked());
        }
    });
    Effect::new(move |_| {
        let value = text.get();
        if approved_text.with_value(|a| *a != value) {
            reviewed.set(false);
        }
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        let (id, meeting_id) = match redacting.clone() {
            Redacting::Complaint(id) => (Some(id), None),
            Redacting::Meeting(id) => (None, Some(id)),
            Redacting::Staff => (None, None),
        };
        set_timeout(
            move || {
                if asked.get_value() != mine {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let variables = api::preview_redaction::Variables {
                        id,
                        meeting_id,
                        text: value,
                    };
                    let result = api::call::<api::PreviewRedaction>(session, variables).await;
                    if asked.get_value() == mine {
                        preview.set(result.map(|d| d.preview_redaction).unwrap_or_default());
                    }
                });
            },
            std::time::Duration::from_millis(300),
        );
    });
    let checkbox = format!("{key}-reviewed");
    let label_for = checkbox.clone();
    view! {
        <div class="preview" aria-live="polite">
            <p class="label">{i18n.tr(T::PreviewLabel)}</p>
            <p id=format!("{key}-preview") class="text">{move || preview.get()}</p>
        </div>
        <label class="choice" for=label_for>
            <input id=checkbox type="checkbox" bind:checked=reviewed/>
            {i18n.tr(T::ReviewedLabel)}
        </label>
    }
}

/// A free text as a reader sees it: the text, or, where nobody reviewed its redacted form yet,
/// a note saying so.
pub fn reviewed_or_note(text: Option<String>) -> impl IntoView {
    let i18n = I18n::get();
    match text {
        Some(text) => view! { <span class="text">{text}</span> }.into_any(),
        None => view! { <span class="empty">{i18n.tr(T::NotReviewedYet)}</span> }.into_any(),
    }
}

/// What someone typed and has not saved yet, by form and field: kept in memory for the
/// session, so a half-filled form survives going elsewhere and coming back. Never in the
/// browser's storage (it may identify people); gone on reload and on logout.
#[derive(Clone, Copy)]
pub struct Drafts(StoredValue<std::collections::HashMap<String, String>>);

impl Drafts {
    /// An empty store (the app provides one).
    pub fn start() -> Self {
        Self(StoredValue::new(std::collections::HashMap::new()))
    }

    /// From context.
    pub fn get() -> Self {
        expect_context()
    }

    /// A field's signal, starting from its draft (or `initial`), its changes kept as the draft.
    pub fn field(self, key: String, initial: String) -> RwSignal<String> {
        let value = RwSignal::new(self.peek(&key).unwrap_or(initial));
        Effect::new(move |_| self.keep(&key, value.get()));
        value
    }

    /// The draft under `key`.
    pub fn peek(self, key: &str) -> Option<String> {
        self.0.with_value(|d| d.get(key).cloned())
    }

    /// The draft under `key`, forgotten.
    pub fn take(self, key: &str) -> Option<String> {
        self.0.try_update_value(|d| d.remove(key)).flatten()
    }

    /// Keeps `value` as the draft under `key`.
    pub fn keep(self, key: &str, value: String) {
        self.0.update_value(|d| {
            d.insert(key.to_owned(), value);
        });
    }

    /// Forgets every draft whose key starts with `prefix` (the form was saved; `""`: all).
    pub fn forget(self, prefix: &str) {
        self.0
            .update_value(|d| d.retain(|key, _| !key.starts_with(prefix)));
    }
}

/// A button for what leaves the firm or cannot be undone: the first tap asks `question` (with
/// `detail`, such as where it goes, beneath it); the confirming tap does it once, and the button
/// stays off until `act` has finished, so nothing goes out twice.
pub fn confirmed<Act, Done>(
    label: T,
    question: T,
    detail: Option<String>,
    class: &'static str,
    act: Act,
) -> impl IntoView
where
    Act: Fn() -> Done + Clone + Send + Sync + 'static,
    Done: Future<Output = ()> + 'static,
{
    let i18n = I18n::get();
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    view! {
        <button type="button" class=class aria-expanded=move || asking.get().to_string()
            disabled=move || busy.get() on:click=move |_| asking.update(|a| *a = !*a)>
            {i18n.tr(label)}
        </button>
        {move || asking.get().then(|| {
            let act = act.clone();
            let detail = detail.clone();
            view! {
                <div class="confirm" role="group" aria-label=i18n.tr(label)>
                    <p>{i18n.tr(question)}</p>
                    {detail.map(|d| view! { <p class="meta">{d}</p> })}
                    <div class="row">
                        <button type="button" class="primary confirm-yes" disabled=move || busy.get()
                            on:click=move |_| {
                                if busy.get_untracked() {
                                    return;
                                }
                                busy.set(true);
                                asking.set(false);
                                let done = act();
                                leptos::task::spawn_local(async move {
                                    done.await;
                                    // The page may have reloaded meanwhile.
                                    let _ = busy.try_set(false);
                                });
                            }>
                            {i18n.tr(label)}
                        </button>
                        <button type="button" on:click=move |_| asking.set(false)>{i18n.tr(T::Cancel)}</button>
                    </div>
                </div>
            }
        })}
    }
}
