//! Mijn werk: the complaints the user registered, handles or was added to, most urgent first,
//! with counts per status; directors and handlers also see every late complaint.

use super::list::{ComplaintRows, Row, no_filter, rows};
use crate::api::{self, ApiError, complaints as q};
use crate::components::{empty, error_box, loading};
use crate::i18n::{I18n, T};
use crate::model::{Capability, ClockState, ComplaintStatus};
use crate::session::Session;
use leptos::prelude::*;

/// The first 100 complaints matching `filter`.
fn first_hundred(filter: q::ComplaintFilter) -> Option<q::Variables> {
    Some(q::Variables {
        filter: Some(filter),
        first: 100,
        after: None,
    })
}

/// The rows of an answer, most urgent first.
fn urgent_first(
    answer: Option<Result<api::union::Page, ApiError>>,
) -> Option<Result<Vec<Row>, ApiError>> {
    answer.map(|answer| {
        answer.map(|data| {
            let mut rows = rows(&data);
            rows.sort_by(|a, b| a.urgency.cmp(&b.urgency));
            rows
        })
    })
}

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let user = session.user();
    let oversees = user
        .as_ref()
        .is_some_and(|u| u.may(Capability::SEE_EVERY_COMPLAINT));
    let registers = user
        .as_ref()
        .is_some_and(|u| u.may(Capability::REGISTER_COMPLAINTS));
    let name = user.map(|u| u.name).unwrap_or_default();
    let mine = api::load_as::<api::Complaints, api::union::Page>(session, || {
        first_hundred(q::ComplaintFilter {
            involving_me: Some(true),
            status: Some(ComplaintStatus::OPEN.to_vec()),
            ..no_filter()
        })
    });
    let late = api::load_as::<api::Complaints, api::union::Page>(session, move || {
        if !oversees {
            return None;
        }
        first_hundred(q::ComplaintFilter {
            clock_state: Some(vec![ClockState::Late]),
            status: Some(ComplaintStatus::OPEN.to_vec()),
            ..no_filter()
        })
    });
    view! {
        <section>
            <div class="row between">
                <h1>{i18n.tr(T::HomeTitle)}</h1>
                {registers.then(|| view! {
                    <a href="/klachten/nieuw" class="button primary">{i18n.tr(T::NavRegister)}</a>
                })}
            </div>
            <p class="lead">{move || format!("{} {}", i18n.t(T::Welcome), name)}</p>
            {move || match urgent_first(mine.get()) {
                None => loading().into_any(),
                Some(Err(e)) => error_box(e).into_any(),
                Some(Ok(list)) => {
                    let counts: Vec<(ComplaintStatus, usize)> = ComplaintStatus::OPEN
                        .iter()
                        .map(|s| (*s, list.iter().filter(|r| r.status == *s).count()))
                        .filter(|(_, n)| *n > 0)
                        .collect();
                    let capped = list.len() >= 100;
                    view! {
                        <h2>{i18n.tr(T::MyOpenComplaints)}</h2>
                        <ul class="counts" aria-label=i18n.tr(T::CountsPerStatus)>
                            {counts.into_iter().map(|(status, n)| view! {
                                <li data-status=status.code()>
                                    <span class="count">{n}</span>
                                    " "
                                    {i18n.tr(status.label())}
                                </li>
                            }).collect_view()}
                        </ul>
                        {if list.is_empty() {
                            empty(T::NothingOpen).into_any()
                        } else {
                            view! { <ComplaintRows rows=list/> }.into_any()
                        }}
                        {capped.then(|| view! {
                            <p class="notice"><a href="/klachten">{i18n.tr(T::MoreInList)}</a></p>
                        })}
                    }
                    .into_any()
                }
            }}
            <super::measures::MyMeasures/>
            {oversees.then(|| view! {
                <h2>{i18n.tr(T::LateEverywhere)}</h2>
                {move || match urgent_first(late.get()) {
                    None => loading().into_any(),
                    Some(Err(e)) => error_box(e).into_any(),
                    Some(Ok(list)) if list.is_empty() => empty(T::NothingLate).into_any(),
                    Some(Ok(list)) => view! { <ComplaintRows rows=list/> }.into_any(),
                }}
            })}
        </section>
    }
}
