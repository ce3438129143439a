//! Klacht registreren: every field the procedure asks for, checked as the user types, and the
//! decline grounds the rules suggest shown before saving (a person decides).

use crate::api::{self, ApiError};
use crate::components::{Drafts, error_slot};
use crate::i18n::{I18n, T};
use crate::model::{Category, Channel, DeclineGround};
use crate::session::Session;
use leptos::prelude::*;

/// Whether `value` looks like an e-mail address (the server checks it properly).
fn plausible_email(value: &str) -> bool {
    let value = value.trim();
    value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    }) && !value.contains(char::is_whitespace)
}

/// The form's values, trimmed.
#[derive(Clone)]
struct Draft {
    received_on: String,
    channel: Channel,
    category: Category,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    concerning: Option<String>,
    facts: String,
    conduct_on: Option<String>,
    remedy_sought: Option<String>,
}

/// The operation `$op`'s own input type from a draft (each operation has its own types).
macro_rules! input {
    ($draft:expr, $op:ident, $request_id:expr) => {{
        let d = $draft.clone();
        let anonymous =
            d.name.is_none() && d.email.is_none() && d.phone.is_none() && d.address.is_none();
        api::$op::RegisterComplaintInput {
            received_on: d.received_on,
            channel: d.channel,
            category: d.category,
            complainant: (!anonymous).then(|| api::$op::ComplainantInput {
                name: d.name,
                email: d.email,
                phone: d.phone,
                address: d.address,
            }),
            concerning: d.concerning,
            facts: d.facts,
            conduct_on: d.conduct_on,
            remedy_sought: d.remedy_sought,
            request_id: $request_id,
        }
    }};
}

/// The registration page.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let router = crate::router::Router::get();
    // A half-filled registration waits in the session's drafts while the user is elsewhere.
    let drafts = Drafts::get();
    let field = |name: &str, initial: String| drafts.field(format!("register/{name}"), initial);
    let received_on = field("received-on", session.today());
    let channel = field("channel", Channel::Phone.code().to_owned());
    let category = field("category", Category::Service.code().to_owned());
    let name = field("name", String::new());
    let email = field("email", String::new());
    let phone = field("phone", String::new());
    let address = field("address", String::new());
    let concerning = field("concerning", String::new());
    let facts = field("facts", String::new());
    let conduct_on = field("conduct-on", String::new());
    let remedy = field("remedy", String::new());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // One id for this form: sent again after a lost answer, it finds the complaint already
    // made instead of registering it twice.
    let request_id = (js_sys::Math::random() * 4_294_967_295.0) as u32;
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    // The suggestions shown for the input as it was checked; saving again confirms them.
    let warnings: RwSignal<
        Option<Vec<api::suggest_decline_grounds::SuggestDeclineGroundsSuggestDeclineGrounds>>,
    > = RwSignal::new(None);

    let today = session.today();
    let problems = move || {
        let today = session.today();
        let mut list = Vec::new();
        let received = received_on.get();
        if received.is_empty() {
            list.push(("received-on", T::ReceivedRequired));
        } else if received > today {
            list.push(("received-on", T::ReceivedInFuture));
        }
        if facts.get().trim().is_empty() {
            list.push(("facts", T::FactsRequired));
        }
        let mail = email.get();
        if !mail.trim().is_empty() && !plausible_email(&mail) {
            list.push(("email", T::EmailInvalid));
        }
        let conduct = conduct_on.get();
        if !conduct.is_empty() && !received.is_empty() && conduct > received {
            list.push(("conduct-on", T::ConductAfterReceipt));
        }
        list
    };
    let problem = move |field: &'static str| {
        move || {
            tried.get().then(|| {
                problems()
                    .into_iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, t)| view! { <p class="invalid" id=format!("{field}-error")>{i18n.t(t)}</p> })
            })
        }
    };
    let draft = move || {
        let opt = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        Draft {
            received_on: received_on.get_untracked(),
            channel: Channel::from_code(&channel.get_untracked()).unwrap_or(Channel::Letter),
            category: Category::from_code(&category.get_untracked()).unwrap_or(Category::Service),
            name: opt(name),
            email: opt(email),
            phone: opt(phone),
            address: opt(address),
            concerning: opt(concerning),
            facts: facts.get_untracked().trim().to_owned(),
            conduct_on: opt(conduct_on),
            remedy_sought: opt(remedy),
        }
    };
    // Any change after a warning asks the rules again on the next save.
    Effect::new(move |_| {
        let _ = (
            received_on.get(),
            name.get(),
            email.get(),
            phone.get(),
            address.get(),
            facts.get(),
            conduct_on.get(),
        );
        warnings.set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !problems().is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let confirmed = warnings.get_untracked().is_some();
        let draft = draft();
        leptos::task::spawn_local(async move {
            if !confirmed {
                {
                    match api::call::<api::SuggestDeclineGrounds>(
                        session,
                        api::suggest_decline_grounds::Variables {
                            input: input!(draft, suggest_decline_grounds, None),
                        },
                    )
                    .await
                    {
                        Ok(data) if !data.suggest_decline_grounds.is_empty() => {
                            warnings.set(Some(data.suggest_decline_grounds));
                            busy.set(false);
                            return;
                        }
                        Ok(_) => {}
                        Err(e) => {
                            error.set(Some(e));
                            busy.set(false);
                            return;
                        }
                    }
                }
            }
            match api::call_as::<api::RegisterComplaint, api::union::Registered>(
                session,
                api::register_complaint::Variables {
                    input: input!(
                        draft,
                        register_complaint,
                        Some(format!("form-{request_id}"))
                    ),
                },
            )
            .await
            {
                Ok(data) => {
                    let id = data.register_complaint.id;
                    drafts.forget("register/");
                    router.navigate(&format!("/klachten/{id}"));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let radio = move |value: Channel| {
        let code = value.code();
        let id = format!("channel-{}", code.to_ascii_lowercase());
        let for_id = id.clone();
        let checked = {
            let code = code.to_owned();
            move || channel.get() == code
        };
        view! {
            <label class="choice" for=for_id>
                <input type="radio" name="channel" id=id value=code prop:checked=checked
                    on:change=move |_| channel.set(code.to_owned())/>
                {i18n.tr(value.label())}
            </label>
        }
    };
    view! {
        <section>
            <h1>{i18n.tr(T::RegisterTitle)}</h1>
            <p class="lead">{i18n.tr(T::RegisterIntro)}</p>
            <form class="form" on:submit=submit novalidate>
                <fieldset>
                    <legend>{i18n.tr(T::Receipt)}</legend>
                    <label for="received-on">{i18n.tr(T::ReceivedOn)}</label>
                    <input id="received-on" type="date" required max=today bind:value=received_on/>
                    {problem("received-on")}
                    <div class="choices" role="radiogroup" aria-label=i18n.tr(T::Channel)>
                        <span class="label">{i18n.tr(T::Channel)}</span>
                        {Channel::ALL.iter().map(|c| radio(*c)).collect_view()}
                    </div>
                    <label for="category">{i18n.tr(T::Category)}</label>
                    <select id="category" bind:value=category>
                        {Category::ALL.iter().map(|c| {
                            let c = *c;
                            view! { <option value=c.code()>{i18n.tr(c.label())}</option> }
                        }).collect_view()}
                    </select>
                    {move || (category.get() == Category::PersonalData.code()).then(|| view! {
                        <p class="notice">{i18n.tr(T::PrivacyNotice)}</p>
                    })}
                </fieldset>
                <fieldset>
                    <legend>{i18n.tr(T::Complainant)}</legend>
                    <p class="hint">{i18n.tr(T::ComplainantHint)}</p>
                    <label for="name">{i18n.tr(T::Name)}</label>
                    <input id="name" maxlength=crate::limits::FREE_TEXT autocomplete="off" bind:value=name/>
                    <label for="email">{i18n.tr(T::Email)}</label>
                    <input id="email" type="email" autocomplete="off" bind:value=email/>
                    {problem("email")}
                    <label for="phone">{i18n.tr(T::Phone)}</label>
                    <input id="phone" maxlength=crate::limits::FREE_TEXT type="tel" autocomplete="off" bind:value=phone/>
                    <label for="address">{i18n.tr(T::Address)}</label>
                    <textarea id="address" maxlength=crate::limits::FREE_TEXT rows="2" bind:value=address></textarea>
                </fieldset>
                <fieldset>
                    <legend>{i18n.tr(T::TheComplaint)}</legend>
                    <label for="concerning">{i18n.tr(T::Concerning)}</label>
                    <input id="concerning" maxlength=crate::limits::FREE_TEXT bind:value=concerning/>
                    <label for="facts">{i18n.tr(T::Facts)}" *"</label>
                    <textarea id="facts" maxlength=crate::limits::FREE_TEXT rows="5" required bind:value=facts></textarea>
                    {problem("facts")}
                    <label for="conduct-on">{i18n.tr(T::ConductOn)}</label>
                    <input id="conduct-on" type="date" bind:value=conduct_on/>
                    {problem("conduct-on")}
                    <label for="remedy">{i18n.tr(T::RemedySought)}</label>
                    <textarea id="remedy" maxlength=crate::limits::FREE_TEXT rows="2" bind:value=remedy></textarea>
                </fieldset>
                {move || warnings.get().map(|list| view! {
                    <div class="warning" role="alert" id="decline-warnings">
                        <p><strong>{i18n.tr(T::SuggestionsTitle)}</strong></p>
                        <ul>
                            {list.into_iter().map(|s| {
                                let text = match s.ground {
                                    DeclineGround::ConductOverOneYearAgo => T::SuggestConduct,
                                    DeclineGround::SameComplaintAlreadyFiled => T::SuggestRepeat,
                                    DeclineGround::Anonymous => T::SuggestAnonymous,
                                    _ => s.ground.label(),
                                };
                                view! {
                                    <li data-ground=s.ground.code()>
                                        {i18n.tr(text)}
                                        {s.earlier_reference.map(|r| {
                                            let href = format!("/klachten?zoek={r}");
                                            view! { " " <a href=href>{r}</a> }
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <p>{i18n.tr(T::SuggestionsDecide)}</p>
                    </div>
                })}
                {error_slot(error)}
                <button type="submit" class="primary" id="register" disabled=move || busy.get()>
                    {move || i18n.t(if warnings.get().is_some() { T::RegisterAnyway } else { T::RegisterSubmit })}
                </button>
            </form>
        </section>
    }
}
