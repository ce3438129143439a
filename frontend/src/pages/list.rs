//! Klachten: the list with filters, search and "meer laden" (keyset pagination), and the rows
//! that "Mijn werk" shares.

use crate::api::{self, ApiError, complaints as q};
use crate::components::{self, clock_chip, empty, error_slot, outcome_chip, status_badge};
use crate::i18n::{I18n, T, date, month};
use crate::model::{Capability, Category, ClockOutcome, ClockState, ComplaintStatus, Role};
use crate::session::Session;
use leptos::prelude::*;

/// A clock as a list shows it.
#[derive(Clone)]
pub enum Chip {
    /// A running or late clock with its due date.
    Due(T, String, ClockState),
    /// An anonymised outcome.
    Outcome(T, ClockOutcome),
}

/// One complaint in a list.
#[derive(Clone)]
pub struct Row {
    /// Id.
    pub id: String,
    /// Klachtnummer.
    pub reference: String,
    /// Status.
    pub status: ComplaintStatus,
    /// Category.
    pub category: Category,
    /// Received, formatted (a date, or a month when anonymised).
    pub received: String,
    /// The complainant's name, when seen identified.
    pub complainant: Option<String>,
    /// The clocks to show.
    pub chips: Vec<Chip>,
    /// How urgent: the most urgent clock state, then its due date.
    pub urgency: (u8, String),
}

/// Converts a page of the `Complaints` query into rows.
pub fn rows(data: &api::union::Page) -> Vec<Row> {
    data.complaints
        .edges
        .iter()
        .map(|edge| match &edge.node {
            api::union::Complaint::IdentifiedComplaint(c) => {
                let d = &c.deadlines;
                let mut clocks = vec![
                    (
                        T::ClockAcknowledgement,
                        &d.acknowledgement.due_on,
                        d.acknowledgement.state,
                    ),
                    (
                        T::ClockFirstContact,
                        &d.first_contact.due_on,
                        d.first_contact.state,
                    ),
                    (T::ClockResolution, &d.resolution.due_on, d.resolution.state),
                ];
                if let Some(p) = &d.privacy_resolution {
                    clocks.push((T::ClockPrivacy, &p.due_on, p.state));
                }
                let running: Vec<_> = clocks
                    .into_iter()
                    .filter(|(_, _, s)| {
                        matches!(
                            s,
                            ClockState::Open
                                | ClockState::DueSoon
                                | ClockState::Late
                                | ClockState::Suspended
                        )
                    })
                    .collect();
                let urgency = running
                    .iter()
                    .map(|(_, due, s)| (s.urgency(), (*due).clone()))
                    .min()
                    .unwrap_or((9, String::new()));
                Row {
                    id: c.id.clone(),
                    reference: c.reference.clone(),
                    status: c.status,
                    category: c.category,
                    received: date(&c.received_on),
                    complainant: c.complainant.name.clone(),
                    chips: running
                        .into_iter()
                        .map(|(label, due, state)| Chip::Due(label, due.clone(), state))
                        .collect(),
                    urgency,
                }
            }
            api::union::Complaint::AnonymisedComplaint(c) => {
                let o = &c.clocks;
                let mut outcomes = vec![
                    (T::ClockAcknowledgement, o.acknowledgement),
                    (T::ClockFirstContact, o.first_contact),
                    (T::ClockResolution, o.resolution),
                ];
                if let Some(p) = o.privacy_resolution {
                    outcomes.push((T::ClockPrivacy, p));
                }
                let late = outcomes.iter().any(|(_, o)| *o == ClockOutcome::Late);
                Row {
                    id: c.id.clone(),
                    reference: c.reference.clone(),
                    status: c.status,
                    category: c.category,
                    received: month(&c.received_month),
                    complainant: None,
                    chips: outcomes
                        .into_iter()
                        .filter(|(_, o)| *o == ClockOutcome::Late)
                        .map(|(label, o)| Chip::Outcome(label, o))
                        .collect(),
                    urgency: (if late { 0 } else { 9 }, String::new()),
                }
            }
        })
        .collect()
}

/// A filter with nothing set.
pub fn no_filter() -> q::ComplaintFilter {
    q::ComplaintFilter {
        status: None,
        category: None,
        handler_id: None,
        received_from: None,
        received_to: None,
        clock_state: None,
        search: None,
        involving_me: None,
    }
}

/// Complaints as a list of cards.
#[component]
pub fn ComplaintRows(rows: Vec<Row>) -> impl IntoView {
    let i18n = I18n::get();
    view! {
        // The whole card opens the complaint (the link covers it; see the style sheet).
        <ul class="complaints linked">
            {rows.into_iter().map(|row| {
                let href = format!("/klachten/{}", row.id);
                let reference = row.reference.clone();
                view! {
                    <li class="card" data-reference=row.reference.clone()>
                        <div class="row between">
                            <a href=href class="reference">{reference}</a>
                            {status_badge(row.status)}
                        </div>
                        <p class="meta">
                            {i18n.tr(row.category.label())}
                            " · "
                            {i18n.tr(T::Received)}
                            " "
                            <span class="nowrap">{row.received.clone()}</span>
                            {row.complainant.clone().map(|n| view! { " · " <span class="name">{n}</span> })}
                        </p>
                        {(!row.chips.is_empty()).then(|| view! {
                            <p class="chips">
                                {row.chips.iter().cloned().map(|chip| match chip {
                                    Chip::Due(label, due, state) => view! { {clock_chip(label, due, state)} }.into_any(),
                                    Chip::Outcome(label, outcome) => view! { {outcome_chip(label, outcome)} }.into_any(),
                                }).collect_view()}
                            </p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// One `<option>` per value.
fn options<E: Copy + Send + Sync + 'static>(
    all: &'static [E],
    label: fn(E) -> T,
    code: fn(E) -> &'static str,
) -> impl IntoView {
    let i18n = I18n::get();
    all.iter()
        .map(move |v| {
            let v = *v;
            view! { <option value=code(v)>{i18n.tr(label(v))}</option> }
        })
        .collect_view()
}

/// The list page.
#[component]
pub fn ListPage() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    // The filters live in the address, so Back from a complaint returns to the list as it was.
    let router = crate::router::Router::get();
    let from_address = |key: &str| RwSignal::new(router.query(key).unwrap_or_default());
    let status = from_address("status");
    let category = from_address("categorie");
    let clock = from_address("termijn");
    let handler = from_address("behandelaar");
    let from = from_address("van");
    let to = from_address("tot");
    let search = from_address("zoek");
    // Every filter with its name in the address; the search first, the folded ones after it.
    let filters = [
        ("zoek", search),
        ("status", status),
        ("categorie", category),
        ("termijn", clock),
        ("behandelaar", handler),
        ("van", from),
        ("tot", to),
    ];
    let filtered = filters[1..]
        .iter()
        .any(|(_, s)| !s.get_untracked().is_empty());
    let keep_in_address = move || {
        let values = filters.map(|(key, s)| (key, s.get_untracked().trim().to_owned()));
        router.replace_query(&values);
    };
    let items: RwSignal<Vec<Row>> = RwSignal::new(Vec::new());
    let cursor: RwSignal<Option<String>> = RwSignal::new(None);
    let more = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let loaded = RwSignal::new(false);
    let sees_users = session
        .user()
        .is_some_and(|u| u.may(Capability::LIST_STAFF));
    let users = api::staff(session, sees_users);
    let handlers = move || {
        users
            .people()
            .into_iter()
            .filter(|u| u.roles.contains(&Role::Handler))
            .map(|u| (u.id, u.name))
    };
    let current_filter = move || {
        let text = search.get_untracked().trim().to_owned();
        let some = |s: String| Some(s).filter(|s| !s.is_empty());
        q::ComplaintFilter {
            status: ComplaintStatus::from_code(&status.get_untracked()).map(|v| vec![v]),
            category: Category::from_code(&category.get_untracked()).map(|v| vec![v]),
            clock_state: ClockState::from_code(&clock.get_untracked()).map(|v| vec![v]),
            handler_id: some(handler.get_untracked()),
            received_from: some(from.get_untracked()),
            received_to: some(to.get_untracked()),
            search: some(text),
            involving_me: None,
        }
    };
    let load = move |reset: bool| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        error.set(None);
        let after = if reset { None } else { cursor.get_untracked() };
        let filter = current_filter();
        leptos::task::spawn_local(async move {
            let result = api::call_as::<api::Complaints, api::union::Page>(
                session,
                q::Variables {
                    filter: Some(filter),
                    first: 20,
                    after,
                },
            )
            .await;
            match result {
                Ok(data) => {
                    let page = rows(&data);
                    if reset {
                        items.set(page);
                    } else {
                        items.update(|all| all.extend(page));
                    }
                    cursor.set(data.complaints.page_info.end_cursor.clone());
                    more.set(data.complaints.page_info.has_next_page);
                }
                Err(e) => error.set(Some(e)),
            }
            loaded.set(true);
            loading.set(false);
        });
    };
    load(true);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        keep_in_address();
        load(true);
    };
    let reset = move |_| {
        for (_, s) in filters {
            s.set(String::new());
        }
        keep_in_address();
        load(true);
    };
    view! {
        <section>
            <h1>{i18n.tr(T::ListTitle)}</h1>
            <form class="filters" on:submit=apply role="search">
                <label for="search">{i18n.tr(T::Search)}</label>
                <input id="search" type="search" minlength=crate::limits::SEARCH_MIN bind:value=search
                    placeholder=i18n.tr(T::SearchHint)/>
                // On a phone the list matters more than the filters: they fold away until asked
                // for (a wide screen shows them; see the style sheet).
                <details id="more-filters" open=filtered>
                <summary>{i18n.tr(T::MoreFilters)}</summary>
                <div class="grid">
                    <div>
                        <label for="f-status">{i18n.tr(T::Status)}</label>
                        <select id="f-status" bind:value=status>
                            <option value="">{i18n.tr(T::All)}</option>
                            {options(ComplaintStatus::ALL, ComplaintStatus::label, ComplaintStatus::code)}
                        </select>
                    </div>
                    <div>
                        <label for="f-category">{i18n.tr(T::Category)}</label>
                        <select id="f-category" bind:value=category>
                            <option value="">{i18n.tr(T::All)}</option>
                            {options(Category::ALL, Category::label, Category::code)}
                        </select>
                    </div>
                    <div>
                        <label for="f-clock">{i18n.tr(T::ClockFilter)}</label>
                        <select id="f-clock" bind:value=clock>
                            <option value="">{i18n.tr(T::All)}</option>
                            {options(ClockState::ALL, ClockState::label, ClockState::code)}
                        </select>
                    </div>
                    {sees_users.then(|| view! {
                        <div>
                            <label for="f-handler">{i18n.tr(T::Handler)}</label>
                            <select id="f-handler" bind:value=handler>
                                <option value="">{i18n.tr(T::All)}</option>
                                {move || handlers().map(|(id, name)| view! {
                                    <option value=id>{name}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                    <div>
                        <label for="f-from">{i18n.tr(T::ReceivedFrom)}</label>
                        <input id="f-from" type="date" bind:value=from/>
                    </div>
                    <div>
                        <label for="f-to">{i18n.tr(T::ReceivedTo)}</label>
                        <input id="f-to" type="date" bind:value=to/>
                    </div>
                </div>
                </details>
                <div class="row">
                    <button type="submit" class="primary">{i18n.tr(T::ApplyFilters)}</button>
                    <button type="button" on:click=reset>{i18n.tr(T::ClearFilters)}</button>
                </div>
            </form>
            {error_slot(error)}
            {move || {
                let list = items.get();
                if !loaded.get() {
                    components::loading().into_any()
                } else if list.is_empty() {
                    empty(T::NoComplaintsFound).into_any()
                } else {
                    view! { <ComplaintRows rows=list/> }.into_any()
                }
            }}
            {move || (more.get() && loaded.get()).then(|| view! {
                <button type="button" class="more" id="load-more" disabled=move || loading.get()
                    on:click=move |_| load(false)>
                    {move || i18n.t(if loading.get() { T::Loading } else { T::LoadMore })}
                </button>
            })}
        </section>
    }
}
