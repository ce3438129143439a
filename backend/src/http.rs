//! HTTP: the guarded GraphQL endpoint, health, and the security headers. Rule: `/graphql`
//! accepts only `POST` with `application/json` and one operation; a bad token is refused
//! before the query is parsed; every response carries `Cache-Control: no-store`.

use crate::db::audit::Named;
use crate::graphql::{ApiSchema, Viewer};
use crate::spa::{Spa, SpaEndpoint};
use crate::state::AppState;
use klachten_core::ids::UserId;
use poem::http::{Method, StatusCode, header};
use poem::middleware::{CatchPanic, Cors, SetHeader, SizeLimit};
use poem::web::{Data, Html, Json};
use poem::{
    Body, Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get, handler, post,
};
use std::sync::Arc;

/// How long one GraphQL request may take before it is stopped with 503; its transaction rolls
/// back and its connection returns to the pool.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body =
        serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    Json(body).with_status(status).into_response()
}

/// The answer when the database cannot be reached: the correlation id, never the error itself.
fn unavailable(e: &sea_orm::DbErr) -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "INTERNAL",
        &crate::error::ApiError::internal(e).message,
    )
}

/// Resolves the viewer from the `Authorization: Bearer` header; `Err` for a token that is
/// present but not valid.
async fn authenticate(state: &AppState, req: &Request) -> Result<Viewer, Response> {
    let address = req
        .remote_addr()
        .as_socket_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let unauthenticated = || {
        error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "the access token is not valid; log in again",
        )
    };
    if req
        .uri()
        .query()
        .is_some_and(|q| q.contains("access_token"))
    {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "send the access token in the Authorization header, never in the URL",
        ));
    }
    let refresh = refresh_cookie(req);
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(Viewer {
            user: None,
            client: None,
            address,
            refresh,
        });
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(unauthenticated)?;
    // An API client's key.
    if token
        .trim()
        .starts_with(klachten_core::integration::KEY_PREFIX)
    {
        let found = crate::clients::authenticate(&state.db, token.trim(), state.clock.now())
            .await
            .map_err(|e| unavailable(&e))?;
        return match found {
            Ok(client) => Ok(Viewer {
                user: None,
                client: Some(client),
                address,
                refresh: None,
            }),
            Err(crate::clients::Refused::Unknown) => Err(error(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "the API key is not valid; check it, or ask an administrator for a new one",
            )),
            Err(crate::clients::Refused::NoLongerValid) => Err(error(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "the API key was revoked, rotated out or has expired; ask an administrator for a new one",
            )),
        };
    }
    let claims = state
        .tokens
        .verify(token.trim(), state.clock.now())
        .ok_or_else(unauthenticated)?;
    let user_id = claims
        .sub
        .parse::<UserId>()
        .ok()
        .ok_or_else(unauthenticated)?;
    let user = crate::db::users::by_id(&state.db, user_id)
        .await
        .map_err(|e| unavailable(&e))?
        .filter(|u| u.active && u.token_version == claims.tv)
        .ok_or_else(unauthenticated)?;
    Ok(Viewer {
        user: Some(user),
        client: None,
        address,
        refresh,
    })
}

fn refresh_cookie(req: &Request) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == crate::cookie::REFRESH_COOKIE)
        .map(|(_, value)| value.to_owned())
}

#[handler]
async fn graphql(
    req: &Request,
    body: Body,
    state: Data<&Arc<AppState>>,
    schema: Data<&ApiSchema>,
) -> Response {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "VALIDATION",
            "send GraphQL requests as application/json",
        );
    }
    let viewer = match authenticate(&state, req).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let Ok(bytes) = body.into_bytes().await else {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "VALIDATION",
            "the request body is too large",
        );
    };
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "the request body is not valid JSON",
            );
        }
    };
    if !value.is_object() {
        return error(
            StatusCode::BAD_REQUEST,
            "VALIDATION",
            "send one operation per request, not a batch",
        );
    }
    let mut value = value;
    if let Some(client) = &viewer.client {
        // A client with trusted operations may send only those, by text or by hash; whatever
        // else it sends gets the same answer, so it learns nothing about the schema.
        let query = value.get("query").and_then(serde_json::Value::as_str);
        let hash = value
            .pointer("/extensions/persistedQuery/sha256Hash")
            .and_then(serde_json::Value::as_str);
        match crate::clients::trusted_operation(&state.db, client, query, hash).await {
            Err(e) => return unavailable(&e),
            Ok(Err(())) => {
                return error(
                    StatusCode::FORBIDDEN,
                    "OPERATION_NOT_ALLOWED",
                    "this API client may send only the operations registered for it; ask an administrator to register this one",
                );
            }
            Ok(Ok(Some(document))) => value["query"] = serde_json::Value::String(document),
            Ok(Ok(None)) => {}
        }
    }
    let request: async_graphql::Request = match serde_json::from_value(value) {
        Ok(request) => request,
        Err(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "the body needs a \"query\" string and optional \"variables\" and \"operationName\"",
            );
        }
    };
    if let Err(shape) = crate::graphql::guard::check(&request.query) {
        return error(StatusCode::BAD_REQUEST, "VALIDATION", &shape.message());
    }
    let client = viewer.client.clone();
    let admitted = match &client {
        Some(client) => {
            match crate::clients::admit(&state.db, client, state.clock.now().timestamp_millis())
                .await
            {
                Ok(admitted) => admitted,
                Err(e) => return unavailable(&e),
            }
        }
        None => Ok(()),
    };
    if let Err(klachten_core::integration::RetryAfter(seconds)) = admitted {
        let body = serde_json::json!({ "errors": [{
            "message": format!("this API client asked too much; try again in {seconds} seconds"),
            "extensions": { "code": "RATE_LIMITED", "retryAfter": seconds }
        }] });
        let mut response = Json(body)
            .with_status(StatusCode::TOO_MANY_REQUESTS)
            .into_response();
        if let Ok(value) = seconds.to_string().parse() {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    if let Some(client) = &client {
        // Attributed before it runs: a request that cannot be written to the audit log is not
        // run at all, so no change by a client ever goes unrecorded.
        let logged = crate::db::audit::append(
            &state.db,
            &state.audit_key,
            state.clock.now(),
            crate::db::audit::Entry {
                actor: &client.label(),
                action: Named::ApiRequest.into(),
                complaint_id: None,
                detail: Some(crate::graphql::guard::summary(
                    &request.query,
                    request.operation_name.as_deref(),
                )),
            },
        )
        .await;
        if let Err(e) = logged {
            return unavailable(&e);
        }
    }
    let Ok(mut response) =
        tokio::time::timeout(REQUEST_TIMEOUT, schema.execute(request.data(viewer))).await
    else {
        tracing::warn!("a GraphQL request took longer than the limit and was stopped");
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "INTERNAL",
            "the request took too long; try again",
        );
    };
    if let Some(client) = &client {
        // The client pays for what it got.
        let data = response.data.clone().into_json().unwrap_or_default();
        if let Err(e) = crate::clients::charge(&state.db, client, crate::clients::cost(&data)).await
        {
            // The answer is ready and stands; only the charge is lost.
            tracing::error!(code = %crate::error::ApiError::internal(&e).message, "an API client's request could not be charged");
        }
    }
    crate::error::in_language(
        &mut response.errors,
        crate::error::asks_dutch(
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        ),
    );
    let headers = response.http_headers.clone();
    // Compressed when the client accepts it. Safe from BREACH-style guessing: a page on another
    // site cannot send the bearer token, and the refresh cookie is SameSite=Strict.
    let body = serde_json::to_vec(&response).unwrap_or_default();
    let (body, encoding) = crate::encoding::compress(body, crate::encoding::accepted(req));
    let mut http = Response::builder()
        .content_type("application/json; charset=utf-8")
        .header(header::VARY, "Accept-Encoding, Accept-Language")
        .body(body);
    if let Some(encoding) = encoding {
        http.headers_mut().insert(
            header::CONTENT_ENCODING,
            header::HeaderValue::from_static(encoding),
        );
    }
    // Resolvers may set the refresh cookie; nothing else.
    for value in headers.get_all(header::SET_COOKIE) {
        http.headers_mut().append(header::SET_COOKIE, value.clone());
    }
    http
}

#[handler]
fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

#[handler]
fn graphiql() -> Html<String> {
    Html(
        async_graphql::http::GraphiQLSource::build()
            .endpoint("/graphql")
            .finish(),
    )
}

/// The headers of API responses: never cached, never rendered as a page.
fn api_headers() -> SetHeader {
    SetHeader::new()
        .overriding(header::CACHE_CONTROL, "no-store")
        .overriding(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'",
        )
}

/// All routes with their middleware: the API, health, and the browser app for every other path.
pub fn routes(state: Arc<AppState>, schema: ApiSchema, spa: Option<Spa>) -> impl Endpoint {
    let dev = state.config.dev;
    let origins = state.config.allowed_origins.clone();
    let mut route = Route::new()
        .at(
            "/graphql",
            post(graphql.with(SizeLimit::new(MAX_BODY_BYTES))).with(api_headers()),
        )
        .at("/health", get(health).with(api_headers()));
    if dev {
        route = route.at(
            "/graphiql",
            get(graphiql).with(
                SetHeader::new()
                    .overriding(header::CACHE_CONTROL, "no-store")
                    .overriding(
                        header::CONTENT_SECURITY_POLICY,
                        "default-src 'self' 'unsafe-inline' https:",
                    ),
            ),
        );
    }
    let spa = Arc::new(spa);
    route = route
        .at("/", SpaEndpoint(spa.clone()))
        .at("/*path", SpaEndpoint(spa));
    let headers = SetHeader::new()
        .overriding(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .overriding(header::REFERRER_POLICY, "no-referrer")
        .overriding(header::X_FRAME_OPTIONS, "DENY");
    // Without configured origins no CORS headers are sent at all: poem's default Cors allows any.
    let cors = (!origins.is_empty()).then(|| {
        Cors::new()
            .allow_origins(origins)
            .allow_methods([Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
    });
    route
        .with_if(cors.is_some(), cors.unwrap_or_default())
        .with(headers)
        .with(CatchPanic::new())
        .data(state)
        .data(schema)
}
