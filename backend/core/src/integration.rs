//! Third-party integrations (API clients). Rule: an API client acts as `INTEGRATION` and sees
//! anonymised views only (the policy sees to that); what it may ask is the scopes an admin gave
//! it; its key is shown once and kept only as a hash; and it pays for what it asks — one unit per
//! operation and one per object returned — from a budget that refills every minute.

use serde::{Deserialize, Serialize};

/// What an API client may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// Read complaints, anonymised.
    ReadComplaints,
    /// Read the statistics (small counts suppressed).
    ReadStatistics,
    /// Read published agendas.
    ReadAgendas,
    /// Read measures and improvement proposals, redacted.
    ReadMeasures,
    /// Move a measure's status (one of the two changes an integration may be given).
    UpdateMeasureStatus,
    /// Subscribe to events with webhooks and read their delivery log (the other change).
    ManageWebhooks,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Self; 6] = [
        Self::ReadComplaints,
        Self::ReadStatistics,
        Self::ReadAgendas,
        Self::ReadMeasures,
        Self::UpdateMeasureStatus,
        Self::ManageWebhooks,
    ];
}

/// An event a webhook can be told of. Rule: a client is told only what it may read, so every
/// event needs the read scope of what its payload shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WebhookEvent {
    /// A complaint was registered.
    ComplaintRegistered,
    /// A complaint moved to another status.
    ComplaintStatusChanged,
    /// A clock of a complaint ran out (found by the daily scan).
    ClockLate,
    /// A measure or improvement proposal was finished.
    MeasureDone,
    /// A test delivery asked for by hand; every webhook receives it when asked.
    Ping,
}

impl WebhookEvent {
    /// The events a webhook can subscribe to.
    pub const SUBSCRIBABLE: [Self; 4] = [
        Self::ComplaintRegistered,
        Self::ComplaintStatusChanged,
        Self::ClockLate,
        Self::MeasureDone,
    ];

    /// The scope a client needs to be told of this event.
    pub const fn scope(self) -> Option<Scope> {
        match self {
            Self::ComplaintRegistered | Self::ComplaintStatusChanged | Self::ClockLate => {
                Some(Scope::ReadComplaints)
            }
            Self::MeasureDone => Some(Scope::ReadMeasures),
            Self::Ping => None,
        }
    }

    /// May a client with `scopes` be told of this event?
    pub fn allowed_for(self, scopes: &[Scope]) -> bool {
        self.scope().is_none_or(|s| scopes.contains(&s))
    }
}

/// How many webhooks one client may have.
pub const MAX_WEBHOOKS_PER_CLIENT: usize = 10;

/// A webhook whose receiver keeps failing is switched off by itself: at least this many of its
/// deliveries in a row ended failed (every attempt used) ...
pub const SWITCH_OFF_FAILURES: usize = 5;
/// ... and the first of them was made at least this many days ago. A brief outage (a weekend's
/// maintenance) does not trip it; a receiver that is gone stops costing attempts and log rows.
pub const SWITCH_OFF_DAYS: i64 = 3;

/// A delivery that has ended: whether it got through, and when it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndedDelivery {
    /// It was delivered (a 2xx answer); otherwise it failed.
    pub delivered: bool,
    /// When the event was queued.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Whether a webhook is to be switched off at `now`, given its ended deliveries, newest first
/// (see [`SWITCH_OFF_FAILURES`] and [`SWITCH_OFF_DAYS`]). One delivery that got through ends
/// the run of failures.
pub fn switch_off_due(ended: &[EndedDelivery], now: chrono::DateTime<chrono::Utc>) -> bool {
    let failures = ended.iter().take_while(|d| !d.delivered).count();
    failures >= SWITCH_OFF_FAILURES
        && ended[failures - 1].created_at <= now - chrono::Duration::days(SWITCH_OFF_DAYS)
}

/// Is `ip` an address a webhook may never be sent to unless the operator allows it: this
/// machine, the private network, link-local (cloud metadata), shared, multicast and reserved
/// addresses. A webhook URL is chosen by a third party; without this rule it could make the
/// server reach inside the firm's network.
pub fn internal_address(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                // Shared address space (carrier-grade NAT), 100.64.0.0/10.
                || (a == 100 && (64..128).contains(&b))
                // Benchmarking, 198.18.0.0/15.
                || (a == 198 && (b == 18 || b == 19))
                // Reserved, 240.0.0.0/4.
                || a >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return internal_address(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // Unique local, fc00::/7.
                || (first & 0xfe00) == 0xfc00
                // Link-local, fe80::/10.
                || (first & 0xffc0) == 0xfe80
                // Documentation, 2001:db8::/32.
                || (first == 0x2001 && v6.segments()[1] == 0x0db8)
                // IPv4-compatible and NAT64 forms of any IPv4 address.
                || v6.segments()[..6].iter().all(|s| *s == 0)
                || (first == 0x0064 && v6.segments()[1] == 0xff9b)
        }
    }
}

/// The `Klachten-Signature` header: the time it was signed (seconds since 1970) and one
/// `v1` signature per valid secret (two for a while after the secret was rotated).
pub fn signature_header(timestamp: i64, signatures: &[String]) -> String {
    let mut header = format!("t={timestamp}");
    for signature in signatures {
        header.push_str(",v1=");
        header.push_str(signature);
    }
    header
}

/// What is signed: the timestamp, a dot, and the body exactly as sent.
pub fn signed_content(timestamp: i64, body: &str) -> String {
    format!("{timestamp}.{body}")
}

/// The visible part of every key: `kl_` and the prefix, then `_` and the secret.
pub const KEY_PREFIX: &str = "kl_";

/// A key split into its prefix (stored in clear, to find the key and to recognise it) and its
/// secret; `None` when it is not shaped like one of our keys.
pub fn split_key(key: &str) -> Option<(&str, &str)> {
    let rest = key.strip_prefix(KEY_PREFIX)?;
    let (prefix, secret) = rest.split_once('_')?;
    let valid =
        |s: &str, len: usize| s.len() == len && s.chars().all(|c| c.is_ascii_alphanumeric());
    (valid(prefix, 8) && valid(secret, 40)).then_some((prefix, secret))
}

/// A client's budget: `capacity` units that refill evenly over a minute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    /// Units left.
    pub units: f64,
    /// When it was last counted, in milliseconds.
    pub at_ms: i64,
}

/// Why a request was refused: too many units spent; try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u32);

fn refilled(bucket: Bucket, capacity: u32, now_ms: i64) -> f64 {
    let per_ms = f64::from(capacity) / 60_000.0;
    #[expect(
        clippy::cast_precision_loss,
        reason = "milliseconds within a minute or so"
    )]
    let elapsed = (now_ms - bucket.at_ms).max(0) as f64;
    (bucket.units + elapsed * per_ms).min(f64::from(capacity))
}

/// May a request start now? It needs at least one unit left.
pub fn admit(bucket: Option<Bucket>, capacity: u32, now_ms: i64) -> Result<Bucket, RetryAfter> {
    let bucket = bucket.unwrap_or(Bucket {
        units: f64::from(capacity),
        at_ms: now_ms,
    });
    let units = refilled(bucket, capacity, now_ms);
    if units >= 1.0 {
        Ok(Bucket {
            units,
            at_ms: now_ms,
        })
    } else {
        let per_s = f64::from(capacity.max(1)) / 60.0;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a positive number of seconds under a minute"
        )]
        let wait = ((1.0 - units) / per_s).ceil().max(1.0) as u32;
        Err(RetryAfter(wait))
    }
}

/// The budget after a request that cost `cost` units (it may go below zero: the next request
/// then waits longer).
pub fn charge(bucket: Bucket, cost: u32) -> Bucket {
    Bucket {
        units: bucket.units - f64::from(cost),
        ..bucket
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    fn ended(now: chrono::DateTime<chrono::Utc>, history: &[(bool, i64)]) -> Vec<EndedDelivery> {
        history
            .iter()
            .map(|&(delivered, hours_ago)| EndedDelivery {
                delivered,
                created_at: now - chrono::Duration::hours(hours_ago),
            })
            .collect()
    }

    #[test]
    fn a_webhook_is_switched_off_after_five_failures_over_three_days() {
        use chrono::TimeZone;
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 30, 12, 0, 0)
            .unwrap();
        let (f, d) = (false, true);
        // (case, deliveries newest first as (got through, hours ago), switched off)
        type Case<'a> = (&'a str, &'a [(bool, i64)], bool);
        let cases: [Case<'_>; 7] = [
            ("no deliveries", &[], false),
            (
                "four failures over a week",
                &[(f, 1), (f, 50), (f, 100), (f, 168)],
                false,
            ),
            (
                "five failures within a day",
                &[(f, 1), (f, 2), (f, 3), (f, 4), (f, 20)],
                false,
            ),
            (
                "five failures, the first exactly three days ago",
                &[(f, 1), (f, 2), (f, 3), (f, 4), (f, 72)],
                true,
            ),
            (
                "six failures over four days, older successes",
                &[
                    (f, 1),
                    (f, 10),
                    (f, 30),
                    (f, 50),
                    (f, 70),
                    (f, 96),
                    (d, 100),
                ],
                true,
            ),
            (
                "a success among them ends the run",
                &[(f, 1), (f, 2), (d, 3), (f, 4), (f, 80), (f, 90), (f, 100)],
                false,
            ),
            (
                "the newest got through",
                &[(d, 1), (f, 2), (f, 3), (f, 4), (f, 80), (f, 90)],
                false,
            ),
        ];
        for (case, history, due) in cases {
            assert_eq!(switch_off_due(&ended(now, history), now), due, "{case}");
        }
    }

    proptest! {
        /// Whatever came before, a delivery that got through keeps the webhook on.
        #[test]
        fn a_delivery_that_got_through_keeps_the_webhook_on(
            before in proptest::collection::vec((any::<bool>(), 0i64..2_000), 0..40),
        ) {
            let now = chrono::DateTime::<chrono::Utc>::from_timestamp(1_800_000_000, 0).unwrap();
            let mut history = vec![(true, 0)];
            history.extend(before.iter().map(|&(d, h)| (d, h + 1)));
            prop_assert!(!switch_off_due(&ended(now, &history), now));
        }
    }

    #[test]
    fn every_event_needs_the_read_scope_of_its_payload() {
        let cases = [
            (
                WebhookEvent::ComplaintRegistered,
                Some(Scope::ReadComplaints),
            ),
            (
                WebhookEvent::ComplaintStatusChanged,
                Some(Scope::ReadComplaints),
            ),
            (WebhookEvent::ClockLate, Some(Scope::ReadComplaints)),
            (WebhookEvent::MeasureDone, Some(Scope::ReadMeasures)),
            (WebhookEvent::Ping, None),
        ];
        for (event, scope) in cases {
            assert_eq!(event.scope(), scope, "{event:?}");
        }
        let measures_only = [Scope::ReadMeasures, Scope::ManageWebhooks];
        assert!(WebhookEvent::MeasureDone.allowed_for(&measures_only));
        assert!(!WebhookEvent::ComplaintRegistered.allowed_for(&measures_only));
        assert!(WebhookEvent::Ping.allowed_for(&[]));
    }

    #[test]
    fn internal_addresses_are_refused_and_public_ones_pass() {
        let internal = [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.10",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2001:db8::1",
            "ff02::1",
        ];
        for ip in internal {
            assert!(internal_address(ip.parse().unwrap()), "{ip} is internal");
        }
        let public = [
            "8.8.8.8",
            "172.32.0.1",
            "172.15.255.255",
            "100.128.0.1",
            "100.63.255.255",
            "193.0.14.129",
            "2001:4860:4860::8888",
            "2a00:1450:400e::200e",
            "::ffff:8.8.8.8",
        ];
        for ip in public {
            assert!(!internal_address(ip.parse().unwrap()), "{ip} is public");
        }
    }

    proptest! {
        #[test]
        fn an_ipv4_address_and_its_mapped_ipv6_form_are_judged_alike(bits: u32) {
            let v4 = Ipv4Addr::from(bits);
            let mapped = IpAddr::V6(v4.to_ipv6_mapped());
            prop_assert_eq!(internal_address(IpAddr::V4(v4)), internal_address(mapped));
        }

        #[test]
        fn every_loopback_and_private_ipv4_address_is_internal(
            a in prop::sample::select(vec![10u8, 127]),
            rest: [u8; 3],
        ) {
            let ip = Ipv4Addr::new(a, rest[0], rest[1], rest[2]);
            prop_assert!(internal_address(IpAddr::V4(ip)));
        }

        #[test]
        fn every_unique_local_ipv6_address_is_internal(bits: u128) {
            let ip = Ipv6Addr::from((bits & !(0xfe00_u128 << 112)) | (0xfc00_u128 << 112));
            prop_assert!(internal_address(IpAddr::V6(ip)));
        }
    }

    #[test]
    fn the_signature_header_carries_the_time_and_one_signature_per_secret() {
        assert_eq!(
            signature_header(1_700_000_000, &["ab".into()]),
            "t=1700000000,v1=ab"
        );
        assert_eq!(
            signature_header(5, &["new".into(), "old".into()]),
            "t=5,v1=new,v1=old"
        );
        assert_eq!(signed_content(5, "{}"), "5.{}");
    }

    #[test]
    fn keys_have_a_visible_prefix_and_a_long_secret() {
        let key = format!("kl_ab12cd34_{}", "x".repeat(40));
        assert_eq!(split_key(&key), Some(("ab12cd34", "x".repeat(40).as_str())));
        for bad in [
            "Bearer kl_ab12cd34_x",
            "kl_ab12cd34",
            "kl_ab12_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "eyJhbGciOiJIUzI1NiJ9.x.y",
        ] {
            assert_eq!(split_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_big_answer_costs_more_and_the_budget_refills_over_a_minute() {
        let capacity = 60;
        let full = admit(None, capacity, 0).unwrap();
        // 500 complaints cost 501 units: the client waits until one unit has come back.
        let spent = charge(full, 501);
        let RetryAfter(wait) = admit(Some(spent), capacity, 1000).unwrap_err();
        assert!(wait > 400, "{wait}");
        // 5 complaints cost 6: plenty left.
        let small = charge(admit(None, capacity, 0).unwrap(), 6);
        assert!(admit(Some(small), capacity, 0).is_ok());
        // A minute later the budget is full again, never more.
        let later = admit(Some(charge(full, 60)), capacity, 60_000).unwrap();
        assert!((later.units - 60.0).abs() < 1e-9);
        let idle = admit(Some(full), capacity, 600_000).unwrap();
        assert!((idle.units - 60.0).abs() < 1e-9);
    }
}
