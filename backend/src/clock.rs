//! The system clock: the one place that reads the host's time. Everything else receives a
//! `klachten_core::time::Clock`, so tests can set the date.

use chrono::{DateTime, Utc};
use klachten_core::time::Clock;

/// The host's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[expect(
        clippy::disallowed_methods,
        reason = "the system implementation of the injected Clock is the one reader of the host's time"
    )]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_reads_the_present() {
        let now = SystemClock.now();
        assert!(now.timestamp() > 1_767_225_600, "after 1 January 2026");
        let today = SystemClock.today();
        assert!((today - now.date_naive()).num_days().abs() <= 1);
    }
}
