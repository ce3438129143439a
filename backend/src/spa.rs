//! The browser app's files: read once at start, served from memory with their precompressed
//! forms (brotli, gzip), long cache lifetimes for content-hashed names, and a
//! Content-Security-Policy the app satisfies. Unknown paths that look like pages get
//! `index.html`, so deep links work.

use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::{Endpoint, Request, Response};
use std::collections::HashMap;
use std::path::Path;

/// The policy for the app's pages: scripts and styles from this origin only, WebAssembly
/// compilation allowed, API calls to this origin only, no framing.
pub const APP_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One file with its precompressed forms.
struct Asset {
    content_type: &'static str,
    identity: Vec<u8>,
    brotli: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
    immutable: bool,
}

/// The app's files by URL path.
pub struct Spa {
    assets: HashMap<String, Asset>,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Whether a path names content that never changes under it, so browsers may keep it for a
/// year: a file name with a content hash (`style-0123456789abcdef.css`), or any file in a folder
/// named so (`app-0123456789abcdef/app.js`, where the folder's hash covers all its files).
fn is_hashed(path: &str) -> bool {
    let hashed = |name: &str| {
        let stem = name.split('.').next().unwrap_or(name);
        stem.rsplit_once('-').is_some_and(|(_, hash)| {
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
    };
    match path.rsplit_once('/') {
        Some((folder, _)) => hashed(folder),
        None => hashed(path),
    }
}

impl Spa {
    /// Reads every file in `dir` and in its folders one level down (the app's code lives in a
    /// folder named by its content hash); `None` when there is no `index.html`.
    pub fn load(dir: &Path) -> std::io::Result<Option<Self>> {
        if !dir.join("index.html").is_file() {
            return Ok(None);
        }
        let mut files: HashMap<String, Vec<u8>> = HashMap::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type()?.is_file() {
                files.insert(name, std::fs::read(entry.path())?);
            } else if entry.file_type()?.is_dir() {
                for inner in std::fs::read_dir(entry.path())? {
                    let inner = inner?;
                    if inner.file_type()?.is_file() {
                        let file = inner.file_name().to_string_lossy().into_owned();
                        files.insert(format!("{name}/{file}"), std::fs::read(inner.path())?);
                    }
                }
            }
        }
        let mut assets = HashMap::new();
        for (name, bytes) in &files {
            if name.ends_with(".br") || name.ends_with(".gz") {
                continue;
            }
            assets.insert(
                format!("/{name}"),
                Asset {
                    content_type: content_type(name),
                    identity: bytes.clone(),
                    brotli: files.get(&format!("{name}.br")).cloned(),
                    gzip: files.get(&format!("{name}.gz")).cloned(),
                    immutable: is_hashed(name),
                },
            );
        }
        Ok(Some(Self { assets }))
    }

    fn respond(&self, req: &Request) -> Response {
        if req.method() != Method::GET && req.method() != Method::HEAD {
            return Response::builder()
                .status(StatusCode::METHOD_NOT_ALLOWED)
                .header(header::ALLOW, "GET, HEAD")
                .finish();
        }
        let path = req.uri().path();
        let asset = self.assets.get(path).or_else(|| {
            // A deep link such as /klachten/123 gets the app; a missing file stays missing.
            let last = path.rsplit('/').next().unwrap_or_default();
            (!last.contains('.')).then(|| self.assets.get("/index.html"))?
        });
        let Some(asset) = asset else {
            return Response::builder()
                .status(StatusCode::NOT_FOUND)
                .content_type("text/plain; charset=utf-8")
                .body("not found");
        };
        let accepted = crate::encoding::accepted(req);
        let (body, encoding) = match (&asset.brotli, &asset.gzip) {
            (Some(br), _) if accepted.brotli => (br, Some("br")),
            (_, Some(gz)) if accepted.gzip => (gz, Some("gzip")),
            _ => (&asset.identity, None),
        };
        let mut response = Response::builder()
            .content_type(asset.content_type)
            .header(header::VARY, "Accept-Encoding")
            .header(
                header::CACHE_CONTROL,
                if asset.immutable {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                },
            )
            .header(header::CONTENT_SECURITY_POLICY, APP_CSP);
        if let Some(encoding) = encoding {
            response = response.header(header::CONTENT_ENCODING, encoding);
        }
        if req.method() == Method::HEAD {
            let mut head = response.finish();
            if let Ok(length) = HeaderValue::from_str(&body.len().to_string()) {
                head.headers_mut().insert(header::CONTENT_LENGTH, length);
            }
            return head;
        }
        response.body(body.clone())
    }
}

/// Serves the app, or explains how to build it when it is missing.
pub struct SpaEndpoint(pub std::sync::Arc<Option<Spa>>);

impl Endpoint for SpaEndpoint {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Self::Output> {
        Ok(match self.0.as_ref() {
            Some(spa) => spa.respond(&req),
            None => Response::builder()
                .status(StatusCode::SERVICE_UNAVAILABLE)
                .content_type("text/plain; charset=utf-8")
                .header(header::CACHE_CONTROL, "no-store")
                .body(
                    "The browser app is not built. Run `cargo xtask run` (or `cargo xtask \
                     build-frontend`) from the project folder, or set KLACHTEN_STATIC_DIR.",
                ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_hashed_names_are_cached_for_a_year() {
        assert!(is_hashed("app-0123456789abcdef.js"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        assert!(is_hashed("app-0123456789abcdef/app.js"));
        assert!(is_hashed(
            "app-0123456789abcdef/split_detail_5283596835386744220.wasm"
        ));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("app.js"));
        assert!(!is_hashed("app-0123.js"));
        assert!(!is_hashed("app-0123/app.js"));
    }
}
