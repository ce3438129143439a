//! Toezicht (directors): the audit log, filtered by complaint, person and period, and the
//! outgoing mail with what failed and why.

use crate::api::{self, ApiError, audit_log as q};
use crate::components::{empty, error_box, error_slot, loading};
use crate::i18n::{I18n, T};
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

macro_rules! actions {
    ($($code:literal => $label:ident,)*) => {
        /// What an entry's action code means, in words; `None` for a code this version of the
        /// app does not know (shown as the code).
        fn action_label(code: &str) -> Option<T> {
            match code {
                $($code => Some(T::$label),)*
                _ => None,
            }
        }
    };
}

actions! {
    "ACKNOWLEDGE" => AuditActAcknowledge,
    "RECORD_CONTACT" => AuditActRecordContact,
    "RECORD_CONVERSATION" => AuditActRecordConversation,
    "REQUEST_SUPPLEMENT" => AuditActRequestSupplement,
    "RECORD_SUPPLEMENT" => AuditActRecordSupplement,
    "DECLINE" => AuditActDecline,
    "WITHDRAW" => AuditActWithdraw,
    "RESOLVE" => AuditActResolve,
    "REQUEST_DPO_ADVICE" => AuditActRequestDpoAdvice,
    "RECORD_DPO_ADVICE" => AuditActRecordDpoAdvice,
    "ASSIGN_HANDLER" => AuditActAssignHandler,
    "ADD_INVOLVED_PARTY" => AuditActAddInvolvedParty,
    "REMOVE_INVOLVED_PARTY" => AuditActRemoveInvolvedParty,
    "UPDATE_ANONYMISED_SUMMARY" => AuditActUpdateSummary,
    "RECORD_ROOT_CAUSE" => AuditActRecordRootCause,
    "PURGE" => AuditActPurge,
    "REGISTER" => AuditActRegister,
    "AGENDA_EXPORTED" => AuditActAgendaExported,
    "AGENDA_ITEM_ADDED" => AuditActAgendaItemAdded,
    "AGENDA_ITEM_REMOVED" => AuditActAgendaItemRemoved,
    "AGENDA_PUBLISHED" => AuditActAgendaPublished,
    "API_CLIENT_CREATED" => AuditActApiClientCreated,
    "API_CLIENT_REVOKED" => AuditActApiClientRevoked,
    "API_KEY_ROTATED" => AuditActApiKeyRotated,
    "API_OPERATION_ADDED" => AuditActApiOperationAdded,
    "API_OPERATION_REMOVED" => AuditActApiOperationRemoved,
    "API_REQUEST" => AuditActApiRequest,
    "AUDIT_CHAIN_KEYED" => AuditActAuditChainKeyed,
    "AUDIT_LOG_READ" => AuditActAuditLogRead,
    "CALENDAR_VERSION_SAVED" => AuditActCalendarSaved,
    "CAUSE_CATEGORY_SAVED" => AuditActCauseCategorySaved,
    "DECISION_RECORDED" => AuditActDecisionRecorded,
    "DEMO_LOADED" => AuditActDemoLoaded,
    "DENIED" => AuditActDenied,
    "LEGAL_HOLD_PLACED" => AuditActLegalHoldPlaced,
    "LEGAL_HOLD_RELEASED" => AuditActLegalHoldReleased,
    "LETTER_GENERATED" => AuditActLetterGenerated,
    "LETTER_READ" => AuditActLetterRead,
    "LETTER_SENT" => AuditActLetterSent,
    "LOGIN" => AuditActLogin,
    "LOGIN_FAILED" => AuditActLoginFailed,
    "LOGOUT" => AuditActLogout,
    "MEASURE_ADDED" => AuditActMeasureAdded,
    "MEASURE_DESCRIPTION_REVIEWED" => AuditActMeasureReviewed,
    "MEASURE_STATUS" => AuditActMeasureStatus,
    "MEETING_CREATED" => AuditActMeetingCreated,
    "MEETING_UPDATED" => AuditActMeetingUpdated,
    "MINUTES_SAVED" => AuditActMinutesSaved,
    "PASSWORD_CHANGED" => AuditActPasswordChanged,
    "PROCEDURE_VERSION_SAVED" => AuditActProcedureSaved,
    "PURGE_FAILED" => AuditActPurgeFailed,
    "READ_IDENTIFIED" => AuditActReadIdentified,
    "REPORT_EXPORTED" => AuditActReportExported,
    "ROLES_CHANGED" => AuditActRolesChanged,
    "ROLE_CHANGE_PROPOSED" => AuditActRoleProposed,
    "ROLE_CHANGE_REJECTED" => AuditActRoleRejected,
    "USER_CREATED" => AuditActUserCreated,
    "USER_UPDATED" => AuditActUserUpdated,
    "WEBHOOK_CREATED" => AuditActWebhookCreated,
    "WEBHOOK_DELETED" => AuditActWebhookDeleted,
    "WEBHOOK_PINGED" => AuditActWebhookPinged,
    "WEBHOOK_REDELIVERED" => AuditActWebhookRedelivered,
    "WEBHOOK_SECRET_ROTATED" => AuditActWebhookSecretRotated,
    "WEBHOOK_SWITCHED_OFF" => AuditActWebhookSwitchedOff,
    "WEBHOOK_UPDATED" => AuditActWebhookUpdated,
}

/// How many ids a detail is, when it is nothing but a comma-separated list of ids (the
/// complaints one read of identifying data covered).
fn id_count(detail: &str) -> Option<usize> {
    let ids: Vec<&str> = detail.split(',').map(str::trim).collect();
    ids.iter()
        .all(|id| id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
        .then_some(ids.len())
}

thread_local! {
    /// Dutch time as `nl-NL` writes it, made once for every entry the page shows.
    static DUTCH_TIME: js_sys::Intl::DateTimeFormat = {
        let options = js_sys::Object::new();
        for (key, value) in [
            ("timeZone", "Europe/Amsterdam"),
            ("year", "numeric"),
            ("month", "2-digit"),
            ("day", "2-digit"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("hourCycle", "h23"),
        ] {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&"nl-NL".into()), &options)
    };
}

/// An RFC 3339 instant as `dd-mm-jjjj uu:mm` in Dutch time (Europe/Amsterdam), whatever the
/// device's own zone; the text as it came when it is not an instant.
fn when(at: &str) -> String {
    let instant = js_sys::Date::new(&at.into());
    if instant.get_time().is_nan() {
        return at.to_owned();
    }
    let parts = DUTCH_TIME.with(|format| format.format_to_parts(&instant));
    let part = |kind: &str| {
        parts
            .iter()
            .find(|p| {
                js_sys::Reflect::get(p, &"type".into())
                    .ok()
                    .and_then(|t| t.as_string())
                    .is_some_and(|t| t == kind)
            })
            .and_then(|p| js_sys::Reflect::get(&p, &"value".into()).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    format!(
        "{}-{}-{} {}:{}",
        part("day"),
        part("month"),
        part("year"),
        part("hour"),
        part("minute")
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
                            <table class="audit stack" id="audit-entries">
                                <thead><tr>
                                    <th scope="col">{i18n.tr(T::AuditWhen)}</th>
                                    <th scope="col">{i18n.tr(T::AuditWho)}</th>
                                    <th scope="col">{i18n.tr(T::AuditWhat)}</th>
                                    <th scope="col">{i18n.tr(T::AuditComplaint)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|e| {
                                        let (code, title) = (e.action.clone(), e.action.clone());
                                        let blank = e.reference.is_empty();
                                        let what = action_label(&e.action)
                                            .map_or_else(|| e.action.clone(), |l| i18n.t(l).to_owned());
                                        let detail = match id_count(&e.detail) {
                                            Some(n) => view! {
                                                <details class="meta">
                                                    <summary>{n} " " {i18n.tr(if n == 1 { T::AuditComplaintOne } else { T::AuditComplaintMany })}</summary>
                                                    <code>{e.detail}</code>
                                                </details>
                                            }.into_any(),
                                            None => view! { <span class="meta">{e.detail}</span> }.into_any(),
                                        };
                                        view! {
                                        <tr data-action=code data-seq=e.seq>
                                            <td data-label=i18n.tr(T::AuditWhen)>{e.at}</td>
                                            <td data-label=i18n.tr(T::AuditWho)>{e.who}</td>
                                            <td data-label=i18n.tr(T::AuditWhat)>
                                                <span class="action" title=title>{what}</span>" "{detail}
                                            </td>
                                            <td data-label=i18n.tr(T::AuditComplaint) class:blank=blank>{e.reference}</td>
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

/// The state of an outgoing mail, in words.
fn mail_status(code: &str) -> T {
    match code {
        "SENT" => T::MailSent,
        "FAILED" => T::MailFailed,
        "ERASED" => T::MailErased,
        _ => T::MailQueued,
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
                                        {i18n.tr(T::OutboxTo)} " " {m.str("recipient")} " · " {when(&created)}
                                    </p>
                                    <p>
                                        <span class=class>
                                            {i18n.tr(mail_status(&status))}
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
