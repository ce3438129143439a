//! On the identified complaint: its letters (download, mark as sent, e-mail, make one on
//! request) and, for directors, the legal hold.

use crate::api::{self, ApiError, LetterChannel, LetterKind, complaint_detail as q};
use crate::components::{confirmed, error_slot};
use crate::i18n::{I18n, T, date, instant_date};
use crate::session::Session;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

type Letter = q::ComplaintDetailComplaintOnIdentifiedComplaintLetters;

/// Saves a base64-encoded PDF as `name` through the browser's download.
pub fn save_pdf(name: &str, encoded: &str) -> Option<()> {
    let binary = web_sys::window()?.atob(encoded).ok()?;
    let bytes: Vec<u8> = binary
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(0))
        .collect();
    save_file(name, "application/pdf", &bytes)
}

/// Offers `bytes` as a download named `name`.
pub fn save_file(name: &str, mime: &str, bytes: &[u8]) -> Option<()> {
    let window = web_sys::window()?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlAnchorElement = window
        .document()?
        .create_element("a")
        .ok()?
        .dyn_into()
        .ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

/// The letters of a complaint.
#[component]
pub fn LettersSection(
    id: String,
    reference: String,
    letters: Vec<Letter>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = I18n::get();
    let session = Session::get();
    let writes = session
        .user()
        .is_some_and(|u| u.may(crate::model::Capability::WRITE_LETTERS));
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let done = RwSignal::new(false);
    let kind = RwSignal::new(LetterKind::SupplementRequest.code().to_owned());
    let note = RwSignal::new(String::new());
    let finish = move |result: Result<(), ApiError>| match result {
        Ok(()) => {
            done.set(true);
            reload.update(|n| *n += 1);
        }
        Err(e) => error.set(Some(e)),
    };
    let download = move |letter_id: String, name: String| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::call::<api::LetterPdf>(session, api::letter_pdf::Variables { id: letter_id })
                .await
            {
                Ok(data) => {
                    if save_pdf(&name, &data.letter_pdf).is_none() {
                        error.set(Some(ApiError {
                            code: "INTERNAL".into(),
                            detail: None,
                            reason: None,
                        }));
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let mark_posted = move |letter_id: String| {
        error.set(None);
        done.set(false);
        let on = session.today();
        async move {
            finish(
                api::call_unit::<api::MarkLetterSent>(
                    session,
                    api::mark_letter_sent::Variables {
                        id: letter_id,
                        via: LetterChannel::Post,
                        on,
                    },
                )
                .await,
            );
        }
    };
    let send_email = move |letter_id: String| {
        error.set(None);
        done.set(false);
        async move {
            finish(
                api::call_unit::<api::EmailLetter>(
                    session,
                    api::email_letter::Variables { id: letter_id },
                )
                .await,
            );
        }
    };
    let make = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            error.set(None);
            done.set(false);
            let variables = api::generate_letter::Variables {
                id: id.clone(),
                kind: LetterKind::from_code(&kind.get_untracked())
                    .unwrap_or(LetterKind::SupplementRequest),
                note: Some(note.get_untracked().trim().to_owned()).filter(|n| !n.is_empty()),
            };
            leptos::task::spawn_local(async move {
                let result = api::call_unit::<api::GenerateLetter>(session, variables).await;
                if result.is_ok() {
                    note.set(String::new());
                }
                finish(result);
            });
        }
    };
    let rows = letters
        .into_iter()
        .rev()
        .map(|l| {
            let name = format!("{reference}-{}.pdf", l.kind.code().to_ascii_lowercase());
            let (for_download, for_post, for_mail) = (l.id.clone(), l.id.clone(), l.id.clone());
            let sent = l.sent_on.clone().map(|on| (on, l.sent_via));
            view! {
                <li class="card" data-letter=l.kind.code()>
                    <strong>{i18n.tr(l.kind.label())}</strong>
                    <p class="meta">
                        {instant_date(&l.generated_at)} " · "
                        {match sent {
                            Some((on, via)) => view! {
                                {i18n.tr(T::SentOn)} " " {date(&on)} " "
                                {via.map(|v| i18n.tr(v.label()))}
                            }.into_any(),
                            None => view! { {i18n.tr(T::NotSentYet)} }.into_any(),
                        }}
                    </p>
                    <div class="buttons">
                        <button type="button" class="download"
                            on:click=move |_| download(for_download.clone(), name.clone())>
                            {i18n.tr(T::Download)}
                        </button>
                        {writes.then(|| view! {
                            {confirmed(T::MarkSentByPost, T::ConfirmPosted, None, "mark-posted",
                                move || mark_posted(for_post.clone()))}
                            // The mail as it will leave: address, subject, attachment, text.
                            {l.email.clone().map(|m| confirmed(T::SendByEmail, T::ConfirmEmail,
                                Some(format!("{}\n{}\n{}\n\n{}", m.to, m.subject, m.attachment, m.body)),
                                "send-email", move || send_email(for_mail.clone())))}
                        })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section id="letters">
            <h2>{i18n.tr(T::Letters)}</h2>
            <ul class="complaints">{rows}</ul>
            {writes.then(|| view! {
                <form class="form" on:submit=make id="letter-form">
                    <h3>{i18n.tr(T::NewLetter)}</h3>
                    <label for="letter-kind">{i18n.tr(T::LetterKindLabel)}</label>
                    <select id="letter-kind" bind:value=kind>
                        {LetterKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.code()>{i18n.tr(k.label())}</option> }
                        }).collect_view()}
                    </select>
                    <label for="letter-note">{i18n.tr(T::WhatIsMissing)}</label>
                    <textarea id="letter-note" maxlength=crate::limits::LETTER_NOTE rows="3" bind:value=note></textarea>
                    <button type="submit" class="primary" id="make-letter">{i18n.tr(T::MakeLetter)}</button>
                </form>
            })}
            {error_slot(error)}
            {move || done.get().then(|| view! { <p class="saved" role="status">{i18n.tr(T::LetterDone)}</p> })}
        </section>
    }
}

/// The legal hold, for directors: it keeps the file past its retention date.
#[component]
pub fn LegalHoldSection(
    id: String,
    version: i64,
    hold: Option<(String, String)>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = I18n::get();
    let session = Session::get();
    let reason = RwSignal::new(String::new());
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let held = hold.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let id = id.clone();
        let text = reason.get_untracked().trim().to_owned();
        leptos::task::spawn_local(async move {
            let v = Some(version);
            let result = if held {
                api::call_unit::<api::ReleaseLegalHold>(
                    session,
                    api::release_legal_hold::Variables { id, v },
                )
                .await
            } else {
                api::call_unit::<api::PlaceLegalHold>(
                    session,
                    api::place_legal_hold::Variables {
                        id,
                        reason: text,
                        v,
                    },
                )
                .await
            };
            match result {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section id="legal-hold">
            <h2>{i18n.tr(T::LegalHoldTitle)}</h2>
            <form class="form" on:submit=submit>
                {match hold {
                    Some((since, why)) => view! {
                        <p id="hold-state">{i18n.tr(T::LegalHoldActive)} " " {date(&since)}": " {why}</p>
                        <button type="submit" id="release-hold">{i18n.tr(T::ReleaseHold)}</button>
                    }.into_any(),
                    None => view! {
                        <p class="hint">{i18n.tr(T::LegalHoldNone)}</p>
                        <label for="hold-reason">{i18n.tr(T::LegalHoldReason)}</label>
                        <input id="hold-reason" maxlength=crate::limits::FREE_TEXT required bind:value=reason/>
                        <button type="submit" id="place-hold">{i18n.tr(T::PlaceHold)}</button>
                    }.into_any(),
                }}
            </form>
            {error_slot(error)}
        </section>
    }
}
