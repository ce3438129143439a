//! The shell: session and language in context, the header with the navigation, and the routes,
//! each guarded by the roles that may use it.

use crate::components::loading;
use crate::i18n::{I18n, Lang, T};
use crate::model::{CurrentUser, Role};
use crate::pages;
use crate::session::{Session, State};
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;

/// The app.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::start();
    provide_context(session);
    let i18n = I18n::start();
    provide_context(i18n);
    view! {
        <Router>
            <a class="skip" href="#main">{i18n.tr(T::SkipToContent)}</a>
            <Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/login") view=pages::login::LoginPage/>
                    <Route path=path!("/") view=|| view! { <Guard page=Page::Home/> }/>
                    <Route path=path!("/klachten") view=|| view! { <Guard page=Page::List/> }/>
                    <Route path=path!("/klachten/nieuw") view=|| view! { <Guard page=Page::Register/> }/>
                    <Route path=path!("/klachten/:id") view=|| view! { <Guard page=Page::Detail/> }/>
                    <Route path=path!("/beheer") view=|| view! { <Guard page=Page::Admin/> }/>
                </Routes>
            </main>
        </Router>
    }
}

/// The pages behind the login.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Page {
    Home,
    List,
    Register,
    Detail,
    Admin,
}

impl Page {
    fn allows(self, user: &CurrentUser) -> bool {
        match self {
            Self::Home | Self::List | Self::Detail => true,
            Self::Register => user.registers(),
            Self::Admin => user.has(Role::Admin),
        }
    }
}

/// Shows `page` to a logged-in user whose roles allow it; sends everyone else to the login page.
#[component]
fn Guard(page: Page) -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.state() == State::LoggedOut {
            let here = location.pathname.get_untracked();
            let target = if here == "/" || here.starts_with("/login") {
                "/login".to_owned()
            } else {
                format!("/login?terug={}", js_sys::encode_uri_component(&here))
            };
            navigate(&target, Default::default());
        }
    });
    move || match session.state() {
        State::Starting | State::LoggedOut => loading().into_any(),
        State::LoggedIn(user) if !page.allows(&user) => view! {
            <section class="panel">
                <h1>{i18n.tr(T::NoAccessTitle)}</h1>
                <p>{i18n.tr(T::NoAccessText)}</p>
                <A href="/">{i18n.tr(T::NavHome)}</A>
            </section>
        }
        .into_any(),
        State::LoggedIn(_) => match page {
            Page::Home => view! { <pages::home::HomePage/> }.into_any(),
            Page::List => view! { <pages::list::ListPage/> }.into_any(),
            Page::Register => view! { <pages::register::RegisterPage/> }.into_any(),
            Page::Detail => view! { <pages::detail::DetailPage/> }.into_any(),
            Page::Admin => view! { <pages::admin::AdminPage/> }.into_any(),
        },
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let navigate = use_navigate();
    let logout = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            session.logout().await;
            navigate("/login", Default::default());
        });
    };
    let link = move |href: &'static str, label: T| {
        view! { <A href=href exact=true>{i18n.tr(label)}</A> }
    };
    view! {
        <header class="top">
            <a class="brand" href="/">"Klachten"</a>
            {move || session.user().map(|user| {
                let registers = user.registers();
                let admin = user.has(Role::Admin);
                view! {
                    <nav aria-label=i18n.tr(T::NavLabel)>
                        {link("/", T::NavHome)}
                        {link("/klachten", T::NavList)}
                        {registers.then(|| link("/klachten/nieuw", T::NavRegister))}
                        {admin.then(|| link("/beheer", T::NavAdmin))}
                    </nav>
                }
            })}
            <div class="tools">
                <LanguageSwitch/>
                {move || session.user().map(|user| {
                    let logout = logout.clone();
                    view! {
                        <span class="who" title=user.email.clone()>{user.name.clone()}</span>
                        <button type="button" class="link" id="logout" on:click=logout>
                            {i18n.tr(T::Logout)}
                        </button>
                    }
                })}
            </div>
        </header>
    }
}

/// Switches between Dutch and English.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = I18n::get();
    view! {
        <div class="lang" role="group" aria-label=i18n.tr(T::LanguageLabel)>
            <button type="button" id="lang-nl" aria-pressed=move || (i18n.lang() == Lang::Nl).to_string()
                on:click=move |_| i18n.set(Lang::Nl)>"NL"</button>
            <button type="button" id="lang-en" aria-pressed=move || (i18n.lang() == Lang::En).to_string()
                on:click=move |_| i18n.set(Lang::En)>"EN"</button>
        </div>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = I18n::get();
    view! {
        <section class="panel">
            <h1>{i18n.tr(T::NotFoundTitle)}</h1>
            <p>{i18n.tr(T::NotFoundText)}</p>
            <A href="/">{i18n.tr(T::NavHome)}</A>
        </section>
    }
}
