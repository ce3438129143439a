//! Builds the browser app into `frontend/dist`: the wasm32 build, the JavaScript glue
//! (wasm-bindgen, the same version as the app's), `wasm-opt -Oz` from npm's binaryen, content
//! hashes in the file names, precompressed brotli and gzip copies, and the size budget.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

pub fn root() -> PathBuf {
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

/// The build tools from npm (`frontend/package.json`): `wasm-opt` and `terser`, and axe-core for
/// the browser tests. Installed with `npm ci` when one of them is missing.
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
    // The browser tests read axe-core from the same install.
    let axe = frontend.join("node_modules/axe-core/axe.min.js");
    if works(&tools.wasm_opt) && works(&tools.terser) && axe.is_file() {
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
    println!("xtask: installing binaryen (wasm-opt), terser and axe-core from npm");
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

/// The icons' file names in `dist`, each after its content hash.
struct Icons {
    png32: String,
    png192: String,
    png512: String,
    apple: String,
}

fn index_html(css: &str, dir: &str, icons: &Icons, english: &str, prefetch: &str) -> String {
    let Icons { png32, apple, .. } = icons;
    format!(
        r#"<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="theme-color" content="{THEME}">
<title>Klachten</title>
<link rel="icon" href="/{png32}" type="image/png" sizes="32x32">
<link rel="apple-touch-icon" href="/{apple}">
<link rel="manifest" href="/{MANIFEST}">
<meta name="klachten-english" content="/{english}">
<meta name="klachten-prefetch" content="{prefetch}">
<link rel="stylesheet" href="/{css}">
<link rel="modulepreload" href="/{dir}/{JS}">
<link rel="modulepreload" href="/{dir}/{LOADER}">
<link rel="preload" href="/{dir}/{WASM}" as="fetch" type="application/wasm" crossorigin>
<script type="module" src="/{dir}/{BOOT}"></script>
</head>
<body>
<div id="skeleton" aria-busy="true">
<header class="top"><span class="brand">Klachten</span></header>
<main><p class="loading" role="status">Klachten wordt geladen…</p><div class="bone wide"></div><div class="bone"></div><div class="bone"></div><div class="bone"></div></main>
</div>
<noscript>Klachten werkt alleen met JavaScript ingeschakeld. / Klachten needs JavaScript.</noscript>
</body>
</html>
"#
    )
}

/// The screen whose chunks are fetched ahead, once someone is logged in: the complaint page,
/// where nearly every visit goes next.
const PREFETCHED_SCREEN: &str = "detail";

/// The operation that renews a session through its cookie, as the app asks it.
const RENEWAL: &str = "src/graphql/refresh_session.graphql";

/// The first script: asks the server to renew the session (the refresh cookie is httpOnly, so
/// only the server knows whether there is one) while the wasm is still on its way, and leaves
/// the answer's promise in `window.klachtenSession` for the app to take once; then starts the
/// app. This saves one round trip before the first screen's data.
fn boot_script(renewal: &str) -> String {
    let body = format!(
        "{{\"query\":{},\"operationName\":\"RefreshSession\"}}",
        json_string(renewal.trim())
    );
    format!(
        "import init from \"./{JS}\";\n\
         window.klachtenSession = fetch(\"/graphql\", {{ method: \"POST\", headers: {{ \"Content-Type\": \"application/json\" }}, body: {} }});\n\
         init({{ module_or_path: new URL(\"./{WASM}\", import.meta.url) }});\n",
        json_string(&body)
    )
}

/// `text` as a JSON (and JavaScript) string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The brand colour: the header, the icon, the phone's status bar.
const THEME: &str = "#1f5f8b";

/// The web app manifest: its name stays, so installed apps find it after every build.
const MANIFEST: &str = "manifest.webmanifest";

/// What a phone needs to put the app on its home screen. No service worker: nothing of the
/// app's data is stored for offline use.
fn manifest(icons: &Icons) -> String {
    let Icons { png192, png512, .. } = icons;
    format!(
        r##"{{
  "name": "Klachten · PerspectiefPlus",
  "short_name": "Klachten",
  "description": "Klachten registreren, behandelen en afhandelen volgens de klachtenregeling van PerspectiefPlus.",
  "lang": "nl",
  "dir": "ltr",
  "start_url": "/",
  "scope": "/",
  "display": "standalone",
  "background_color": "#f5f7fa",
  "theme_color": "{THEME}",
  "icons": [
    {{ "src": "/{png192}", "sizes": "192x192", "type": "image/png", "purpose": "any" }},
    {{ "src": "/{png512}", "sizes": "512x512", "type": "image/png", "purpose": "any" }},
    {{ "src": "/{png512}", "sizes": "512x512", "type": "image/png", "purpose": "maskable" }}
  ]
}}
"##
    )
}

/// The names inside the app's folder. They refer to each other by these relative names, so the
/// folder's name carries the content hash of them all and the names themselves never change.
const JS: &str = "app.js";
const WASM: &str = "app_bg.wasm";
const LOADER: &str = "split.js";
const BOOT: &str = "boot.js";

/// The most one screen may add on the wire when it is first visited (its chunks, brotli).
pub const SCREEN_BUDGET_BYTES: usize = 96 * 1024;

/// The most the first load may weigh: login, Mijn werk and the list (wasm + js + css, brotli).
pub const FIRST_LOAD_BUDGET_BYTES: usize = 150 * 1024;

/// One file of the build.
pub struct File {
    /// The path under `dist`.
    pub name: String,
    pub raw: usize,
    pub brotli: usize,
}

/// What was built: every file, what the first load needs, and what each lazy screen adds.
pub struct Built {
    pub files: Vec<File>,
    /// The first load (wasm + js + css, brotli), in bytes.
    pub first_load: usize,
    /// Each lazy screen's split name with the brotli bytes of the chunks it fetches.
    pub screens: Vec<(String, usize)>,
}

fn is_code(name: &str) -> bool {
    [".wasm", ".js", ".css"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// The split name of a `#[lazy]` function: `detail_123…` becomes `detail`.
fn screen_name(split: &str) -> &str {
    split
        .rsplit_once('_')
        .filter(|(_, hash)| hash.bytes().all(|b| b.is_ascii_digit()))
        .map_or(split, |(name, _)| name)
}

/// A Rust string literal at the start of `text` (after its opening quote), unescaped, and the
/// rest after its closing quote.
fn string_literal(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = text.strip_prefix('"')?.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((out, &text[at + 2..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                c @ ('"' | '\\' | '\'') => out.push(c),
                _ => return None,
            },
            c => out.push(c),
        }
    }
    None
}

/// The English texts of `frontend/src/i18n.rs` (`Key => "Dutch", "English";` in `texts!`), in
/// their order, as a JSON array: the app fetches them only when someone chooses English.
fn english_texts(source: &str) -> Result<String, String> {
    let start = source
        .find("\ntexts! {")
        .ok_or("frontend/src/i18n.rs has no `texts! {` block")?;
    let block = &source[start..];
    let block = &block[..block.find("\n}").unwrap_or(block.len())];
    let mut json = String::from("[");
    let mut count = 0;
    for line in block
        .lines()
        .map(str::trim)
        .filter(|l| l.contains(" => \""))
    {
        let unreadable = || format!("frontend/src/i18n.rs: cannot read the texts of `{line}`");
        let (_, texts) = line.split_once(" => ").ok_or_else(unreadable)?;
        let (_dutch, rest) = string_literal(texts).ok_or_else(unreadable)?;
        let english = rest
            .strip_prefix(", ")
            .and_then(string_literal)
            .filter(|(_, end)| *end == ";")
            .map(|(english, _)| english)
            .ok_or_else(unreadable)?;
        if count > 0 {
            json.push(',');
        }
        json.push('"');
        for c in english.chars() {
            match c {
                '"' => json.push_str("\\\""),
                '\\' => json.push_str("\\\\"),
                '\n' => json.push_str("\\n"),
                '\t' => json.push_str("\\t"),
                c => json.push(c),
            }
        }
        json.push('"');
        count += 1;
    }
    json.push(']');
    if count == 0 {
        return Err("frontend/src/i18n.rs: no texts found in `texts! {`".to_owned());
    }
    Ok(json)
}

/// Reads an unsigned LEB128 number at `*at`, moving past it.
fn leb128(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let mut value = 0_usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// `wasm` without its custom `name` section (the debugging names of functions and locals).
fn without_names(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let broken = || "wasm-split wrote a module that is not WebAssembly".to_owned();
    let header = wasm.get(..8).ok_or_else(broken)?;
    let mut out = header.to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        at += 1;
        let size = leb128(wasm, &mut at).ok_or_else(broken)?;
        let body = wasm.get(at..at + size).ok_or_else(broken)?;
        let mut name_at = 0;
        let is_names = id == 0
            && leb128(body, &mut name_at)
                .and_then(|len| body.get(name_at..name_at + len))
                .is_some_and(|name| name == b"name");
        if !is_names {
            out.extend_from_slice(&wasm[start..at + size]);
        }
        at += size;
    }
    Ok(out)
}

/// Runs `tool` on `input`, writing `output`, with `flags` after them.
fn run_tool(tool: &Path, input: &Path, output: &Path, flags: &[&str]) -> Result<(), String> {
    let mut all: Vec<String> = vec![input.to_string_lossy().into_owned()];
    all.push("--output".to_owned());
    all.push(output.to_string_lossy().into_owned());
    all.extend(flags.iter().map(|f| (*f).to_owned()));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    super::run_with(&tool.to_string_lossy(), &all, &[], &[])
}

/// Builds the app into `frontend/dist` and checks the size budgets.
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
    let split_dir = work.join("split");
    let out = work.join("out");
    for dir in [&split_dir, &out] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let read = |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));

    // The lazy screens' code moves out of the main module into chunks, with a loader that
    // fetches a screen's chunks when it is first shown.
    let input_wasm = read(&input)?;
    let main_split = split_dir.join("main.wasm");
    let link_name = format!("./{LOADER}");
    let main_module = format!("./{JS}");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input_wasm);
        options.output_dir = &split_dir;
        options.main_out_path = &main_split;
        options.link_name = &link_name;
        options.main_module = &main_module;
        options
    })
    .map_err(|e| format!("wasm-split: {e:#}"))?;

    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&main_split)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e}"))?
        .typescript(false)
        .keep_lld_exports(true)
        .demangle(false)
        .out_name("app")
        .generate(&out)
        .map_err(|e| format!("wasm-bindgen: {e}"))?;

    // Every module is optimised for size; every script minified.
    let mut folder: Vec<(String, Vec<u8>)> = Vec::new();
    let mut modules = vec![(WASM.to_owned(), out.join("app_bg.wasm"))];
    for chunk in &split.split_modules {
        let name = chunk
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| format!("wasm-split wrote {}", chunk.display()))?;
        modules.push((name, chunk.clone()));
    }
    for (name, path) in modules {
        // The split chunks carry a name section binaryen cannot read; it goes anyway.
        std::fs::write(&path, without_names(&read(&path)?)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let optimised = work.join(format!("opt-{name}"));
        run_tool(
            &tools.wasm_opt,
            &path,
            &optimised,
            &["-Oz", "--strip-debug", "--strip-producers"],
        )?;
        folder.push((name, read(&optimised)?));
    }
    for (name, path) in [(JS, out.join("app.js")), (LOADER, split_dir.join(LOADER))] {
        let minified = work.join(format!("min-{name}"));
        run_tool(
            &tools.terser,
            &path,
            &minified,
            &["--module", "--compress", "--mangle"],
        )?;
        folder.push((name.to_owned(), read(&minified)?));
    }
    let renewal = String::from_utf8_lossy(&read(&frontend.join(RENEWAL))?).into_owned();
    folder.push((BOOT.to_owned(), boot_script(&renewal).into_bytes()));
    folder.sort();
    let mut hasher = Sha256::new();
    for (name, bytes) in &folder {
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    let dir = format!("app-{}", hex::encode(&hasher.finalize()[..8]));

    let css = minify_css(&String::from_utf8_lossy(&read(
        &frontend.join("style.css"),
    )?))
    .into_bytes();
    let css_name = format!("style-{}.css", short_hash(&css));
    // The icons (drawn in `frontend/icons/icon.svg`, the PNGs rendered from it), by hash.
    let mut icon_files = Vec::new();
    let mut icon = |file: &str| -> Result<String, String> {
        let bytes = read(&frontend.join("icons").join(file))?;
        let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
        let name = format!("{stem}-{}.{ext}", short_hash(&bytes));
        icon_files.push((name.clone(), bytes));
        Ok(name)
    };
    let icons = Icons {
        png32: icon("icon-32.png")?,
        png192: icon("icon-192.png")?,
        png512: icon("icon-512.png")?,
        apple: icon("apple-touch-icon.png")?,
    };
    let english = english_texts(&String::from_utf8_lossy(&read(
        &frontend.join("src/i18n.rs"),
    )?))?
    .into_bytes();
    let english_name = format!("en-{}.json", short_hash(&english));
    // The complaint page's chunks, which the app fetches into the cache once someone is
    // logged in.
    let prefetch = split
        .prefetch_map
        .iter()
        .filter(|(split, _)| screen_name(split) == PREFETCHED_SCREEN)
        .flat_map(|(_, stems)| stems.iter().map(|stem| format!("/{dir}/{stem}.wasm")))
        .collect::<Vec<_>>();
    if prefetch.is_empty() {
        return Err(format!(
            "no screen `{PREFETCHED_SCREEN}` was split off: it is the screen fetched ahead"
        ));
    }
    let index =
        index_html(&css_name, &dir, &icons, &english_name, &prefetch.join(" ")).into_bytes();
    let manifest = manifest(&icons).into_bytes();

    let dist = frontend.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(dist.join(&dir)).map_err(|e| format!("{}: {e}", dist.display()))?;
    let mut files = Vec::new();
    let everything = folder
        .into_iter()
        .map(|(name, bytes)| (format!("{dir}/{name}"), bytes))
        .chain(icon_files)
        .chain([
            (english_name, english),
            (css_name, css),
            ("index.html".to_owned(), index),
            (MANIFEST.to_owned(), manifest),
        ]);
    for (name, bytes) in everything {
        let br = brotli(&bytes)?;
        let gz = gzip(&bytes)?;
        let write = |file: String, content: &[u8]| {
            std::fs::write(dist.join(&file), content).map_err(|e| format!("{file}: {e}"))
        };
        write(name.clone(), &bytes)?;
        write(format!("{name}.br"), &br)?;
        write(format!("{name}.gz"), &gz)?;
        files.push(File {
            name,
            raw: bytes.len(),
            brotli: br.len(),
        });
    }

    let brotli_of = |stem: &str| {
        files
            .iter()
            .find(|f| f.name == format!("{dir}/{stem}.wasm"))
            .map_or(0, |f| f.brotli)
    };
    let mut screens: Vec<(String, usize)> = split
        .prefetch_map
        .iter()
        .map(|(split, stems)| {
            (
                screen_name(split).to_owned(),
                stems.iter().map(|s| brotli_of(s)).sum(),
            )
        })
        .collect();
    screens.sort();
    let chunk_names: Vec<String> = split
        .prefetch_map
        .values()
        .flatten()
        .map(|stem| format!("{dir}/{stem}.wasm"))
        .collect();
    let first_load = files
        .iter()
        .filter(|f| is_code(&f.name) && !chunk_names.contains(&f.name))
        .map(|f| f.brotli)
        .sum();
    let built = Built {
        files,
        first_load,
        screens,
    };
    built.report()?;
    Ok(built)
}

impl Built {
    /// Prints every file and each screen's share, and fails past a budget.
    fn report(&self) -> Result<(), String> {
        for f in &self.files {
            println!("  {:<44} {:>9} B   brotli {:>8} B", f.name, f.raw, f.brotli);
        }
        println!(
            "xtask: the first load (login, Mijn werk, the list) transfers {:.1} KB \
             (wasm + js + css, brotli); the budget is {} KB",
            self.first_load as f64 / 1024.0,
            FIRST_LOAD_BUDGET_BYTES / 1024
        );
        for (screen, bytes) in &self.screens {
            println!(
                "xtask:   the screen `{screen}` adds {:.1} KB when first visited; the budget is {} KB",
                *bytes as f64 / 1024.0,
                SCREEN_BUDGET_BYTES / 1024
            );
        }
        let hint = format!(
            "find what grew with `twiggy top` on the wasm before wasm-bindgen \
             (target/{TARGET}/wasm-release/klachten-frontend.wasm)"
        );
        if self.first_load > FIRST_LOAD_BUDGET_BYTES {
            return Err(format!(
                "the first load is {} bytes on the wire, over the {FIRST_LOAD_BUDGET_BYTES}-byte \
                 budget: make a screen a `screen!` in frontend/src/app.rs, or {hint}",
                self.first_load
            ));
        }
        if let Some((screen, bytes)) = self.screens.iter().find(|(_, b)| *b > SCREEN_BUDGET_BYTES) {
            return Err(format!(
                "the screen `{screen}` adds {bytes} bytes on the wire, over the \
                 {SCREEN_BUDGET_BYTES}-byte budget of one screen: {hint}"
            ));
        }
        Ok(())
    }
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
    use super::{boot_script, english_texts, json_string, minify_css, screen_name, without_names};

    #[test]
    fn the_boot_script_asks_for_the_renewal_as_one_json_string() {
        assert_eq!(json_string("a \"b\"\n\\c\t"), r#""a \"b\"\n\\c\u0009""#);
        let script = boot_script("mutation RefreshSession {\n  refreshSession { token }\n}\n");
        assert!(script.contains(
            r#"body: "{\"query\":\"mutation RefreshSession {\\n  refreshSession { token }\\n}\",\"operationName\":\"RefreshSession\"}""#
        ), "{script}");
        assert!(script.starts_with("import init from \"./app.js\";"));
    }

    #[test]
    fn the_english_texts_are_read_in_order_with_their_escapes() {
        let source = "use x;\n\ntexts! {\n    // Shell.\n    A => \"Een\", \"One\";\n    B => \"Zeg \\\"ja\\\"\", \"Say \\\"yes\\\" \\\\ ok\";\n}\n\nfn f() {}\n";
        assert_eq!(
            english_texts(source),
            Ok(r#"["One","Say \"yes\" \\ ok"]"#.to_owned())
        );
        assert!(english_texts("x\ntexts! {\n    A => \"Een\";\n}").is_err());
        assert!(english_texts("nothing here").is_err());
    }

    #[test]
    fn a_module_loses_its_name_section_and_keeps_every_other() {
        let header = b"\0asm\x01\0\0\0";
        let types = [1_u8, 4, 1, 0x60, 0, 0];
        let names = [0_u8, 7, 4, b'n', b'a', b'm', b'e', 1, 0];
        let producers = [0_u8, 4, 3, b'a', b'b', b'c'];
        let module = [&header[..], &types, &names, &producers].concat();
        assert_eq!(
            without_names(&module),
            Ok([&header[..], &types, &producers].concat())
        );
        assert!(without_names(&module[..12]).is_err());
        assert!(without_names(b"\0as").is_err());
    }

    #[test]
    fn a_split_is_reported_by_the_name_of_its_screen() {
        assert_eq!(screen_name("detail_5283596835386744220"), "detail");
        assert_eq!(screen_name("sign_in"), "sign_in");
    }

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
