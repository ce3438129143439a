//! The Klachten server: everything with I/O around the pure domain core (`klachten_core`).

pub mod clock;
