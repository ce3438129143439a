//! Small pieces every page uses: loading, errors, empty lists, clock chips and badges.

use crate::api::ApiError;
use crate::i18n::{I18n, T, date};
use crate::model::{ClockOutcome, ClockState, ComplaintStatus};
use leptos::prelude::*;

/// Shown while something loads.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = I18n::get();
    view! { <p class="loading" role="status" aria-live="polite">{move || i18n.t(T::Loading)}</p> }
}

/// An error as a sentence, with the server's detail where it helps.
#[component]
pub fn ErrorBox(error: ApiError) -> impl IntoView {
    let i18n = I18n::get();
    let sentence = error.sentence();
    // Validation and transition messages say what to change; the others add nothing.
    let detail = error
        .detail
        .filter(|_| matches!(error.code.as_str(), "VALIDATION" | "INVALID_TRANSITION"));
    view! {
        <div class="error" role="alert" data-code=error.code.clone()>
            <p>{move || i18n.t(sentence)}</p>
            {detail.map(|d| view! { <p class="detail" lang="en">{d}</p> })}
        </div>
    }
}

/// An empty list.
#[component]
pub fn Empty(text: T) -> impl IntoView {
    let i18n = I18n::get();
    view! { <p class="empty">{move || i18n.t(text)}</p> }
}

/// A status badge.
#[component]
pub fn StatusBadge(status: ComplaintStatus) -> impl IntoView {
    let i18n = I18n::get();
    let class = if status.is_open() {
        "badge open"
    } else {
        "badge closed"
    };
    view! { <span class=class data-status=status.code()>{move || i18n.t(status.label())}</span> }
}

/// One clock with a due date, as a chip: "ontvangstbevestiging uiterlijk 28-04-2025", red and
/// marked "te laat" when late.
#[component]
pub fn ClockChip(label: T, due_on: String, state: ClockState) -> impl IntoView {
    let i18n = I18n::get();
    let due = date(&due_on);
    view! {
        <span class=state.class() data-clock-state=state.code()>
            {move || format!("{} {} {}", i18n.t(label), i18n.t(T::DueBy), due)}
            {(state != ClockState::Open).then(|| view! {
                <span class="state">{move || format!(" · {}", i18n.t(state.label()))}</span>
            })}
        </span>
    }
}

/// A clock's outcome without dates, as anonymised views show it.
#[component]
pub fn OutcomeChip(label: T, outcome: ClockOutcome) -> impl IntoView {
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
                <dt>{move || i18n.t(label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    })
}
