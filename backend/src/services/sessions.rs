//! Sign-in use cases: log in, change one's password, renew a session, log out. Rule: a wrong
//! password pauses further attempts (`auth::LoginLimiter`), a failed login is audited naming the
//! account by id (never the address typed), and a session is a refresh token (kept in the
//! database, used once) plus a short-lived access token.

use crate::db::users;
use crate::db::{audit, sessions};
use crate::error::{ApiError, ApiResult, Code};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use klachten_core::actor::User;
use klachten_core::limits::PASSWORD_MIN;

/// A session just opened: the user, the refresh token for the cookie and the access token.
pub struct Opened {
    /// Who.
    pub user: User,
    /// The refresh token, for the cookie.
    pub refresh: String,
    /// The access token.
    pub token: String,
    /// When the access token expires.
    pub expires: DateTime<Utc>,
}

/// Refuses another password attempt on `account` from `address` while it is paused after too
/// many wrong ones (login and changePassword count alike).
fn backoff(state: &AppState, account: &str, address: &str, now: DateTime<Utc>) -> ApiResult<()> {
    if let Some(until) = state.limiter.blocked_until(account, address, now) {
        let mut error = ApiError::new(
            Code::RateLimited,
            format!(
                "too many wrong passwords; try again after {}",
                until.format("%H:%M UTC")
            ),
        );
        error.reason = Some("LOGIN_BACKOFF");
        return Err(error);
    }
    Ok(())
}

/// Starts a session for `user`: a refresh token and an access token.
async fn open(state: &AppState, user: User, now: DateTime<Utc>) -> ApiResult<Opened> {
    let refresh = sessions::start(&state.db, user.id, now).await?;
    let (token, expires) = state
        .tokens
        .issue(&user.id.to_string(), user.token_version, now)
        .map_err(|e| ApiError::internal(&e))?;
    Ok(Opened {
        user,
        refresh,
        token,
        expires,
    })
}

async fn audited(
    state: &AppState,
    actor: &str,
    action: audit::Named,
    detail: Option<String>,
) -> ApiResult<()> {
    let entry = audit::Entry {
        actor,
        action: action.into(),
        complaint_id: None,
        detail,
    };
    audit::append(&state.db, &state.audit_key, state.clock.now(), entry).await?;
    Ok(())
}

/// Logs in with `email` and `password` from `address`.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &str,
    address: &str,
) -> ApiResult<Opened> {
    let now = state.clock.now();
    let account = email.trim().to_lowercase();
    backoff(state, &account, address, now)?;
    let found = users::by_email(&state.db, &account).await?;
    let valid = match &found {
        Some((user, hash)) => crate::auth::verify_password(password, hash) && user.active,
        None => {
            let _ = crate::auth::verify_password(password, crate::auth::dummy_hash());
            false
        }
    };
    // A failed login on a known account names the account (its id, never the address typed).
    let attempted = found
        .as_ref()
        .map(|(user, _)| format!("account:user:{}", user.id));
    let Some((user, _)) = found.filter(|_| valid) else {
        state.limiter.failed(&account, address, now);
        audited(state, "anonymous", audit::Named::LoginFailed, attempted).await?;
        return Err(ApiError::new(
            Code::Unauthenticated,
            "e-mail address or password is wrong",
        ));
    };
    state.limiter.succeeded(&account);
    let label = audit::user_label(user.id);
    let opened = open(state, user, now).await?;
    audited(state, &label, audit::Named::Login, None).await?;
    Ok(opened)
}

/// Changes `user`'s own password (the current one is required) and ends every other session.
pub async fn change_password(
    state: &AppState,
    user: &User,
    current: &str,
    new: &str,
    address: &str,
) -> ApiResult<Opened> {
    let now = state.clock.now();
    backoff(state, &user.email, address, now)?;
    let hash = users::password_hash(&state.db, user.id)
        .await?
        .unwrap_or_default();
    if !crate::auth::verify_password(current, &hash) {
        state.limiter.failed(&user.email, address, now);
        return Err(ApiError::validation(
            "the current password is not right; type the one you logged in with",
        ));
    }
    if new.chars().count() < PASSWORD_MIN {
        return Err(ApiError::validation(format!(
            "a password needs at least {PASSWORD_MIN} characters"
        )));
    }
    if new == current {
        return Err(ApiError::validation(
            "choose a new password, not the one you have now",
        ));
    }
    let new_hash = crate::auth::hash_password(new).map_err(|e| ApiError::internal(&e))?;
    let txn = crate::db::begin(&state.db).await?;
    let changed = users::change_password(&txn, user, new_hash).await?;
    sessions::revoke_all(&txn, user.id, now).await?;
    let entry = audit::Entry {
        actor: &audit::user_label(user.id),
        action: audit::Named::PasswordChanged.into(),
        complaint_id: None,
        detail: Some("other sessions ended".to_owned()),
    };
    audit::append(&txn, &state.audit_key, now, entry).await?;
    txn.commit().await?;
    open(state, changed, now).await
}

/// Renews a session with its refresh token, which is used up; a new one replaces it.
pub async fn refresh(state: &AppState, token: Option<&str>) -> ApiResult<Opened> {
    let now = state.clock.now();
    let refused = || ApiError::new(Code::Unauthenticated, "the session has ended; log in again");
    let token = token.ok_or_else(refused)?;
    let user_id = sessions::redeem(&state.db, token, now)
        .await?
        .ok_or_else(refused)?;
    let user = users::by_id(&state.db, user_id)
        .await?
        .filter(|u| u.active)
        .ok_or_else(refused)?;
    open(state, user, now).await
}

/// Ends every session of `user`: all their tokens stop working.
pub async fn logout(state: &AppState, user: &User) -> ApiResult<()> {
    users::revoke_tokens(&state.db, user).await?;
    sessions::revoke_all(&state.db, user.id, state.clock.now()).await?;
    audited(
        state,
        &audit::user_label(user.id),
        audit::Named::Logout,
        None,
    )
    .await
}
