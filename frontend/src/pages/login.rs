//! Login: e-mail and password; the server sets the refresh cookie, the token stays in memory.

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
    }
}
