//! The app's own small router: the page follows the address bar, and links within the app
//! change it through the History API instead of reloading. Rule: links are plain `<a href>`
//! elements; one click listener on the document catches those that stay inside the app.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Where the app is: the path and the query string, shared through context.
#[derive(Clone, Copy)]
pub struct Router {
    path: RwSignal<String>,
    search: RwSignal<String>,
}

fn window_location() -> (String, String) {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| {
            (
                l.pathname().unwrap_or_else(|_| "/".to_owned()),
                l.search().unwrap_or_default(),
            )
        })
        .unwrap_or_else(|| ("/".to_owned(), String::new()))
}

/// The in-app target of a click on a link, if the click should stay in the app.
fn in_app_target(event: &web_sys::MouseEvent) -> Option<String> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let element: web_sys::Element = event.target()?.dyn_into().ok()?;
    let link = element.closest("a[href]").ok()??;
    if link.has_attribute("target") || link.has_attribute("download") {
        return None;
    }
    let href = link.get_attribute("href")?;
    (href.starts_with('/') && !href.starts_with("//")).then_some(href)
}

impl Router {
    /// Starts following the address bar (back and forward included) and catching in-app links.
    pub fn start() -> Self {
        let (path, search) = window_location();
        let router = Self {
            path: RwSignal::new(path),
            search: RwSignal::new(search),
        };
        if let Some(window) = web_sys::window() {
            let on_pop = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                router.follow();
            });
            let _ = window
                .add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
            // Listens for as long as the app lives.
            on_pop.forget();
            if let Some(document) = window.document() {
                let on_click =
                    Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
                        if let Some(href) = in_app_target(&e) {
                            e.prevent_default();
                            router.navigate(&href);
                        }
                    });
                let _ = document
                    .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
                on_click.forget();
            }
        }
        router
    }

    /// From context.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Takes over the address bar's location.
    fn follow(self) {
        let (path, search) = window_location();
        if self.path.get_untracked() != path {
            self.path.set(path);
        }
        if self.search.get_untracked() != search {
            self.search.set(search);
        }
    }

    /// The current path (reactive).
    pub fn path(self) -> String {
        self.path.get()
    }

    /// The current path, without subscribing.
    pub fn path_untracked(self) -> String {
        self.path.get_untracked()
    }

    /// A query parameter of the current address, without subscribing.
    pub fn query(self, key: &str) -> Option<String> {
        web_sys::UrlSearchParams::new_with_str(&self.search.get_untracked())
            .ok()
            .and_then(|params| params.get(key))
    }

    /// Sets the query of the current address to `params` without a new history entry (a page
    /// keeps its state there, so Back returns to it as it was).
    pub fn replace_query(self, params: &[(&str, String)]) {
        let Ok(query) = web_sys::UrlSearchParams::new() else {
            return;
        };
        for (key, value) in params.iter().filter(|(_, v)| !v.is_empty()) {
            query.append(key, value);
        }
        let query = String::from(query.to_string());
        let path = self.path.get_untracked();
        let to = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&to));
        }
        self.follow();
    }

    /// Goes to `to` (a path with an optional query), as a new history entry.
    pub fn navigate(self, to: &str) {
        if let Some(window) = web_sys::window() {
            if let Ok(history) = window.history() {
                let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to));
            }
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
        self.follow();
    }
}
