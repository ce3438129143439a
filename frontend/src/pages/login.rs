//! Login: e-mail and password; the server sets the refresh cookie, the token stays in memory.
//! Changing one's password: asked for first when someone else set it.

use crate::app::LanguageSwitch;
use crate::components::error_slot;
use crate::i18n::{I18n, T};
use crate::session::{Session, State};
use leptos::prelude::*;

/// The login page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let router = crate::router::Router::get();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let target = move || {
        router
            .query("terug")
            .filter(|t| t.starts_with('/') && !t.starts_with("//"))
            .unwrap_or_else(|| "/".to_owned())
    };
    Effect::new(move |_| {
        if matches!(session.state(), State::LoggedIn(_)) {
            router.navigate(&target());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (e, p) = (email.get_untracked(), password.get_untracked());
        leptos::task::spawn_local(async move {
            if let Err(e) = session.login(e.trim().to_owned(), p).await {
                error.set(Some(e));
                password.set(String::new());
            }
            busy.set(false);
        });
    };
    view! {
        <Show when=move || session.state() != State::MustChangePassword
            fallback=crate::app::password_screen>
        <section class="panel narrow">
            <div class="row between">
                <h1>{i18n.tr(T::LoginTitle)}</h1>
                <LanguageSwitch/>
            </div>
            <p>{i18n.tr(T::LoginIntro)}</p>
            {move || session.expired.get().then(|| view! {
                <p class="notice" role="status">{i18n.tr(T::SessionExpired)}</p>
            })}
            <form on:submit=submit novalidate>
                <label for="email">{i18n.tr(T::Email)}</label>
                <input id="email" type="email" autocomplete="username" required bind:value=email/>
                <label for="password">{i18n.tr(T::Password)}</label>
                <input id="password" type="password" autocomplete="current-password" required
                    bind:value=password/>
                {error_slot(error)}
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || i18n.t(if busy.get() { T::LoggingIn } else { T::LogIn })}
                </button>
            </form>
        </section>
        </Show>
    }
}

/// Changing one's own password: the current one, the new one twice. The server ends every other
/// session. Shown instead of everything while a password someone else set waits to be changed.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let session = Session::get();
    let i18n = I18n::get();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let done = RwSignal::new(false);
    let forced = move || session.state() == State::MustChangePassword;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        done.set(false);
        if new.get_untracked() != again.get_untracked() {
            error.set(Some(crate::api::ApiError {
                code: "VALIDATION".to_owned(),
                detail: Some(crate::api::Detail {
                    text: i18n.t(T::PasswordsDiffer).to_owned(),
                    lang: i18n.lang().code(),
                }),
                reason: None,
            }));
            return;
        }
        let (c, n) = (current.get_untracked(), new.get_untracked());
        leptos::task::spawn_local(async move {
            match session.change_password(c, n).await {
                Ok(()) => {
                    for s in [current, new, again] {
                        s.set(String::new());
                    }
                    done.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel narrow">
            <h1>{i18n.tr(T::PasswordTitle)}</h1>
            {move || forced().then(|| view! { <p class="notice" role="status">{i18n.tr(T::PasswordForced)}</p> })}
            <form on:submit=submit id="password-form">
                <label for="current-password">{i18n.tr(T::CurrentPassword)}</label>
                <input id="current-password" type="password" autocomplete="current-password" required bind:value=current/>
                <label for="new-password">{i18n.tr(T::NewPassword)}</label>
                <input id="new-password" type="password" autocomplete="new-password" required minlength=crate::limits::PASSWORD_MIN bind:value=new/>
                <label for="new-password-again">{i18n.tr(T::NewPasswordAgain)}</label>
                <input id="new-password-again" type="password" autocomplete="new-password" required minlength=crate::limits::PASSWORD_MIN bind:value=again/>
                {error_slot(error)}
                {move || done.get().then(|| view! { <p class="saved" role="status">{i18n.tr(T::PasswordChanged)}</p> })}
                <button type="submit" class="primary">{i18n.tr(T::ChangePassword)}</button>
            </form>
            {move || forced().then(|| view! {
                <button type="button" class="link" id="logout-forced"
                    on:click=move |_| leptos::task::spawn_local(session.logout())>
                    {i18n.tr(T::Logout)}
                </button>
            })}
        </section>
    }
}
