//! Dated versions. Rule: a complaint is governed by the version in force on its receipt date —
//! the latest version that took effect on or before it — and the first version also governs
//! earlier dates, as there is nothing older to use.

use chrono::NaiveDate;

/// Something that takes effect on a date: a calendar version, a procedure version.
pub trait Dated {
    /// The first date this version governs.
    fn effective_from(&self) -> NaiveDate;
}

/// What is wrong with a set of versions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// No versions at all.
    #[error("at least one version must exist")]
    NoVersions,
    /// Two versions with the same effective date.
    #[error("two versions take effect on {0}; give each version its own date")]
    DuplicateEffectiveDate(NaiveDate),
}

/// All versions of one kind, oldest first; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History<T> {
    versions: Vec<T>,
}

impl<T: Dated> History<T> {
    /// Builds the history from versions in any order.
    pub fn new(mut versions: Vec<T>) -> Result<Self, VersionError> {
        versions.sort_by_key(Dated::effective_from);
        if versions.is_empty() {
            return Err(VersionError::NoVersions);
        }
        if let Some(pair) = versions
            .windows(2)
            .find(|w| w[0].effective_from() == w[1].effective_from())
        {
            return Err(VersionError::DuplicateEffectiveDate(
                pair[0].effective_from(),
            ));
        }
        Ok(Self { versions })
    }

    /// A history of one version.
    pub fn single(version: T) -> Self {
        Self {
            versions: vec![version],
        }
    }

    /// The version in force on `date` (see the module rule).
    pub fn in_force_on(&self, date: NaiveDate) -> &T {
        let index = self
            .versions
            .partition_point(|v| v.effective_from() <= date)
            .saturating_sub(1);
        &self.versions[index.min(self.versions.len() - 1)]
    }

    /// All versions, oldest first.
    pub fn versions(&self) -> &[T] {
        &self.versions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq)]
    struct V(&'static str, NaiveDate);

    impl Dated for V {
        fn effective_from(&self) -> NaiveDate {
            self.1
        }
    }

    fn v(label: &'static str, from: &str) -> V {
        V(label, from.parse().unwrap())
    }

    #[test]
    fn the_version_in_force_is_the_latest_that_took_effect() {
        let history = History::new(vec![
            v("b", "2026-01-01"),
            v("a", "2022-06-01"),
            v("c", "2027-01-01"),
        ])
        .unwrap();
        let on = |d: &str| history.in_force_on(d.parse().unwrap()).0;
        assert_eq!(on("2020-01-01"), "a");
        assert_eq!(on("2022-06-01"), "a");
        assert_eq!(on("2025-12-31"), "a");
        assert_eq!(on("2026-01-01"), "b");
        assert_eq!(on("2030-01-01"), "c");
        assert_eq!(history.versions().len(), 3);
        assert_eq!(
            History::single(v("x", "2026-01-01"))
                .in_force_on("2000-01-01".parse().unwrap())
                .0,
            "x"
        );
    }

    #[test]
    fn empty_or_ambiguous_histories_are_refused() {
        assert_eq!(History::<V>::new(vec![]), Err(VersionError::NoVersions));
        assert_eq!(
            History::new(vec![v("a", "2026-01-01"), v("b", "2026-01-01")]),
            Err(VersionError::DuplicateEffectiveDate(
                "2026-01-01".parse().unwrap()
            ))
        );
    }
}
