//! Maatregelen: the board of measures and improvement proposals, by status, late ones flagged;
//! a form for a new one (on a complaint when opened from it, or standing alone); and the
//! owner's own list on *Mijn werk*. klachtenregeling: "het nemen van adequate maatregelen om
//! herhaling te voorkomen".

use crate::api::{self, ApiError, measures as q};
use crate::components::{
    Redacting, empty, error_box, error_slot, loading, review, reviewed_or_note,
};
use crate::i18n::{I18n, T, date};
use crate::js::Js;
use crate::model::{Capability, MeasureKind, MeasureStatus};
use crate::router::Router;
use crate::session::Session;
use leptos::prelude::*;

/// One measure as the cards show it.
#[derive(Clone)]
struct Measure {
    id: String,
    complaint_id: Option<String>,
    kind: MeasureKind,
    /// `None` where the reader sees it anonymised and nobody reviewed it yet.
    description: Option<String>,
    /// The redacted form, for a reader who may review it and has not yet.
    to_review: Option<String>,
    owner_id: String,
    owner_name: Option<String>,
    due_on: String,
    status: MeasureStatus,
    /// Where the reader may move it now (the server's rule).
    allowed: Vec<MeasureStatus>,
    late: bool,
}

impl Measure {
    fn read(m: &Js) -> Self {
        Self {
            id: m.str("id"),
            complaint_id: m.opt_str("complaintId"),
            kind: MeasureKind::from_code(&m.str("kind")).unwrap_or(MeasureKind::Unknown),
            description: m.opt_str("description"),
            to_review: m
                .opt_str("descriptionRedacted")
                .filter(|_| !m.flag("descriptionReviewed")),
            owner_id: m.str("ownerId"),
            owner_name: m.opt_str("ownerName"),
            // Where the complaint is seen anonymised the date is a month.
            due_on: m.opt_str("dueOn").unwrap_or_else(|| m.str("dueMonth")),
            status: MeasureStatus::from_code(&m.str("status")).unwrap_or(MeasureStatus::Unknown),
            allowed: statuses(&m.list("allowedStatuses")),
            late: m.flag("late"),
        }
    }
}

/// Measure statuses as the server listed them.
pub fn statuses(list: &[Js]) -> Vec<MeasureStatus> {
    list.iter()
        .filter_map(|s| s.0.as_string())
        .filter_map(|s| MeasureStatus::from_code(&s))
        .collect()
}

/// The measures (reloaded whenever `version` changes), read by `list`.
fn measures(version: RwSignal<u32>) -> api::Loaded<Js> {
    api::load_as::<api::Measures, Js>(Session::get(), move || {
        version.track();
        Some(q::Variables { filter: None })
    })
}

/// The measures of an answer.
fn list(data: &Js) -> Vec<Measure> {
    data.list("measures").iter().map(Measure::read).collect()
}

/// Moves a measure on, then reloads.
fn move_to(
    id: String,
    status: MeasureStatus,
    version: RwSignal<u32>,
    error: RwSignal<Option<ApiError>>,
) {
    crate::components::change(version, error, status_change(id, status));
}

/// The request that moves a measure to `status`.
fn status_change(id: String, status: MeasureStatus) -> Result<String, ApiError> {
    api::request::<api::UpdateMeasureStatus>(api::update_measure_status::Variables { id, status })
}

/// Measures as cards, each with the statuses it may move to.
fn cards(
    list: Vec<Measure>,
    version: RwSignal<u32>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = I18n::get();
    view! {
        <ul class="complaints measures">
            {list.into_iter().map(|m| {
                let late = m.late;
                let id = m.id.clone();
                view! {
                    <li class="card" data-measure=m.id.clone() data-status=m.status.code()>
                        <p class="meta">
                            {i18n.tr(m.kind.label())} " · " {i18n.tr(m.status.label())}
                            {m.owner_name.map(|n| format!(" · {n}"))}
                        </p>
                        <p>{reviewed_or_note(m.description)}</p>
                        {m.to_review.map(|redacted| {
                            let id = id.clone();
                            view! {
                                <div class="preview">
                                    <p class="label">{i18n.tr(T::PreviewLabel)}</p>
                                    <p class="text">{redacted}</p>
                                    <button type="button" class="approve" on:click=move |_| crate::components::change(
                                        version,
                                        error,
                                        api::request::<api::ReviewMeasureDescription>(
                                            api::review_measure_description::Variables { id: id.clone(), reviewed: true },
                                        ),
                                    )>{i18n.tr(T::ApproveText)}</button>
                                </div>
                            }
                        })}
                        <p>
                            <span class=if late { "chip late" } else { "chip" }>
                                {i18n.tr(T::DueBy)} " " {date(&m.due_on)}
                                {late.then(|| view! { " · " {i18n.tr(T::ClockLate)} })}
                            </span>
                            {m.complaint_id.map(|c| view! {
                                " " <a href=format!("/klachten/{c}")>{i18n.tr(T::ToComplaint)}</a>
                            })}
                        </p>
                        <div class="row">
                            {m.allowed.into_iter().map(|next| {
                                let id = id.clone();
                                if next == MeasureStatus::Dropped {
                                    // Dropping cannot be undone: it asks first.
                                    return crate::components::confirmed(next.label(), T::ConfirmDrop, None, "drop", move || {
                                        crate::components::changed(version, error, status_change(id.clone(), next))
                                    }).into_any();
                                }
                                view! {
                                    <button type="button" data-to=next.code()
                                        on:click=move |_| move_to(id.clone(), next, version, error)>
                                        {move || format!("→ {}", i18n.t(next.label()))}
                                    </button>
                                }.into_any()
                            }).collect_view()}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The board (handlers and directors).
#[component]
pub fn MeasuresPage() -> impl IntoView {
    let i18n = I18n::get();
    let version = RwSignal::new(0u32);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let only_late = RwSignal::new(false);
    let all = measures(version);
    view! {
        <section>
            <h1>{i18n.tr(T::Measures)}</h1>
            <NewMeasure version=version/>
            <label class="choice" for="only-late">
                <input id="only-late" type="checkbox" bind:checked=only_late/>
                {i18n.tr(T::OnlyLate)}
            </label>
            {error_slot(error)}
            {move || match all.js() {
                None => loading().into_any(),
                Some(Err(e)) => error_box(e).into_any(),
                Some(Ok(data)) => {
                    let late = only_late.get();
                    let list: Vec<Measure> = list(&data).into_iter().filter(|m| !late || m.late).collect();
                    if list.is_empty() {
                        return empty(T::NoMeasures).into_any();
                    }
                    view! {
                        <div class="board">
                            {MeasureStatus::ALL.iter().map(|status| {
                                let column: Vec<Measure> = list.iter().filter(|m| m.status == *status).cloned().collect();
                                view! {
                                    <section class="column" data-column=status.code()>
                                        <h2>{i18n.tr(status.label())} " (" {column.len()} ")"</h2>
                                        {cards(column, version, error)}
                                    </section>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The form for a new measure or proposal; on a complaint when the page was opened from one
/// (`?klacht=<id>`).
#[component]
fn NewMeasure(version: RwSignal<u32>) -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let complaint = Router::get().query("klacht");
    let kind = RwSignal::new(MeasureKind::Measure.code().to_owned());
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due_on = RwSignal::new(String::new());
    let reviewed = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let users = api::staff(session, true);
    let on_complaint = complaint.is_some();
    let redacting = complaint
        .clone()
        .map_or(Redacting::Staff, Redacting::Complaint);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let input = api::add_measure::AddMeasureInput {
            complaint_id: complaint.clone(),
            kind: MeasureKind::from_code(&kind.get_untracked()).unwrap_or(MeasureKind::Measure),
            description: description.get_untracked(),
            description_reviewed: reviewed.get_untracked(),
            owner_id: owner.get_untracked(),
            due_on: due_on.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::call_unit::<api::AddMeasure>(session, api::add_measure::Variables { input })
                .await
            {
                Ok(()) => {
                    description.set(String::new());
                    reviewed.set(false);
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="panel" id="new-measure" on:submit=submit>
            <h2>{i18n.tr(T::NewMeasure)}</h2>
            {on_complaint.then(|| view! { <p class="hint">{i18n.tr(T::MeasureOnComplaint)}</p> })}
            <label for="measure-kind">{i18n.tr(T::MeasureKindLabel)}</label>
            <select id="measure-kind" bind:value=kind>
                {MeasureKind::ALL.iter().map(|k| view! { <option value=k.code()>{i18n.tr(k.label())}</option> }).collect_view()}
            </select>
            <label for="measure-description">{i18n.tr(T::MeasureDescription)}</label>
            <textarea id="measure-description" rows="2" required bind:value=description></textarea>
            {review("measure", redacting, description, reviewed)}
            <label for="measure-owner">{i18n.tr(T::MeasureOwner)}</label>
            <select id="measure-owner" required bind:value=owner>
                <option value="">"—"</option>
                {move || users.people().into_iter()
                    .map(|u| view! { <option value=u.id.clone()>{u.name.clone()}</option> })
                    .collect_view()}
            </select>
            <label for="measure-due">{i18n.tr(T::MeasureDue)}</label>
            <input id="measure-due" type="date" required bind:value=due_on/>
            {error_slot(error)}
            <button type="submit" class="primary">{i18n.tr(T::Save)}</button>
        </form>
    }
}

/// The user's own open measures, late first: on *Mijn werk*.
#[component]
pub fn MyMeasures() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let me = session.user();
    let oversees = me
        .as_ref()
        .is_some_and(|u| u.may(Capability::WORK_ON_MEASURES));
    let me = me.map(|u| u.id).unwrap_or_default();
    let version = RwSignal::new(0u32);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let all = measures(version);
    view! {
        <h2>{i18n.tr(T::MyMeasures)}</h2>
        {oversees.then(|| view! { <p><a href="/maatregelen">{i18n.tr(T::ToBoard)}</a></p> })}
        {error_slot(error)}
        {move || match all.js() {
            None => loading().into_any(),
            Some(Err(e)) => error_box(e).into_any(),
            Some(Ok(data)) => {
                let mut mine: Vec<Measure> = list(&data).into_iter()
                    .filter(|m| m.owner_id == me && !m.allowed.is_empty())
                    .collect();
                mine.sort_by_key(|m| !m.late);
                if mine.is_empty() {
                    empty(T::NoMeasures).into_any()
                } else {
                    cards(mine, version, error).into_any()
                }
            }
        }}
    }
}
