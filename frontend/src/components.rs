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
            {detail.map(|d| view! { <p class="detail" lang="en">{d}</p> })}
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
    let session = Session::get();
    error.set(None);
    leptos::task::spawn_local(async move {
        match api::post(session, body).await {
            Ok(()) => version.update(|v| *v += 1),
            Err(e) => error.set(Some(e)),
        }
    });
}
