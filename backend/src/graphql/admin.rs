//! Administration: users, procedure versions and the calendar. Rule: admins manage accounts;
//! roles change through `crate::accounts` (nobody their own; HANDLER, DIRECTOR and DPO by a
//! director's decision); a role change or deactivation revokes the user's tokens at once.

use super::context::{actor_label, require_admin, require_user, state, user_out};
use super::types::{Date, Role, User};
use crate::db::users;
use crate::db::{Rules, audit};
use crate::error::ApiError;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use klachten_core::actor::Role as CoreRole;
use klachten_core::calendar::LiberationDayRule as CoreLiberation;
use klachten_core::ids::EmailAddress;
use klachten_core::limits;

/// A new user.
#[derive(InputObject, Debug, Clone)]
pub struct CreateUserInput {
    /// Login e-mail address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Roles (not INTEGRATION: that is for API clients).
    pub roles: Vec<Role>,
    /// An initial password of at least 10 characters.
    pub password: String,
}

/// Changes to a user; what is left out stays.
#[derive(InputObject, Debug, Clone, Default)]
pub struct UpdateUserInput {
    /// Display name.
    pub name: Option<String>,
    /// Roles.
    pub roles: Option<Vec<Role>>,
    /// Whether the user may log in.
    pub active: Option<bool>,
}

/// A user as admins see it.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserAccount {
    /// The user.
    pub user: User,
    /// Whether the user may log in.
    pub active: bool,
    /// Roles an admin proposed that wait for a director's approval (the whole set the user
    /// would have); null when nothing waits.
    pub pending_roles: Option<Vec<Role>>,
    /// The proposal waiting, to approve or reject.
    pub pending_request_id: Option<ID>,
    /// The password was set by someone else and is still to be changed by the user.
    pub must_change_password: bool,
}

/// A proposed role change (admins propose, directors decide).
#[derive(SimpleObject, Debug, Clone)]
pub struct RoleRequest {
    /// Id.
    pub id: ID,
    /// Whose roles.
    pub user: User,
    /// The roles when it was proposed.
    pub roles_before: Vec<Role>,
    /// The roles asked for.
    pub roles_requested: Vec<Role>,
    /// Who proposed it (`user:<id>`).
    pub proposed_by: String,
    /// When (RFC 3339).
    pub proposed_at: String,
    /// `PENDING`, `APPROVED`, `REJECTED` or `SUPERSEDED`.
    pub status: String,
}

/// The periods of a procedure version.
#[derive(SimpleObject, Debug, Clone)]
pub struct ProcedureParameters {
    /// Ontvangstbevestiging, in working days.
    pub acknowledgement_working_days: i32,
    /// Eerste contact, in working days.
    pub first_contact_working_days: i32,
    /// Afhandeling (target), in working days.
    pub resolution_working_days: i32,
    /// Privacyklacht, in calendar months.
    pub privacy_resolution_months: i32,
    /// Bewaartermijn after closure, in months.
    pub retention_months: i32,
    /// Conduct older than this many months may be declined.
    pub decline_conduct_after_months: i32,
}

/// A version of the complaints procedure (klachtenregeling).
#[derive(SimpleObject, Debug, Clone)]
pub struct ProcedureVersion {
    /// Id.
    pub id: ID,
    /// Label, e.g. "1 juni 2022".
    pub label: String,
    /// The first receipt date it governs.
    pub effective_from: Date,
    /// The published text.
    pub text: String,
    /// Its periods.
    pub parameters: ProcedureParameters,
}

/// The periods of a new procedure version.
#[derive(InputObject, Debug, Clone)]
pub struct ProcedureParametersInput {
    /// Ontvangstbevestiging, in working days (1–366).
    pub acknowledgement_working_days: i32,
    /// Eerste contact, in working days (1–366).
    pub first_contact_working_days: i32,
    /// Afhandeling (target), in working days (1–366).
    pub resolution_working_days: i32,
    /// Privacyklacht, in calendar months (1–120).
    pub privacy_resolution_months: i32,
    /// Bewaartermijn after closure, in months (1–120).
    pub retention_months: i32,
    /// Conduct older than this many months may be declined (1–120).
    pub decline_conduct_after_months: i32,
}

/// A new version of the complaints procedure, as published.
#[derive(InputObject, Debug, Clone)]
pub struct ProcedureVersionInput {
    /// A label, e.g. "1 januari 2027".
    pub label: String,
    /// The first receipt date it governs: today or later. Complaints received earlier keep the
    /// version they were registered under.
    pub effective_from: Date,
    /// The full published text.
    pub text: String,
    /// Its periods.
    pub parameters: ProcedureParametersInput,
}

fn core_parameters(
    p: &ProcedureParametersInput,
) -> Result<klachten_core::procedure::ProcedureParameters, ApiError> {
    use klachten_core::procedure::{CalendarMonths, WorkingDays};
    let count = |n: i32| u32::try_from(n).unwrap_or(0);
    let days = |n: i32| WorkingDays::new(count(n)).map_err(|e| ApiError::validation(e.to_string()));
    let months =
        |n: i32| CalendarMonths::new(count(n)).map_err(|e| ApiError::validation(e.to_string()));
    Ok(klachten_core::procedure::ProcedureParameters {
        acknowledgement: days(p.acknowledgement_working_days)?,
        first_contact: days(p.first_contact_working_days)?,
        resolution: days(p.resolution_working_days)?,
        privacy_resolution: months(p.privacy_resolution_months)?,
        retention: months(p.retention_months)?,
        decline_conduct_after: months(p.decline_conduct_after_months)?,
    })
}

fn procedure_out(id: &str, p: &klachten_core::procedure::ProcedureVersion) -> ProcedureVersion {
    ProcedureVersion {
        id: ID(id.to_owned()),
        label: p.label.clone(),
        effective_from: Date(p.effective_from),
        text: p.text.clone(),
        parameters: ProcedureParameters {
            acknowledgement_working_days: i32_of(p.parameters.acknowledgement.get()),
            first_contact_working_days: i32_of(p.parameters.first_contact.get()),
            resolution_working_days: i32_of(p.parameters.resolution.get()),
            privacy_resolution_months: i32_of(p.parameters.privacy_resolution.get()),
            retention_months: i32_of(p.parameters.retention.get()),
            decline_conduct_after_months: i32_of(p.parameters.decline_conduct_after.get()),
        },
    }
}

/// Checks the label and start of a new version (procedure or calendar).
fn check_new_version(
    label: &str,
    effective_from: Date,
    today: chrono::NaiveDate,
) -> Result<(), ApiError> {
    if label.trim().is_empty() || label.trim().chars().count() > limits::LABEL {
        return Err(ApiError::validation(format!(
            "give the version a label of at most {} characters",
            limits::LABEL
        )));
    }
    if effective_from.0 < today {
        return Err(ApiError::validation(
            "a new version starts today or later; complaints already received keep the \
             version they were registered under",
        ));
    }
    Ok(())
}

/// Audits the saving of a version and commits it with the audit entry.
async fn commit_version(
    txn: sea_orm::DatabaseTransaction,
    state: &crate::state::AppState,
    admin: &users::User,
    action: audit::Named,
    detail: String,
) -> Result<(), ApiError> {
    audit::append(
        &txn,
        &state.audit_key,
        state.clock.now(),
        audit::Entry {
            actor: &actor_label(admin),
            action: action.into(),
            complaint_id: None,
            detail: Some(detail),
        },
    )
    .await
    .map_err(ApiError::from)?;
    txn.commit().await.map_err(ApiError::from)
}

/// A version that complaints were registered under no longer changes.
fn refuse_if_used(used: u64) -> Result<(), ApiError> {
    if used > 0 {
        return Err(ApiError::new(
            crate::error::Code::Conflict,
            "complaints were already registered under the version that starts on this date; \
             let the new version start a day later",
        ));
    }
    Ok(())
}

/// How Bevrijdingsdag counts.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiberationDayRule {
    /// Every year (Algemene termijnenwet).
    EveryYear,
    /// In lustrum years only.
    EveryFifthYear,
    /// Never.
    Never,
}

/// A day the office is closed.
#[derive(SimpleObject, Debug, Clone)]
pub struct ClosureDay {
    /// The date.
    pub date: Date,
    /// Why.
    pub description: String,
}

/// A public holiday.
#[derive(SimpleObject, Debug, Clone)]
pub struct PublicHoliday {
    /// The date.
    pub date: Date,
    /// Its Dutch name.
    pub name: String,
}

/// A version of the working-day calendar.
#[derive(SimpleObject, Debug, Clone)]
pub struct CalendarVersion {
    /// Id.
    pub id: ID,
    /// Label.
    pub label: String,
    /// The first receipt date it governs.
    pub effective_from: Date,
    /// Whether Goede Vrijdag is a holiday.
    pub good_friday: bool,
    /// How Bevrijdingsdag counts.
    pub liberation_day: LiberationDayRule,
    /// The firm's closure days.
    pub closure_days: Vec<ClosureDay>,
    /// The public holidays of the year asked for (default: this year).
    pub holidays: Vec<PublicHoliday>,
}

/// A closure day to keep in a new calendar version.
#[derive(InputObject, Debug, Clone)]
pub struct ClosureDayInput {
    /// The date.
    pub date: Date,
    /// Why the office is closed, e.g. "Brugdag".
    pub description: String,
}

/// A new version of the working-day calendar: the full rule set as it should be from
/// `effectiveFrom` on.
#[derive(InputObject, Debug, Clone)]
pub struct CalendarVersionInput {
    /// A label, e.g. "Sluitingsdagen 2027".
    pub label: String,
    /// The first receipt date it governs: today or later. Complaints received earlier keep the
    /// version they were registered under, so the dates promised to them do not shift.
    pub effective_from: Date,
    /// Whether Goede Vrijdag is a holiday.
    pub good_friday: bool,
    /// How Bevrijdingsdag counts.
    pub liberation_day: LiberationDayRule,
    /// The firm's closure days.
    pub closure_days: Vec<ClosureDayInput>,
}

fn calendar_out(
    id: &str,
    v: &klachten_core::calendar::CalendarVersion,
    year: i32,
) -> CalendarVersion {
    CalendarVersion {
        id: ID(id.to_owned()),
        label: v.label.clone(),
        effective_from: Date(v.effective_from),
        good_friday: v.calendar.good_friday(),
        liberation_day: match v.calendar.liberation_day() {
            CoreLiberation::EveryYear => LiberationDayRule::EveryYear,
            CoreLiberation::EveryFifthYear => LiberationDayRule::EveryFifthYear,
            CoreLiberation::Never => LiberationDayRule::Never,
        },
        closure_days: v
            .calendar
            .closure_days()
            .iter()
            .map(|(d, text)| ClosureDay {
                date: Date(*d),
                description: text.clone(),
            })
            .collect(),
        holidays: v
            .calendar
            .holidays(year)
            .into_iter()
            .map(|(d, h)| PublicHoliday {
                date: Date(d),
                name: h.dutch_name().to_owned(),
            })
            .collect(),
    }
}

fn core_roles(roles: &[Role]) -> Result<Vec<CoreRole>, ApiError> {
    let roles: Vec<CoreRole> = roles.iter().map(|r| (*r).into()).collect();
    if roles.is_empty() || roles.contains(&CoreRole::Integration) {
        return Err(ApiError::validation(
            "give at least one role; INTEGRATION is for API clients, not users",
        ));
    }
    Ok(roles)
}

fn account_out(
    user: &users::User,
    pending: Option<&crate::db::entities::role_requests::Model>,
) -> UserAccount {
    UserAccount {
        user: user_out(user),
        active: user.active,
        pending_roles: pending.map(|p| {
            crate::db::codes::roles_from_string(&p.roles_requested)
                .into_iter()
                .map(Into::into)
                .collect()
        }),
        pending_request_id: pending.map(|p| ID(p.id.clone())),
        must_change_password: user.must_change_password,
    }
}

fn request_out(
    request: &crate::db::entities::role_requests::Model,
    user: &users::User,
) -> RoleRequest {
    let roles = |stored: &str| {
        crate::db::codes::roles_from_string(stored)
            .into_iter()
            .map(Into::into)
            .collect()
    };
    RoleRequest {
        id: ID(request.id.clone()),
        user: user_out(user),
        roles_before: roles(&request.roles_before),
        roles_requested: roles(&request.roles_requested),
        proposed_by: request.proposed_by.clone(),
        proposed_at: request.proposed_at.to_rfc3339(),
        status: request.status.clone(),
    }
}

async fn pending_requests(
    db: &impl sea_orm::ConnectionTrait,
) -> Result<Vec<crate::db::entities::role_requests::Model>, ApiError> {
    use crate::db::entities::role_requests;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    Ok(role_requests::Entity::find()
        .filter(role_requests::Column::Status.eq(crate::accounts::PENDING))
        .order_by_asc(role_requests::Column::ProposedAt)
        .all(db)
        .await?)
}

fn by_user<'a>(user: &'a users::User, label: &'a str) -> crate::accounts::By<'a> {
    crate::accounts::By {
        actor: user.actor(),
        label,
        name: &user.name,
    }
}

/// Admins and directors (who decide on roles).
fn require_admin_or_director<'a>(ctx: &Context<'a>) -> Result<&'a users::User, ApiError> {
    let user = require_user(ctx)?;
    if user.roles.contains(&CoreRole::Admin) || user.roles.contains(&CoreRole::Director) {
        Ok(user)
    } else {
        Err(ApiError::forbidden())
    }
}

fn i32_of(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

async fn decide(
    ctx: &Context<'_>,
    id: &ID,
    approve: bool,
) -> Result<(crate::db::entities::role_requests::Model, users::User), ApiError> {
    let by = require_user(ctx)?;
    if !by.roles.contains(&CoreRole::Director) {
        return Err(ApiError::new(
            crate::error::Code::Forbidden,
            "only directors decide on a proposed role change",
        ));
    }
    let state = state(ctx);
    let label = actor_label(by);
    let txn = crate::db::begin(&state.db).await?;
    let decided = crate::accounts::decide(&txn, state, &by_user(by, &label), id, approve).await?;
    txn.commit().await?;
    Ok(decided)
}

/// Administration queries.
#[derive(Default)]
pub struct AdminQuery;

#[Object]
impl AdminQuery {
    /// Every user account, with the roles waiting for approval (admins and directors).
    async fn user_accounts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<UserAccount>> {
        require_admin_or_director(ctx)?;
        let db = &state(ctx).db;
        let all = users::all(db).await.map_err(ApiError::from)?;
        let pending = pending_requests(db).await?;
        Ok(all
            .iter()
            .map(|u| {
                let id = users::id_string(u.id);
                account_out(u, pending.iter().find(|p| p.user_id == id))
            })
            .collect())
    }

    /// Role changes waiting for a director, oldest first (admins and directors).
    async fn role_requests(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RoleRequest>> {
        require_admin_or_director(ctx)?;
        let db = &state(ctx).db;
        let all = users::all(db).await.map_err(ApiError::from)?;
        Ok(pending_requests(db)
            .await?
            .iter()
            .filter_map(|p| {
                all.iter()
                    .find(|u| users::id_string(u.id) == p.user_id)
                    .map(|u| request_out(p, u))
            })
            .collect())
    }

    /// The versions of the complaints procedure, oldest first.
    async fn procedure_versions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ProcedureVersion>> {
        require_user(ctx)?;
        let rules = Rules::load(&state(ctx).db).await.map_err(ApiError::from)?;
        Ok(rules
            .procedure_history
            .iter()
            .filter_map(|(id, _)| rules.procedures.get(id).map(|p| procedure_out(id, p)))
            .collect())
    }

    /// The versions of the working-day calendar, oldest first, with the holidays of `year`.
    async fn calendar(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year (jaar), e.g. 2026.")] year: Option<i32>,
    ) -> async_graphql::Result<Vec<CalendarVersion>> {
        require_user(ctx)?;
        let state = state(ctx);
        let year = year.unwrap_or_else(|| chrono::Datelike::year(&state.clock.today()));
        if !(2000..=2200).contains(&year) {
            return Err(ApiError::validation("year must be between 2000 and 2200").into());
        }
        let rules = Rules::load(&state.db).await.map_err(ApiError::from)?;
        Ok(rules
            .calendar_history
            .iter()
            .filter_map(|(id, _)| rules.calendars.get(id).map(|c| calendar_out(id, c, year)))
            .collect())
    }
}

/// Administration mutations.
#[derive(Default)]
pub struct AdminMutation;

#[Object]
impl AdminMutation {
    /// Creates a user (admins). The password is the admin's choice: the user must change it at
    /// the first login. HANDLER, DIRECTOR and DPO wait for a director's approval (the account
    /// starts with the other roles given); a director creating an account grants them at once.
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new account.")] input: CreateUserInput,
    ) -> async_graphql::Result<UserAccount> {
        let admin = require_admin(ctx)?;
        let state = state(ctx);
        let email =
            EmailAddress::parse(&input.email).map_err(|e| ApiError::validation(e.to_string()))?;
        let name = input.name.trim();
        if name.is_empty() {
            return Err(ApiError::validation("a user needs a name").into());
        }
        if input.password.chars().count() < limits::PASSWORD_MIN {
            let message = format!(
                "a password needs at least {} characters",
                limits::PASSWORD_MIN
            );
            return Err(ApiError::validation(message).into());
        }
        let roles = core_roles(&input.roles)?;
        if users::by_email(&state.db, email.as_str())
            .await
            .map_err(ApiError::from)?
            .is_some()
        {
            return Err(ApiError::validation("that e-mail address already has an account").into());
        }
        let hash =
            crate::auth::hash_password(&input.password).map_err(|e| ApiError::internal(&e))?;
        // What the creator may give at once; the rest is proposed.
        let direct: Vec<CoreRole> = if admin.roles.contains(&CoreRole::Director) {
            roles.clone()
        } else {
            roles
                .iter()
                .copied()
                .filter(|r| !klachten_core::accounts::IDENTIFYING.contains(r))
                .collect()
        };
        let label = actor_label(admin);
        let by = by_user(admin, &label);
        let now = state.clock.now();
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let user = users::create(&txn, email.as_str(), name, hash, &direct, now)
            .await
            .map_err(ApiError::from)?;
        users::set_must_change_password(&txn, user.id, true)
            .await
            .map_err(ApiError::from)?;
        let user = users::User {
            must_change_password: true,
            ..user
        };
        crate::accounts::created(&txn, &state.audit_key, &state.config, now, &by, &user).await?;
        let outcome = crate::accounts::change_roles(&txn, state, &by, &user, &roles).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(account_out(&outcome.user, outcome.proposal.as_ref()))
    }

    /// Changes a user's name, roles or active flag. Admins change accounts; roles change
    /// through the rules of `roleRequests`: nobody changes their own, an admin's grant of
    /// HANDLER, DIRECTOR or DPO waits for a director (see `pendingRoles`), a director changes
    /// roles (only roles) at once. Role changes and deactivation end the user's sessions.
    async fn update_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user.")] id: ID,
        #[graphql(desc = "What changes; leave out what stays.")] input: UpdateUserInput,
    ) -> async_graphql::Result<UserAccount> {
        let by = require_admin_or_director(ctx)?;
        let state = state(ctx);
        let is_admin = by.roles.contains(&CoreRole::Admin);
        if !is_admin && (input.name.is_some() || input.active.is_some()) {
            return Err(ApiError::new(
                crate::error::Code::Forbidden,
                "directors change roles only; ask an admin to change a name or switch an account on or off",
            )
            .into());
        }
        let target_id = users::parse_id(&id).ok_or_else(|| ApiError::not_found("user"))?;
        let target = users::by_id(&state.db, target_id)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::not_found("user"))?;
        let roles = input.roles.as_deref().map(core_roles).transpose()?;
        if target.id == by.id && input.active == Some(false) {
            return Err(ApiError::validation("you cannot deactivate yourself").into());
        }
        if input.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err(ApiError::validation("a user needs a name").into());
        }
        let label = actor_label(by);
        let acting = by_user(by, &label);
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        // An account an admin switches back on returns without the roles that see who
        // complained: those are proposed again, for a director to approve.
        let mut current = target.clone();
        let identifying = |r: &CoreRole| klachten_core::accounts::IDENTIFYING.contains(r);
        if input.active == Some(true)
            && !target.active
            && !by.roles.contains(&CoreRole::Director)
            && target.roles.iter().any(identifying)
        {
            let kept: Vec<CoreRole> = target
                .roles
                .iter()
                .copied()
                .filter(|r| !identifying(r))
                .collect();
            current = crate::accounts::change_roles(&txn, state, &acting, &target, &kept)
                .await?
                .user;
        }
        let wanted =
            roles.or_else(|| (current.roles != target.roles).then(|| target.roles.clone()));
        let outcome = match &wanted {
            Some(roles) => {
                crate::accounts::change_roles(&txn, state, &acting, &current, roles).await?
            }
            None => crate::accounts::Outcome {
                user: current.clone(),
                proposal: None,
            },
        };
        let mut updated = outcome.user;
        if input.name.is_some() || input.active.is_some() {
            updated = users::update(&txn, &updated, input.name.as_deref(), None, input.active)
                .await
                .map_err(ApiError::from)?;
            let detail = Some(format!(
                "user:{}; active {} → {}",
                users::id_string(updated.id),
                target.active,
                updated.active
            ));
            audit::append(
                &txn,
                &state.audit_key,
                state.clock.now(),
                audit::Entry {
                    actor: &label,
                    action: audit::Named::UserUpdated.into(),
                    complaint_id: None,
                    detail,
                },
            )
            .await
            .map_err(ApiError::from)?;
        }
        let pending = match outcome.proposal {
            Some(p) => Some(p),
            None => pending_requests(&txn)
                .await?
                .into_iter()
                .find(|p| p.user_id == users::id_string(updated.id)),
        };
        txn.commit().await.map_err(ApiError::from)?;
        Ok(account_out(&updated, pending.as_ref()))
    }

    /// Approves a proposed role change (directors; not about yourself, not your own proposal):
    /// the roles apply at once and the user's sessions end.
    async fn approve_role_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] id: ID,
    ) -> async_graphql::Result<UserAccount> {
        let (_, user) = decide(ctx, &id, true).await?;
        Ok(account_out(&user, None))
    }

    /// Rejects a proposed role change (directors; not about yourself, not your own proposal).
    async fn reject_role_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] id: ID,
    ) -> async_graphql::Result<RoleRequest> {
        let (request, user) = decide(ctx, &id, false).await?;
        Ok(request_out(&request, &user))
    }

    /// Saves a new version of the complaints procedure (admins): its text and periods as they
    /// hold for complaints received from `effectiveFrom` on. A version that starts on the same
    /// date and that no complaint uses yet is replaced.
    async fn save_procedure_version(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The version: label, start date, text and periods.")]
        input: ProcedureVersionInput,
    ) -> async_graphql::Result<ProcedureVersion> {
        use crate::db::entities::{complaints, procedure_versions};
        use sea_orm::{
            ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
        };
        let admin = require_admin(ctx)?;
        let state = state(ctx);
        check_new_version(&input.label, input.effective_from, state.clock.today())?;
        if input.text.chars().count() > limits::PROCEDURE_TEXT {
            return Err(ApiError::validation(format!(
                "the procedure text has at most {} characters",
                limits::PROCEDURE_TEXT
            ))
            .into());
        }
        let version = klachten_core::procedure::ProcedureVersion::new(
            &input.label,
            input.effective_from.0,
            &input.text,
            core_parameters(&input.parameters)?,
        )
        .map_err(|e| ApiError::validation(e.to_string()))?;
        let parameters =
            serde_json::to_string(&version.parameters).map_err(|e| ApiError::internal(&e))?;
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let same_day = procedure_versions::Entity::find()
            .filter(procedure_versions::Column::EffectiveFrom.eq(version.effective_from))
            .one(&txn)
            .await
            .map_err(ApiError::from)?;
        let id = if let Some(existing) = same_day {
            let used = complaints::Entity::find()
                .filter(complaints::Column::ProcedureVersionId.eq(existing.id.clone()))
                .count(&txn)
                .await
                .map_err(ApiError::from)?;
            refuse_if_used(used)?;
            let id = existing.id.clone();
            let mut row: procedure_versions::ActiveModel = existing.into();
            row.label = Set(version.label.clone());
            row.text = Set(version.text.clone());
            row.parameters = Set(parameters);
            row.update(&txn).await.map_err(ApiError::from)?;
            id
        } else {
            let id = crate::db::new_id();
            procedure_versions::ActiveModel {
                id: Set(id.clone()),
                label: Set(version.label.clone()),
                effective_from: Set(version.effective_from),
                text: Set(version.text.clone()),
                parameters: Set(parameters),
            }
            .insert(&txn)
            .await
            .map_err(ApiError::from)?;
            id
        };
        commit_version(
            txn,
            state,
            admin,
            audit::Named::ProcedureVersionSaved,
            format!("procedure:{id}"),
        )
        .await?;
        Ok(procedure_out(&id, &version))
    }

    /// Saves a new version of the working-day calendar (admins): the rule switches and closure
    /// days as they hold from `effectiveFrom` on. A version that starts on the same date and that
    /// no complaint uses yet is replaced.
    async fn save_calendar_version(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The version: label, start date, rules and closure days.")]
        input: CalendarVersionInput,
    ) -> async_graphql::Result<CalendarVersion> {
        use crate::db::entities::{calendar_versions, complaints};
        use sea_orm::{
            ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
        };
        let admin = require_admin(ctx)?;
        let state = state(ctx);
        let today = state.clock.today();
        let label = input.label.trim();
        check_new_version(label, input.effective_from, today)?;
        if input.closure_days.len() > 500 {
            return Err(ApiError::validation("give at most 500 closure days").into());
        }
        let liberation = match input.liberation_day {
            LiberationDayRule::EveryYear => CoreLiberation::EveryYear,
            LiberationDayRule::EveryFifthYear => CoreLiberation::EveryFifthYear,
            LiberationDayRule::Never => CoreLiberation::Never,
        };
        let mut calendar =
            klachten_core::calendar::WorkingDayCalendar::new(input.good_friday, liberation);
        for day in &input.closure_days {
            if day.description.chars().count() > limits::LABEL {
                return Err(ApiError::validation(format!(
                    "a closure day's description has at most {} characters",
                    limits::LABEL
                ))
                .into());
            }
            calendar = calendar
                .with_closure_day(day.date.0, &day.description)
                .map_err(|e| ApiError::validation(e.to_string()))?;
        }
        let rules = serde_json::to_string(&calendar).map_err(|e| ApiError::internal(&e))?;
        let txn = crate::db::begin(&state.db).await.map_err(ApiError::from)?;
        let same_day = calendar_versions::Entity::find()
            .filter(calendar_versions::Column::EffectiveFrom.eq(input.effective_from.0))
            .one(&txn)
            .await
            .map_err(ApiError::from)?;
        let id = match same_day {
            Some(existing) => {
                let used = complaints::Entity::find()
                    .filter(complaints::Column::CalendarVersionId.eq(existing.id.clone()))
                    .count(&txn)
                    .await
                    .map_err(ApiError::from)?;
                refuse_if_used(used)?;
                let id = existing.id.clone();
                let mut row: calendar_versions::ActiveModel = existing.into();
                row.label = Set(label.to_owned());
                row.rules = Set(rules);
                row.update(&txn).await.map_err(ApiError::from)?;
                id
            }
            None => {
                let id = crate::db::new_id();
                calendar_versions::ActiveModel {
                    id: Set(id.clone()),
                    label: Set(label.to_owned()),
                    effective_from: Set(input.effective_from.0),
                    rules: Set(rules),
                }
                .insert(&txn)
                .await
                .map_err(ApiError::from)?;
                id
            }
        };
        commit_version(
            txn,
            state,
            admin,
            audit::Named::CalendarVersionSaved,
            format!("calendar:{id}"),
        )
        .await?;
        let version = klachten_core::calendar::CalendarVersion {
            label: label.to_owned(),
            effective_from: input.effective_from.0,
            calendar,
        };
        Ok(calendar_out(&id, &version, chrono::Datelike::year(&today)))
    }
}
