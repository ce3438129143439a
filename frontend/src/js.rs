//! JSON read in the browser: `JSON.parse` and property access through JavaScript, with no
//! decoder compiled into the app. For the large, nested answers of the agenda and the
//! statistics, where derived decoders cost more than the screens themselves. The queries are
//! still checked against the schema when the app is built.

use js_sys::{Array, JSON, Reflect};
use wasm_bindgen::JsValue;

/// A parsed JSON value; a missing key reads as `null`-like.
#[derive(Clone)]
pub struct Js(pub JsValue);

impl Js {
    /// The `data` of an answer's text.
    pub fn data(text: &str) -> Option<Self> {
        let all = JSON::parse(text).ok()?;
        Some(Self(Reflect::get(&all, &"data".into()).ok()?))
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Self {
        Self(Reflect::get(&self.0, &key.into()).unwrap_or(JsValue::NULL))
    }

    /// Whether it is `null` or missing.
    pub fn is_null(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    /// The value under `key`, unless `null`.
    pub fn opt(&self, key: &str) -> Option<Self> {
        Some(self.get(key)).filter(|v| !v.is_null())
    }

    /// The string under `key`, or empty.
    pub fn str(&self, key: &str) -> String {
        self.get(key).0.as_string().unwrap_or_default()
    }

    /// The string under `key`, unless `null`.
    pub fn opt_str(&self, key: &str) -> Option<String> {
        self.get(key).0.as_string()
    }

    /// The number under `key`, unless `null`.
    pub fn num(&self, key: &str) -> Option<f64> {
        self.get(key).0.as_f64()
    }

    /// The whole number under `key`, unless `null`.
    pub fn int(&self, key: &str) -> Option<i64> {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "the schema's Int is a whole number"
        )]
        self.num(key).map(|n| n as i64)
    }

    /// The boolean under `key` (`false` when missing).
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).0.as_bool().unwrap_or(false)
    }

    /// The list under `key` (empty when missing).
    pub fn list(&self, key: &str) -> Vec<Self> {
        let value = self.get(key).0;
        if Array::is_array(&value) {
            Array::from(&value).iter().map(Self).collect()
        } else {
            Vec::new()
        }
    }
}

/// `value` with one decimal and a decimal comma, formatted by the browser: "83,3".
pub fn decimal(value: f64) -> String {
    js_sys::Number::from(value)
        .to_fixed(1)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
        .replace('.', ",")
}

/// The `content` of `<meta name="{name}">` in the page, where the build names its files.
pub fn meta(name: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name={name}]"))
        .ok()
        .flatten()?
        .get_attribute("content")
}
