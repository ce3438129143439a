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
    /// Move a measure's status (the one mutation an integration may be given).
    UpdateMeasureStatus,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Self; 5] = [
        Self::ReadComplaints,
        Self::ReadStatistics,
        Self::ReadAgendas,
        Self::ReadMeasures,
        Self::UpdateMeasureStatus,
    ];
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
