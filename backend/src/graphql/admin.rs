//! Administration: users, procedure versions and the calendar. Rule: admins manage accounts;
//! roles change through `crate::services::accounts` (nobody their own; HANDLER, DIRECTOR and DPO by a
//! director's decision); a role change or deactivation revokes the user's tokens at once.

use super::context::{require_admin, require_user, state, user_out};
use super::ids::{id_out, typed};
use super::types::{Date, Role, User};
use crate::error::ApiError;
use crate::services::users as users_service;
use crate::services::versions;
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
    let days = |n: i32| WorkingDays::new(count(n)).map_err(|e| ApiError::invalid(&e));
    let months = |n: i32| CalendarMonths::new(count(n)).map_err(|e| ApiError::invalid(&e));
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
        ))
        .in_dutch(format!(
            "Geef de versie een naam van hoogstens {} tekens.",
            limits::LABEL
        )));
    }
    if effective_from.0 < today {
        return Err(ApiError::validation(
            "a new version starts today or later; complaints already received keep the \
             version they were registered under",
        )
        .in_dutch(
            "Een nieuwe versie gaat vandaag of later in; klachten die al binnen zijn houden de \
             versie waaronder ze zijn geregistreerd.",
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

fn core_roles(roles: &[Role]) -> Vec<CoreRole> {
    roles.iter().map(|r| (*r).into()).collect()
}

fn account_out(
    user: &klachten_core::actor::User,
    pending: Option<&users_service::RoleRequest>,
) -> UserAccount {
    UserAccount {
        user: user_out(user),
        active: user.active,
        pending_roles: pending.map(|p| p.roles_requested.iter().map(|r| (*r).into()).collect()),
        pending_request_id: pending.map(|p| id_out(p.id)),
        must_change_password: user.must_change_password,
    }
}

fn request_out(
    request: &users_service::RoleRequest,
    user: &klachten_core::actor::User,
) -> RoleRequest {
    let roles = |roles: &[CoreRole]| roles.iter().map(|r| (*r).into()).collect();
    RoleRequest {
        id: id_out(request.id),
        user: user_out(user),
        roles_before: roles(&request.roles_before),
        roles_requested: roles(&request.roles_requested),
        proposed_by: request.proposed_by.clone(),
        proposed_at: request.proposed_at.to_rfc3339(),
        status: request.status.code().to_owned(),
    }
}

fn i32_of(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Administration queries.
#[derive(Default)]
pub struct AdminQuery;

#[Object]
impl AdminQuery {
    /// Every user account, with the roles waiting for approval (admins and directors).
    async fn user_accounts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<UserAccount>> {
        let by = require_user(ctx)?;
        let all = users_service::accounts(state(ctx), by).await?;
        Ok(all
            .iter()
            .map(|(user, pending)| account_out(user, pending.as_ref()))
            .collect())
    }

    /// Role changes waiting for a director, oldest first (admins and directors).
    async fn role_requests(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RoleRequest>> {
        let by = require_user(ctx)?;
        let waiting = users_service::role_requests(state(ctx), by).await?;
        Ok(waiting
            .iter()
            .map(|(request, user)| request_out(request, user))
            .collect())
    }

    /// The versions of the complaints procedure, oldest first.
    async fn procedure_versions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ProcedureVersion>> {
        require_user(ctx)?;
        let all = versions::procedures(state(ctx)).await?;
        Ok(all.iter().map(|(id, p)| procedure_out(id, p)).collect())
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
            return Err(ApiError::validation("year must be between 2000 and 2200")
                .in_dutch("Kies een jaar tussen 2000 en 2200.")
                .into());
        }
        let all = versions::calendars(state).await?;
        Ok(all
            .iter()
            .map(|(id, c)| calendar_out(id, c, year))
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
        let email = EmailAddress::parse(&input.email).map_err(|e| ApiError::invalid(&e))?;
        let new = users_service::NewUser {
            email,
            name: input.name,
            password: input.password,
            roles: core_roles(&input.roles),
        };
        let (user, pending) = users_service::create(state(ctx), admin, new).await?;
        Ok(account_out(&user, pending.as_ref()))
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
        let by = require_user(ctx)?;
        let change = users_service::UserChange {
            name: input.name,
            roles: input.roles.as_deref().map(core_roles),
            active: input.active,
        };
        let (user, pending) = users_service::update(state(ctx), by, typed(&id)?, change).await?;
        Ok(account_out(&user, pending.as_ref()))
    }

    /// Approves a proposed role change (directors; not about yourself, not your own proposal):
    /// the roles apply at once and the user's sessions end.
    async fn approve_role_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] id: ID,
    ) -> async_graphql::Result<UserAccount> {
        let by = require_user(ctx)?;
        let (_, user) = users_service::decide(state(ctx), by, typed(&id)?, true).await?;
        Ok(account_out(&user, None))
    }

    /// Rejects a proposed role change (directors; not about yourself, not your own proposal).
    async fn reject_role_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The proposal.")] id: ID,
    ) -> async_graphql::Result<RoleRequest> {
        let by = require_user(ctx)?;
        let (request, user) = users_service::decide(state(ctx), by, typed(&id)?, false).await?;
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
        let admin = require_admin(ctx)?;
        let state = state(ctx);
        check_new_version(&input.label, input.effective_from, state.clock.today())?;
        if input.text.chars().count() > limits::PROCEDURE_TEXT {
            return Err(ApiError::validation(format!(
                "the procedure text has at most {} characters",
                limits::PROCEDURE_TEXT
            ))
            .in_dutch(format!(
                "De tekst van de regeling heeft hoogstens {} tekens.",
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
        .map_err(|e| ApiError::invalid(&e))?;
        let id = versions::save_procedure(state, admin, &version).await?;
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
        let admin = require_admin(ctx)?;
        let state = state(ctx);
        let today = state.clock.today();
        let label = input.label.trim();
        check_new_version(label, input.effective_from, today)?;
        if input.closure_days.len() > 500 {
            return Err(ApiError::validation("give at most 500 closure days")
                .in_dutch("Geef hoogstens 500 sluitingsdagen.")
                .into());
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
                .in_dutch(format!(
                    "De omschrijving van een sluitingsdag heeft hoogstens {} tekens.",
                    limits::LABEL
                ))
                .into());
            }
            calendar = calendar
                .with_closure_day(day.date.0, &day.description)
                .map_err(|e| ApiError::invalid(&e))?;
        }
        let effective_from = input.effective_from.0;
        let id = versions::save_calendar(state, admin, label, effective_from, &calendar).await?;
        let version = klachten_core::calendar::CalendarVersion {
            label: label.to_owned(),
            effective_from: input.effective_from.0,
            calendar,
        };
        Ok(calendar_out(&id, &version, chrono::Datelike::year(&today)))
    }
}
