//! The shell: session and language in context, the header with the navigation, and the routes,
//! each guarded by the roles that may use it.

use crate::components::loading;
use crate::i18n::{I18n, Lang, T};
use crate::model::{Capability, CurrentUser};
use crate::pages;
use crate::router::Router;
use crate::session::{Session, State};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

/// The app.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::start();
    provide_context(session);
    let i18n = I18n::start();
    provide_context(i18n);
    let router = Router::start();
    provide_context(router);
    let drafts = crate::components::Drafts::start();
    provide_context(drafts);
    Effect::new(move |_| match session.state() {
        State::LoggedIn(_) => preload_complaint_page(),
        // Someone else may log in next on this device.
        State::LoggedOut => drafts.forget(""),
        _ => {}
    });
    // The skeleton `index.html` shows stays until the session is known (at once on the login
    // page): the header then appears with its navigation in one go, and nothing below it
    // jumps down when the menu arrives.
    let started = Memo::new(move |_| {
        session.state() != State::Starting || router.path().starts_with("/login")
    });
    Effect::new(move |_| {
        if started.get() {
            remove_skeleton();
        }
    });
    move || {
        started.get().then(|| {
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
        })
    }
}

/// Takes away the skeleton `index.html` shows while the app loads.
fn remove_skeleton() {
    if let Some(skeleton) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("skeleton"))
    {
        skeleton.remove();
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
        State::MustChangePassword => password_screen(),
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
            Page::Password => password_screen(),
            Page::Register => later(screens::register),
            Page::Detail(id) => later(move || screens::detail(id.clone())),
            Page::Admin => later(screens::admin),
            Page::Audit => later(screens::audit),
            Page::Measures => later(screens::measures),
            Page::Meetings => later(screens::meetings),
            Page::Agenda(id) => later(move || screens::agenda(id.clone())),
            Page::Dashboard => later(screens::dashboard),
        },
    }
}

/// A screen whose code arrives when it is first visited: the loading sign until then, and a
/// way to try again when the connection dropped meanwhile. No `<Suspense>` around it: the
/// screen's own data loads would hide the whole screen again.
fn later<Load, Screen>(load: Load) -> AnyView
where
    Load: Fn() -> Screen + Send + Sync + 'static,
    Screen: Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    let i18n = I18n::get();
    let attempt = RwSignal::new(0_u32);
    let arrived = RwSignal::new(false);
    (move || {
        attempt.track();
        let screen = load();
        let screen = async move {
            let screen = screen.await;
            arrived.set(true);
            screen.unwrap_or_else(|_| {
                view! {
                    <section class="panel" role="alert">
                        <p>{i18n.tr(T::ScreenNotLoaded)}</p>
                        <button type="button" on:click=move |_| {
                            arrived.set(false);
                            attempt.update(|n| *n += 1);
                        }>{i18n.tr(T::TryAgain)}</button>
                    </section>
                }
                .into_any()
            })
        };
        view! {
            {move || (!arrived.get()).then(loading)}
            {Suspend::new(screen)}
        }
    })
    .into_any()
}

/// Changing one's password: on its own page, and in place of any page while someone else's
/// password must be replaced first.
pub fn password_screen() -> AnyView {
    later(screens::password)
}

/// Fetches the complaint page's code in the background once someone is logged in: it is where
/// nearly every visit goes next, and a tap on a complaint should not wait for the network.
/// Only fetched into the browser's cache, as `<link rel="prefetch">` at low priority, not yet
/// compiled: the screen being read keeps the processor. The build names the files in
/// `<meta name="klachten-prefetch">`. Two seconds after the login, when the first screen has
/// its data and is being read, and one file per task, so a tap is never kept waiting.
fn preload_complaint_page() {
    let files: Vec<String> = crate::js::meta("klachten-prefetch")
        .unwrap_or_default()
        .split_whitespace()
        .rev()
        .map(str::to_owned)
        .collect();
    set_timeout(
        move || prefetch_one_by_one(files),
        std::time::Duration::from_secs(2),
    );
}

/// Asks for the last of `files` at low priority, then for the rest in a later task.
fn prefetch_one_by_one(mut files: Vec<String>) {
    let Some(file) = files.pop() else {
        return;
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = format!("link[rel=prefetch][href='{file}']");
    if document.query_selector(&selector).ok().flatten().is_none()
        && let (Some(head), Ok(link)) = (document.head(), document.create_element("link"))
    {
        // As the loader will ask for it (`fetch`, same-origin credentials), so the cached
        // answer is the one it gets.
        for (name, value) in [
            ("rel", "prefetch"),
            ("href", file.as_str()),
            ("as", "fetch"),
            ("crossorigin", "anonymous"),
        ] {
            let _ = link.set_attribute(name, value);
        }
        let _ = head.append_child(&link);
    }
    set_timeout(
        move || prefetch_one_by_one(files),
        std::time::Duration::from_millis(20),
    );
}

/// The screens outside the first load (login, Mijn werk, the list, the header): each split point is moved
/// into its own chunk of the wasm by `cargo xtask build-frontend`, and the code they share into
/// chunks of its own, fetched the first time one of them is shown. A failed fetch is an `Err`
/// the screen shows, never a panic of the whole app.
mod screens {
    use crate::pages;
    use leptos::prelude::*;
    use leptos::wasm_split::{SplitLoaderError, wasm_split};

    /// One split point: `name(args) -> view`.
    macro_rules! screen {
        ($name:ident, $preload:ident ( $($arg:ident : $ty:ty),* ) => $view:expr) => {
            #[wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
            pub fn $name($($arg: $ty),*) -> Result<AnyView, SplitLoaderError> {
                Ok($view.into_any())
            }
        };
    }

    screen!(password, preload_password() => view! { <pages::login::PasswordPage/> });
    screen!(register, preload_register() => view! { <pages::register::RegisterPage/> });
    screen!(detail, preload_detail(id: String) => view! { <pages::detail::DetailPage id=id/> });
    screen!(admin, preload_admin() => view! { <pages::admin::AdminPage/> });
    screen!(audit, preload_audit() => view! { <pages::audit::AuditPage/> });
    screen!(measures, preload_measures() => view! { <pages::measures::MeasuresPage/> });
    screen!(meetings, preload_meetings() => view! { <pages::meetings::MeetingsPage/> });
    screen!(agenda, preload_agenda(id: String) => view! { <pages::meetings::AgendaPage id=id/> });
    screen!(dashboard, preload_dashboard() => view! { <pages::dashboard::DashboardPage/> });
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
