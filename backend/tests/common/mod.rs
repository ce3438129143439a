//! What the tests that run the `klachten` binary share: a folder of their own for its SQLite
//! file and outbox, removed when the test ends.

use std::path::{Path, PathBuf};

/// A temporary folder, removed on drop.
pub struct Workspace(PathBuf);

impl Workspace {
    /// A new empty folder named after `purpose`, this process and the moment.
    pub fn new(purpose: &str) -> Self {
        let nanos = std::time::SystemTime::UNIX_EPOCH
            .elapsed()
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("klachten-{purpose}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        Self(dir)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The database URL of the SQLite file in it.
    pub fn database_url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.0.join("klachten.db").display())
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
