//! Builds the browser app into `frontend/dist`: the wasm32 build, the JavaScript glue
//! (wasm-bindgen, the same version as the app's), `wasm-opt -Oz` from npm's binaryen, content
//! hashes in the file names, precompressed brotli and gzip copies, and the size budget.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The most the app may weigh on the wire (wasm + js + css, brotli), in bytes.
pub const BUDGET_BYTES: usize = 260 * 1024;

const TARGET: &str = "wasm32-unknown-unknown";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn has_command(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Adds the wasm32 target when it is missing.
fn ensure_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|_| {
            format!(
                "rustup is needed to add the {TARGET} target; install it from https://rustup.rs"
            )
        })?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == TARGET)
    {
        return Ok(());
    }
    println!("xtask: adding the {TARGET} target");
    super::run_with("rustup", &["target", "add", TARGET], &[], &[])
}

/// The path of npm's wasm-opt, installing the pinned binaryen package when it is missing.
/// The build tools from npm (`frontend/package.json`): `wasm-opt` and `terser`. Installed with
/// `npm ci` when one of them is missing.
struct NpmTools {
    wasm_opt: PathBuf,
    terser: PathBuf,
}

fn npm_tools(frontend: &Path) -> Result<NpmTools, String> {
    let bin = frontend.join("node_modules/.bin");
    let tools = NpmTools {
        wasm_opt: bin.join("wasm-opt"),
        terser: bin.join("terser"),
    };
    let works = |path: &Path| path.is_file() && has_command(&path.to_string_lossy(), "--version");
    if works(&tools.wasm_opt) && works(&tools.terser) {
        return Ok(tools);
    }
    if !has_command("npm", "--version") {
        return Err(
            "npm is needed to install wasm-opt (binaryen) and terser: install Node.js 18 or newer \
             with npm (e.g. apt-get install -y nodejs npm). Do not use Debian's binaryen package: \
             its wasm-opt produces wasm that crashes Chromium."
                .to_owned(),
        );
    }
    println!("xtask: installing binaryen (wasm-opt) and terser from npm");
    let prefix = frontend.to_string_lossy().into_owned();
    super::run_with(
        "npm",
        &["ci", "--prefix", &prefix, "--no-audit", "--no-fund"],
        &[],
        &[],
    )?;
    Ok(tools)
}

/// The style sheet as sent: comments dropped, whitespace collapsed and removed where CSS does
/// not need it (around `{};:,>` and before `)`), so every byte on the wire is a rule.
fn minify_css(text: &str) -> String {
    let mut without_comments = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    without_comments.push_str(rest);
    let mut out = String::with_capacity(without_comments.len());
    for word in without_comments.split_whitespace() {
        let glued = out.ends_with(['{', '}', ';', ':', ',', '>', '('])
            || word.starts_with(['{', '}', ';', ',', '>', ')', '!']);
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.replace(";}", "}")
}

fn short_hash(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..8])
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

fn index_html(css: &str, js: &str, wasm: &str, boot: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Klachten</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/{css}">
<link rel="modulepreload" href="/{js}">
<link rel="preload" href="/{wasm}" as="fetch" type="application/wasm" crossorigin>
<script type="module" src="/{boot}"></script>
</head>
<body>
<noscript>Klachten werkt alleen met JavaScript ingeschakeld. / Klachten needs JavaScript.</noscript>
</body>
</html>
"#
    )
}

/// What was built: each file with its raw and brotli size.
pub struct Built {
    /// `(name, raw bytes, brotli bytes)`.
    pub files: Vec<(String, usize, usize)>,
}

impl Built {
    /// The transfer of the app's code and styles (wasm + js + css, brotli).
    pub fn transfer(&self) -> usize {
        self.files
            .iter()
            .filter(|(name, _, _)| {
                [".wasm", ".js", ".css"]
                    .iter()
                    .any(|ext| name.ends_with(ext))
            })
            .map(|(_, _, br)| br)
            .sum()
    }
}

/// Builds the app into `frontend/dist` and checks the size budget.
pub fn build() -> Result<Built, String> {
    let root = root();
    let frontend = root.join("frontend");
    ensure_target()?;
    let tools = npm_tools(&frontend)?;
    println!("xtask: building the browser app");
    super::run_with(
        "cargo",
        &[
            "build",
            "--locked",
            "--package",
            "klachten-frontend",
            "--target",
            TARGET,
            "--profile",
            "wasm-release",
        ],
        &[],
        &[],
    )?;
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let input = target_dir
        .join(TARGET)
        .join("wasm-release/klachten-frontend.wasm");
    let work = target_dir.join("frontend-build");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e}"))?
        .typescript(false)
        .out_name("app")
        .generate(&work)
        .map_err(|e| format!("wasm-bindgen: {e}"))?;
    let optimised = work.join("app_opt.wasm");
    super::run_with(
        &tools.wasm_opt.to_string_lossy(),
        &[
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            &work.join("app_bg.wasm").to_string_lossy(),
            "-o",
            &optimised.to_string_lossy(),
        ],
        &[],
        &[],
    )?;
    let minified = work.join("app.min.js");
    super::run_with(
        &tools.terser.to_string_lossy(),
        &[
            &work.join("app.js").to_string_lossy(),
            "--module",
            "--compress",
            "--mangle",
            "--output",
            &minified.to_string_lossy(),
        ],
        &[],
        &[],
    )?;
    let read = |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
    let wasm = read(&optimised)?;
    let js = read(&minified)?;
    let css = minify_css(&String::from_utf8_lossy(&read(
        &frontend.join("style.css"),
    )?))
    .into_bytes();
    let wasm_name = format!("app-{}_bg.wasm", short_hash(&wasm));
    let js_name = format!("app-{}.js", short_hash(&js));
    let css_name = format!("style-{}.css", short_hash(&css));
    let boot = format!(
        "import init from \"./{js_name}\";\ninit({{ module_or_path: \"/{wasm_name}\" }});\n"
    )
    .into_bytes();
    let boot_name = format!("boot-{}.js", short_hash(&boot));
    let index = index_html(&css_name, &js_name, &wasm_name, &boot_name).into_bytes();

    let dist = frontend.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    let mut built = Built { files: Vec::new() };
    for (name, bytes) in [
        (wasm_name, wasm),
        (js_name, js),
        (css_name, css),
        (boot_name, boot),
        ("index.html".to_owned(), index),
    ] {
        let br = brotli(&bytes)?;
        let gz = gzip(&bytes)?;
        let write = |file: String, content: &[u8]| {
            std::fs::write(dist.join(&file), content).map_err(|e| format!("{file}: {e}"))
        };
        write(name.clone(), &bytes)?;
        write(format!("{name}.br"), &br)?;
        write(format!("{name}.gz"), &gz)?;
        built.files.push((name, bytes.len(), br.len()));
    }
    for (name, raw, br) in &built.files {
        println!("  {name:<32} {raw:>9} B   brotli {br:>8} B");
    }
    let transfer = built.transfer();
    println!(
        "xtask: the app transfers {:.1} KB (wasm + js + css, brotli); the budget is {} KB",
        transfer as f64 / 1024.0,
        BUDGET_BYTES / 1024
    );
    if transfer > BUDGET_BYTES {
        return Err(format!(
            "the app is {transfer} bytes on the wire, over the {BUDGET_BYTES}-byte budget: \
             find what grew with `twiggy top` on the wasm before wasm-bindgen \
             (target/{TARGET}/wasm-release/klachten-frontend.wasm)"
        ));
    }
    Ok(built)
}

/// Fails loudly, with what to install, when Chromium or ChromeDriver is missing: the browser
/// tests never skip silently.
pub fn check_browser() -> Result<(), String> {
    let chromium = std::env::var("KLACHTEN_CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
    let driver =
        std::env::var("KLACHTEN_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
    for program in [&chromium, &driver] {
        if !has_command(program, "--version") {
            return Err(format!(
                "the browser tests need Chromium and ChromeDriver, and `{program}` does not run. \
                 Install them with: apt-get update && apt-get install -y chromium chromium-driver \
                 (or point KLACHTEN_CHROMIUM and KLACHTEN_CHROMEDRIVER at them)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn the_style_sheet_loses_only_what_css_does_not_need() {
        let css = "/* top */\nheader.top nav a { padding: 0.35rem 0.6rem;  color: rgba(1, 2, 3, 0.2); }\n\
                   section > section { margin: 0 !important; }\n@media (min-width: 40rem) {\n  .a { font: 16px/1.5 \"Segoe UI\", sans-serif; }\n}\n";
        assert_eq!(
            minify_css(css),
            "header.top nav a{padding:0.35rem 0.6rem;color:rgba(1,2,3,0.2)}section>section{margin:0!important}\
             @media (min-width:40rem){.a{font:16px/1.5 \"Segoe UI\",sans-serif}}"
        );
    }
}
