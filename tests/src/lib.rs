//! The test harness: starts the real server on port 0 with a fresh database per test.
