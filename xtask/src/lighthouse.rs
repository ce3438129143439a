//! `cargo xtask lighthouse`: Lighthouse's mobile measurement of the login page and of the list
//! (logged in as the demo handler), against a server started for the purpose on an empty
//! SQLite database with the demo data, in Debian's Chromium. Lighthouse comes from npm
//! (`xtask/lighthouse/package.json`, pinned); it is not part of CI.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server started for one measurement; stopped and its files removed when dropped.
struct Server {
    child: Child,
    dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Installs Lighthouse with `npm ci` when it is missing.
fn lighthouse_tools(dir: &Path) -> Result<(), String> {
    if dir.join("node_modules/lighthouse/package.json").is_file() {
        return Ok(());
    }
    println!("xtask: installing Lighthouse from npm");
    let prefix = dir.to_string_lossy().into_owned();
    super::run_with(
        "npm",
        &["ci", "--prefix", &prefix, "--no-audit", "--no-fund"],
        &[],
        &[],
    )
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Loads the demo data into a new database in a folder of its own and starts the server on it.
fn start_server(root: &Path, binary: &Path) -> Result<(Server, u16), String> {
    let dir = std::env::temp_dir().join(format!("klachten-lighthouse-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let database = format!("sqlite://{}?mode=rwc", dir.join("klachten.db").display());
    let demo = Command::new(binary)
        .arg("demo")
        .env("DATABASE_URL", &database)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("could not run {}: {e}", binary.display()))?;
    if !demo.success() {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(format!("klachten demo failed ({demo})"));
    }
    let port = free_port()?;
    let child = Command::new(binary)
        .arg("serve")
        .env("DATABASE_URL", &database)
        .env("KLACHTEN_LISTEN", format!("127.0.0.1:{port}"))
        .env("KLACHTEN_STATIC_DIR", root.join("frontend/dist"))
        .env("KLACHTEN_OUTBOX_DIR", dir.join("outbox"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
    let server = Server { child, dir };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("the server did not listen within 30 s".to_owned());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((server, port))
}

/// Builds the app and the server, starts it with the demo data and runs Lighthouse.
pub fn measure() -> Result<(), String> {
    let root = super::frontend::root();
    let tools = root.join("xtask/lighthouse");
    lighthouse_tools(&tools)?;
    super::frontend::build()?;
    super::run_with(
        "cargo",
        &["build", "--locked", "--package", "klachten"],
        &[],
        &[],
    )?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let (server, port) = start_server(&root, &target.join("debug/klachten"))?;
    let chromium =
        std::env::var("KLACHTEN_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    println!("xtask: Lighthouse, mobile (a mid-range phone on slow 4G, simulated)");
    // `localhost`, not the address: the refresh cookie is Secure, which browsers allow over
    // plain http on localhost only.
    let result = super::run_with(
        "node",
        &[
            &tools.join("measure.mjs").to_string_lossy(),
            &format!("http://localhost:{port}"),
            &chromium,
            "handler@demo.local",
            "demo-handler",
        ],
        &[],
        &[],
    );
    drop(server);
    result.map_err(|_| {
        "a page misses its target: performance at least 95 and LCP within 2.5 s".to_owned()
    })
}
