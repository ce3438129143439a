//! The Klachten browser app: Leptos, rendered in the browser, talking GraphQL to the server
//! that serves it. Rule: the access token lives in memory only; every string comes from
//! `i18n`; the server decides who sees what, the app only asks.

mod api;
mod app;
mod components;
pub mod i18n;
mod js;
/// How long what people type may be: the server's own limits (`klachten_core::limits`), so a
/// form stops where the server would refuse.
#[path = "../../backend/core/src/limits.rs"]
mod limits;
pub mod model;
mod pages;
mod router;
mod session;

/// Mounts the app on the page's body once, for those who chose English, its texts arrived; the
/// app takes away the skeleton `index.html` shows meanwhile.
pub fn start() {
    // Leptos's executor starts with the mount, so this one is wasm-bindgen's own.
    wasm_bindgen_futures::spawn_local(async {
        i18n::prepare().await;
        leptos::mount::mount_to_body(app::App);
    });
}
