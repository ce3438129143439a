//! Mijn werk: the complaints the user registered, handles or was added to, most urgent first,
//! with counts per status; directors and handlers also see every late complaint.

use super::list::{ComplaintRows, Row, no_filter, rows};
use crate::api::{self, ApiError, complaints as q};
use crate::components::{Empty, ErrorBox, Loading};
use crate::i18n::{I18n, T};
use crate::model::{ClockState, ComplaintStatus, Role};
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::A;

async fn load(session: Session, filter: q::ComplaintFilter) -> Result<Vec<Row>, ApiError> {
    let data = api::call::<api::Complaints>(
        session,
        q::Variables {
            filter: Some(filter),
            first: 100,
            after: None,
        },
    )
    .await?;
    let mut rows = rows(&data);
    rows.sort_by(|a, b| a.urgency.cmp(&b.urgency));
    Ok(rows)
}

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let user = session.user();
    let oversees = user
        .as_ref()
        .is_some_and(|u| u.has(Role::Director) || u.has(Role::Handler));
    let registers = user
        .as_ref()
        .is_some_and(crate::model::CurrentUser::registers);
    let name = user.map(|u| u.name).unwrap_or_default();
    let mine = LocalResource::new(move || async move {
        let filter = q::ComplaintFilter {
            involving_me: Some(true),
            status: Some(ComplaintStatus::OPEN.to_vec()),
            ..no_filter()
        };
        load(session, filter).await
    });
    let late = LocalResource::new(move || async move {
        if !oversees {
            return Ok(Vec::new());
        }
        let filter = q::ComplaintFilter {
            clock_state: Some(vec![ClockState::Late]),
            status: Some(ComplaintStatus::OPEN.to_vec()),
            ..no_filter()
        };
        load(session, filter).await
    });
    view! {
        <section>
            <div class="row between">
                <h1>{move || i18n.t(T::HomeTitle)}</h1>
                {registers.then(|| view! {
                    <A href="/klachten/nieuw" attr:class="button primary">{move || i18n.t(T::NavRegister)}</A>
                })}
            </div>
            <p class="lead">{move || format!("{} {}", i18n.t(T::Welcome), name)}</p>
            {move || match mine.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                Some(Ok(list)) => {
                    let counts: Vec<(ComplaintStatus, usize)> = ComplaintStatus::OPEN
                        .iter()
                        .map(|s| (*s, list.iter().filter(|r| r.status == *s).count()))
                        .filter(|(_, n)| *n > 0)
                        .collect();
                    let capped = list.len() >= 100;
                    view! {
                        <h2>{move || i18n.t(T::MyOpenComplaints)}</h2>
                        <ul class="counts" aria-label=move || i18n.t(T::CountsPerStatus)>
                            {counts.into_iter().map(|(status, n)| view! {
                                <li data-status=status.code()>
                                    <span class="count">{n}</span>
                                    " "
                                    {move || i18n.t(status.label())}
                                </li>
                            }).collect_view()}
                        </ul>
                        {if list.is_empty() {
                            view! { <Empty text=T::NothingOpen/> }.into_any()
                        } else {
                            view! { <ComplaintRows rows=list/> }.into_any()
                        }}
                        {capped.then(|| view! {
                            <p class="notice"><A href="/klachten">{move || i18n.t(T::MoreInList)}</A></p>
                        })}
                    }
                    .into_any()
                }
            }}
            {oversees.then(|| view! {
                <h2>{move || i18n.t(T::LateEverywhere)}</h2>
                {move || match late.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <Empty text=T::NothingLate/> }.into_any(),
                    Some(Ok(list)) => view! { <ComplaintRows rows=list/> }.into_any(),
                }}
            })}
        </section>
    }
}
