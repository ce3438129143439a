//! User accounts: list them with their pending role changes, create one, change one, decide on a
//! proposed role change. Rule: admins manage accounts, directors decide on the roles that see who
//! complained (`klachten_core::accounts`, applied by `crate::services::accounts`); nobody changes their own
//! roles or deactivates themselves; every change is audited and a role change ends the user's
//! sessions.

use crate::db::audit;
use crate::db::role_requests as proposals;
pub use crate::db::role_requests::RoleRequest;
use crate::db::users;
use crate::error::{ApiError, ApiResult, Code};
use crate::services::accounts::{By, Outcome};
use crate::state::AppState;
use klachten_core::actor::Capability;
use klachten_core::actor::Role;
use klachten_core::actor::User;
use klachten_core::ids::EmailAddress;
use klachten_core::ids::{RoleRequestId, UserId};
use klachten_core::limits;

/// An account with the role change waiting for a director, if any.
pub type Account = (User, Option<RoleRequest>);

fn admin_or_director(user: &User) -> ApiResult<()> {
    super::require(user, Capability::ManageAccounts)
}

fn by_user<'a>(user: &'a User, label: &'a str) -> By<'a> {
    By {
        actor: user.actor(),
        label,
        name: &user.name,
    }
}

/// Roles a user may hold: at least one, and never `INTEGRATION` (that is for API clients).
fn checked_roles(roles: Vec<Role>) -> ApiResult<Vec<Role>> {
    if roles.is_empty() || roles.contains(&Role::Integration) {
        return Err(ApiError::validation(
            "give at least one role; INTEGRATION is for API clients, not users",
        )
        .in_dutch("Kies minstens één rol."));
    }
    Ok(roles)
}

/// Every account with its pending role change (admins and directors).
pub async fn accounts(state: &AppState, by: &User) -> ApiResult<Vec<Account>> {
    admin_or_director(by)?;
    let all = users::all(&state.db).await?;
    let pending = proposals::pending(&state.db).await?;
    Ok(all
        .into_iter()
        .map(|u| {
            let waiting = pending.iter().find(|p| p.user_id == u.id).cloned();
            (u, waiting)
        })
        .collect())
}

/// The role changes waiting for a director, oldest first, with their users.
pub async fn role_requests(state: &AppState, by: &User) -> ApiResult<Vec<(RoleRequest, User)>> {
    admin_or_director(by)?;
    let all = users::all(&state.db).await?;
    Ok(proposals::pending(&state.db)
        .await?
        .into_iter()
        .filter_map(|p| {
            let user = all.iter().find(|u| u.id == p.user_id)?.clone();
            Some((p, user))
        })
        .collect())
}

/// A new account.
pub struct NewUser {
    /// Its e-mail address.
    pub email: EmailAddress,
    /// Its name.
    pub name: String,
    /// The first password, the admin's choice; the user changes it at the first login.
    pub password: String,
    /// The roles asked for.
    pub roles: Vec<Role>,
}

/// Creates an account (admins). HANDLER, DIRECTOR and DPO wait for a director's approval unless
/// a director creates it.
pub async fn create(state: &AppState, admin: &User, new: NewUser) -> ApiResult<Account> {
    super::require(admin, Capability::Administer)?;
    let name = new.name.trim();
    if name.is_empty() {
        return Err(
            ApiError::validation("a user needs a name").in_dutch("Geef de gebruiker een naam.")
        );
    }
    if new.password.chars().count() < limits::PASSWORD_MIN {
        return Err(ApiError::validation(format!(
            "a password needs at least {} characters",
            limits::PASSWORD_MIN
        ))
        .in_dutch(format!(
            "Een wachtwoord heeft minstens {} tekens.",
            limits::PASSWORD_MIN
        )));
    }
    let roles = checked_roles(new.roles)?;
    if users::by_email(&state.db, new.email.as_str())
        .await?
        .is_some()
    {
        return Err(
            ApiError::validation("that e-mail address already has an account")
                .in_dutch("Met dit e-mailadres bestaat al een account."),
        );
    }
    let hash = crate::auth::hash_password(&new.password).map_err(|e| ApiError::internal(&e))?;
    // What the creator may give at once; the rest is proposed.
    let direct: Vec<Role> = if Capability::GrantRoles.held_by(&admin.roles) {
        roles.clone()
    } else {
        roles
            .iter()
            .copied()
            .filter(|r| !klachten_core::accounts::IDENTIFYING.contains(r))
            .collect()
    };
    let label = audit::user_label(admin.id);
    let by = by_user(admin, &label);
    let now = state.clock.now();
    let txn = crate::db::begin(&state.db).await?;
    let user = users::create(&txn, new.email.as_str(), name, hash, &direct, now).await?;
    users::set_must_change_password(&txn, user.id, true).await?;
    let user = User {
        must_change_password: true,
        ..user
    };
    crate::services::accounts::created(&txn, &state.audit_key, &state.config, now, &by, &user)
        .await?;
    let outcome = crate::services::accounts::change_roles(&txn, state, &by, &user, &roles).await?;
    txn.commit().await?;
    Ok((outcome.user, outcome.proposal))
}

/// What changes of an account; what is left out stays.
pub struct UserChange {
    /// Its name.
    pub name: Option<String>,
    /// Its roles.
    pub roles: Option<Vec<Role>>,
    /// Switched on or off.
    pub active: Option<bool>,
}

/// Changes an account: admins its name, roles and active flag; directors its roles only.
pub async fn update(
    state: &AppState,
    by: &User,
    id: UserId,
    change: UserChange,
) -> ApiResult<Account> {
    admin_or_director(by)?;
    let is_admin = Capability::Administer.held_by(&by.roles);
    if !is_admin && (change.name.is_some() || change.active.is_some()) {
        return Err(ApiError::new(
            Code::Forbidden,
            "directors change roles only; ask an admin to change a name or switch an account on or off",
        ));
    }
    let target = users::by_id(&state.db, id)
        .await?
        .ok_or_else(ApiError::unknown::<UserId>)?;
    let roles = change.roles.map(checked_roles).transpose()?;
    if target.id == by.id && change.active == Some(false) {
        return Err(ApiError::validation("you cannot deactivate yourself")
            .in_dutch("U kunt uw eigen account niet uitzetten."));
    }
    if change.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(
            ApiError::validation("a user needs a name").in_dutch("Geef de gebruiker een naam.")
        );
    }
    let label = audit::user_label(by.id);
    let acting = by_user(by, &label);
    let txn = crate::db::begin(&state.db).await?;
    // An account an admin switches back on returns without the roles that see who complained:
    // those are proposed again, for a director to approve.
    let mut current = target.clone();
    let identifying = |r: &Role| klachten_core::accounts::IDENTIFYING.contains(r);
    if change.active == Some(true)
        && !target.active
        && !Capability::GrantRoles.held_by(&by.roles)
        && target.roles.iter().any(identifying)
    {
        let kept: Vec<Role> = target
            .roles
            .iter()
            .copied()
            .filter(|r| !identifying(r))
            .collect();
        current = crate::services::accounts::change_roles(&txn, state, &acting, &target, &kept)
            .await?
            .user;
    }
    let wanted = roles.or_else(|| (current.roles != target.roles).then(|| target.roles.clone()));
    let outcome = match &wanted {
        Some(roles) => {
            crate::services::accounts::change_roles(&txn, state, &acting, &current, roles).await?
        }
        None => Outcome {
            user: current.clone(),
            proposal: None,
        },
    };
    let mut updated = outcome.user;
    if change.name.is_some() || change.active.is_some() {
        updated =
            users::update(&txn, &updated, change.name.as_deref(), None, change.active).await?;
        let entry = audit::Entry {
            actor: &label,
            action: audit::Named::UserUpdated.into(),
            complaint_id: None,
            detail: Some(format!(
                "user:{}; active {} → {}",
                updated.id, target.active, updated.active
            )),
        };
        audit::append(&txn, &state.audit_key, state.clock.now(), entry).await?;
    }
    let waiting = match outcome.proposal {
        Some(p) => Some(p),
        None => proposals::pending(&txn)
            .await?
            .into_iter()
            .find(|p| p.user_id == updated.id),
    };
    txn.commit().await?;
    Ok((updated, waiting))
}

/// Approves or rejects the proposed role change `id` (directors; not about themselves, not
/// their own proposal).
pub async fn decide(
    state: &AppState,
    by: &User,
    id: RoleRequestId,
    approve: bool,
) -> ApiResult<(RoleRequest, User)> {
    if !Capability::GrantRoles.held_by(&by.roles) {
        return Err(ApiError::new(
            Code::Forbidden,
            "only directors decide on a proposed role change",
        ));
    }
    let label = audit::user_label(by.id);
    let txn = crate::db::begin(&state.db).await?;
    let decided =
        crate::services::accounts::decide(&txn, state, &by_user(by, &label), id, approve).await?;
    txn.commit().await?;
    Ok(decided)
}
