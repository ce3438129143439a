//! Beheer: users and their roles, the procedure versions, and the working-day calendar (rule
//! switches and closure days, saved as a new dated version) with the coming holidays.

use crate::api::{self, ApiError};
use crate::components::{empty, error_box, error_slot, loading};
use crate::i18n::{I18n, T, date};
use crate::model::{ApiScope, Capability, LiberationDayRule, Role};
use crate::session::Session;
use leptos::prelude::*;

/// The roles a user can be given (INTEGRATION is for API clients).
const USER_ROLES: [Role; 5] = [
    Role::Staff,
    Role::Handler,
    Role::Director,
    Role::Dpo,
    Role::Admin,
];

/// The admin page; directors (who decide on roles) see the users only.
/// An account as the list of users shows it.
struct Account {
    id: String,
    name: String,
    email: String,
    roles: Vec<Role>,
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = I18n::get();
    let admin = Session::get()
        .user()
        .is_some_and(|u| u.may(Capability::ADMINISTER));
    if !admin {
        return view! {
            <section>
                <h1>{i18n.tr(T::AdminTitle)}</h1>
                <UsersSection/>
            </section>
        }
        .into_any();
    }
    view! {
        <section>
            <h1>{i18n.tr(T::AdminTitle)}</h1>
            <nav class="subnav" aria-label=i18n.tr(T::AdminTitle)>
                <a href="#gebruikers">{i18n.tr(T::Users)}</a>
                <a href="#kalender">{i18n.tr(T::CalendarTitle)}</a>
                <a href="#regeling">{i18n.tr(T::ProcedureTitle)}</a>
                <a href="#oorzaken">{i18n.tr(T::CauseCategoriesTitle)}</a>
                <a href="#koppelingen">{i18n.tr(T::ApiClientsTitle)}</a>
            </nav>
            <UsersSection/>
            <CalendarSection/>
            <ProcedureSection/>
            <CausesSection/>
            <ClientsSection/>
        </section>
    }
    .into_any()
}

fn role_boxes(prefix: &'static str, chosen: RwSignal<Vec<Role>>) -> impl IntoView {
    let i18n = I18n::get();
    view! {
        <fieldset class="roles">
            <legend>{i18n.tr(T::Roles)}</legend>
            {USER_ROLES.iter().map(|role| {
                let role = *role;
                let id = format!("{prefix}-{}", role.code().to_ascii_lowercase());
                let for_id = id.clone();
                view! {
                    <label class="choice" for=for_id>
                        <input type="checkbox" id=id prop:checked=move || chosen.get().contains(&role)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|roles| {
                                    roles.retain(|r| *r != role);
                                    if on { roles.push(role); }
                                });
                            }/>
                        {i18n.tr(role.label())}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn UsersSection() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let reload = RwSignal::new(0_u32);
    let accounts = api::load_as::<api::UserAccounts, crate::js::Js>(session, move || {
        reload.track();
        Some(api::user_accounts::Variables)
    });
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let roles = RwSignal::new(vec![Role::Staff]);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let created = RwSignal::new(false);
    let editing: RwSignal<Option<String>> = RwSignal::new(None);
    let edit_name = RwSignal::new(String::new());
    let edit_roles = RwSignal::new(Vec::new());
    let edit_active = RwSignal::new(true);
    let edit_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let me = session.user();
    let is_admin = me.as_ref().is_some_and(|u| u.may(Capability::ADMINISTER));
    let is_director = me.as_ref().is_some_and(|u| u.may(Capability::GRANT_ROLES));
    let decided_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    // A director approves or rejects a proposed role change.
    let decide = move |request: String, approve: bool| {
        decided_error.set(None);
        leptos::task::spawn_local(async move {
            let done = if approve {
                api::call_unit::<api::ApproveRoleRequest>(
                    session,
                    api::approve_role_request::Variables { id: request },
                )
                .await
            } else {
                api::call_unit::<api::RejectRoleRequest>(
                    session,
                    api::reject_role_request::Variables { id: request },
                )
                .await
            };
            match done {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => decided_error.set(Some(e)),
            }
        });
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        created.set(false);
        let input = api::create_user::CreateUserInput {
            email: email.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            roles: roles.get_untracked(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::call_unit::<api::CreateUser>(session, api::create_user::Variables { input })
                .await
            {
                Ok(_) => {
                    for s in [email, name, password] {
                        s.set(String::new());
                    }
                    roles.set(vec![Role::Staff]);
                    created.set(true);
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let save_edit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = editing.get_untracked() else {
            return;
        };
        edit_error.set(None);
        // Directors change roles only.
        let input = api::update_user::UpdateUserInput {
            name: is_admin.then(|| edit_name.get_untracked().trim().to_owned()),
            roles: Some(edit_roles.get_untracked()),
            active: is_admin.then(|| edit_active.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::call_unit::<api::UpdateUser>(
                session,
                api::update_user::Variables { id, input },
            )
            .await
            {
                Ok(_) => {
                    editing.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => edit_error.set(Some(e)),
            }
        });
    };
    view! {
        <section id="gebruikers">
            <h2>{i18n.tr(T::Users)}</h2>
            {error_slot(decided_error)}
            {move || match accounts.js().map(|r| r.map(|d| d.list("userAccounts"))) {
                None => loading().into_any(),
                Some(Err(e)) => error_box(e).into_any(),
                Some(Ok(list)) if list.is_empty() => empty(T::NoUsers).into_any(),
                Some(Ok(list)) => view! {
                    <ul class="complaints" id="users">
                        {list.into_iter().map(|account| {
                            let u = account.get("user");
                            let active = account.flag("active");
                            let pending: Vec<Role> = account.list("pendingRoles").iter().filter_map(|r| r.0.as_string()).filter_map(|r| Role::from_code(&r)).collect();
                            let request = account.opt_str("pendingRequestId");
                            let must_change = account.flag("mustChangePassword");
                            let user = Account {
                                id: u.str("id"),
                                name: u.str("name"),
                                email: u.str("email"),
                                roles: u.list("roles").iter().filter_map(|r| r.0.as_string()).filter_map(|r| Role::from_code(&r)).collect(),
                            };
                            let id = user.id.clone();
                            let start = {
                                let (name, roles, id) = (user.name.clone(), user.roles.clone(), id.clone());
                                move |_| {
                                    edit_name.set(name.clone());
                                    edit_roles.set(roles.clone());
                                    edit_active.set(active);
                                    edit_error.set(None);
                                    editing.set(Some(id.clone()));
                                }
                            };
                            let is_editing = {
                                let id = id.clone();
                                move || editing.get().as_deref() == Some(id.as_str())
                            };
                            let roles_text = {
                                let roles = user.roles.clone();
                                move || roles.iter().map(|r| i18n.t(r.label())).collect::<Vec<_>>().join(", ")
                            };
                            view! {
                                <li class="card" data-email=user.email.clone()>
                                    <div class="row between">
                                        <strong>{user.name.clone()}</strong>
                                        {(!active).then(|| view! { <span class="badge closed">{i18n.tr(T::Inactive)}</span> })}
                                    </div>
                                    <p class="meta">{user.email.clone()} " · " {roles_text}
                                        {must_change.then(|| view! { " · " {i18n.tr(T::MustChangePassword)} })}</p>
                                    {request.map(|request| {
                                        let names = pending.iter().map(|r| i18n.t(r.label())).collect::<Vec<_>>().join(", ");
                                        let other = request.clone();
                                        view! {
                                            <p class="notice pending-roles">{i18n.tr(T::PendingRoles)} " " {names}</p>
                                            {is_director.then(|| view! {
                                                <div class="row">
                                                    <button type="button" class="primary approve" on:click=move |_| decide(request.clone(), true)>{i18n.tr(T::Approve)}</button>
                                                    <button type="button" class="reject" on:click=move |_| decide(other.clone(), false)>{i18n.tr(T::Reject)}</button>
                                                </div>
                                            })}
                                        }
                                    })}
                                    {move || if is_editing() {
                                        view! {
                                            <form class="form" on:submit=save_edit>
                                                {is_admin.then(|| view! {
                                                    <label for="edit-name">{i18n.tr(T::Name)}</label>
                                                    <input id="edit-name" required bind:value=edit_name/>
                                                })}
                                                {role_boxes("edit-role", edit_roles)}
                                                {is_admin.then(|| view! {
                                                    <label class="choice" for="edit-active">
                                                        <input id="edit-active" type="checkbox" bind:checked=edit_active/>
                                                        {i18n.tr(T::Active)}
                                                    </label>
                                                })}
                                                <p class="hint">{i18n.tr(T::RoleChangeHint)}</p>
                                                {error_slot(edit_error)}
                                                <div class="row">
                                                    <button type="submit" class="primary">{i18n.tr(T::Save)}</button>
                                                    <button type="button" on:click=move |_| editing.set(None)>{i18n.tr(T::Cancel)}</button>
                                                </div>
                                            </form>
                                        }.into_any()
                                    } else {
                                        let start = start.clone();
                                        view! { <button type="button" class="link" on:click=start>{i18n.tr(T::Edit)}</button> }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            {is_admin.then(|| view! {
            <form class="form" on:submit=create id="new-user">
                <h3>{i18n.tr(T::NewUser)}</h3>
                <label for="new-email">{i18n.tr(T::Email)}</label>
                <input id="new-email" type="email" required autocomplete="off" bind:value=email/>
                <label for="new-name">{i18n.tr(T::Name)}</label>
                <input id="new-name" required autocomplete="off" bind:value=name/>
                <label for="new-password">{i18n.tr(T::InitialPassword)}</label>
                <input id="new-password" type="password" required minlength=crate::limits::PASSWORD_MIN autocomplete="new-password" bind:value=password/>
                {role_boxes("new-role", roles)}
                {error_slot(error)}
                {move || created.get().then(|| view! { <p class="saved" role="status">{i18n.tr(T::UserCreated)}</p> })}
                <button type="submit" class="primary">{i18n.tr(T::CreateUser)}</button>
            </form>
            })}
        </section>
    }
}

/// Adds whole years to a `YYYY-MM-DD` date's year.
fn year_of(day: &str) -> i64 {
    day.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026)
}

#[component]
fn CalendarSection() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let today = session.today();
    let year = year_of(&today);
    let reload = RwSignal::new(0_u32);
    let calendar = api::load_as::<api::Calendar, crate::js::Js>(session, move || {
        reload.track();
        Some(api::calendar::Variables {
            year,
            next: year + 1,
        })
    });
    let label = RwSignal::new(String::new());
    let from = RwSignal::new(today.clone());
    let good_friday = RwSignal::new(true);
    let liberation = RwSignal::new(LiberationDayRule::EveryYear.code().to_owned());
    let closures: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    let new_day = RwSignal::new(String::new());
    let new_text = RwSignal::new(String::new());
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let saved = RwSignal::new(false);
    // The form starts from the newest version.
    Effect::new(move |_| {
        if let Some(Ok(data)) = calendar.js()
            && let Some(latest) = data.list("calendar").last()
        {
            good_friday.set(latest.flag("goodFriday"));
            liberation.set(latest.str("liberationDay"));
            closures.set(
                latest
                    .list("closureDays")
                    .iter()
                    .map(|d| (d.str("date"), d.str("description")))
                    .collect(),
            );
        }
    });
    let add_day = move |_| {
        let (day, text) = (
            new_day.get_untracked(),
            new_text.get_untracked().trim().to_owned(),
        );
        if day.is_empty() || text.is_empty() {
            error.set(Some(ApiError {
                code: "VALIDATION".into(),
                detail: None,
                reason: None,
            }));
            return;
        }
        error.set(None);
        closures.update(|list| {
            list.retain(|(d, _)| *d != day);
            list.push((day, text));
            list.sort();
        });
        new_day.set(String::new());
        new_text.set(String::new());
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(false);
        let input = api::save_calendar_version::CalendarVersionInput {
            label: label.get_untracked().trim().to_owned(),
            effective_from: from.get_untracked(),
            good_friday: good_friday.get_untracked(),
            liberation_day: LiberationDayRule::from_code(&liberation.get_untracked())
                .unwrap_or(LiberationDayRule::EveryYear),
            closure_days: closures
                .get_untracked()
                .into_iter()
                .map(
                    |(date, description)| api::save_calendar_version::ClosureDayInput {
                        date,
                        description,
                    },
                )
                .collect(),
        };
        leptos::task::spawn_local(async move {
            match api::call_unit::<api::SaveCalendarVersion>(
                session,
                api::save_calendar_version::Variables { input },
            )
            .await
            {
                Ok(_) => {
                    saved.set(true);
                    label.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let today_for_list = today.clone();
    view! {
        <section id="kalender">
            <h2>{i18n.tr(T::CalendarTitle)}</h2>
            {move || match calendar.js() {
                None => loading().into_any(),
                Some(Err(e)) => error_box(e).into_any(),
                Some(Ok(data)) => {
                    let today = today_for_list.clone();
                    let versions = data.list("calendar");
                    let days = |v: &crate::js::Js, list: &str, text: &str| -> Vec<(String, String)> {
                        v.list(list).iter().map(|h| (h.str("date"), h.str(text))).collect()
                    };
                    let latest = versions.last();
                    let mut coming: Vec<(String, String)> = latest
                        .map(|v| days(v, "holidays", "name"))
                        .unwrap_or_default()
                        .into_iter()
                        .chain(data.list("following").last().map(|v| days(v, "holidays", "name")).unwrap_or_default())
                        .chain(latest.map(|v| days(v, "closureDays", "description")).unwrap_or_default())
                        .filter(|(d, _)| *d >= today)
                        .collect();
                    coming.sort();
                    coming.truncate(8);
                    view! {
                        <h3>{i18n.tr(T::ComingDaysOff)}</h3>
                        <ul class="plain" id="coming-holidays">
                            {coming.into_iter().map(|(d, name)| view! { <li><span class="when">{date(&d)}</span> " " {name}</li> }).collect_view()}
                        </ul>
                        <h3>{i18n.tr(T::CalendarVersions)}</h3>
                        <ul class="complaints">
                            {versions.iter().rev().map(|v| {
                                let rule = LiberationDayRule::from_code(&v.str("liberationDay")).unwrap_or(LiberationDayRule::Unknown);
                                let closed = days(v, "closureDays", "description");
                                view! {
                                    <li class="card">
                                        <strong>{v.str("label")}</strong>
                                        <p class="meta">
                                            {i18n.tr(T::EffectiveFrom)} " " {date(&v.str("effectiveFrom"))}
                                            " · " {i18n.tr(T::GoodFriday)} ": " {i18n.tr(if v.flag("goodFriday") { T::Yes } else { T::No })}
                                            " · " {i18n.tr(T::LiberationDay)} ": " {i18n.tr(rule.label())}
                                        </p>
                                        {(!closed.is_empty()).then(|| view! {
                                            <p class="meta">{i18n.tr(T::ClosureDays)} ": "
                                                {closed.iter().map(|(d, text)| format!("{} ({text})", date(d))).collect::<Vec<_>>().join(", ")}
                                            </p>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <form class="form" on:submit=save id="calendar-form">
                <h3>{i18n.tr(T::NewCalendarVersion)}</h3>
                <p class="hint">{i18n.tr(T::CalendarHint)}</p>
                <label for="cal-label">{i18n.tr(T::Label)}</label>
                <input id="cal-label" maxlength=crate::limits::LABEL required bind:value=label/>
                <label for="cal-from">{i18n.tr(T::EffectiveFrom)}</label>
                <input id="cal-from" type="date" required min=today.clone() bind:value=from/>
                <label class="choice" for="cal-good-friday">
                    <input id="cal-good-friday" type="checkbox" bind:checked=good_friday/>
                    {i18n.tr(T::GoodFridayOff)}
                </label>
                <label for="cal-liberation">{i18n.tr(T::LiberationDay)}</label>
                <select id="cal-liberation" bind:value=liberation>
                    {LiberationDayRule::ALL.iter().map(|r| {
                        let r = *r;
                        view! { <option value=r.code()>{i18n.tr(r.label())}</option> }
                    }).collect_view()}
                </select>
                <fieldset>
                    <legend>{i18n.tr(T::ClosureDays)}</legend>
                    <ul class="plain" id="closure-days">
                        {move || closures.get().into_iter().map(|(d, text)| {
                            let remove = d.clone();
                            view! {
                                <li>
                                    <span class="when">{date(&d)}</span> " " {text} " "
                                    <button type="button" class="link" on:click=move |_| {
                                        let remove = remove.clone();
                                        closures.update(|l| l.retain(|(x, _)| *x != remove));
                                    }>{i18n.tr(T::Remove)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <label for="closure-date">{i18n.tr(T::Date)}</label>
                    <input id="closure-date" type="date" bind:value=new_day/>
                    <label for="closure-text">{i18n.tr(T::Description)}</label>
                    <input id="closure-text" maxlength=crate::limits::LABEL bind:value=new_text/>
                    <button type="button" id="add-closure" on:click=add_day>{i18n.tr(T::AddClosureDay)}</button>
                </fieldset>
                {error_slot(error)}
                {move || saved.get().then(|| view! { <p class="saved" role="status" id="calendar-saved">{i18n.tr(T::CalendarSaved)}</p> })}
                <button type="submit" class="primary" id="save-calendar">{i18n.tr(T::SaveCalendar)}</button>
            </form>
        </section>
    }
}

/// One period of a procedure version: "Ontvangstbevestiging: 5 werkdagen".
fn period(label: T, count: i64, unit: T) -> impl IntoView {
    let i18n = I18n::get();
    view! { <li>{i18n.tr(label)} ": " {count} " " {i18n.tr(unit)}</li> }
}

/// The periods a procedure version promises, as the form edits them: each its text label,
/// its unit and its input.
const PERIODS: [(T, T, &str); 6] = [
    (T::ClockAcknowledgement, T::WorkingDays, "proc-ack"),
    (T::ClockFirstContact, T::WorkingDays, "proc-contact"),
    (T::ClockResolution, T::WorkingDays, "proc-resolution"),
    (T::ClockPrivacy, T::Months, "proc-privacy"),
    (T::ClockRetention, T::Months, "proc-retention"),
    (T::DeclineLimit, T::Months, "proc-decline"),
];

/// The periods of a version, in the order of [`PERIODS`].
fn period_values(p: &crate::js::Js) -> [i64; 6] {
    [
        "acknowledgementWorkingDays",
        "firstContactWorkingDays",
        "resolutionWorkingDays",
        "privacyResolutionMonths",
        "retentionMonths",
        "declineConductAfterMonths",
    ]
    .map(|key| p.int(key).unwrap_or(0))
}

#[component]
fn ProcedureSection() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let today = session.today();
    let reload = RwSignal::new(0_u32);
    let versions = api::load_as::<api::ProcedureVersions, crate::js::Js>(session, move || {
        reload.track();
        Some(api::procedure_versions::Variables)
    });
    let label = RwSignal::new(String::new());
    let from = RwSignal::new(today.clone());
    let text = RwSignal::new(String::new());
    let counts: [RwSignal<String>; 6] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let saved = RwSignal::new(false);
    // The form starts from the newest version.
    Effect::new(move |_| {
        if let Some(Ok(data)) = versions.js()
            && let Some(latest) = data.list("procedureVersions").last()
        {
            for (signal, value) in counts.iter().zip(period_values(&latest.get("parameters"))) {
                signal.set(value.to_string());
            }
            text.set(latest.str("text"));
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(false);
        let numbers: Option<Vec<i64>> = counts
            .iter()
            .map(|c| c.get_untracked().trim().parse().ok())
            .collect();
        let Some([ack, contact, resolution, privacy, retention, decline]) =
            numbers.and_then(|n| <[i64; 6]>::try_from(n).ok())
        else {
            error.set(Some(ApiError {
                code: "VALIDATION".into(),
                detail: None,
                reason: None,
            }));
            return;
        };
        let input = api::save_procedure_version::ProcedureVersionInput {
            label: label.get_untracked().trim().to_owned(),
            effective_from: from.get_untracked(),
            text: text.get_untracked(),
            parameters: api::save_procedure_version::ProcedureParametersInput {
                acknowledgement_working_days: ack,
                first_contact_working_days: contact,
                resolution_working_days: resolution,
                privacy_resolution_months: privacy,
                retention_months: retention,
                decline_conduct_after_months: decline,
            },
        };
        leptos::task::spawn_local(async move {
            match api::call_unit::<api::SaveProcedureVersion>(
                session,
                api::save_procedure_version::Variables { input },
            )
            .await
            {
                Ok(()) => {
                    saved.set(true);
                    label.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section id="regeling">
            <h2>{i18n.tr(T::ProcedureTitle)}</h2>
            {move || match versions.js() {
                None => loading().into_any(),
                Some(Err(e)) => error_box(e).into_any(),
                Some(Ok(data)) => data.list("procedureVersions").into_iter().rev().map(|v| {
                    let values = period_values(&v.get("parameters"));
                    let from = v.str("effectiveFrom");
                    view! {
                        <div class="card" data-effective-from=from.clone()>
                            <strong>{v.str("label")}</strong>
                            <p class="meta">{i18n.tr(T::EffectiveFrom)} " " {date(&from)}</p>
                            <ul class="plain">
                                {PERIODS.iter().zip(values).map(|((label, unit, _), n)| period(*label, n, *unit)).collect_view()}
                            </ul>
                            <details>
                                <summary>{i18n.tr(T::ProcedureText)}</summary>
                                <pre class="procedure" lang="nl">{v.str("text")}</pre>
                            </details>
                        </div>
                    }
                }).collect_view().into_any(),
            }}
            <form class="form" on:submit=save id="procedure-form">
                <h3>{i18n.tr(T::NewProcedureVersion)}</h3>
                <p class="hint">{i18n.tr(T::ProcedureHint)}</p>
                <label for="proc-label">{i18n.tr(T::Label)}</label>
                <input id="proc-label" maxlength=crate::limits::LABEL required bind:value=label/>
                <label for="proc-from">{i18n.tr(T::EffectiveFrom)}</label>
                <input id="proc-from" type="date" required min=today bind:value=from/>
                {PERIODS.iter().zip(counts).map(|((label, unit, id), signal)| view! {
                    <label for=*id>{i18n.tr(*label)} " (" {i18n.tr(*unit)} ")"</label>
                    <input id=*id type="number" inputmode="numeric" required min="1" max="366" bind:value=signal/>
                }).collect_view()}
                <label for="proc-text">{i18n.tr(T::ProcedureText)}</label>
                <textarea id="proc-text" maxlength=crate::limits::PROCEDURE_TEXT rows="12" required bind:value=text></textarea>
                {error_slot(error)}
                {move || saved.get().then(|| view! { <p class="saved" role="status" id="procedure-saved">{i18n.tr(T::ProcedureSaved)}</p> })}
                <button type="submit" class="primary" id="save-procedure">{i18n.tr(T::SaveProcedure)}</button>
            </form>
        </section>
    }
}

/// The root-cause categories: add one, rename one, or switch it off (it stays on the
/// complaints that have it).
#[component]
fn CausesSection() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let version = RwSignal::new(0u32);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let code = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let causes = api::load_as::<api::CauseCategories, crate::js::Js>(session, move || {
        version.track();
        Some(api::cause_categories::Variables { all: Some(true) })
    });
    let save = move |code: String, label: String, active: bool| {
        crate::components::change(
            version,
            error,
            api::request::<api::SaveCauseCategory>(api::save_cause_category::Variables {
                code,
                label,
                active,
            }),
        );
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(code.get_untracked(), label.get_untracked(), true);
        code.set(String::new());
        label.set(String::new());
    };
    view! {
        <section id="oorzaken" class="panel">
            <h2>{i18n.tr(T::CauseCategoriesTitle)}</h2>
            {error_slot(error)}
            <ul class="plain" id="cause-list">
                {move || causes.js().and_then(Result::ok).map(|d| d.list("causeCategories")).unwrap_or_default().into_iter().map(|c| {
                    let (code, label, active) = (c.str("code"), c.str("label"), c.flag("active"));
                    let (shown, name, attr) = (code.clone(), label.clone(), code.clone());
                    view! {
                        <li data-cause=attr data-active=active.to_string()>
                            <strong>{name}</strong> " " <code>{shown}</code>
                            " " <button type="button" on:click=move |_| save(code.clone(), label.clone(), !active)>
                                {i18n.tr(if active { T::SwitchOff } else { T::SwitchOn })}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form on:submit=submit id="new-cause">
                <label for="cause-code">{i18n.tr(T::CauseCode)}</label>
                <input id="cause-code" required pattern="[a-z0-9-]{1,40}" bind:value=code/>
                <label for="cause-label">{i18n.tr(T::CauseLabel)}</label>
                <input id="cause-label" maxlength=crate::limits::NAME required bind:value=label/>
                <button type="submit" class="primary">{i18n.tr(T::Save)}</button>
            </form>
        </section>
    }
}

/// The integrations: create one with scopes, a budget and an end date; its key is shown once;
/// rotate the key (the old one keeps working a day) or revoke the integration.
#[component]
fn ClientsSection() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let version = RwSignal::new(0u32);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let name = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    let units = RwSignal::new("600".to_owned());
    let expires = RwSignal::new(String::new());
    let scopes: RwSignal<Vec<ApiScope>> = RwSignal::new(vec![ApiScope::ReadComplaints]);
    let shown_key = RwSignal::new(String::new());
    let clients = api::load_as::<api::ApiClients, crate::js::Js>(session, move || {
        version.track();
        Some(api::api_clients::Variables)
    });
    // Runs a request whose answer holds a key under `field`, then shows the key once.
    let with_key = move |body: Result<String, ApiError>, field: &'static str| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::post_js(session, body).await {
                Ok(data) => {
                    shown_key.set(data.get(field).str("key"));
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = api::create_api_client::ApiClientInput {
            name: name.get_untracked(),
            description: purpose.get_untracked(),
            scopes: scopes.get_untracked(),
            units_per_minute: units.get_untracked().trim().parse().unwrap_or(0),
            expires_on: Some(expires.get_untracked()).filter(|d| !d.is_empty()),
        };
        with_key(
            api::request::<api::CreateApiClient>(api::create_api_client::Variables { input }),
            "createApiClient",
        );
    };
    view! {
        <section id="koppelingen" class="panel">
            <h2>{i18n.tr(T::ApiClientsTitle)}</h2>
            <p class="hint">{i18n.tr(T::ApiClientsHint)}</p>
            {error_slot(error)}
            {move || (!shown_key.get().is_empty()).then(|| view! {
                <div class="notice" role="status">
                    <p>{i18n.tr(T::ApiKeyOnce)}</p>
                    <code id="new-key">{shown_key.get()}</code>
                </div>
            })}
            <div id="api-clients">
                {move || match clients.js() {
                    None => loading().into_any(),
                    Some(Err(e)) => error_box(e).into_any(),
                    Some(Ok(data)) => {
                        let list = data.list("apiClients");
                        if list.is_empty() {
                            return empty(T::NoApiClients).into_any();
                        }
                        view! { <ul class="complaints">{list.into_iter().map(|c| {
                            let id = c.str("id");
                            let revoked = c.opt_str("revokedAt").is_some();
                            let (rotate_id, revoke_id) = (id.clone(), id.clone());
                            let keys: Vec<String> = c.list("keys").iter().map(|k| k.str("prefix")).collect();
                            let scopes: Vec<&str> = c.list("scopes").iter()
                                .filter_map(|s| s.0.as_string())
                                .filter_map(|s| ApiScope::from_code(&s))
                                .map(|s| i18n.t(s.label()))
                                .collect();
                            view! {
                                <li class="card" data-client=id>
                                    <strong>{c.str("name")}</strong>
                                    {revoked.then(|| view! { " " <span class="badge closed">{i18n.tr(T::ApiClientRevoked)}</span> })}
                                    <p class="meta">{c.str("description")} " · " {scopes.join(", ")}</p>
                                    <p class="meta"><code>{keys.join(" ")}</code></p>
                                    <ul class="hooks">
                                        {c.list("webhooks").into_iter().map(|h| {
                                            let (hook, on) = (h.str("id"), h.flag("active"));
                                            let failed = h.int("failedDeliveries").unwrap_or(0);
                                            let label = hook.clone();
                                            view! {
                                                <li class="meta" data-webhook=label>
                                                    "Webhook " <code>{h.str("url")}</code>
                                                    {(failed > 0).then(|| view! { " · " <span class="chip late">{failed} " " {i18n.tr(T::WebhookFailed)}</span> })}
                                                    " " <button type="button" class="switch" on:click=move |_| crate::components::change(
                                                        version,
                                                        error,
                                                        api::request::<api::SwitchWebhook>(api::switch_webhook::Variables { id: hook.clone(), active: !on }),
                                                    )>{i18n.tr(if on { T::WebhookOff } else { T::WebhookOn })}</button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    {(!revoked).then(|| view! {
                                        <div class="row">
                                            <button type="button" class="rotate" on:click=move |_| with_key(
                                                api::request::<api::RotateApiClientKey>(api::rotate_api_client_key::Variables { id: rotate_id.clone() }),
                                                "rotateApiClientKey",
                                            )>{i18n.tr(T::ApiKeyRotate)}</button>
                                            <button type="button" class="revoke" on:click=move |_| crate::components::change(
                                                version,
                                                error,
                                                api::request::<api::RevokeApiClient>(api::revoke_api_client::Variables { id: revoke_id.clone() }),
                                            )>{i18n.tr(T::ApiClientRevoke)}</button>
                                        </div>
                                    })}
                                </li>
                            }
                        }).collect_view()}</ul> }.into_any()
                    }
                }}
            </div>
            <form on:submit=create id="new-client">
                <label for="client-name">{i18n.tr(T::ApiClientName)}</label>
                <input id="client-name" maxlength=crate::limits::NAME required bind:value=name/>
                <label for="client-purpose">{i18n.tr(T::ApiClientPurpose)}</label>
                <input id="client-purpose" bind:value=purpose/>
                <fieldset class="roles">
                    <legend>{i18n.tr(T::ApiClientScopes)}</legend>
                    {ApiScope::ALL.iter().map(|scope| {
                        let scope = *scope;
                        let id = format!("scope-{}", scope.code().to_ascii_lowercase());
                        let for_id = id.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input id=id type="checkbox"
                                    prop:checked=move || scopes.with(|s| s.contains(&scope))
                                    on:change=move |_| scopes.update(|s| {
                                        if let Some(i) = s.iter().position(|x| *x == scope) { s.remove(i); } else { s.push(scope); }
                                    })/>
                                {i18n.tr(scope.label())}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label for="client-units">{i18n.tr(T::ApiClientBudget)}</label>
                <input id="client-units" type="number" min="10" max="100000" bind:value=units/>
                <label for="client-expires">{i18n.tr(T::ApiClientExpires)}</label>
                <input id="client-expires" type="date" bind:value=expires/>
                <button type="submit" class="primary">{i18n.tr(T::ApiClientCreate)}</button>
            </form>
        </section>
    }
}
