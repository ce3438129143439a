//! The sea-orm entities: storage only. No GraphQL type is derived on them; they map to the
//! domain core's types in `crate::db`.

pub mod agenda_items;
pub mod api_budgets;
pub mod api_client_operations;
pub mod api_clients;
pub mod api_keys;
pub mod audit_log;
pub mod calendar_versions;
pub mod cause_categories;
pub mod complaint_events;
pub mod complaint_parties;
pub mod complaints;
pub mod conversations;
pub mod id_aliases;
pub mod jobs;
pub mod letters;
pub mod mail_outbox;
pub mod measure_events;
pub mod measures;
pub mod meetings;
pub mod procedure_versions;
pub mod refresh_sessions;
pub mod registration_requests;
pub mod role_requests;
pub mod settings;
pub mod suspensions;
pub mod users;
pub mod webhook_attempts;
pub mod webhook_deliveries;
pub mod webhooks;
