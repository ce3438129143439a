//! Identifiers and parsed values. Rule: parse, don't validate — a value of these types is valid
//! by construction, and the parse error says what a person must change.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An id this system hands out: 128 bits, written as a UUID (`Display`, `FromStr`), the same in
/// the database and on the wire. Each kind of id is its own type, so a letter's id cannot be
/// passed where a meeting's is expected.
pub trait Id: Copy + fmt::Display + FromStr<Err = ParseError> {
    /// What the id names, for a message such as "no letter with that id".
    const NOUN: &'static str;

    /// The id with these 128 bits.
    fn from_bits(bits: u128) -> Self;
}

/// The id types, each with its noun: `(Type, "noun", "doc")`.
macro_rules! ids {
    ($($(#[$doc:meta])* $id:ident = $noun:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $id(pub u128);

        /// Serialized as its text: a UUID, as on the wire and in the database.
        impl Serialize for $id {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $id {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl Id for $id {
            const NOUN: &'static str = $noun;

            fn from_bits(bits: u128) -> Self {
                Self(bits)
            }
        }

        impl fmt::Display for $id {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let hex = format!("{:032x}", self.0);
                write!(
                    f,
                    "{}-{}-{}-{}-{}",
                    &hex[..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..]
                )
            }
        }

        impl FromStr for $id {
            type Err = ParseError;

            /// Reads the hyphenated lower-case form (`0190a1b2-…`) and also the simple (32 hex
            /// digits), braced and `urn:uuid:` forms and upper case, ignoring surrounding blanks.
            fn from_str(text: &str) -> Result<Self, ParseError> {
                uuid_bits(text).map(Self).ok_or(ParseError::Id)
            }
        }
    )*};
}

ids! {
    /// A user of the product (medewerker, behandelaar, directie, FG, beheer).
    UserId = "user";
    /// An API client of a third-party system.
    ApiClientId = "API client";
    /// A complaint's internal identity (never shown to complainants; the [`Reference`] is).
    ComplaintId = "complaint";
    /// A measure or a proposed measure (maatregel).
    MeasureId = "measure";
    /// A directors' meeting (overleg).
    MeetingId = "meeting";
    /// An item on a meeting's agenda (agendapunt).
    AgendaItemId = "agenda item";
    /// A generated letter.
    LetterId = "letter";
    /// A webhook of an API client.
    WebhookId = "webhook";
    /// One delivery of an event to a webhook.
    DeliveryId = "delivery";
    /// A proposed change of a user's roles, waiting for a director.
    RoleRequestId = "role change proposal";
}

/// The 128 bits of a UUID written in one of the forms [`Id`] types read.
fn uuid_bits(text: &str) -> Option<u128> {
    let text = text.trim();
    let text = text
        .strip_prefix("urn:uuid:")
        .or_else(|| text.strip_prefix('{').and_then(|t| t.strip_suffix('}')))
        .unwrap_or(text);
    let hex: String = match text.len() {
        32 => text.to_owned(),
        36 => {
            let dashes = [8, 13, 18, 23];
            let well_placed = text
                .char_indices()
                .all(|(i, c)| (c == '-') == dashes.contains(&i));
            if !well_placed {
                return None;
            }
            text.chars().filter(|c| *c != '-').collect()
        }
        _ => return None,
    };
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(&hex, 16).ok()
}

/// Why a value could not be parsed. The message is written for the person who typed it, and
/// never repeats the value (it may be identifying).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// A complaint reference not of the form `KL-2026-0042`.
    #[error(
        "a complaint reference looks like KL-2026-0042: KL, the year, and a number of at least four digits"
    )]
    Reference,
    /// An e-mail address that is not one.
    #[error(
        "an e-mail address needs one @ with a name before it and a domain such as example.nl after it"
    )]
    Email,
    /// A phone number that is not a Dutch or international number.
    #[error(
        "a phone number needs 10 digits starting with 0 (06-12345678, 020-123 4567) or a country code (+31 6 1234 5678)"
    )]
    Phone,
    /// An id that is not one this system hands out.
    #[error("an id looks like 0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b, as the API returned it")]
    Id,
}

impl ParseError {
    /// The message in Dutch, for the app's users.
    pub const fn dutch(&self) -> &'static str {
        match self {
            Self::Reference => {
                "Een klachtnummer ziet eruit als KL-2026-0042: KL, het jaar en een nummer van \
                 minstens vier cijfers."
            }
            Self::Email => {
                "Een e-mailadres heeft één @, met een naam ervoor en een domein zoals \
                 voorbeeld.nl erna."
            }
            Self::Phone => {
                "Een telefoonnummer heeft 10 cijfers en begint met 0 (06-12345678, \
                 020-123 4567), of begint met een landcode (+31 6 1234 5678)."
            }
            Self::Id => "Dit id is niet een dat het systeem uitgeeft.",
        }
    }
}

/// Klachtnummer: `KL-<year>-<sequence>`, the sequence at least four digits (`KL-2026-0042`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Reference {
    year: i32,
    sequence: u32,
}

impl Reference {
    /// The reference for the `sequence`-th complaint received in `year`.
    pub fn new(year: i32, sequence: u32) -> Result<Self, ParseError> {
        if !(2000..=9999).contains(&year) || sequence == 0 {
            return Err(ParseError::Reference);
        }
        Ok(Self { year, sequence })
    }

    /// The year of receipt.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The sequence number within the year.
    pub const fn sequence(self) -> u32 {
        self.sequence
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KL-{}-{:04}", self.year, self.sequence)
    }
}

impl FromStr for Reference {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let mut parts = s.split('-');
        let (Some(prefix), Some(year), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ParseError::Reference);
        };
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if !prefix.eq_ignore_ascii_case("KL")
            || year.len() != 4
            || !digits(year)
            || seq.len() < 4
            || !digits(seq)
        {
            return Err(ParseError::Reference);
        }
        let year = year.parse().map_err(|_| ParseError::Reference)?;
        let sequence = seq.parse().map_err(|_| ParseError::Reference)?;
        Self::new(year, sequence)
    }
}

/// An e-mail address, trimmed, with the domain in lower case.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses an address (`local@domain.tld`), without further guesses about deliverability.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        let (local, domain) = s.rsplit_once('@').ok_or(ParseError::Email)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && !local.chars().any(|c| c.is_whitespace() || c.is_control());
        if !domain_ok || !local_ok || s.len() > 254 {
            return Err(ParseError::Email);
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to recognise the same person: the whole address in lower case.
    pub fn comparable(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Even a stray Debug of an address reveals nothing.
        f.write_str("EmailAddress([redacted])")
    }
}

/// A phone number as typed, with its national form (`0612345678`) for comparison.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber {
    typed: String,
    national: String,
}

impl PhoneNumber {
    /// Parses a Dutch number in its common written forms (`06-12345678`, `020-123 4567`,
    /// `+31 6 1234 5678`, `0031 20 1234567`, `+31 (0)6 12345678`), or another international
    /// number written with `+` or `00`.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let typed = input.trim();
        let allowed = |c: char| c.is_ascii_digit() || " -–./()+".contains(c);
        if typed.is_empty() || !typed.chars().all(allowed) {
            return Err(ParseError::Phone);
        }
        let national = national_form(typed).ok_or(ParseError::Phone)?;
        Ok(Self {
            typed: typed.to_owned(),
            national,
        })
    }

    /// The number as it was typed.
    pub fn as_str(&self) -> &str {
        &self.typed
    }

    /// The form used to recognise the same number however it was written: `0612345678` for Dutch
    /// numbers, `+<digits>` for others.
    pub fn comparable(&self) -> &str {
        &self.national
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PhoneNumber([redacted])")
    }
}

/// The national form of a written phone number, or `None` if it is not one. Shared with the
/// redactor, which must recognise exactly what the parser accepts.
pub(crate) fn national_form(written: &str) -> Option<String> {
    let plus = written.trim_start().starts_with('+');
    // "+31 (0)6": the bracketed 0 is the trunk prefix that is dropped after a country code.
    let without_trunk = written.replace("(0)", "");
    let digits: String = without_trunk.chars().filter(char::is_ascii_digit).collect();
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    match international {
        Some(rest) => {
            if let Some(dutch) = rest.strip_prefix("31") {
                (dutch.len() == 9 && !dutch.starts_with('0')).then(|| format!("0{dutch}"))
            } else {
                (8..=15).contains(&rest.len()).then(|| format!("+{rest}"))
            }
        }
        None => (digits.len() == 10 && digits.starts_with('0') && !digits.starts_with("00"))
            .then_some(digits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parse_error_reads_as_one_dutch_sentence_that_never_repeats_the_input() {
        for (error, starts) in [
            (ParseError::Reference, "Een klachtnummer"),
            (ParseError::Email, "Een e-mailadres"),
            (ParseError::Phone, "Een telefoonnummer"),
            (ParseError::Id, "Dit id"),
        ] {
            let dutch = error.dutch();
            assert!(dutch.starts_with(starts) && dutch.ends_with('.'), "{dutch}");
            assert_ne!(dutch, error.to_string());
        }
    }

    #[test]
    fn ids_are_written_as_uuids_and_read_in_every_uuid_form() {
        let id = ComplaintId(0x0190_a1b2_3c4d_7e5f_8a9b_0c1d_2e3f_4a5b);
        let text = "0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b";
        assert_eq!(id.to_string(), text);
        for form in [
            text,
            " 0190A1B2-3C4D-7E5F-8A9B-0C1D2E3F4A5B ",
            "0190a1b23c4d7e5f8a9b0c1d2e3f4a5b",
            "{0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b}",
            "urn:uuid:0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b",
        ] {
            assert_eq!(form.parse::<ComplaintId>(), Ok(id), "{form}");
        }
        assert_eq!(
            UserId(0).to_string(),
            "00000000-0000-0000-0000-000000000000"
        );
        for bad in [
            "",
            "KL-2026-0042",
            "0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5",
            "0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5bb",
            "0190a1b23-c4d-7e5f-8a9b-0c1d2e3f4a5b",
            "0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5g",
            "+190a1b23c4d7e5f8a9b0c1d2e3f4a5b",
            "0190a1b2\u{e9}3c4d-7e5f-8a9b-0c1d2e3f4a5",
        ] {
            assert_eq!(bad.parse::<UserId>(), Err(ParseError::Id), "{bad}");
        }
    }

    #[test]
    fn ids_serialize_as_their_text() {
        let id = LetterId(0x0190_a1b2_3c4d_7e5f_8a9b_0c1d_2e3f_4a5b);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b\"");
        assert_eq!(serde_json::from_str::<LetterId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<LetterId>("\"KL-2026-0042\"").is_err());
    }

    proptest::proptest! {
        #[test]
        fn every_id_reads_back_as_written(bits: u128) {
            let written = ApiClientId(bits).to_string();
            proptest::prop_assert_eq!(written.parse::<ApiClientId>(), Ok(ApiClientId(bits)));
            proptest::prop_assert_eq!(written.to_uppercase().parse::<ApiClientId>(), Ok(ApiClientId(bits)));
        }
    }

    #[test]
    fn references_round_trip() {
        let r: Reference = "KL-2026-0042".parse().unwrap();
        assert_eq!(r.to_string(), "KL-2026-0042");
        assert_eq!((r.year(), r.sequence()), (2026, 42));
        assert_eq!(
            Reference::new(2026, 12345).unwrap().to_string(),
            "KL-2026-12345"
        );
        assert_eq!("kl-2026-0042".parse::<Reference>().unwrap(), r);
        for bad in [
            "",
            "KL-2026-42",
            "KL-26-0042",
            "XX-2026-0042",
            "KL-2026-0000",
            "KL-2026-00a1",
            "KL-2026-0042-1",
        ] {
            assert_eq!(
                bad.parse::<Reference>(),
                Err(ParseError::Reference),
                "{bad}"
            );
        }
    }

    #[test]
    fn email_addresses_parse_and_compare() {
        let e = EmailAddress::parse(" Piet.Jansen@Example.NL ").unwrap();
        assert_eq!(e.as_str(), "Piet.Jansen@example.nl");
        assert_eq!(e.comparable(), "piet.jansen@example.nl");
        for bad in [
            "",
            "piet",
            "piet@",
            "@example.nl",
            "piet@example",
            "piet jansen@example.nl",
            "piet@exa..mple.nl",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
        assert!(!format!("{e:?}").contains("Jansen"));
    }

    #[test]
    fn dutch_phone_numbers_in_their_common_forms_compare_equal() {
        let forms = [
            "06-12345678",
            "0612345678",
            "06 1234 5678",
            "+31 6 1234 5678",
            "+31612345678",
            "0031 6 12345678",
            "+31 (0)6 12345678",
            "06 – 12 34 56 78",
        ];
        for form in forms {
            assert_eq!(
                PhoneNumber::parse(form).unwrap().comparable(),
                "0612345678",
                "{form}"
            );
        }
        assert_eq!(
            PhoneNumber::parse("020-123 4567").unwrap().comparable(),
            "0201234567"
        );
        assert_eq!(
            PhoneNumber::parse("+32 2 123 45 67").unwrap().comparable(),
            "+3221234567"
        );
        for bad in [
            "",
            "12345",
            "06-1234567",
            "06-123456789",
            "bel me",
            "+31 06 12345678 9",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
