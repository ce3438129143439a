//! Toezicht (directors): the audit log, filtered by complaint, person and period, and the
//! outgoing mail with what failed and why.

use crate::api::{self, ApiError, audit_log as q};
use crate::components::{empty, error_box, error_slot, loading};
use crate::i18n::{I18n, T, date, instant_date};
use crate::session::Session;
use leptos::prelude::*;

/// One entry, as the table shows it.
#[derive(Clone)]
struct Entry {
    seq: String,
    at: String,
    who: String,
    action: String,
    reference: String,
    detail: String,
}

/// The time of an RFC 3339 instant, `dd-mm-jjjj uu:mm` (UTC, as the log stores it).
fn when(at: &str) -> String {
    format!(
        "{} {}",
        instant_date(at),
        at.get(11..16).unwrap_or_default()
    )
}

/// The directors' oversight page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = I18n::get();
    view! {
        <section>
            <h1>{i18n.tr(T::NavAudit)}</h1>
            <AuditLog/>
            <Outbox/>
        </section>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let reference = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let entries: RwSignal<Vec<Entry>> = RwSignal::new(Vec::new());
    let more = RwSignal::new(false);
    let loading_now = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let users = api::staff(session, true);
    let load = move |reset: bool| {
        if loading_now.get_untracked() {
            return;
        }
        loading_now.set(true);
        error.set(None);
        let some = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|s| !s.is_empty())
        };
        let filter = q::AuditFilter {
            complaint_reference: some(reference),
            user_id: some(person),
            from: some(from),
            to: some(to),
        };
        let before = if reset {
            None
        } else {
            entries.with_untracked(|e| e.last().map(|l| l.seq.clone()))
        };
        leptos::task::spawn_local(async move {
            let result = api::call_js::<api::AuditLog>(
                session,
                q::Variables {
                    filter: Some(filter),
                    first: 50,
                    before,
                },
            )
            .await;
            match result {
                Ok(data) => {
                    let log = data.get("auditLog");
                    let page: Vec<Entry> = log
                        .list("entries")
                        .iter()
                        .map(|e| Entry {
                            seq: e.str("seq"),
                            at: when(&e.str("at")),
                            who: e.opt_str("actorName").unwrap_or_else(|| e.str("actor")),
                            action: e.str("action"),
                            reference: e.str("complaintReference"),
                            detail: e.str("detail"),
                        })
                        .collect();
                    if reset {
                        entries.set(page);
                    } else {
                        entries.update(|all| all.extend(page));
                    }
                    more.set(log.flag("hasMore"));
                }
                Err(e) => error.set(Some(e)),
            }
            loaded.set(true);
            loading_now.set(false);
        });
    };
    load(true);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load(true);
    };
    view! {
        <section id="auditlog">
            <h2>{i18n.tr(T::AuditTitle)}</h2>
            <p class="hint">{i18n.tr(T::AuditHint)}</p>
            <form class="filters" on:submit=apply id="audit-filter">
                <label for="audit-reference">{i18n.tr(T::AuditComplaint)}</label>
                <input id="audit-reference" placeholder="KL-2026-0001" bind:value=reference/>
                <label for="audit-person">{i18n.tr(T::AuditPerson)}</label>
                <select id="audit-person" bind:value=person>
                    <option value="">{i18n.tr(T::All)}</option>
                    {move || users.people().into_iter()
                        .map(|u| view! { <option value=u.id.clone()>{u.name.clone()}</option> })
                        .collect_view()}
                </select>
                <label for="audit-from">{i18n.tr(T::AuditFrom)}</label>
                <input id="audit-from" type="date" bind:value=from/>
                <label for="audit-to">{i18n.tr(T::AuditTo)}</label>
                <input id="audit-to" type="date" bind:value=to/>
                <button type="submit" class="primary">{i18n.tr(T::Filter)}</button>
            </form>
            {error_slot(error)}
            {move || {
                let list = entries.get();
                if !loaded.get() {
                    loading().into_any()
                } else if list.is_empty() {
                    empty(T::AuditEmpty).into_any()
                } else {
                    view! {
                        <div class="scroll" tabindex="0" role="region" aria-label=i18n.tr(T::AuditTitle)>
                            <table class="audit" id="audit-entries">
                                <thead><tr>
                                    <th scope="col">{i18n.tr(T::AuditWhen)}</th>
                                    <th scope="col">{i18n.tr(T::AuditWho)}</th>
                                    <th scope="col">{i18n.tr(T::AuditWhat)}</th>
                                    <th scope="col">{i18n.tr(T::AuditComplaint)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|e| {
                                        let code = e.action.clone();
                                        view! {
                                        <tr data-action=code data-seq=e.seq>
                                            <td>{e.at}</td>
                                            <td>{e.who}</td>
                                            <td><code>{e.action}</code>" "<span class="meta">{e.detail}</span></td>
                                            <td>{e.reference}</td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
            {move || more.get().then(|| view! {
                <button type="button" on:click=move |_| load(false)>{i18n.tr(T::LoadMore)}</button>
            })}
        </section>
    }
}

#[component]
fn Outbox() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let mails =
        api::load_as::<api::Outbox, crate::js::Js>(session, || Some(api::outbox::Variables));
    view! {
        <section id="outbox">
            <h2>{i18n.tr(T::OutboxTitle)}</h2>
            {move || match mails.js().map(|r| r.map(|d| d.list("outbox"))) {
                None => loading().into_any(),
                Some(Err(e)) => error_box(e).into_any(),
                Some(Ok(list)) if list.is_empty() => empty(T::OutboxEmpty).into_any(),
                Some(Ok(list)) => view! {
                    <ul class="complaints">
                        {list.into_iter().map(|m| {
                            let status = m.str("status");
                            let last_error = m.opt_str("lastError");
                            let failed = last_error.is_some() && status != "SENT";
                            let class = if failed {
                                "chip late"
                            } else if status == "SENT" {
                                "chip met"
                            } else {
                                "chip"
                            };
                            let created = m.str("createdAt");
                            let code = status.clone();
                            view! {
                                <li class="card" data-status=code>
                                    <strong>{m.str("subject")}</strong>
                                    <p class="meta">
                                        {i18n.tr(T::OutboxTo)} " " {m.str("recipient")} " · " {date(created.get(..10).unwrap_or_default())}
                                    </p>
                                    <p>
                                        <span class=class>
                                            {status}
                                        </span>
                                        " " {m.int("attempts").unwrap_or(0)} " " {i18n.tr(T::OutboxAttempts)}
                                        {last_error.map(|e| view! { " · " <code>{e}</code> })}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
