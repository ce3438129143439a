//! The database schema as append-only migrations, portable between SQLite and PostgreSQL. Rule:
//! a released migration is never edited; a change is a new file listed last in [`Migrator`].

pub use sea_orm_migration::prelude::*;

mod m0001_users;
mod m0002_settings;
mod m0003_procedure_versions;
mod m0004_calendar_versions;
mod m0005_complaints;
mod m0006_complaint_parties;
mod m0007_suspensions;
mod m0008_complaint_events;
mod m0009_conversations;
mod m0010_audit_log;
mod m0011_refresh_sessions;
mod m0012_root_cause;
mod m0013_measures;
mod m0014_outcome;
mod m0015_audit_append_only;
mod m0016_legal_hold_and_purge;
mod m0017_jobs_and_mail;
mod m0018_letters;
mod m0019_statistics_and_causes;
mod m0020_meetings;
mod m0021_api_clients;
mod m0022_webhooks;
mod m0023_api_client_operations;
mod m0024_api_budgets;
mod m0025_webhook_switch_off;
mod m0026_registration_requests;
mod m0027_audit_key;
mod m0028_role_requests;
mod m0029_random_ids;
mod m0030_reviewed_texts;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_users::Migration),
            Box::new(m0002_settings::Migration),
            Box::new(m0003_procedure_versions::Migration),
            Box::new(m0004_calendar_versions::Migration),
            Box::new(m0005_complaints::Migration),
            Box::new(m0006_complaint_parties::Migration),
            Box::new(m0007_suspensions::Migration),
            Box::new(m0008_complaint_events::Migration),
            Box::new(m0009_conversations::Migration),
            Box::new(m0010_audit_log::Migration),
            Box::new(m0011_refresh_sessions::Migration),
            Box::new(m0012_root_cause::Migration),
            Box::new(m0013_measures::Migration),
            Box::new(m0014_outcome::Migration),
            Box::new(m0015_audit_append_only::Migration),
            Box::new(m0016_legal_hold_and_purge::Migration),
            Box::new(m0017_jobs_and_mail::Migration),
            Box::new(m0018_letters::Migration),
            Box::new(m0019_statistics_and_causes::Migration),
            Box::new(m0020_meetings::Migration),
            Box::new(m0021_api_clients::Migration),
            Box::new(m0022_webhooks::Migration),
            Box::new(m0023_api_client_operations::Migration),
            Box::new(m0024_api_budgets::Migration),
            Box::new(m0025_webhook_switch_off::Migration),
            Box::new(m0026_registration_requests::Migration),
            Box::new(m0027_audit_key::Migration),
            Box::new(m0028_role_requests::Migration),
            Box::new(m0029_random_ids::Migration),
            Box::new(m0030_reviewed_texts::Migration),
        ]
    }
}
