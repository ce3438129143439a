//! The wrapper for identifying data. Rule: a `Sensitive` value prints as `[redacted]` in every
//! `Debug` and `Display`, so it cannot reach a log line or an error message by accident; its
//! content leaves only through [`Sensitive::expose`], and `grep expose` lists every such place.

use std::fmt;

/// Identifying data (naam, adres, telefoon, e-mail, feiten, …) held so that formatting never shows it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps an identifying value.
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// Reads the identifying value. Every call is a place where identifying data leaves the
    /// wrapper: the visibility policy, the storage layer and the letter generator.
    pub const fn expose(&self) -> &T {
        &self.0
    }

    /// Takes the identifying value out of the wrapper; the same rule as [`Sensitive::expose`].
    pub fn into_exposed(self) -> T {
        self.0
    }

    /// Transforms the value without exposing it to the caller's formatting.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Sensitive<U> {
        Sensitive(f(self.0))
    }
}

impl Sensitive<String> {
    /// True when the text is empty or only white space; reveals nothing else.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl<T> Sensitive<Option<T>> {
    /// True when a value is present; reveals nothing else.
    pub const fn is_some(&self) -> bool {
        self.0.is_some()
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    #[expect(dead_code, reason = "the fields exist only to be formatted by Debug")]
    struct Holder {
        name: Sensitive<String>,
        phone: Sensitive<Option<String>>,
    }

    #[test]
    fn debug_and_display_never_print_the_value() {
        let holder = Holder {
            name: Sensitive::new("Jan Jansen".to_owned()),
            phone: Sensitive::new(Some("06-12345678".to_owned())),
        };
        let debug = format!("{holder:?} {holder:#?}");
        assert!(!debug.contains("Jansen"), "{debug}");
        assert!(!debug.contains("0612345678") && !debug.contains("06-12345678"));
        assert!(debug.contains("[redacted]"));
        assert_eq!(holder.name.to_string(), "[redacted]");
    }

    #[test]
    fn expose_returns_the_value() {
        let name = Sensitive::new("Jan".to_owned());
        assert_eq!(name.expose(), "Jan");
        assert!(!name.is_blank());
        assert_eq!(name.map(|n| n.len()).into_exposed(), 3);
    }
}
