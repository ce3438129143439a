//! The refresh cookie: its name and the `Set-Cookie` values that store or remove it. Rule: the
//! refresh token is the only thing kept in a cookie; it is `HttpOnly`, `Secure`, `SameSite=Strict`
//! and sent to `/graphql` only.

/// The name of the refresh cookie.
pub const REFRESH_COOKIE: &str = "klachten_refresh";

/// The `Set-Cookie` value that stores `token` (or, with `None`, removes the cookie).
pub fn refresh_cookie_header(token: Option<&str>) -> String {
    match token {
        Some(token) => format!(
            "{REFRESH_COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/graphql; Max-Age={}",
            crate::db::sessions::LIFETIME_HOURS * 3600
        ),
        None => format!(
            "{REFRESH_COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/graphql; Max-Age=0"
        ),
    }
}
