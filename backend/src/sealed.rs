//! Secrets the server must read back — webhook signing secrets — sealed at rest with a key kept
//! outside the database (`KLACHTEN_SECRETS_KEY`), so a copy of the database or of a backup alone
//! does not let anyone sign as Klachten. ChaCha20-Poly1305 (ring), a fresh random nonce per
//! value; a sealed value reads `sealed:v1:<nonce>:<ciphertext and tag>` (base64).
//!
//! The key comes from `KLACHTEN_SECRETS_KEY`; without it, on SQLite, from a key file beside the
//! database (created on first start, readable by the server's user only), so the server always
//! has one ([`resolve`]); PostgreSQL, where replicas must share it, requires the variable. Values
//! stored before there was a key are sealed on start ([`seal_stored`]). Other secrets outside the
//! database (the audit chain's key) are derived from it, one per purpose ([`SecretsKey::derive`]).

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use sea_orm::{ConnectionTrait, DbErr};

/// How a sealed value starts.
pub const PREFIX: &str = "sealed:v1:";

/// The key: 32 bytes, given as 64 hexadecimal characters. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretsKey([u8; 32]);

impl std::fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretsKey([redacted])")
    }
}

impl std::str::FromStr for SecretsKey {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bytes = hex::decode(text.trim()).ok();
        bytes
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .map(Self)
            .ok_or_else(|| {
                "KLACHTEN_SECRETS_KEY must be 64 hexadecimal characters (32 random bytes, \
                 e.g. from `openssl rand -hex 32`)"
                    .to_owned()
            })
    }
}

impl SecretsKey {
    /// A new random key.
    pub fn generate() -> Self {
        Self(random_bytes())
    }

    /// A key for one purpose, derived from this one (HMAC-SHA-256 of `purpose`): one secret
    /// outside the database keys every use, and no use can compute another's key.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &self.0);
        let tag = ring::hmac::sign(&key, purpose.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(tag.as_ref());
        out
    }

    fn aead(&self) -> LessSafeKey {
        #[expect(
            clippy::expect_used,
            reason = "a 32-byte key always fits ChaCha20-Poly1305"
        )]
        let key = UnboundKey::new(&CHACHA20_POLY1305, &self.0).expect("a 32-byte key");
        LessSafeKey::new(key)
    }
}

/// 32 bytes from the system's random source.
pub fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    #[expect(
        clippy::expect_used,
        reason = "the system's random source failing is not something to carry on from"
    )]
    SystemRandom::new()
        .fill(&mut bytes)
        .expect("the system's random source");
    bytes
}

/// The server's secrets key: `KLACHTEN_SECRETS_KEY` when set; otherwise, on SQLite, the key
/// file (`KLACHTEN_SECRETS_KEY_FILE`, by default the database file's name ending in `.key`),
/// created on first use; for an in-memory database a key for this run. On PostgreSQL the
/// variable is required: every replica needs the same key, and the database must not hold it.
pub fn resolve(
    configured: Option<&SecretsKey>,
    key_file: Option<&std::path::Path>,
    database_url: &str,
) -> Result<SecretsKey, String> {
    if let Some(key) = configured {
        return Ok(key.clone());
    }
    let file = match key_file {
        Some(file) => file.to_path_buf(),
        None => {
            if database_url.starts_with("postgres") {
                return Err(
                    "KLACHTEN_SECRETS_KEY is required with PostgreSQL: 64 hexadecimal \
                     characters (`openssl rand -hex 32`), the same for every replica, kept \
                     outside the database and its backups"
                        .to_owned(),
                );
            }
            match sqlite_file(database_url) {
                Some(db) => db.with_extension("key"),
                None => return Ok(SecretsKey::generate()),
            }
        }
    };
    match std::fs::read_to_string(&file) {
        Ok(text) => text
            .parse()
            .map_err(|e: String| format!("{}: {e}", file.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = SecretsKey::generate();
            write_private(&file, &hex::encode(key.0)).map_err(|e| {
                format!(
                    "the secrets key file {} cannot be created ({e}); set KLACHTEN_SECRETS_KEY",
                    file.display()
                )
            })?;
            tracing::info!(file = %file.display(), "a new secrets key was written; keep it with the database's backups, not in them");
            Ok(key)
        }
        Err(e) => Err(format!(
            "the secrets key file {} cannot be read: {e}",
            file.display()
        )),
    }
}

/// The file of a SQLite database URL; `None` for an in-memory one.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    (!path.is_empty() && path != ":memory:" && !query.contains("mode=memory")).then(|| path.into())
}

/// Writes `text` to a new file only the owner may read.
fn write_private(file: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(file)?;
    out.write_all(text.as_bytes())?;
    out.sync_all()
}

/// Why a stored secret cannot be read; a stable code for the delivery log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Sealed, but the server has no key.
    KeyMissing,
    /// Sealed with another key, or altered.
    WrongKey,
}

impl Unreadable {
    /// The code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::KeyMissing => "SECRET_KEY_MISSING",
            Self::WrongKey => "SECRET_UNREADABLE",
        }
    }
}

/// `plain` as it is to be stored: sealed under `key`, or as it is without one.
pub fn seal(key: Option<&SecretsKey>, plain: &str) -> String {
    let Some(key) = key else {
        return plain.to_owned();
    };
    let mut nonce = [0u8; NONCE_LEN];
    #[expect(
        clippy::expect_used,
        reason = "the system's random source failing is not something to carry on from"
    )]
    SystemRandom::new()
        .fill(&mut nonce)
        .expect("the system's random source");
    let mut sealed = plain.as_bytes().to_vec();
    #[expect(
        clippy::expect_used,
        reason = "sealing fails only for inputs of gigabytes"
    )]
    key.aead()
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(PREFIX),
            &mut sealed,
        )
        .expect("sealing a short secret");
    format!(
        "{PREFIX}{}:{}",
        STANDARD_NO_PAD.encode(nonce),
        STANDARD_NO_PAD.encode(sealed)
    )
}

/// The secret behind a stored value (sealed or not).
pub fn open(key: Option<&SecretsKey>, stored: &str) -> Result<String, Unreadable> {
    let Some(rest) = stored.strip_prefix(PREFIX) else {
        return Ok(stored.to_owned());
    };
    let key = key.ok_or(Unreadable::KeyMissing)?;
    let (nonce, sealed) = rest.split_once(':').ok_or(Unreadable::WrongKey)?;
    let nonce = STANDARD_NO_PAD
        .decode(nonce)
        .ok()
        .and_then(|n| <[u8; NONCE_LEN]>::try_from(n).ok())
        .ok_or(Unreadable::WrongKey)?;
    let mut sealed = STANDARD_NO_PAD
        .decode(sealed)
        .map_err(|_| Unreadable::WrongKey)?;
    let plain = key
        .aead()
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(PREFIX),
            &mut sealed,
        )
        .map_err(|_| Unreadable::WrongKey)?;
    String::from_utf8(plain.to_vec()).map_err(|_| Unreadable::WrongKey)
}

/// Whether a stored value is sealed.
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

/// On start: with a key, seals every webhook secret stored before there was one; without a
/// key, counts the sealed ones (which cannot be used). Returns (sealed now, unreadable).
pub async fn seal_stored(
    db: &impl ConnectionTrait,
    key: Option<&SecretsKey>,
) -> Result<(usize, usize), DbErr> {
    let (mut sealed, mut unreadable) = (0, 0);
    for mut hook in crate::db::webhooks::all(db, None).await? {
        let Some(key) = key else {
            if is_sealed(&hook.secret) {
                unreadable += 1;
            }
            continue;
        };
        let plain_current = !is_sealed(&hook.secret);
        let plain_previous = hook
            .previous_secret
            .as_deref()
            .is_some_and(|p| !is_sealed(p));
        if !plain_current && !plain_previous {
            continue;
        }
        if plain_current {
            hook.secret = seal(Some(key), &hook.secret);
        }
        if plain_previous {
            hook.previous_secret = hook.previous_secret.as_deref().map(|p| seal(Some(key), p));
        }
        crate::db::webhooks::save(db, &hook).await?;
        sealed += 1;
    }
    Ok((sealed, unreadable))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SecretsKey {
        SecretsKey([byte; 32])
    }

    #[test]
    fn a_sealed_secret_opens_with_its_key_only() {
        let secret = "whsec_0123456789abcdef";
        let stored = seal(Some(&key(7)), secret);
        assert!(stored.starts_with(PREFIX), "{stored}");
        assert!(!stored.contains(secret));
        assert_eq!(open(Some(&key(7)), &stored), Ok(secret.to_owned()));
        assert_eq!(open(Some(&key(8)), &stored), Err(Unreadable::WrongKey));
        assert_eq!(open(None, &stored), Err(Unreadable::KeyMissing));
        // A fresh nonce each time: the same secret never looks the same twice.
        assert_ne!(seal(Some(&key(7)), secret), stored);
        // Without a key nothing is sealed, and plain values read as they are.
        assert_eq!(seal(None, secret), secret);
        assert_eq!(open(Some(&key(7)), secret), Ok(secret.to_owned()));
    }

    #[test]
    fn an_altered_sealed_value_is_refused() {
        let stored = seal(Some(&key(1)), "whsec_abc");
        let (head, body) = stored.rsplit_once(':').unwrap_or_default();
        let mut bytes = STANDARD_NO_PAD.decode(body).unwrap_or_default();
        bytes[0] ^= 1;
        let altered = format!("{head}:{}", STANDARD_NO_PAD.encode(bytes));
        assert_eq!(open(Some(&key(1)), &altered), Err(Unreadable::WrongKey));
        assert_eq!(
            open(Some(&key(1)), "sealed:v1:nonsense"),
            Err(Unreadable::WrongKey)
        );
    }

    #[test]
    fn postgres_needs_the_key_and_sqlite_keeps_it_in_a_file_beside_the_database() {
        let refused = resolve(None, None, "postgres://postgres@127.0.0.1/k").unwrap_err();
        assert!(
            refused.contains("KLACHTEN_SECRETS_KEY is required"),
            "{refused}"
        );
        let dir = std::env::temp_dir().join(format!("klachten-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let db = dir.join("k.db");
        let lite = format!("sqlite://{}?mode=rwc", db.display());
        let first = resolve(None, None, &lite).unwrap_or_else(|e| panic!("{e}"));
        assert!(dir.join("k.key").exists());
        assert_eq!(
            resolve(None, None, &lite).ok(),
            Some(first.clone()),
            "read back, not made anew"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.join("k.key")).map(|m| m.permissions().mode());
            assert_eq!(mode.unwrap_or(0) & 0o077, 0, "only the owner reads it");
        }
        assert_ne!(first.derive("a"), first.derive("b"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("sqlite://x.db?mode=rwc"), Some("x.db".into()));
    }

    #[test]
    fn the_key_is_64_hex_characters_and_never_shown() {
        let key: SecretsKey = "ab"
            .repeat(32)
            .parse()
            .unwrap_or_else(|e: String| panic!("{e}"));
        assert_eq!(format!("{key:?}"), "SecretsKey([redacted])");
        for bad in ["", "abc", &"zz".repeat(32), &"ab".repeat(33)] {
            let refused = bad.parse::<SecretsKey>().unwrap_err();
            assert!(refused.contains("64 hexadecimal"), "{refused}");
        }
    }
}
