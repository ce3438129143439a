//! Configuration: defaults, then an optional TOML-like `key = value` file (`KLACHTEN_CONFIG`),
//! then the environment. Rule: secrets are never logged; `Debug` hides them.

use std::collections::BTreeMap;
use std::fmt;

/// The server's configuration.
#[derive(Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…`. Default: `sqlite://klachten.db?mode=rwc`.
    pub database_url: String,
    /// `KLACHTEN_LISTEN`: the address to listen on. Default `127.0.0.1:8080`.
    pub listen: String,
    /// `KLACHTEN_DEV=1`: GraphiQL, introspection and readable logs.
    pub dev: bool,
    /// `KLACHTEN_JWT_SECRET`: the token signing secret; generated and stored on first start when absent.
    pub jwt_secret: Option<String>,
    /// `KLACHTEN_ALLOWED_ORIGINS`: comma-separated origins allowed by CORS.
    pub allowed_origins: Vec<String>,
    /// `KLACHTEN_TOKEN_MINUTES`: lifetime of an access token. Default 15.
    pub token_minutes: i64,
    /// `KLACHTEN_STATIC_DIR`: the built browser app (`cargo xtask build-frontend`). Default
    /// `frontend/dist`, relative to the working directory.
    pub static_dir: std::path::PathBuf,
    /// `KLACHTEN_DAILY_PURGE=0` turns off the server's daily retention purge (for a replica
    /// that should never run it; `klachten purge` still works). Default on.
    pub daily_purge: bool,
    /// `KLACHTEN_DAILY_SCANS=0` turns off every daily scan of this server (the clock warnings
    /// and the purge). Default on.
    pub daily_scans: bool,
    /// `KLACHTEN_WORKERS`: background workers (sending mail). Default 2; 0 leaves the work to
    /// other replicas.
    pub workers: u8,
    /// `KLACHTEN_SMTP_HOST`: the mail server. Without it, mail is written to the outbox folder.
    pub smtp_host: Option<String>,
    /// `KLACHTEN_SMTP_PORT`. Default 587.
    pub smtp_port: u16,
    /// `KLACHTEN_SMTP_TLS`: `starttls` (default), `tls` or `none` (only for a server on this
    /// machine).
    pub smtp_tls: SmtpTls,
    /// `KLACHTEN_SMTP_USER` and `KLACHTEN_SMTP_PASSWORD`, when the server wants a login.
    pub smtp_user: Option<String>,
    /// See `smtp_user`.
    pub smtp_password: Option<String>,
    /// `KLACHTEN_MAIL_FROM`: the sender. Default `Klachten PerspectiefPlus <klachten@localhost>`.
    pub mail_from: String,
    /// `KLACHTEN_OUTBOX_DIR`: where mail goes as `.eml` files without a mail server. Default
    /// `outbox`.
    pub outbox_dir: std::path::PathBuf,
    /// `KLACHTEN_PUBLIC_URL`: the app's address, for links in mail. Default
    /// `http://127.0.0.1:8080`.
    pub public_url: String,
    /// `KLACHTEN_FIRM_NAME`: the letterhead. Default `PerspectiefPlus`.
    pub firm_name: String,
    /// `KLACHTEN_FIRM_ADDRESS`: the letterhead's address line.
    pub firm_address: String,
    /// `KLACHTEN_FIRM_CONTACT`: the letterhead's contact line (phone, e-mail, website).
    pub firm_contact: String,
    /// `KLACHTEN_WEBHOOK_INTERNAL_TARGETS=1` lets webhooks reach this machine and the private
    /// network, over plain `http` too (a receiver inside the firm). Default off: webhooks go to
    /// public `https` addresses only.
    pub webhook_internal_targets: bool,
    /// `KLACHTEN_SECRETS_KEY`: 64 hexadecimal characters; seals the token signing keys and
    /// webhook secrets at rest and keys the audit chain, so a copy of the database alone cannot
    /// sign as Klachten nor rewrite its log. Keep it outside the database and its backups.
    /// Required on PostgreSQL; on SQLite, without it, the key file is used.
    pub secrets_key: Option<crate::sealed::SecretsKey>,
    /// `KLACHTEN_SECRETS_KEY_FILE`: where the secrets key is kept when `KLACHTEN_SECRETS_KEY`
    /// is not set. Default: beside the SQLite database, its name ending in `.key`.
    pub secrets_key_file: Option<std::path::PathBuf>,
}

/// How to talk to the mail server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (port 587).
    StartTls,
    /// TLS from the start (port 465).
    Tls,
    /// No encryption: only for a mail server on this machine.
    None,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field(
                "database",
                &self.database_url.split("://").next().unwrap_or("?"),
            )
            .field("listen", &self.listen)
            .field("dev", &self.dev)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "[set]"))
            .field("allowed_origins", &self.allowed_origins)
            .field("token_minutes", &self.token_minutes)
            .field("static_dir", &self.static_dir)
            .field("daily_purge", &self.daily_purge)
            .field("daily_scans", &self.daily_scans)
            .field("workers", &self.workers)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_tls", &self.smtp_tls)
            .field("smtp_user", &self.smtp_user.as_ref().map(|_| "[set]"))
            .field(
                "smtp_password",
                &self.smtp_password.as_ref().map(|_| "[set]"),
            )
            .field("outbox_dir", &self.outbox_dir)
            .field("public_url", &self.public_url)
            .field("firm_name", &self.firm_name)
            .field("webhook_internal_targets", &self.webhook_internal_targets)
            .field("secrets_key", &self.secrets_key.as_ref().map(|_| "[set]"))
            .field("secrets_key_file", &self.secrets_key_file)
            .finish_non_exhaustive()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://klachten.db?mode=rwc".to_owned(),
            listen: "127.0.0.1:8080".to_owned(),
            dev: false,
            jwt_secret: None,
            allowed_origins: Vec::new(),
            token_minutes: 15,
            static_dir: "frontend/dist".into(),
            daily_purge: true,
            daily_scans: true,
            workers: 2,
            smtp_host: None,
            smtp_port: 587,
            smtp_tls: SmtpTls::StartTls,
            smtp_user: None,
            smtp_password: None,
            mail_from: "Klachten PerspectiefPlus <klachten@localhost>".to_owned(),
            outbox_dir: "outbox".into(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            firm_name: "PerspectiefPlus".to_owned(),
            firm_address: String::new(),
            firm_contact: String::new(),
            webhook_internal_targets: false,
            secrets_key: None,
            secrets_key_file: None,
        }
    }
}

/// An on/off setting.
fn switch(key: &str, value: &str) -> Result<bool, ConfigError> {
    match value {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError(format!("{key} must be 1 (on) or 0 (off)"))),
    }
}

/// A configuration problem, said so a person can fix it.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

impl Config {
    /// The server's secrets key, as [`crate::sealed::resolve`] finds it for this configuration.
    pub fn resolve_secrets_key(&self) -> Result<crate::sealed::SecretsKey, String> {
        crate::sealed::resolve(
            self.secrets_key.as_ref(),
            self.secrets_key_file.as_deref(),
            &self.database_url,
        )
    }

    /// Defaults, then the file named by `KLACHTEN_CONFIG` (if any), then the environment.
    pub fn load() -> Result<Self, ConfigError> {
        let mut values = BTreeMap::new();
        if let Ok(path) = std::env::var("KLACHTEN_CONFIG") {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| ConfigError(format!("cannot read {path}: {e}")))?;
            values.extend(parse_file(&text)?);
        }
        for key in [
            "DATABASE_URL",
            "KLACHTEN_LISTEN",
            "KLACHTEN_DEV",
            "KLACHTEN_JWT_SECRET",
            "KLACHTEN_ALLOWED_ORIGINS",
            "KLACHTEN_TOKEN_MINUTES",
            "KLACHTEN_STATIC_DIR",
            "KLACHTEN_DAILY_PURGE",
            "KLACHTEN_DAILY_SCANS",
            "KLACHTEN_WORKERS",
            "KLACHTEN_SMTP_HOST",
            "KLACHTEN_SMTP_PORT",
            "KLACHTEN_SMTP_TLS",
            "KLACHTEN_SMTP_USER",
            "KLACHTEN_SMTP_PASSWORD",
            "KLACHTEN_MAIL_FROM",
            "KLACHTEN_OUTBOX_DIR",
            "KLACHTEN_PUBLIC_URL",
            "KLACHTEN_FIRM_NAME",
            "KLACHTEN_FIRM_ADDRESS",
            "KLACHTEN_FIRM_CONTACT",
            "KLACHTEN_WEBHOOK_INTERNAL_TARGETS",
            "KLACHTEN_SECRETS_KEY",
        ] {
            if let Ok(value) = std::env::var(key) {
                values.insert(key.to_owned(), value);
            }
        }
        Self::from_values(&values)
    }

    /// Builds a configuration from `KEY = value` pairs over the defaults.
    pub fn from_values(values: &BTreeMap<String, String>) -> Result<Self, ConfigError> {
        let mut config = Self::default();
        for (key, value) in values {
            match key.as_str() {
                "DATABASE_URL" => config.database_url = value.clone(),
                "KLACHTEN_LISTEN" => config.listen = value.clone(),
                "KLACHTEN_DEV" => config.dev = matches!(value.as_str(), "1" | "true" | "yes"),
                "KLACHTEN_JWT_SECRET" => {
                    if value.len() < 32 {
                        return Err(ConfigError(
                            "KLACHTEN_JWT_SECRET must be at least 32 characters".into(),
                        ));
                    }
                    config.jwt_secret = Some(value.clone());
                }
                "KLACHTEN_ALLOWED_ORIGINS" => {
                    config.allowed_origins = value
                        .split(',')
                        .map(str::trim)
                        .filter(|o| !o.is_empty())
                        .map(str::to_owned)
                        .collect();
                }
                "KLACHTEN_TOKEN_MINUTES" => {
                    config.token_minutes = value
                        .parse()
                        .ok()
                        .filter(|m| (1..=60).contains(m))
                        .ok_or_else(|| {
                            ConfigError(
                                "KLACHTEN_TOKEN_MINUTES must be a whole number from 1 to 60".into(),
                            )
                        })?;
                }
                "KLACHTEN_STATIC_DIR" => config.static_dir = value.into(),
                "KLACHTEN_WORKERS" => {
                    config.workers = value.parse().ok().filter(|n| *n <= 16).ok_or_else(|| {
                        ConfigError("KLACHTEN_WORKERS must be a whole number from 0 to 16".into())
                    })?;
                }
                "KLACHTEN_SMTP_HOST" => {
                    config.smtp_host = Some(value.clone()).filter(|h| !h.trim().is_empty());
                }
                "KLACHTEN_SMTP_PORT" => {
                    config.smtp_port = value.parse().ok().filter(|p| *p > 0).ok_or_else(|| {
                        ConfigError("KLACHTEN_SMTP_PORT must be a port number".into())
                    })?;
                }
                "KLACHTEN_SMTP_TLS" => {
                    config.smtp_tls = match value.as_str() {
                        "starttls" => SmtpTls::StartTls,
                        "tls" => SmtpTls::Tls,
                        "none" => SmtpTls::None,
                        _ => {
                            return Err(ConfigError(
                                "KLACHTEN_SMTP_TLS must be starttls, tls or none".into(),
                            ));
                        }
                    };
                }
                "KLACHTEN_SMTP_USER" => config.smtp_user = Some(value.clone()),
                "KLACHTEN_SMTP_PASSWORD" => config.smtp_password = Some(value.clone()),
                "KLACHTEN_MAIL_FROM" => {
                    if value.parse::<lettre::message::Mailbox>().is_err() {
                        return Err(ConfigError(
                            "KLACHTEN_MAIL_FROM must be an address, e.g. Klachten <klachten@example.nl>"
                                .into(),
                        ));
                    }
                    config.mail_from = value.clone();
                }
                "KLACHTEN_OUTBOX_DIR" => config.outbox_dir = value.into(),
                "KLACHTEN_FIRM_NAME" => config.firm_name = value.clone(),
                "KLACHTEN_FIRM_ADDRESS" => config.firm_address = value.clone(),
                "KLACHTEN_FIRM_CONTACT" => config.firm_contact = value.clone(),
                "KLACHTEN_PUBLIC_URL" => {
                    config.public_url = value.trim_end_matches('/').to_owned();
                }
                "KLACHTEN_DAILY_PURGE" => config.daily_purge = switch(key, value)?,
                "KLACHTEN_DAILY_SCANS" => config.daily_scans = switch(key, value)?,
                "KLACHTEN_WEBHOOK_INTERNAL_TARGETS" => {
                    config.webhook_internal_targets = switch(key, value)?;
                }
                "KLACHTEN_SECRETS_KEY" => {
                    config.secrets_key = Some(value.parse().map_err(ConfigError)?);
                }
                "KLACHTEN_SECRETS_KEY_FILE" => config.secrets_key_file = Some(value.into()),
                other => return Err(ConfigError(format!("unknown setting {other}"))),
            }
        }
        Ok(config)
    }
}

/// Reads `KEY = "value"` lines; `#` starts a comment.
fn parse_file(text: &str) -> Result<BTreeMap<String, String>, ConfigError> {
    let mut values = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| ConfigError(format!("line {}: expected KEY = value", n + 1)))?;
        let value = value.trim().trim_matches('"');
        values.insert(key.trim().to_owned(), value.to_owned());
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_file_and_environment_layer_in_that_order() {
        let file = parse_file("# comment\nKLACHTEN_LISTEN = \"0.0.0.0:9000\"\nKLACHTEN_DEV = 1\n")
            .unwrap();
        let config = Config::from_values(&file).unwrap();
        assert_eq!(config.listen, "0.0.0.0:9000");
        assert!(config.dev);
        assert_eq!(config.database_url, "sqlite://klachten.db?mode=rwc");
        assert!(Config::from_values(&BTreeMap::from([("NOPE".into(), "1".into())])).is_err());
        assert!(
            Config::from_values(&BTreeMap::from([(
                "KLACHTEN_JWT_SECRET".into(),
                "short".into()
            )]))
            .is_err()
        );
        let key = |value: &str| {
            Config::from_values(&BTreeMap::from([(
                "KLACHTEN_SECRETS_KEY".into(),
                value.into(),
            )]))
        };
        assert!(key(&"0f".repeat(32)).is_ok_and(|c| c.secrets_key.is_some()));
        assert!(key("not-a-key").is_err_and(|e| e.0.contains("64 hexadecimal")));
    }

    #[test]
    fn debug_never_shows_the_secret_or_database_credentials() {
        let config = Config {
            jwt_secret: Some("s3cret-s3cret-s3cret-s3cret-s3cret".into()),
            database_url: "postgres://user:pw@localhost/db".into(),
            secrets_key: "ab".repeat(32).parse().ok(),
            ..Config::default()
        };
        let debug = format!("{config:?}");
        assert!(
            !debug.contains("s3cret") && !debug.contains("pw@") && !debug.contains("abab"),
            "{debug}"
        );
    }
}
