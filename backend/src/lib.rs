//! The Klachten server: everything with I/O around the pure domain core (`klachten_core`).
//! `main` only parses the command line; tests build the same [`Application`] on port 0.

pub mod auth;
pub mod backup;
pub mod clients;
pub mod clock;
pub mod clock_scan;
pub mod config;
pub mod cookie;
pub mod db;
pub mod demo;
pub mod dutch;
pub mod encoding;
pub mod error;
pub mod graphql;
pub mod http;
pub mod letters;
pub mod mail;
pub mod meetings;
pub mod purge;
pub mod sealed;
pub mod services;
pub mod spa;
pub mod state;
pub mod statistics;
pub mod token_keys;
pub mod webhooks;
pub mod worker;

pub use state::AppState;

use config::Config;
use klachten_core::time::Clock;
use poem::listener::{Acceptor, AcceptorExt, Listener, TcpListener};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// The address could not be bound.
    #[error("cannot listen on the configured address: {0}")]
    Listen(#[from] std::io::Error),
    /// The mail settings are unusable.
    #[error("mail: {0}")]
    Mail(String),
    /// The secrets key or the token keys cannot be had.
    #[error("secrets: {0}")]
    Secrets(String),
    /// The HTTP client for webhooks cannot be made.
    #[error("webhooks: {0}")]
    Webhooks(String),
}

/// The built application: state, routes and a bound listener.
pub struct Application {
    spa: Option<spa::Spa>,
    mailer: Arc<mail::Mailer>,
    port: u16,
    acceptor: poem::listener::BoxAcceptor,
    state: Arc<AppState>,
}

impl Application {
    /// Opens and migrates the database and binds the listen address (`:0` picks a free port).
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> Result<Self, StartError> {
        let mut db = db::connect(&config.database_url).await?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let mut config = config;
        let secrets_key = config.resolve_secrets_key().map_err(StartError::Secrets)?;
        config.secrets_key = Some(secrets_key.clone());
        token_keys::remove_legacy(&db).await?;
        let ring = token_keys::load(&db, &config, &secrets_key)
            .await
            .map_err(|e| StartError::Secrets(e.to_string()))?;
        let tokens = auth::Tokens::new(ring, config.token_minutes);
        let acceptor = TcpListener::bind(config.listen.clone())
            .into_acceptor()
            .await?;
        let port = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().map(std::net::SocketAddr::port))
            .unwrap_or(0);
        let spa = spa::Spa::load(&config.static_dir)?;
        let mailer = Arc::new(mail::Mailer::from_config(&config).map_err(StartError::Mail)?);
        if spa.is_none() {
            tracing::warn!(
                dir = %config.static_dir.display(),
                "the browser app is not built; `/` explains how to build it"
            );
        }
        let webhooks =
            webhooks::Sender::new(config.webhook_internal_targets).map_err(StartError::Webhooks)?;
        let (sealed, unreadable) = sealed::seal_stored(&db, config.secrets_key.as_ref()).await?;
        if sealed > 0 {
            tracing::info!(
                webhooks = sealed,
                "webhook secrets sealed with KLACHTEN_SECRETS_KEY"
            );
        }
        if unreadable > 0 {
            tracing::error!(
                webhooks = unreadable,
                "webhook secrets are sealed but KLACHTEN_SECRETS_KEY is not set: their deliveries fail until it is"
            );
        }
        let audit_key = db::audit::AuditKey::from_secrets(&secrets_key);
        if !db::audit::key_head(&db, &audit_key, clock.now()).await? {
            tracing::error!(
                "the audit log is empty or ends with unkeyed entries written after it was keyed: it was emptied or rewritten; `klachten audit verify` shows where"
            );
        }
        let state = Arc::new(AppState {
            db,
            clock,
            tokens,
            audit_key,
            limiter: auth::LoginLimiter::default(),
            webhooks,
            config,
            statements,
        });
        Ok(Self {
            spa,
            mailer,
            port,
            acceptor: acceptor.boxed(),
            state,
        })
    }

    /// The port the server listens on.
    pub const fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (for the command line and tests).
    pub fn state(&self) -> Arc<AppState> {
        self.state.clone()
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish (up to 10 s), and
    /// the background workers the jobs they are running (up to 10 s more).
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let mailer = self.mailer;
        let daily = self
            .state
            .config
            .daily_scans
            .then(|| tokio::spawn(worker::daily(self.state.clone())));
        let reload = self
            .state
            .config
            .jwt_secret
            .is_none()
            .then(|| self.state.config.secrets_key.clone())
            .flatten()
            .map(|key| tokio::spawn(token_keys::reload(self.state.clone(), key)));
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let workers: Vec<_> = (0..self.state.config.workers)
            .map(|n| {
                let name = format!("worker-{}-{n}", db::new_id());
                tokio::spawn(worker::work(
                    self.state.clone(),
                    mailer.clone(),
                    name,
                    stopping.clone(),
                ))
            })
            .collect();
        let schema = graphql::schema(Some(self.state.clone()), self.state.config.dev);
        let app = http::routes(self.state, schema, self.spa);
        let served = poem::Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(app, shutdown, Some(Duration::from_secs(10)))
            .await;
        // The daily scans commit per complaint; one cut short is taken up again tomorrow.
        for task in [daily, reload].into_iter().flatten() {
            task.abort();
        }
        let _ = stop.send(true);
        let finished = tokio::time::timeout(Duration::from_secs(10), async {
            for worker in workers {
                let _ = worker.await;
            }
        })
        .await;
        if finished.is_err() {
            tracing::warn!(
                "a background job did not finish within 10 s of shutting down; its lease lets another worker take it up"
            );
        }
        served
    }
}
