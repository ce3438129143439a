//! Authentication: argon2id password hashes and short-lived JWT access tokens. Rule: one
//! algorithm (HS256), `exp`/`nbf`/`iat`/`iss`/`aud`/`sub` required, the user's token version
//! in every token so a logout, deactivation or role change revokes at once, and the signing
//! key's id (`kid`) in every header: a token is checked with the key it names, so keys can be
//! rotated with an overlap (`token_keys`).

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

/// One token signing key.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey {
    /// Its id, in the header of every token it signs.
    pub kid: String,
    /// The secret.
    pub secret: Vec<u8>,
    /// From when new tokens are signed with it (the newest active key signs).
    pub active_from: DateTime<Utc>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({}, from {})", self.kid, self.active_from)
    }
}

/// The key id of a secret given in the environment (`KLACHTEN_JWT_SECRET`): derived from it,
/// so every replica names it alike, without revealing it.
pub fn env_key_id(secret: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(secret);
    format!("env-{}", hex::encode(&digest[..6]))
}

struct Ring {
    keys: Vec<(SigningKey, EncodingKey, DecodingKey)>,
}

/// Signs and checks access tokens with the current key ring.
#[derive(Clone)]
pub struct Tokens {
    ring: std::sync::Arc<std::sync::RwLock<Ring>>,
    lifetime: Duration,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens([keys])")
    }
}

impl Tokens {
    /// Tokens signed with `keys`; they live `minutes`.
    pub fn new(keys: Vec<SigningKey>, minutes: i64) -> Self {
        let tokens = Self {
            ring: std::sync::Arc::new(std::sync::RwLock::new(Ring { keys: Vec::new() })),
            lifetime: Duration::minutes(minutes),
        };
        tokens.replace(keys);
        tokens
    }

    /// Replaces the key ring (after a rotation).
    pub fn replace(&self, keys: Vec<SigningKey>) {
        let keys = keys
            .into_iter()
            .map(|k| {
                let encoding = EncodingKey::from_secret(&k.secret);
                let decoding = DecodingKey::from_secret(&k.secret);
                (k, encoding, decoding)
            })
            .collect();
        self.ring
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .keys = keys;
    }

    /// The id of the key that signs at `now`.
    pub fn signing_kid(&self, now: DateTime<Utc>) -> Option<String> {
        let ring = self
            .ring
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        signing(&ring, now).map(|(k, _, _)| k.kid.clone())
    }

    /// How long a token lives.
    pub const fn lifetime(&self) -> Duration {
        self.lifetime
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
        let ring = self
            .ring
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (key, encoding, _) =
            signing(&ring, now).ok_or(jsonwebtoken::errors::ErrorKind::InvalidKeyFormat)?;
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(key.kid.clone());
        let token = jsonwebtoken::encode(&header, &claims, encoding)?;
        Ok((token, expires))
    }

    /// The claims of a valid access token at `now`, or `None`: signed with the key its header
    /// names, which must be in the ring.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<Claims> {
        let kid = jsonwebtoken::decode_header(token).ok()?.kid?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        // Time comes from the injected clock, not the library's: check exp/nbf ourselves.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let claims = {
            let ring = self
                .ring
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let (key, _, decoding) = ring.keys.iter().find(|(k, _, _)| k.kid == kid)?;
            let claims = jsonwebtoken::decode::<Claims>(token, decoding, &validation)
                .ok()?
                .claims;
            // A key that was superseded only vouches for tokens issued before its successor
            // took over: a leaked old key mints nothing new after a rotation.
            let superseded = ring
                .keys
                .iter()
                .map(|(k, _, _)| k.active_from)
                .filter(|from| *from > key.active_from && *from <= now)
                .min();
            if superseded.is_some_and(|from| claims.iat > from.timestamp()) {
                return None;
            }
            claims
        };
        let leeway = i64::try_from(LEEWAY_SECONDS).unwrap_or(5);
        let t = now.timestamp();
        (claims.typ == "access"
            && claims.exp + leeway > t
            && claims.nbf - leeway <= t
            && claims.iat - leeway <= t)
            .then_some(claims)
    }
}

/// The key that signs at `now`: the newest already active, else the oldest.
fn signing(ring: &Ring, now: DateTime<Utc>) -> Option<&(SigningKey, EncodingKey, DecodingKey)> {
    ring.keys
        .iter()
        .filter(|(k, _, _)| k.active_from <= now)
        .max_by_key(|(k, _, _)| k.active_from)
        .or_else(|| ring.keys.iter().min_by_key(|(k, _, _)| k.active_from))
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

    fn key(kid: &str, secret: &[u8], from: DateTime<Utc>) -> SigningKey {
        SigningKey {
            kid: kid.to_owned(),
            secret: secret.to_vec(),
            active_from: from,
        }
    }

    fn single(secret: &[u8]) -> Tokens {
        Tokens::new(vec![key("k1", secret, DateTime::UNIX_EPOCH)], 15)
    }

    #[test]
    fn a_rotated_key_signs_after_the_overlap_and_the_old_one_verifies_until_it_is_dropped() {
        let old = key(
            "old",
            b"0123456789abcdef0123456789abcdef",
            DateTime::UNIX_EPOCH,
        );
        let new = key(
            "new",
            b"fedcba9876543210fedcba9876543210",
            now() + Duration::minutes(2),
        );
        let tokens = Tokens::new(vec![old.clone(), new.clone()], 15);
        let (before, _) = tokens.issue("u1", 1, now()).unwrap();
        assert_eq!(
            jsonwebtoken::decode_header(&before).unwrap().kid.as_deref(),
            Some("old")
        );
        let later = now() + Duration::minutes(3);
        let (after, _) = tokens.issue("u1", 1, later).unwrap();
        assert_eq!(
            jsonwebtoken::decode_header(&after).unwrap().kid.as_deref(),
            Some("new")
        );
        assert!(
            tokens.verify(&before, later).is_some(),
            "the old key still verifies"
        );
        assert!(tokens.verify(&after, later).is_some());
        // The old key, once superseded, vouches for nothing issued after the takeover.
        let mut forged_claims = tokens.verify(&before, later).unwrap();
        forged_claims.iat = later.timestamp();
        forged_claims.nbf = later.timestamp();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("old".to_owned());
        let forged = jsonwebtoken::encode(
            &header,
            &forged_claims,
            &EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef"),
        )
        .unwrap();
        assert!(
            tokens.verify(&forged, later).is_none(),
            "minted after the rotation"
        );
        tokens.replace(vec![new]);
        assert!(
            tokens.verify(&before, later).is_none(),
            "dropped, its tokens end"
        );
        assert!(tokens.verify(&after, later).is_some());
        // A token without a key id, or naming an unknown key, is refused.
        let claims = tokens.verify(&after, later).unwrap();
        let bare = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(b"fedcba9876543210fedcba9876543210"),
        )
        .unwrap();
        assert!(tokens.verify(&bare, later).is_none());
    }

    #[test]
    fn a_token_verifies_until_it_expires() {
        let tokens = single(b"0123456789abcdef0123456789abcdef");
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
            single(b"another-secret-another-secret-!!")
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
