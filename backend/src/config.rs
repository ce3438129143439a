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
            .finish()
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
        }
    }
}

/// A configuration problem, said so a person can fix it.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

impl Config {
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
                "KLACHTEN_DAILY_PURGE" => {
                    config.daily_purge = match value.as_str() {
                        "1" | "true" | "yes" => true,
                        "0" | "false" | "no" => false,
                        _ => {
                            return Err(ConfigError(
                                "KLACHTEN_DAILY_PURGE must be 1 (on) or 0 (off)".into(),
                            ));
                        }
                    };
                }
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
    }

    #[test]
    fn debug_never_shows_the_secret_or_database_credentials() {
        let config = Config {
            jwt_secret: Some("s3cret-s3cret-s3cret-s3cret-s3cret".into()),
            database_url: "postgres://user:pw@localhost/db".into(),
            ..Config::default()
        };
        let debug = format!("{config:?}");
        assert!(
            !debug.contains("s3cret") && !debug.contains("pw@"),
            "{debug}"
        );
    }
}
