//! What every resolver asks first: who is calling (`Viewer`, `Caller`), whether they may
//! (`require_user`, `require_caller`, `require_admin`), and users as the API shows them. Rule:
//! imports nothing from its sibling resolvers.

use super::ids::id_out;
use super::types::User;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use async_graphql::Context;
use klachten_core::actor::Capability;
use klachten_core::actor::User as StoredUser;
use klachten_core::integration::Scope;
use std::sync::Arc;

/// Maximum page size of lists.
pub const MAX_PAGE: i32 = 100;

/// Who is asking, resolved from the `Authorization` header before the query runs.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The logged-in user, if any.
    pub user: Option<StoredUser>,
    /// The API client whose key came with the request, if any.
    pub client: Option<crate::clients::Client>,
    /// The client's address (for login rate limits).
    pub address: String,
    /// The refresh cookie sent with the request, if any.
    pub refresh: Option<String>,
}

/// The server's shared state.
pub(super) fn state<'a>(ctx: &Context<'a>) -> &'a Arc<AppState> {
    ctx.data_unchecked::<Arc<AppState>>()
}

/// Who is asking.
pub(super) fn viewer<'a>(ctx: &Context<'a>) -> &'a Viewer {
    ctx.data_unchecked::<Viewer>()
}

/// A logged-in user who chose their password.
pub(super) fn require_user<'a>(ctx: &Context<'a>) -> ApiResult<&'a StoredUser> {
    let user = require_user_with_any_password(ctx)?;
    password_chosen(user)?;
    Ok(user)
}

/// The logged-in user, also while a password set by someone else still waits to be changed:
/// only for `me`, `logout` and `changePassword`.
pub(super) fn require_user_with_any_password<'a>(ctx: &Context<'a>) -> ApiResult<&'a StoredUser> {
    let viewer = viewer(ctx);
    if viewer.client.is_some() {
        return Err(for_clients_only());
    }
    viewer.user.as_ref().ok_or_else(ApiError::unauthenticated)
}

/// Refuses everything to a user whose password was set by someone else until they choose one.
pub(super) fn password_chosen(user: &StoredUser) -> ApiResult<()> {
    if user.must_change_password {
        return Err(ApiError::new(
            crate::error::Code::PasswordChangeRequired,
            "your password was set by someone else: choose a new one with changePassword first",
        ));
    }
    Ok(())
}

/// The refusal an API client gets for what only users may do.
pub(super) fn for_clients_only() -> ApiError {
    ApiError::new(
        crate::error::Code::Forbidden,
        "an API client may use complaints, complaint, statistics, meetings, agenda, \
         agendaMarkdown, agendaPdf, measures and updateMeasureStatus, as its scopes allow",
    )
}

pub(super) use crate::services::Caller;

/// The caller: any logged-in user, or an API client that was given `scope`.
pub(super) fn require_caller<'a>(ctx: &Context<'a>, scope: Scope) -> ApiResult<Caller<'a>> {
    let viewer = viewer(ctx);
    match (&viewer.user, &viewer.client) {
        (Some(user), _) => {
            password_chosen(user)?;
            Ok(Caller::User(user))
        }
        (None, Some(client)) if client.scopes.contains(&scope) => Ok(Caller::Client(client)),
        (None, Some(_)) => Err(crate::services::lacks_scope(scope)),
        (None, None) => Err(ApiError::unauthenticated()),
    }
}

/// A user as the API gives it.
pub(super) fn user_out(user: &StoredUser) -> User {
    User {
        id: id_out(user.id),
        name: user.name.clone(),
        email: user.email.clone(),
        roles: user.roles.iter().map(|r| (*r).into()).collect(),
        capabilities: Capability::of(&user.roles)
            .into_iter()
            .map(Into::into)
            .collect(),
    }
}

/// An admin.
pub(super) fn require_admin<'a>(ctx: &Context<'a>) -> ApiResult<&'a StoredUser> {
    let user = require_user(ctx)?;
    if Capability::Administer.held_by(&user.roles) {
        Ok(user)
    } else {
        Err(ApiError::forbidden())
    }
}
