//! Klacht: the complaint exactly as the server returns it (identified or anonymised), its
//! clocks and timeline, and a small form for each step `allowedActions` permits.

use crate::api::{self, ApiError, complaint_detail as q};
use crate::components::{
    Drafts, Redacting, coded_field, error_box, error_slot, field, loading, outcome_chip, review,
    reviewed_or_note, status_badge,
};
use crate::i18n::{I18n, T, date, instant_date, month};
use crate::model::{Capability, ComplaintAction, ConversationKind, DeclineGround, Role};
use crate::session::Session;
use leptos::prelude::*;
use std::sync::Arc;

type Identified = q::ComplaintDetailComplaintOnIdentifiedComplaint;
type Anonymised = q::ComplaintDetailComplaintOnAnonymisedComplaint;

/// The detail page.
#[component]
pub fn DetailPage(id: String) -> impl IntoView {
    let session = Session::get();
    let reload = RwSignal::new(0_u32);
    let detail = api::load_as::<api::ComplaintDetail, api::union::Detail>(session, move || {
        reload.track();
        Some(q::Variables { id: id.clone() })
    });
    move || match detail.get() {
        None => loading().into_any(),
        Some(Err(e)) => error_box(e).into_any(),
        Some(Ok(data)) => match data.complaint {
            api::union::Complaint::IdentifiedComplaint(c) => {
                view! { <IdentifiedView c=Arc::new(c) reload=reload/> }.into_any()
            }
            api::union::Complaint::AnonymisedComplaint(c) => {
                view! { <AnonymisedView c=c/> }.into_any()
            }
        },
    }
}

#[component]
fn AnonymisedView(c: Anonymised) -> impl IntoView {
    let i18n = I18n::get();
    let o = c.clocks;
    let mut outcomes = vec![
        (T::ClockAcknowledgement, o.acknowledgement),
        (T::ClockFirstContact, o.first_contact),
        (T::ClockResolution, o.resolution),
    ];
    if let Some(p) = o.privacy_resolution {
        outcomes.push((T::ClockPrivacy, p));
    }
    let ground = c.decline_ground;
    view! {
        <article class="complaint anonymised" data-view="anonymised">
            <header class="row between">
                <h1>{c.reference.clone()}</h1>
                {status_badge(c.status)}
            </header>
            <p class="notice" id="anonymised-notice">{i18n.tr(T::AnonymisedNotice)}</p>
            <dl class="facts">
                {coded_field(T::Category, c.category.label())}
                {coded_field(T::Channel, c.channel.label())}
                {field(T::ReceivedMonth, Some(month(&c.received_month)))}
                {ground.map(|g| coded_field(T::DeclineGround, g.label()))}
            </dl>
            <section>
                <h2>{i18n.tr(T::Clocks)}</h2>
                <p class="chips">
                    {outcomes.into_iter().map(|(label, outcome)| view! { {outcome_chip(label, outcome)} }).collect_view()}
                </p>
            </section>
            <section>
                <h2>{i18n.tr(T::Summary)}</h2>
                {match c.summary {
                    Some(s) => view! { <p class="text">{s}</p> }.into_any(),
                    None => view! { <p class="empty">{i18n.tr(T::NoSummaryYet)}</p> }.into_any(),
                }}
            </section>
            {c.root_cause.map(|r| view! {
                <section>
                    <h2>{i18n.tr(T::RootCause)}</h2>
                    <p><strong>{r.category}</strong></p>
                    {r.text.map(|t| view! { <p class="text">{t}</p> })}
                </section>
            })}
            {(!c.measures.is_empty()).then(|| view! {
                <section>
                    <h2>{i18n.tr(T::Measures)}</h2>
                    <ul class="plain">
                        {c.measures.into_iter().map(|m| view! {
                            <li>
                                {reviewed_or_note(m.description)}
                                <span class="meta">
                                    {move || format!(" · {} · {} {}", i18n.t(m.status.label()), i18n.t(T::DueBy), month(&m.due_month))}
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

/// The timeline's label for an event code.
fn event_label(action: &str) -> T {
    match action {
        "REGISTER" => T::EventRegistered,
        "LETTER_GENERATED" => T::EventLetterGenerated,
        "LETTER_SENT" => T::EventLetterSent,
        "LEGAL_HOLD_PLACED" => T::EventHoldPlaced,
        "LEGAL_HOLD_RELEASED" => T::EventHoldReleased,
        _ => ComplaintAction::from_code(action).map_or(T::UnknownValue, ComplaintAction::label),
    }
}

#[component]
fn IdentifiedView(c: Arc<Identified>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::get();
    let session = Session::get();
    let sees_users = session
        .user()
        .is_some_and(|u| u.may(Capability::LIST_STAFF));
    let users = api::staff(session, sees_users);
    // Staff who may not list their colleagues still know their own name.
    let name_of = move |id: &str| {
        users
            .people()
            .into_iter()
            .find(|u| u.id == id)
            .map(|u| u.name)
            .or_else(|| session.user().filter(|u| u.id == id).map(|u| u.name))
    };
    let d = &c.deadlines;
    let mut clocks = vec![
        (
            T::ClockAcknowledgement,
            d.acknowledgement.due_on.clone(),
            d.acknowledgement.met_on.clone(),
            d.acknowledgement.state,
        ),
        (
            T::ClockFirstContact,
            d.first_contact.due_on.clone(),
            d.first_contact.met_on.clone(),
            d.first_contact.state,
        ),
        (
            T::ClockResolution,
            d.resolution.due_on.clone(),
            d.resolution.met_on.clone(),
            d.resolution.state,
        ),
    ];
    if let Some(p) = &d.privacy_resolution {
        clocks.push((T::ClockPrivacy, p.due_on.clone(), p.met_on.clone(), p.state));
    }
    if let Some(r) = &d.retention {
        clocks.push((
            T::ClockRetention,
            r.due_on.clone(),
            r.met_on.clone(),
            r.state,
        ));
    }
    let complainant = &c.complainant;
    let anonymous = complainant.name.is_none()
        && complainant.email.is_none()
        && complainant.phone.is_none()
        && complainant.address.is_none();
    let handler = c.handler_id.clone();
    let involved = c.involved_party_ids.clone();
    let involved_count = involved.len();
    let registered_by = c.registered_by.clone();
    let (category, channel) = (c.category, c.channel);
    let holds = session
        .user()
        .is_some_and(|u| u.may(Capability::LEGAL_HOLD));
    let hold = c
        .legal_hold
        .as_ref()
        .map(|h| (h.since.clone(), h.reason.clone()));
    view! {
        <article class="complaint identified" data-view="identified">
            <header class="row between">
                <h1 id="reference">{c.reference.clone()}</h1>
                {status_badge(c.status)}
            </header>
            <p class="meta">
                {i18n.tr(category.label())} " · " {i18n.tr(channel.label())}
                " · " {i18n.tr(T::Received)} " " <span class="nowrap">{date(&c.received_on)}</span>
                " · " {i18n.tr(T::ProcedureVersion)} " " {c.procedure_version.clone()}
            </p>
            <Actions c=c.clone() reload=reload/>
            <section>
                <h2>{i18n.tr(T::Clocks)}</h2>
                <table class="clocks stack">
                    <thead><tr>
                        <th scope="col">{i18n.tr(T::Clock)}</th>
                        <th scope="col">{i18n.tr(T::DueOn)}</th>
                        <th scope="col">{i18n.tr(T::State)}</th>
                    </tr></thead>
                    <tbody>
                        {clocks.into_iter().map(|(label, due, met, state)| {
                            let class = state.class();
                            view! {
                                <tr data-clock=clock_key(label)>
                                    <th scope="row">{i18n.tr(label)}</th>
                                    <td data-label=i18n.tr(T::DueOn)>{date(&due)}</td>
                                    <td data-label=i18n.tr(T::State)><span class=class>{i18n.tr(state.label())}</span>
                                        {met.clone().map(|m| view! { " " {i18n.tr(T::On)} " " {date(&m)} })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section>
                <h2>{i18n.tr(T::Complainant)}</h2>
                {if anonymous {
                    view! { <p class="empty">{i18n.tr(T::AnonymousComplainant)}</p> }.into_any()
                } else {
                    view! {
                        <dl class="facts" id="complainant">
                            {field(T::Name, complainant.name.clone())}
                            {field(T::Address, complainant.address.clone())}
                            {contact_field(T::Phone, complainant.phone.clone(), tel_href)}
                            {contact_field(T::Email, complainant.email.clone(), |e| format!("mailto:{}", e.trim()))}
                        </dl>
                    }.into_any()
                }}
            </section>
            <section>
                <h2>{i18n.tr(T::TheComplaint)}</h2>
                <dl class="facts">
                    {field(T::Concerning, c.concerning.clone())}
                    {field(T::Facts, Some(c.facts.clone()))}
                    {field(T::ConductOn, c.conduct_on.as_deref().map(date))}
                    {field(T::RemedySought, c.remedy_sought.clone())}
                    {c.decline_ground.map(|g| coded_field(T::DeclineGround, g.label()))}
                    {field(T::Outcome, c.outcome.clone())}
                </dl>
            </section>
            <section>
                <h2>{i18n.tr(T::Handling)}</h2>
                <dl class="facts">
                    <div class="field">
                        <dt>{i18n.tr(T::Handler)}</dt>
                        <dd id="handler">{
                            let handler = handler.clone();
                            move || match &handler {
                                None => i18n.t(T::NotAssigned).to_owned(),
                                Some(id) => name_of(id).unwrap_or_else(|| i18n.t(T::Assigned).to_owned()),
                            }
                        }</dd>
                    </div>
                    <div class="field">
                        <dt>{i18n.tr(T::RegisteredBy)}</dt>
                        <dd>{
                            let registered_by = registered_by.clone();
                            move || name_of(&registered_by).unwrap_or_else(|| i18n.t(T::Colleague).to_owned())
                        }</dd>
                    </div>
                    <div class="field">
                        <dt>{i18n.tr(T::InvolvedParties)}</dt>
                        <dd>{
                            let involved = involved.clone();
                            move || if involved.is_empty() {
                                i18n.t(T::NoneYet).to_owned()
                            } else if sees_users {
                                involved.iter().map(|id| name_of(id).unwrap_or_default()).collect::<Vec<_>>().join(", ")
                            } else {
                                format!("{involved_count}")
                            }
                        }</dd>
                    </div>
                </dl>
            </section>
            {c.dpo_requested_on.clone().map(|requested| {
                let advice = c.dpo_advice.clone();
                view! {
                    <section>
                        <h2>{i18n.tr(T::DpoAdvice)}</h2>
                        <dl class="facts">
                            {field(T::DpoRequestedOn, Some(date(&requested)))}
                            {advice.map(|a| view! {
                                {field(T::AdvisedOn, Some(date(&a.advised_on)))}
                                {field(T::Advice, Some(a.advice))}
                                {coded_field(T::Followed, if a.followed { T::Yes } else { T::No })}
                                {field(T::Reason, Some(a.reason))}
                            })}
                        </dl>
                    </section>
                }
            })}
            {(!c.conversations.is_empty()).then(|| view! {
                <section>
                    <h2>{i18n.tr(T::Conversations)}</h2>
                    {c.conversations.iter().map(|talk| {
                        let kind = if talk.kind == ConversationKind::Meeting { T::ConversationMeeting } else { T::ConversationPhone };
                        view! {
                            <div class="card">
                                <p class="meta">{date(&talk.held_on)} " · " {i18n.tr(kind)}</p>
                                <dl class="facts">
                                    {field(T::ConversationSummary, Some(talk.summary.clone()))}
                                    {field(T::Agreements, Some(talk.agreements.clone()))}
                                </dl>
                            </div>
                        }
                    }).collect_view()}
                </section>
            })}
            <section>
                <h2>{i18n.tr(T::Summary)}</h2>
                {match (c.summary.clone(), c.summary_redacted.clone()) {
                    (Some(text), redacted) => view! {
                        <dl class="facts">
                            {field(T::SummaryAsWritten, Some(text))}
                            {field(T::SummaryAsShown, redacted)}
                            {coded_field(T::Reviewed, if c.summary_reviewed { T::Yes } else { T::No })}
                        </dl>
                    }.into_any(),
                    (None, _) => view! { <p class="empty">{i18n.tr(T::NoSummaryYet)}</p> }.into_any(),
                }}
            </section>
            {c.root_cause.clone().map(|r| view! {
                <section>
                    <h2>{i18n.tr(T::RootCause)}</h2>
                    <p><strong>{r.category}</strong></p>
                    <dl>
                        {field(T::SummaryAsWritten, r.text)}
                        {field(T::SummaryAsShown, r.text_redacted)}
                        {coded_field(T::Reviewed, if r.reviewed { T::Yes } else { T::No })}
                    </dl>
                </section>
            })}
            {Session::get().user().is_some_and(|u| u.may(Capability::WORK_ON_MEASURES)).then(|| view! {
                <p><a id="add-measure-link" href=format!("/maatregelen?klacht={}", c.id)>{i18n.tr(T::NewMeasure)}</a></p>
            })}
            {(!c.measures.is_empty()).then(|| view! {
                <section>
                    <h2>{i18n.tr(T::Measures)}</h2>
                    <ul class="plain">
                        {c.measures.iter().map(|m| {
                            let (status, late) = (m.status, m.late);
                            view! {
                                <li>
                                    <span>{m.description.clone()}</span>
                                    <span class="meta">
                                        {move || format!(" · {} · {} {}", i18n.t(status.label()), i18n.t(T::DueBy), "")}
                                        {m.due_on.as_deref().map(date)}
                                        {m.owner_name.clone().map(|n| format!(" · {n}"))}
                                    </span>
                                    {late.then(|| view! { " " <span class="chip late">{i18n.tr(T::ClockLate)}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <super::letters::LettersSection
                id=c.id.clone()
                reference=c.reference.clone()
                letters=c.letters.clone()
                reload=reload/>
            {holds.then(|| view! {
                <super::letters::LegalHoldSection
                    id=c.id.clone()
                    version=c.version
                    hold=hold.clone()
                    reload=reload/>
            })}
            <section>
                <h2>{i18n.tr(T::Timeline)}</h2>
                <ol class="timeline" id="timeline">
                    {c.timeline.iter().map(|e| {
                        let label = event_label(&e.action);
                        let when = e.on.as_deref().map_or_else(|| instant_date(&e.at), date);
                        view! {
                            <li data-action=e.action.clone()>
                                <span class="when">{when}</span>
                                " "
                                <span>{i18n.tr(label)}</span>
                                {e.actor_name.clone().map(|n| view! { <span class="meta">{format!(" · {n}")}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        </article>
    }
}

/// Runs one step and reports its result.
macro_rules! step {
    ($session:expr, $op:ident, $vars:expr) => {
        api::request::<api::$op>($vars)
    };
}

/// The grounds the core suggests for declining (reactive).
fn suggested_grounds(loaded: api::Loaded<crate::js::Js>) -> Vec<DeclineGround> {
    loaded
        .js()
        .and_then(Result::ok)
        .map(|d| d.list("declineSuggestions"))
        .unwrap_or_default()
        .iter()
        .filter_map(|s| DeclineGround::from_code(&s.str("ground")))
        .collect()
}

/// The steps the server allows now, each opening its form.
#[component]
fn Actions(c: Arc<Identified>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = I18n::get();
    let session = Session::get();
    let open: RwSignal<Option<ComplaintAction>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    // Typed text waits in the session's drafts, per complaint and step, while the user switches
    // steps or goes elsewhere; "Opgeslagen." outlives the reload that follows a step.
    let drafts = Drafts::get();
    let complaint = StoredValue::new(c.id.clone());
    let draft_key = move |what: &str| complaint.with_value(|id| format!("{id}/{what}"));
    let saved = RwSignal::new(drafts.take(&draft_key("saved")).is_some());
    let today = session.today();
    // Every form field; only those of the open form are used.
    let on = RwSignal::new(today.clone());
    let due_on = RwSignal::new(String::new());
    let kind = RwSignal::new(ConversationKind::Phone.code().to_owned());
    let text = RwSignal::new(String::new());
    let text2 = RwSignal::new(String::new());
    let ground = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let flag = RwSignal::new(false);
    let actions: Vec<ComplaintAction> = c
        .allowed_actions
        .iter()
        .copied()
        .filter(|a| !matches!(a, ComplaintAction::Purge | ComplaintAction::Unknown))
        .collect();
    let users = api::staff(session, true);
    let causes_needed = actions.contains(&ComplaintAction::RecordRootCause);
    let causes = api::load_as::<api::CauseCategories, crate::js::Js>(session, move || {
        causes_needed.then_some(api::cause_categories::Variables { all: None })
    });
    let id = c.id.clone();
    let version = Some(c.version);
    let summary = c.summary.clone();
    let summary_reviewed = c.summary_reviewed;
    let root = c.root_cause.clone();
    let involved = c.involved_party_ids.clone();
    let handler_id = c.handler_id.clone();
    let choose = move |action: ComplaintAction| {
        error.set(None);
        saved.set(false);
        if open.get_untracked() == Some(action) {
            open.set(None);
            return;
        }
        on.set(today.clone());
        due_on.set(String::new());
        kind.set(ConversationKind::Phone.code().to_owned());
        person.set(String::new());
        ground.set(String::new());
        match action {
            ComplaintAction::UpdateAnonymisedSummary => {
                text.set(summary.clone().unwrap_or_default());
                flag.set(summary_reviewed);
            }
            ComplaintAction::RecordRootCause => {
                text.set(
                    root.as_ref()
                        .map(|r| r.category.clone())
                        .unwrap_or_default(),
                );
                text2.set(
                    root.as_ref()
                        .and_then(|r| r.text.clone())
                        .unwrap_or_default(),
                );
                flag.set(root.as_ref().is_some_and(|r| r.reviewed));
            }
            _ => {
                text.set(String::new());
                text2.set(String::new());
                flag.set(false);
            }
        }
        let code = action.code();
        if let Some(typed) = drafts.peek(&draft_key(&format!("{code}/text"))) {
            text.set(typed);
        }
        if let Some(typed) = drafts.peek(&draft_key(&format!("{code}/text2"))) {
            text2.set(typed);
        }
        open.set(Some(action));
    };
    Effect::new(move |_| {
        let open = open.get();
        drafts.keep(
            &draft_key("open"),
            open.map(|a| a.code().to_owned()).unwrap_or_default(),
        );
        if let Some(a) = open {
            let code = a.code();
            drafts.keep(&draft_key(&format!("{code}/text")), text.get());
            drafts.keep(&draft_key(&format!("{code}/text2")), text2.get());
        }
    });
    // The step whose form was open when the user went elsewhere, open again with its text.
    if let Some(code) = drafts.peek(&draft_key("open"))
        && let Some(action) = actions.iter().find(|a| a.code() == code)
    {
        choose.clone()(*action);
    }
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(action) = open.get_untracked() else {
                return;
            };
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            let id = id.clone();
            let (on, due_on, text, text2, person, flag) = (
                on.get_untracked(),
                due_on.get_untracked(),
                text.get_untracked(),
                text2.get_untracked(),
                person.get_untracked(),
                flag.get_untracked(),
            );
            let kind = ConversationKind::from_code(&kind.get_untracked())
                .unwrap_or(ConversationKind::Phone);
            let ground = DeclineGround::from_code(&ground.get_untracked());
            leptos::task::spawn_local(async move {
                let v = version;
                let body: Result<String, ApiError> = match action {
                    ComplaintAction::Acknowledge => step!(
                        session,
                        Acknowledge,
                        api::acknowledge::Variables { id, on, v }
                    ),
                    ComplaintAction::RecordContact => step!(
                        session,
                        RecordContact,
                        api::record_contact::Variables { id, on, v }
                    ),
                    ComplaintAction::RecordConversation => step!(
                        session,
                        RecordConversation,
                        api::record_conversation::Variables {
                            input: api::record_conversation::RecordConversationInput {
                                id,
                                held_on: on,
                                kind,
                                summary: text,
                                agreements: text2,
                                expected_version: v
                            },
                        }
                    ),
                    ComplaintAction::RequestSupplement => step!(
                        session,
                        RequestSupplement,
                        api::request_supplement::Variables { id, on, due_on, v }
                    ),
                    ComplaintAction::RecordSupplement => step!(
                        session,
                        RecordSupplement,
                        api::record_supplement::Variables { id, on, v }
                    ),
                    ComplaintAction::Decline => match ground {
                        Some(ground) => step!(
                            session,
                            Decline,
                            api::decline::Variables { id, on, ground, v }
                        ),
                        None => Err(ApiError {
                            code: "VALIDATION".into(),
                            detail: None,
                            reason: None,
                        }),
                    },
                    ComplaintAction::Withdraw => {
                        step!(session, Withdraw, api::withdraw::Variables { id, on, v })
                    }
                    ComplaintAction::Resolve => step!(
                        session,
                        Resolve,
                        api::resolve::Variables {
                            id,
                            on,
                            outcome: Some(text),
                            v
                        }
                    ),
                    ComplaintAction::RequestDpoAdvice => step!(
                        session,
                        RequestDpoAdvice,
                        api::request_dpo_advice::Variables { id, on, v }
                    ),
                    ComplaintAction::RecordDpoAdvice => step!(
                        session,
                        RecordDpoAdvice,
                        api::record_dpo_advice::Variables {
                            input: api::record_dpo_advice::RecordDpoAdviceInput {
                                id,
                                advised_on: on,
                                advice: text,
                                followed: flag,
                                reason: text2,
                                expected_version: v
                            },
                        }
                    ),
                    ComplaintAction::AssignHandler => step!(
                        session,
                        AssignHandler,
                        api::assign_handler::Variables {
                            id,
                            user: person,
                            v
                        }
                    ),
                    ComplaintAction::AddInvolvedParty => step!(
                        session,
                        AddInvolvedParty,
                        api::add_involved_party::Variables {
                            id,
                            user: person,
                            v
                        }
                    ),
                    ComplaintAction::RemoveInvolvedParty => step!(
                        session,
                        RemoveInvolvedParty,
                        api::remove_involved_party::Variables {
                            id,
                            user: person,
                            v
                        }
                    ),
                    ComplaintAction::UpdateAnonymisedSummary => step!(
                        session,
                        UpdateSummary,
                        api::update_summary::Variables {
                            id,
                            text,
                            reviewed: flag,
                            v
                        }
                    ),
                    ComplaintAction::RecordRootCause => step!(
                        session,
                        RecordRootCause,
                        api::record_root_cause::Variables {
                            id,
                            category: text,
                            text: text2,
                            reviewed: flag,
                            v
                        }
                    ),
                    ComplaintAction::Purge | ComplaintAction::Unknown => {
                        busy.set(false);
                        return;
                    }
                };
                let result = api::post(session, body).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        drafts.forget(&draft_key(&format!("{}/", action.code())));
                        drafts.keep(&draft_key("saved"), String::new());
                        open.set(None);
                        saved.set(true);
                        reload.update(|n| *n += 1);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let decline_suggestions = {
        let id = id.clone();
        api::load_as::<api::DeclineSuggestions, crate::js::Js>(session, move || {
            (open.get() == Some(ComplaintAction::Decline))
                .then(|| api::decline_suggestions::Variables { id: id.clone() })
        })
    };
    Effect::new(move |_| {
        if let Some(first) = suggested_grounds(decline_suggestions).first().copied()
            && ground.get_untracked().is_empty()
        {
            ground.set(first.code().to_owned());
        }
    });
    let date_input = move |label: T, signal: RwSignal<String>, id: &'static str| {
        view! {
            <label for=id>{i18n.tr(label)}</label>
            <input id=id type="date" required bind:value=signal/>
        }
    };
    let people = move |filter: fn(&api::Person, &[String], &Option<String>) -> bool| {
        let involved = involved.clone();
        let handler_id = handler_id.clone();
        view! {
            <label for="person">{i18n.tr(T::Person)}</label>
            <select id="person" required bind:value=person>
                <option value="">{i18n.tr(T::Choose)}</option>
                {move || users.people().into_iter()
                    .filter(|u| filter(u, &involved, &handler_id))
                    .map(|u| view! { <option value=u.id.clone()>{u.name.clone()}</option> })
                    .collect_view()}
            </select>
        }
    };
    let form = move |action: ComplaintAction| -> AnyView {
        match action {
            ComplaintAction::Acknowledge => date_input(T::AcknowledgedOn, on, "step-on").into_any(),
            ComplaintAction::RecordContact => date_input(T::ContactOn, on, "step-on").into_any(),
            ComplaintAction::RecordConversation => view! {
                {date_input(T::HeldOn, on, "step-on")}
                <label for="kind">{i18n.tr(T::ConversationKind)}</label>
                <select id="kind" bind:value=kind>
                    <option value=ConversationKind::Phone.code()>{i18n.tr(T::ConversationPhone)}</option>
                    <option value=ConversationKind::Meeting.code()>{i18n.tr(T::ConversationMeeting)}</option>
                </select>
                <label for="talk-summary">{i18n.tr(T::ConversationSummary)}</label>
                <textarea id="talk-summary" maxlength=crate::limits::FREE_TEXT rows="4" required bind:value=text></textarea>
                <label for="agreements">{i18n.tr(T::Agreements)}</label>
                <textarea id="agreements" maxlength=crate::limits::FREE_TEXT rows="4" required bind:value=text2></textarea>
                <p class="hint">{i18n.tr(T::AgreementsHint)}</p>
            }.into_any(),
            ComplaintAction::RequestSupplement => view! {
                {date_input(T::RequestedOn, on, "step-on")}
                {date_input(T::SupplementDueOn, due_on, "due-on")}
                <p class="hint">{i18n.tr(T::SupplementHint)}</p>
            }.into_any(),
            ComplaintAction::RecordSupplement => date_input(T::SupplementReceivedOn, on, "step-on").into_any(),
            ComplaintAction::Decline => view! {
                {date_input(T::DecidedOn, on, "step-on")}
                <label for="ground">{i18n.tr(T::DeclineGround)}</label>
                <select id="ground" required bind:value=ground>
                    <option value="">{i18n.tr(T::Choose)}</option>
                    {DeclineGround::ALL.iter().map(|g| {
                        let g = *g;
                        view! { <option value=g.code()>{i18n.tr(g.label())}</option> }
                    }).collect_view()}
                </select>
                {move || {
                    let suggested = suggested_grounds(decline_suggestions);
                    (!suggested.is_empty()).then(|| view! {
                        <p class="hint">{i18n.tr(T::SuggestedGrounds)} " "
                            {suggested.iter().map(|g| i18n.t(g.label())).collect::<Vec<_>>().join(", ")}
                        </p>
                    })
                }}
            }.into_any(),
            ComplaintAction::Withdraw => date_input(T::WithdrawnOn, on, "step-on").into_any(),
            ComplaintAction::Resolve => view! {
                {date_input(T::ResolvedOn, on, "step-on")}
                <label for="outcome">{i18n.tr(T::Outcome)}</label>
                <textarea id="outcome" maxlength=crate::limits::FREE_TEXT rows="4" required bind:value=text></textarea>
                <p class="hint">{i18n.tr(T::ResolveHint)}</p>
            }.into_any(),
            ComplaintAction::RequestDpoAdvice => date_input(T::RequestedOn, on, "step-on").into_any(),
            ComplaintAction::RecordDpoAdvice => view! {
                {date_input(T::AdvisedOn, on, "step-on")}
                <label for="advice">{i18n.tr(T::Advice)}</label>
                <textarea id="advice" maxlength=crate::limits::FREE_TEXT rows="4" required bind:value=text></textarea>
                <label class="choice" for="followed">
                    <input id="followed" type="checkbox" bind:checked=flag/>
                    {i18n.tr(T::Followed)}
                </label>
                <label for="reason">{i18n.tr(T::Reason)}</label>
                <textarea id="reason" maxlength=crate::limits::FREE_TEXT rows="2" required bind:value=text2></textarea>
            }.into_any(),
            ComplaintAction::AssignHandler => people(|u, _, current| {
                u.roles.contains(&Role::Handler) && current.as_deref() != Some(u.id.as_str())
            }).into_any(),
            ComplaintAction::AddInvolvedParty => people(|u, involved, _| {
                !involved.contains(&u.id) && !u.roles.contains(&Role::Admin)
            }).into_any(),
            ComplaintAction::RemoveInvolvedParty => people(|u, involved, _| involved.contains(&u.id)).into_any(),
            ComplaintAction::UpdateAnonymisedSummary => view! {
                <label for="summary">{i18n.tr(T::SummaryText)}</label>
                <textarea id="summary" maxlength=crate::limits::FREE_TEXT rows="5" required bind:value=text></textarea>
                <p class="hint">{i18n.tr(T::SummaryHint)}</p>
                {review("summary", Redacting::Complaint(id.clone()), text, flag)}
            }.into_any(),
            ComplaintAction::RecordRootCause => view! {
                <label for="cause-category">{i18n.tr(T::RootCauseCategory)}</label>
                <select id="cause-category" required bind:value=text>
                    <option value="">"—"</option>
                    {move || causes.js().and_then(Result::ok).map(|d| d.list("causeCategories")).unwrap_or_default().into_iter()
                        .map(|c| view! { <option value=c.str("code")>{c.str("label")}</option> })
                        .collect_view()}
                </select>
                <label for="cause-text">{i18n.tr(T::RootCauseText)}</label>
                <textarea id="cause-text" maxlength=crate::limits::FREE_TEXT rows="3" required bind:value=text2></textarea>
                {review("cause", Redacting::Complaint(id.clone()), text2, flag)}
            }.into_any(),
            ComplaintAction::Purge | ComplaintAction::Unknown => ().into_any(),
        }
    };
    let has_actions = !actions.is_empty();
    view! {
        {has_actions.then(|| view! {
            <section class="actions" aria-labelledby="actions-title">
                <h2 id="actions-title">{i18n.tr(T::NextSteps)}</h2>
                // The server lists the usual next step first: it leads, big; when many others
                // follow, they fold away until asked for.
                {
                    let button = move |a: ComplaintAction, lead: bool| {
                        let choose = choose.clone();
                        view! {
                            <button type="button" data-action=a.code()
                                class=move || match (open.get() == Some(a), lead) {
                                    (true, _) => "selected",
                                    (false, true) => "lead",
                                    (false, false) => "",
                                }
                                aria-expanded=move || (open.get() == Some(a)).to_string()
                                on:click=move |_| choose(a)>
                                {i18n.tr(a.label())}
                            </button>
                        }
                    };
                    let (lead, others) = actions.split_first().map_or((None, &[][..]), |(l, o)| (Some(*l), o));
                    let fold = others.len() > 2;
                    let others = others.iter().map(|a| button(*a, false)).collect_view();
                    view! {
                        {lead.map(|a| view! { <div class="buttons lead">{button(a, true)}</div> })}
                        {if fold {
                            view! {
                                <details class="more-steps">
                                    <summary>{i18n.tr(T::OtherSteps)}</summary>
                                    <div class="buttons">{others}</div>
                                </details>
                            }.into_any()
                        } else {
                            view! { <div class="buttons">{others}</div> }.into_any()
                        }}
                    }
                }
                {move || open.get().map(|a| {
                    let submit = submit.clone();
                    view! {
                        <form class="form step" id="step-form" data-form=a.code() on:submit=submit>
                            <h3>{i18n.tr(a.label())}</h3>
                            {form(a)}
                            {error_slot(error)}
                            <div class="row">
                                <button type="submit" class="primary" id="step-submit" disabled=move || busy.get()>
                                    {i18n.tr(T::Save)}
                                </button>
                                <button type="button" on:click=move |_| open.set(None)>{i18n.tr(T::Cancel)}</button>
                            </div>
                        </form>
                    }
                })}
            </section>
        })}
        {move || saved.get().then(|| view! { <p class="saved" role="status" id="step-saved">{i18n.tr(T::StepSaved)}</p> })}
    }
}

/// A clock's stable name in the page (for tests and styling), whatever the language.
const fn clock_key(label: T) -> &'static str {
    match label {
        T::ClockAcknowledgement => "acknowledgement",
        T::ClockFirstContact => "first-contact",
        T::ClockResolution => "resolution",
        T::ClockPrivacy => "privacy",
        _ => "retention",
    }
}

/// A phone number as a `tel:` address: its digits, with the `+` of an international number.
fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .replace("(0)", "")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// A term and a way to reach someone: the value is a link (`tel:`, `mailto:`) a handler on a
/// phone taps to call or write.
fn contact_field(label: T, value: Option<String>, href: impl Fn(&str) -> String) -> impl IntoView {
    let i18n = I18n::get();
    value.filter(|v| !v.trim().is_empty()).map(|value| {
        let to = href(&value);
        view! {
            <div class="field">
                <dt>{i18n.tr(label)}</dt>
                <dd><a class="contact" href=to>{value}</a></dd>
            </div>
        }
    })
}
