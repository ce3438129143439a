//! The domain core of Klachten: the complaint lifecycle, the clocks, the Dutch working-day
//! calendar, the visibility policy and redaction.
//!
//! Rule: pure Rust. No database, HTTP, GraphQL or async runtime, and no reading of the system
//! clock: "now" is always passed in. `cargo xtask check-core` proves the dependency boundary.

pub mod accounts;
pub mod actor;
pub mod calendar;
pub mod clocks;
pub mod complaint;
pub mod fold;
pub mod ids;
pub mod integration;
pub mod lifecycle;
pub mod limits;
pub mod measures;
pub mod meetings;
pub mod policy;
pub mod printable;
pub mod procedure;
pub mod redaction;
pub mod sensitive;
pub mod statistics;
pub mod suggestions;
pub mod time;
pub mod versions;

#[cfg(test)]
mod fixtures;
