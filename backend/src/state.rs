//! What every request handler and worker shares: the database, the clock, the keys, the
//! configuration. Rule: only handles live here, no behaviour.

use crate::config::Config;
use crate::{auth, db, webhooks};
use klachten_core::time::Clock;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// What every request handler shares.
pub struct AppState {
    /// The database.
    pub db: DatabaseConnection,
    /// "Now".
    pub clock: Arc<dyn Clock>,
    /// Signs and checks access tokens.
    pub tokens: auth::Tokens,
    /// Keys the audit chain.
    pub audit_key: db::audit::AuditKey,
    /// Failed-login counters.
    pub limiter: auth::LoginLimiter,
    /// Posts webhook deliveries.
    pub webhooks: webhooks::Sender,
    /// The configuration.
    pub config: Config,
    /// SQL statements executed since start (for tests and metrics).
    pub statements: Arc<AtomicU64>,
}
