//! The shell: session and language in context, the header with the navigation, and the routes,
//! each guarded by the roles that may use it.

use crate::components::loading;
use crate::i18n::{I18n, Lang, T};
use crate::model::{Capability, CurrentUser};
use crate::pages;
use crate::router::Router;
use crate::session::{Session, State};
use leptos::prelude::*;

/// The app.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::start();
    provide_context(session);
    let i18n = I18n::start();
    provide_context(i18n);
    let router = Router::start();
    provide_context(router);
    view! {
        <a class="skip" href="#main">{i18n.tr(T::SkipToContent)}</a>
        <Header/>
        <main id="main" tabindex="-1">
            {move || match Page::at(&router.path()) {
                None => view! { <NotFound/> }.into_any(),
                Some(Page::Login) => view! { <pages::login::LoginPage/> }.into_any(),
                Some(page) => view! { <Guard page=page/> }.into_any(),
            }}
        </main>
    }
}

/// The pages, by path.
#[derive(Clone, PartialEq, Eq)]
enum Page {
    Login,
    Home,
    List,
    Register,
    Detail(String),
    Admin,
    Audit,
    Measures,
    Meetings,
    Agenda(String),
    Dashboard,
    Password,
}

impl Page {
    /// The page at `path`, if there is one.
    fn at(path: &str) -> Option<Self> {
        let path = path.trim_end_matches('/');
        match path {
            "" => Some(Self::Home),
            "/login" => Some(Self::Login),
            "/klachten" => Some(Self::List),
            "/klachten/nieuw" => Some(Self::Register),
            "/beheer" => Some(Self::Admin),
            "/toezicht" => Some(Self::Audit),
            "/maatregelen" => Some(Self::Measures),
            "/overleg" => Some(Self::Meetings),
            "/cijfers" => Some(Self::Dashboard),
            "/wachtwoord" => Some(Self::Password),
            _ => {
                let tail = |prefix: &str| {
                    path.strip_prefix(prefix)
                        .filter(|id| !id.is_empty() && !id.contains('/'))
                        .map(str::to_owned)
                };
                tail("/klachten/")
                    .map(Self::Detail)
                    .or_else(|| tail("/overleg/").map(Self::Agenda))
            }
        }
    }

    fn allows(&self, user: &CurrentUser) -> bool {
        match self {
            Self::Login
            | Self::Home
            | Self::List
            | Self::Detail(_)
            | Self::Meetings
            | Self::Agenda(_)
            | Self::Dashboard
            | Self::Password => true,
            Self::Measures => user.may(Capability::WORK_ON_MEASURES),
            Self::Register => user.may(Capability::REGISTER_COMPLAINTS),
            Self::Admin => user.may(Capability::MANAGE_ACCOUNTS),
            Self::Audit => user.may(Capability::READ_AUDIT_LOG),
        }
    }
}

/// Shows `page` to a logged-in user whose roles allow it; sends everyone else to the login page.
#[component]
fn Guard(page: Page) -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let router = Router::get();
    Effect::new(move |_| {
        if session.state() == State::LoggedOut {
            let here = router.path_untracked();
            let target = if here == "/" || here.starts_with("/login") {
                "/login".to_owned()
            } else {
                format!("/login?terug={}", js_sys::encode_uri_component(&here))
            };
            router.navigate(&target);
        }
    });
    move || match session.state() {
        State::Starting | State::LoggedOut => loading().into_any(),
        State::MustChangePassword => view! { <pages::login::PasswordPage/> }.into_any(),
        State::LoggedIn(user) if !page.allows(&user) => view! {
            <section class="panel">
                <h1>{i18n.tr(T::NoAccessTitle)}</h1>
                <p>{i18n.tr(T::NoAccessText)}</p>
                <a href="/">{i18n.tr(T::NavHome)}</a>
            </section>
        }
        .into_any(),
        State::LoggedIn(_) => match page.clone() {
            Page::Login | Page::Home => view! { <pages::home::HomePage/> }.into_any(),
            Page::List => view! { <pages::list::ListPage/> }.into_any(),
            Page::Register => view! { <pages::register::RegisterPage/> }.into_any(),
            Page::Detail(id) => view! { <pages::detail::DetailPage id=id/> }.into_any(),
            Page::Admin => view! { <pages::admin::AdminPage/> }.into_any(),
            Page::Audit => view! { <pages::audit::AuditPage/> }.into_any(),
            Page::Measures => view! { <pages::measures::MeasuresPage/> }.into_any(),
            Page::Meetings => view! { <pages::meetings::MeetingsPage/> }.into_any(),
            Page::Agenda(id) => view! { <pages::meetings::AgendaPage id=id/> }.into_any(),
            Page::Dashboard => view! { <pages::dashboard::DashboardPage/> }.into_any(),
            Page::Password => view! { <pages::login::PasswordPage/> }.into_any(),
        },
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let router = Router::get();
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            session.logout().await;
            router.navigate("/login");
        });
    };
    let link = move |href: &'static str, label: T| {
        view! {
            <a href=href aria-current=move || (router.path() == href).then_some("page")>
                {i18n.tr(label)}
            </a>
        }
    };
    view! {
        <header class="top">
            <a class="brand" href="/">"Klachten"</a>
            {move || session.user().map(|user| {
                let may = |c| user.may(c);
                view! {
                    <nav aria-label=i18n.tr(T::NavLabel)>
                        {link("/", T::NavHome)}
                        {link("/klachten", T::NavList)}
                        {may(Capability::REGISTER_COMPLAINTS).then(|| link("/klachten/nieuw", T::NavRegister))}
                        {may(Capability::WORK_ON_MEASURES).then(|| link("/maatregelen", T::NavMeasures))}
                        {link("/overleg", T::NavMeetings)}
                        {link("/cijfers", T::NavDashboard)}
                        {may(Capability::READ_AUDIT_LOG).then(|| link("/toezicht", T::NavAudit))}
                        {may(Capability::MANAGE_ACCOUNTS).then(|| link("/beheer", T::NavAdmin))}
                    </nav>
                }
            })}
            <div class="tools">
                <LanguageSwitch/>
                {move || session.user().map(|user| {
                    view! {
                        <a class="who" href="/wachtwoord" title=i18n.tr(T::PasswordTitle)>{user.name.clone()}</a>
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
            <a href="/">{i18n.tr(T::NavHome)}</a>
        </section>
    }
}
