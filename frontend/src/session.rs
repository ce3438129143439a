//! The session: the access token in memory only (never in storage), the user, and "today" as
//! the server counts it. The httpOnly refresh cookie, which scripts cannot read, renews it.

use crate::api::{self, ApiError};
use crate::model::{Capability, CurrentUser};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    /// One renewal at a time: each refresh cookie can be used once, so two requests that find
    /// the token expired must not both spend it.
    static RENEWING: Rc<futures::lock::Mutex<()>> = Rc::new(futures::lock::Mutex::new(()));
    /// The access token. Kept out of the reactive graph and out of every storage.
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Finding out whether the refresh cookie still holds a session.
    Starting,
    /// Nobody is logged in.
    LoggedOut,
    /// Logged in.
    LoggedIn(CurrentUser),
    /// Logged in with a password someone else set: it must be changed before anything else.
    MustChangePassword,
}

/// The session, shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<State>,
    today: RwSignal<String>,
    /// Set when a session ended because it expired (shown on the login page).
    pub expired: RwSignal<bool>,
}

impl Session {
    /// A session that starts by trying the refresh cookie (the renewal `boot.js` asked for
    /// while the app loaded, when there is one).
    pub fn start() -> Self {
        let session = Self {
            state: RwSignal::new(State::Starting),
            today: RwSignal::new(String::new()),
            expired: RwSignal::new(false),
        };
        leptos::task::spawn_local(async move {
            let renewed = match api::renewed_at_boot().await {
                Some(answer) => answer.and_then(|data| session.opened(&data.get("refreshSession"))),
                None => session.renew(None).await,
            };
            if renewed.is_err() {
                session.state.set(State::LoggedOut);
            }
        });
        session
    }

    /// The session from context.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// The current access token.
    pub fn token(self) -> Option<String> {
        TOKEN.with(|t| t.borrow().clone())
    }

    fn set_token(token: Option<String>) {
        TOKEN.with(|t| *t.borrow_mut() = token);
    }

    /// Where the session stands (reactive).
    pub fn state(self) -> State {
        self.state.get()
    }

    /// The logged-in user (reactive).
    pub fn user(self) -> Option<CurrentUser> {
        match self.state.get() {
            State::LoggedIn(user) => Some(user),
            _ => None,
        }
    }

    /// Today as `YYYY-MM-DD`, as the server counts it (reactive).
    pub fn today(self) -> String {
        self.today.get()
    }

    /// Logs in; the answer brings the user and today, so nothing more is asked before the
    /// first screen loads its own data.
    pub async fn login(self, email: String, password: String) -> Result<(), ApiError> {
        let data = api::send::<api::Login>(api::login::Variables { email, password }, None).await?;
        self.opened(&data.get("login"))?;
        self.expired.set(false);
        Ok(())
    }

    /// Changes the user's password; the server ends every other session and returns a token
    /// for this one.
    pub async fn change_password(self, current: String, new: String) -> Result<(), ApiError> {
        let token = self.token();
        let data = api::send::<api::ChangePassword>(
            api::change_password::Variables { current, new },
            token,
        )
        .await?;
        self.opened(&data.get("changePassword"))
    }

    /// Takes a session the server opened or renewed (`token`, `user`, `today` and
    /// `passwordChangeRequired`): keeps the token and says where the session now stands.
    fn opened(self, answer: &crate::js::Js) -> Result<(), ApiError> {
        let token = answer.str("token");
        if token.is_empty() {
            return Err(ApiError {
                code: "INTERNAL".to_owned(),
                detail: None,
                reason: None,
            });
        }
        Self::set_token(Some(token));
        let today = answer.str("today");
        if self.today.get_untracked() != today {
            self.today.set(today);
        }
        if answer.flag("passwordChangeRequired") {
            self.state.set(State::MustChangePassword);
            return Ok(());
        }
        let me = answer.get("user");
        let user = CurrentUser {
            id: me.str("id"),
            name: me.str("name"),
            email: me.str("email"),
            capabilities: me
                .list("capabilities")
                .iter()
                .filter_map(|c| c.0.as_string())
                .filter_map(|c| {
                    use serde::Deserialize as _;
                    use serde::de::IntoDeserializer as _;
                    let code: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
                        c.as_str().into_deserializer();
                    Capability::deserialize(code).ok()
                })
                .collect(),
        };
        // A renewal in the middle of work changes nothing the screens depend on.
        if self.state.get_untracked() != State::LoggedIn(user.clone()) {
            self.state.set(State::LoggedIn(user));
        }
        Ok(())
    }

    /// Renews the access token through the refresh cookie, unless another request already
    /// replaced `stale`. Ends the session when the cookie no longer holds one.
    pub async fn renew(self, stale: Option<&str>) -> Result<(), ApiError> {
        let lock = RENEWING.with(Rc::clone);
        let _guard = lock.lock().await;
        let current = self.token();
        if current.is_some() && current.as_deref() != stale {
            return Ok(());
        }
        match api::send::<api::RefreshSession>(api::refresh_session::Variables, None).await {
            Ok(data) => self.opened(&data.get("refreshSession")),
            Err(e) => {
                if stale.is_some() {
                    self.expired.set(true);
                }
                self.end();
                Err(e)
            }
        }
    }

    /// Logs out everywhere: every token of the user stops working and the cookie is cleared.
    pub async fn logout(self) {
        let token = self.token();
        let _ = api::send::<api::Logout>(api::logout::Variables, token).await;
        self.end();
    }

    fn end(self) {
        Self::set_token(None);
        self.state.set(State::LoggedOut);
    }
}
