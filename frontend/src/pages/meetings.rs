//! Overleg: the directors' meetings. Directors create a meeting, put complaints and measures on
//! its agenda, order them, publish it, record the decisions and keep the minutes; every staff
//! member reads a published agenda and downloads it as PDF or Markdown. The agenda is
//! anonymised by the server for every reader.

use super::letters::{save_file, save_pdf};
use super::list::{no_filter, rows};
use crate::api::{self, ApiError};
use crate::components::{
    Redacting, change, changed, confirmed, empty, error_box, error_slot, loading, outcome_chip,
    review, reviewed_or_note,
};
use crate::i18n::{I18n, T, date, month};
use crate::js::Js;
use crate::model::{
    Capability, Category, Channel, ClockOutcome, ComplaintStatus, DeclineGround, MeasureKind,
    MeasureStatus, MeetingKind, MeetingStatus,
};
use crate::router::Router;
use crate::session::Session;
use leptos::prelude::*;

fn is_director() -> bool {
    Session::get()
        .user()
        .is_some_and(|u| u.may(Capability::PREPARE_MEETINGS))
}

/// The meetings, newest first, and (directors) the form for a new one.
#[component]
pub fn MeetingsPage() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let meetings = api::load_as::<api::Meetings, Js>(session, || Some(api::meetings::Variables));
    view! {
        <section>
            <h1>{i18n.tr(T::NavMeetings)}</h1>
            {is_director().then(|| view! { <NewMeeting/> })}
            {move || match meetings.js().map(|r| r.map(|d| d.list("meetings"))) {
                None => loading().into_any(),
                Some(Err(e)) => error_box(e).into_any(),
                Some(Ok(list)) if list.is_empty() => empty(T::NoMeetings).into_any(),
                Some(Ok(list)) => view! {
                    <ul class="complaints" id="meetings">
                        {list.into_iter().map(|m| {
                            let kind = MeetingKind::from_code(&m.str("kind")).unwrap_or(MeetingKind::Unknown);
                            let status = MeetingStatus::from_code(&m.str("status")).unwrap_or(MeetingStatus::Unknown);
                            view! {
                                <li class="card">
                                    <a href=format!("/overleg/{}", m.str("id"))><strong>{m.str("title")}</strong></a>
                                    <p class="meta">
                                        {i18n.tr(kind.label())} " · " {date(&m.str("heldOn"))} " · "
                                        {i18n.tr(status.label())} " · " {m.list("items").len()} " " {i18n.tr(T::AgendaItems)}
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

#[component]
fn NewMeeting() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(MeetingKind::DirectorsMeeting.code().to_owned());
    let held_on = RwSignal::new(String::new());
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let router = Router::get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let input = api::create_meeting::MeetingInput {
            title: title.get_untracked(),
            kind: MeetingKind::from_code(&kind.get_untracked())
                .unwrap_or(MeetingKind::DirectorsMeeting),
            held_on: held_on.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let body = api::request::<api::CreateMeeting>(api::create_meeting::Variables { input });
            match api::post_js(session, body).await {
                Ok(data) => {
                    router.navigate(&format!("/overleg/{}", data.get("createMeeting").str("id")))
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="panel" id="new-meeting" on:submit=submit>
            <h2>{i18n.tr(T::NewMeeting)}</h2>
            <label for="meeting-title">{i18n.tr(T::MeetingTitle)}</label>
            <input id="meeting-title" maxlength=crate::limits::MEETING_TITLE required bind:value=title/>
            <label for="meeting-kind">{i18n.tr(T::MeetingKindLabel)}</label>
            <select id="meeting-kind" bind:value=kind>
                {MeetingKind::ALL.iter().map(|k| view! { <option value=k.code()>{i18n.tr(k.label())}</option> }).collect_view()}
            </select>
            <label for="meeting-date">{i18n.tr(T::MeetingDate)}</label>
            <input id="meeting-date" type="date" required bind:value=held_on/>
            {error_slot(error)}
            <button type="submit" class="primary">{i18n.tr(T::Save)}</button>
        </form>
    }
}

/// A measure or proposal as an agenda lists it.
fn measure_line(m: &Js) -> impl IntoView {
    let i18n = I18n::get();
    let kind = MeasureKind::from_code(&m.str("kind")).unwrap_or(MeasureKind::Unknown);
    let status = MeasureStatus::from_code(&m.str("status")).unwrap_or(MeasureStatus::Unknown);
    let late = m.flag("late");
    view! {
        <li>
            <span class="meta">{i18n.tr(kind.label())} " · " {i18n.tr(status.label())} " · " {month(&m.str("dueMonth"))}</span>
            " " {reviewed_or_note(m.opt_str("description"))}
            {late.then(|| view! { " " <span class="chip late">{i18n.tr(T::ClockLate)}</span> })}
        </li>
    }
}

/// One meeting's agenda.
#[component]
pub fn AgendaPage(id: String) -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let director = is_director();
    let version = RwSignal::new(0u32);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let meeting_id = id.clone();
    let agenda = api::load_as::<api::Agenda, Js>(session, move || {
        version.track();
        Some(api::agenda::Variables {
            id: meeting_id.clone(),
        })
    });
    let editable = Memo::new(move |_| {
        director
            && matches!(agenda.js(), Some(Ok(d)) if d.get("agenda").str("status") == MeetingStatus::Draft.code())
    });
    let export_id = id.clone();
    let export = move |pdf: bool| {
        let id = export_id.clone();
        error.set(None);
        leptos::task::spawn_local(async move {
            let saved = if pdf {
                api::call::<api::AgendaPdf>(session, api::agenda_pdf::Variables { id })
                    .await
                    .map(|d| save_pdf("agenda.pdf", &d.agenda_pdf))
            } else {
                api::call::<api::AgendaMarkdown>(session, api::agenda_markdown::Variables { id })
                    .await
                    .map(|d| save_file("agenda.md", "text/markdown", d.agenda_markdown.as_bytes()))
            };
            match saved {
                Ok(Some(())) => {}
                Ok(None) => error.set(Some(ApiError {
                    code: "INTERNAL".into(),
                    detail: None,
                    reason: None,
                })),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section id="agenda">
            {move || match agenda.js() {
                None => loading().into_any(),
                Some(Err(e)) => error_box(e).into_any(),
                Some(Ok(data)) => {
                    let a = data.get("agenda");
                    let status = MeetingStatus::from_code(&a.str("status")).unwrap_or(MeetingStatus::Unknown);
                    let kind = MeetingKind::from_code(&a.str("kind")).unwrap_or(MeetingKind::Unknown);
                    let items = a.list("items");
                    let unsummarised: Vec<String> = a.list("unsummarised").iter().filter_map(|r| r.0.as_string()).collect();
                    let draft = status == MeetingStatus::Draft;
                    let count = items.len();
                    let meeting = a.str("id");
                    view! {
                        <h1>{a.str("title")}</h1>
                        <p class="meta">
                            {i18n.tr(kind.label())} " · " {date(&a.str("heldOn"))} " · "
                            <span class="badge" data-meeting-status=status.code()>{i18n.tr(status.label())}</span>
                        </p>
                        <p class="hint">{i18n.tr(T::AgendaAnonymised)}</p>
                        <div class="row no-print">
                            <button type="button" id="export-pdf" on:click={let export = export.clone(); move |_| export(true)}>{i18n.tr(T::ExportPdf)}</button>
                            <button type="button" id="export-md" on:click={let export = export.clone(); move |_| export(false)}>{i18n.tr(T::ExportMarkdown)}</button>
                            <button type="button" on:click=|_| { let _ = web_sys::window().map(|w| w.print()); }>{i18n.tr(T::Print)}</button>
                        </div>
                        {error_slot(error)}
                        {(director && draft && !unsummarised.is_empty()).then(|| view! {
                            <div class="notice" role="status" id="unsummarised">
                                {i18n.tr(T::AgendaUnsummarised)} " " {unsummarised.join(", ")}
                            </div>
                        })}
                        {(count == 0).then(|| empty(T::AgendaEmpty))}
                        <ol class="agenda">
                            {items.into_iter().map(|item| view! {
                                <AgendaItemView item=item meeting=meeting.clone() director=director draft=draft count=count version=version error=error/>
                            }).collect_view()}
                        </ol>
                        {(!draft).then(|| view! {
                            <Minutes meeting=meeting.clone() minutes=a.opt_str("minutes").or_else(|| a.opt_str("minutesRedacted")).unwrap_or_default()
                                reviewed=a.flag("minutesReviewed") pending=a.flag("minutesPending") editable=director version=version error=error/>
                        })}
                    }.into_any()
                }
            }}
            // Kept apart from the agenda above so that its filters survive each reload.
            // Each action's error right below its own button.
            {move || editable.get().then(|| {
                let (add_error, publish_error) = (RwSignal::new(None), RwSignal::new(None));
                let meeting = id.clone();
                let publish = {
                    let meeting = meeting.clone();
                    move || {
                        let meeting = meeting.clone();
                        changed(version, publish_error, api::request::<api::PublishAgenda>(api::publish_agenda::Variables { meeting }))
                    }
                };
                view! {
                    <AddItems meeting=meeting version=version error=add_error/>
                    {confirmed(T::PublishAgenda, T::ConfirmPublish, None, "primary publish", publish)}
                    <div id="publish-error">{error_slot(publish_error)}</div>
                }
            })}
        </section>
    }
}

#[component]
fn AgendaItemView(
    item: Js,
    meeting: String,
    director: bool,
    draft: bool,
    count: usize,
    version: RwSignal<u32>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = I18n::get();
    let number = item.int("number").unwrap_or(0);
    let id = item.str("id");
    let item_id = id.clone();
    let reorder = move |to: i64| {
        let item = item_id.clone();
        change(
            version,
            error,
            api::request::<api::MoveAgendaItem>(api::move_agenda_item::Variables {
                item,
                number: to,
            }),
        );
    };
    let remove_id = id.clone();
    let remove = move || {
        let item = remove_id.clone();
        changed(
            version,
            error,
            api::request::<api::RemoveAgendaItem>(api::remove_agenda_item::Variables { item }),
        )
    };
    let measure = item.opt("measure");
    let measure_statuses = measure
        .as_ref()
        .map(|m| super::measures::statuses(&m.list("allowedStatuses")));
    let (title, body) = match (item.opt("complaint"), measure) {
        (Some(c), _) => {
            let clocks = c.get("clocks");
            let outcome = |key: &str| {
                ClockOutcome::from_code(&clocks.str(key)).unwrap_or(ClockOutcome::Unknown)
            };
            let status =
                ComplaintStatus::from_code(&c.str("status")).unwrap_or(ComplaintStatus::Unknown);
            let category = Category::from_code(&c.str("category")).unwrap_or(Category::Unknown);
            let channel = Channel::from_code(&c.str("channel")).unwrap_or(Channel::Unknown);
            let ground = DeclineGround::from_code(&c.str("declineGround"));
            let privacy = ClockOutcome::from_code(&clocks.str("privacyResolution"));
            let measures = c.list("measures");
            (
                format!("{} {}", i18n.t_untracked(T::Complaint), c.str("reference")),
                view! {
                    <p class="meta">
                        {i18n.tr(category.label())} " · " {i18n.tr(channel.label())} " · "
                        {month(&c.str("receivedMonth"))} " · " {i18n.tr(status.label())}
                        {ground.map(|g| view! { " · " {i18n.tr(g.label())} })}
                    </p>
                    <p class="chips">
                        {outcome_chip(T::ClockAcknowledgement, outcome("acknowledgement"))}
                        {outcome_chip(T::ClockFirstContact, outcome("firstContact"))}
                        {outcome_chip(T::ClockResolution, outcome("resolution"))}
                        {privacy.map(|o| outcome_chip(T::ClockPrivacy, o))}
                    </p>
                    {match c.opt_str("summary") {
                        Some(s) => view! { <p class="summary">{s}</p> }.into_any(),
                        None => view! { <p class="notice">{i18n.tr(T::SummaryMissing)}</p> }.into_any(),
                    }}
                    {c.opt("rootCause").map(|r| view! {
                        <p><strong>{i18n.tr(T::RootCause)} ": "</strong>{r.str("category")}
                            {r.opt_str("text").map(|t| format!(" — {t}"))}</p>
                    })}
                    <ul class="plain">
                        {measures.iter().map(measure_line).collect_view()}
                    </ul>
                }.into_any(),
            )
        }
        (None, Some(m)) => (
            format!(
                "{}{}",
                i18n.t_untracked(
                    MeasureKind::from_code(&m.str("kind"))
                        .unwrap_or(MeasureKind::Unknown)
                        .label()
                ),
                m.opt_str("complaintReference")
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            ),
            view! { <ul class="plain">{measure_line(&m)}</ul> }.into_any(),
        ),
        (None, None) => (String::new(), ().into_any()),
    };
    view! {
        <li class="card" data-item=id.clone()>
            <h2>{number} ". " {title}</h2>
            {body}
            // Directors also read a decision that awaits review; others only that it was taken.
            {item.opt_str("decidedMonth").map(|on| view! {
                <p class="decision"><strong>{i18n.tr(T::Decision)} ": "</strong>
                    {item.opt_str("decision").or_else(|| item.opt_str("decisionRedacted"))}
                    {format!(" ({})", date(&on))}
                    {(!item.flag("decisionReviewed")).then(|| view! { " " {reviewed_or_note(None)} })}
                </p>
            })}
            {item.opt("decisionMeasure").map(|m| view! {
                <ul class="plain">{measure_line(&m)}</ul>
            })}
            {(director && draft).then(|| view! {
                <div class="row">
                    <button type="button" aria-label=i18n.tr(T::MoveUp) disabled={number <= 1}
                        on:click={let r = reorder.clone(); move |_| r(number - 1)}>"↑"</button>
                    <button type="button" aria-label=i18n.tr(T::MoveDown) disabled={usize::try_from(number).unwrap_or(0) >= count}
                        on:click=move |_| reorder(number + 1)>"↓"</button>
                    {confirmed(T::Remove, T::ConfirmRemove, None, "remove", remove)}
                </div>
            })}
            {(director && !draft).then(|| view! {
                <DecisionForm item=id.clone() meeting=meeting.clone() measure_statuses=measure_statuses
                    written=item.opt_str("decisionRedacted").unwrap_or_default() approved=item.flag("decisionReviewed")
                    version=version error=error/>
            })}
        </li>
    }
}

#[component]
fn DecisionForm(
    item: String,
    meeting: String,
    /// The decision as recorded (redacted), to approve or change.
    written: String,
    approved: bool,
    /// Where the item's measure may move in this decision (none unless it is a measure).
    measure_statuses: Option<Vec<MeasureStatus>>,
    version: RwSignal<u32>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let text = RwSignal::new(written);
    let status = RwSignal::new(String::new());
    let with_measure = RwSignal::new(false);
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due_on = RwSignal::new(String::new());
    let reviewed = RwSignal::new(approved);
    let measure_reviewed = RwSignal::new(false);
    let users = api::staff(session, true);
    let form_id = format!("decision-{item}");
    let keys = (
        format!("decision-{item}"),
        format!("decision-measure-{item}"),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new_measure =
            with_measure
                .get_untracked()
                .then(|| api::record_decision::DecisionMeasureInput {
                    kind: MeasureKind::Measure,
                    description: description.get_untracked(),
                    description_reviewed: measure_reviewed.get_untracked(),
                    owner_id: owner.get_untracked(),
                    due_on: due_on.get_untracked(),
                });
        let variables = api::record_decision::Variables {
            item: item.clone(),
            decision: text.get_untracked(),
            reviewed: reviewed.get_untracked(),
            new_measure,
            status: MeasureStatus::from_code(&status.get_untracked()),
        };
        change(
            version,
            error,
            api::request::<api::RecordDecision>(variables),
        );
    };
    view! {
        <form class="decision-form" id=form_id on:submit=submit>
            <label>{i18n.tr(T::Decision)}
                <textarea rows="2" required bind:value=text class="decision-text"></textarea>
            </label>
            {review(&keys.0, Redacting::Meeting(meeting.clone()), text, reviewed)}
            {measure_statuses.filter(|next| !next.is_empty()).map(|next| view! {
                <label>{i18n.tr(T::MeasureNextStatus)}
                    <select bind:value=status class="decision-status">
                        <option value="">"—"</option>
                        {next.into_iter().map(|s| view! { <option value=s.code()>{i18n.tr(s.label())}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <label class="choice">
                <input type="checkbox" bind:checked=with_measure class="decision-new-measure"/>
                {i18n.tr(T::DecisionNewMeasure)}
            </label>
            {move || with_measure.get().then(|| view! {
                <label>{i18n.tr(T::MeasureDescription)}
                    <textarea rows="2" required bind:value=description class="decision-measure-description"></textarea>
                </label>
                {review(&keys.1, Redacting::Meeting(meeting.clone()), description, measure_reviewed)}
                <label>{i18n.tr(T::MeasureOwner)}
                    <select required bind:value=owner class="decision-measure-owner">
                        <option value="">"—"</option>
                        {users.people().into_iter()
                            .map(|u| view! { <option value=u.id.clone()>{u.name.clone()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>{i18n.tr(T::MeasureDue)}
                    <input type="date" required bind:value=due_on class="decision-measure-due"/>
                </label>
            })}
            <button type="submit" class="primary">{i18n.tr(T::RecordDecision)}</button>
        </form>
    }
}

/// Pickers for complaints (by period, status and category) and measures to add to a draft.
#[component]
fn AddItems(
    meeting: String,
    version: RwSignal<u32>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::new());
    let measure = RwSignal::new(String::new());
    let some = |s: RwSignal<String>| Some(s.get()).filter(|s| !s.is_empty());
    let complaints = api::load_as::<api::Complaints, api::union::Page>(session, move || {
        Some(api::complaints::Variables {
            filter: Some(api::complaints::ComplaintFilter {
                received_from: some(from),
                received_to: some(to),
                status: some(status)
                    .and_then(|s| ComplaintStatus::from_code(&s))
                    .map(|s| vec![s]),
                category: some(category)
                    .and_then(|c| Category::from_code(&c))
                    .map(|c| vec![c]),
                ..no_filter()
            }),
            first: 100,
            after: None,
        })
    });
    let measures = api::load_as::<api::Measures, Js>(session, || {
        Some(api::measures::Variables { filter: None })
    });
    let add = move |complaint: Option<String>, measure_id: Option<String>| {
        let meeting = meeting.clone();
        change(
            version,
            error,
            api::request::<api::AddAgendaItem>(api::add_agenda_item::Variables {
                meeting,
                complaint,
                measure: measure_id,
            }),
        );
    };
    let add_measure = add.clone();
    view! {
        <section class="panel" id="add-items">
            <h2>{i18n.tr(T::AddAgendaItem)}</h2>
            <div class="filters">
                <label for="pick-from">{i18n.tr(T::AuditFrom)}</label>
                <input id="pick-from" type="date" bind:value=from/>
                <label for="pick-to">{i18n.tr(T::AuditTo)}</label>
                <input id="pick-to" type="date" bind:value=to/>
                <label for="pick-status">{i18n.tr(T::Status)}</label>
                <select id="pick-status" bind:value=status>
                    <option value="">{i18n.tr(T::All)}</option>
                    {ComplaintStatus::ALL.iter().map(|s| view! { <option value=s.code()>{i18n.tr(s.label())}</option> }).collect_view()}
                </select>
                <label for="pick-category">{i18n.tr(T::Category)}</label>
                <select id="pick-category" bind:value=category>
                    <option value="">{i18n.tr(T::All)}</option>
                    {Category::ALL.iter().map(|c| view! { <option value=c.code()>{i18n.tr(c.label())}</option> }).collect_view()}
                </select>
            </div>
            <label for="pick-complaint">{i18n.tr(T::Complaint)}</label>
            <select id="pick-complaint" bind:value=chosen>
                <option value="">"—"</option>
                {move || complaints.ok().map(|p| rows(&p)).unwrap_or_default().into_iter().map(|r| view! {
                    <option value=r.id.clone()>{format!("{} · {} · {}", r.reference, i18n.t(r.category.label()), r.received)}</option>
                }).collect_view()}
            </select>
            <button type="button" id="add-complaint" on:click=move |_| {
                let c = chosen.get_untracked();
                if !c.is_empty() { add(Some(c), None); }
            }>{i18n.tr(T::AddToAgenda)}</button>
            <label for="pick-measure">{i18n.tr(T::Measures)}</label>
            <select id="pick-measure" bind:value=measure>
                <option value="">"—"</option>
                {move || measures.js().and_then(Result::ok).map(|d| d.list("measures")).unwrap_or_default().into_iter()
                    .filter(|m| !m.list("allowedStatuses").is_empty())
                    .map(|m| view! { <option value=m.str("id")>{format!("{}: {}", i18n.t(MeasureKind::from_code(&m.str("kind")).unwrap_or(MeasureKind::Unknown).label()), m.str("description"))}</option> })
                    .collect_view()}
            </select>
            <button type="button" id="add-measure" on:click=move |_| {
                let m = measure.get_untracked();
                if !m.is_empty() { add_measure(None, Some(m)); }
            }>{i18n.tr(T::AddToAgenda)}</button>
            {error_slot(error)}
        </section>
    }
}

#[component]
fn Minutes(
    meeting: String,
    minutes: String,
    reviewed: bool,
    pending: bool,
    editable: bool,
    version: RwSignal<u32>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = I18n::get();
    let text = RwSignal::new(minutes.clone());
    let approved = RwSignal::new(reviewed);
    let redacting = Redacting::Meeting(meeting.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let variables = api::save_minutes::Variables {
            meeting: meeting.clone(),
            minutes: text.get_untracked(),
            reviewed: approved.get_untracked(),
        };
        change(version, error, api::request::<api::SaveMinutes>(variables));
    };
    view! {
        <section id="minutes">
            <h2>{i18n.tr(T::Minutes)}</h2>
            {if minutes.is_empty() {
                if pending { reviewed_or_note(None).into_any() } else { empty(T::NoMinutes).into_any() }
            } else {
                view! {
                    <p class="minutes" id="minutes-saved">{minutes}</p>
                    {(!reviewed).then(|| reviewed_or_note(None))}
                }.into_any()
            }}
            {editable.then(|| view! {
                <form on:submit=submit class="no-print">
                    <label for="minutes-text" class="hint">{i18n.tr(T::MinutesHint)}</label>
                    <textarea id="minutes-text" rows="6" bind:value=text></textarea>
                    {review("minutes", redacting.clone(), text, approved)}
                    <button type="submit" class="primary">{i18n.tr(T::Save)}</button>
                </form>
            })}
        </section>
    }
}
