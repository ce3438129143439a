//! Authentication: argon2id password hashes and short-lived JWT access tokens. Rule: one
//! algorithm (HS256), `exp`/`nbf`/`iat`/`iss`/`aud`/`sub` required, and the user's token version
//! in every token so a logout, deactivation or role change revokes at once.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

/// Who issues the tokens.
pub const ISSUER: &str = "klachten";
/// Who the access tokens are for.
pub const AUDIENCE: &str = "klachten-api";
/// Seconds of clock difference tolerated.
pub const LEEWAY_SECONDS: u64 = 5;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Not before.
    pub nbf: i64,
    /// Issued at.
    pub iat: i64,
    /// The user's token version when issued.
    pub tv: i32,
    /// The token kind: always `access` for these.
    pub typ: String,
}

/// Signs and checks access tokens.
#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    lifetime: Duration,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens([secret])")
    }
}

impl Tokens {
    /// Keys from `secret`; tokens live `minutes`.
    pub fn new(secret: &[u8], minutes: i64) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            lifetime: Duration::minutes(minutes),
        }
    }

    /// An access token for `user_id` with token version `tv`, issued at `now`.
    pub fn issue(
        &self,
        user_id: &str,
        tv: i32,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>), jsonwebtoken::errors::Error> {
        let expires = now + self.lifetime;
        let claims = Claims {
            sub: user_id.to_owned(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            exp: expires.timestamp(),
            nbf: now.timestamp(),
            iat: now.timestamp(),
            tv,
            typ: "access".to_owned(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, expires))
    }

    /// The claims of a valid access token at `now`, or `None`.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS;
        // Time comes from the injected clock, not the library's: check exp/nbf ourselves.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        let leeway = i64::try_from(LEEWAY_SECONDS).unwrap_or(5);
        let t = now.timestamp();
        (claims.typ == "access"
            && claims.exp + leeway > t
            && claims.nbf - leeway <= t
            && claims.iat - leeway <= t)
            .then_some(claims)
    }
}

/// An argon2id hash of `password`, with a random salt.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    Ok(Argon2::default()
        .hash_password(password.as_bytes())?
        .to_string())
}

/// Whether `password` matches `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash to verify against when the account does not exist, so that the response time does
/// not tell whether it does.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no such account").unwrap_or_default())
}

/// A new random signing secret (two random UUIDs: 244 random bits), hex-encoded.
pub fn generate_secret() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Counts failed logins per account and per address in a sliding window.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

/// Failed attempts per account before a pause.
pub const MAX_FAILURES_PER_ACCOUNT: usize = 5;
/// Failed attempts per address before a pause.
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
/// The window and the pause.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

impl LoginLimiter {
    /// When logging in is blocked for this account or address, the time it may be tried again.
    pub fn blocked_until(
        &self,
        account: &str,
        address: &str,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let window = Duration::minutes(FAILURE_WINDOW_MINUTES);
        let mut until = None;
        for (key, max) in [
            (format!("a:{account}"), MAX_FAILURES_PER_ACCOUNT),
            (format!("i:{address}"), MAX_FAILURES_PER_ADDRESS),
        ] {
            let list = failures.entry(key).or_default();
            list.retain(|t| *t + window > now);
            if list.len() >= max {
                let retry = list.first().map(|t| *t + window);
                until = until.max(retry);
            }
        }
        until
    }

    /// Records a failed attempt.
    pub fn failed(&self, account: &str, address: &str, now: DateTime<Utc>) {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        failures
            .entry(format!("a:{account}"))
            .or_default()
            .push(now);
        failures
            .entry(format!("i:{address}"))
            .or_default()
            .push(now);
    }

    /// Forgets the account's failures after a successful login.
    pub fn succeeded(&self, account: &str) {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        failures.remove(&format!("a:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-23T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_token_verifies_until_it_expires() {
        let tokens = Tokens::new(b"0123456789abcdef0123456789abcdef", 15);
        let (token, expires) = tokens.issue("u1", 3, now()).unwrap();
        let claims = tokens.verify(&token, now()).unwrap();
        assert_eq!((claims.sub.as_str(), claims.tv), ("u1", 3));
        assert!(
            tokens
                .verify(&token, expires + Duration::seconds(6))
                .is_none()
        );
        assert!(
            tokens
                .verify(&token, now() - Duration::minutes(1))
                .is_none(),
            "not before issue"
        );
        assert!(
            Tokens::new(b"another-secret-another-secret-!!", 15)
                .verify(&token, now())
                .is_none()
        );
    }

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("demo-handler").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("demo-handler", &hash));
        assert!(!verify_password("demo-handlers", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn five_failures_block_the_account_for_a_while() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert_eq!(limiter.blocked_until("a@x.nl", "1.2.3.4", now()), None);
            limiter.failed("a@x.nl", "1.2.3.4", now());
        }
        assert_eq!(
            limiter.blocked_until("a@x.nl", "1.2.3.4", now()),
            Some(now() + Duration::minutes(15))
        );
        assert_eq!(
            limiter.blocked_until("a@x.nl", "1.2.3.4", now() + Duration::minutes(16)),
            None
        );
        assert_eq!(limiter.blocked_until("b@x.nl", "5.6.7.8", now()), None);
    }
}
