//! Project tasks, so the README's commands are the ones CI runs.

fn main() {}
