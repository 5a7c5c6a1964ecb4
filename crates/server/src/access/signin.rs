//! The sign-in page and sign-out (only when a password is configured).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::ClientAddr;
use super::redirect::safe_next;
use super::session;
use crate::http::error::AppError;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "signin.html")]
struct SigninPage {
    next: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct SigninForm {
    password: String,
    next: Option<String>,
}

pub async fn page(State(state): State<AppState>, Query(q): Query<NextParam>) -> Response {
    if state.settings.password.is_none() {
        return Redirect::to("/").into_response();
    }
    SigninPage {
        next: safe_next(q.next.as_deref()),
        error: None,
    }
    .into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<SigninForm>,
) -> Response {
    let Some(password) = state.password_hash.clone() else {
        return Redirect::to("/").into_response();
    };
    let next = safe_next(form.next.as_deref());
    if !state.signin_limit.allow(client) {
        let page = SigninPage {
            next,
            error: Some("Too many attempts. Wait a minute and try again."),
        };
        return (StatusCode::TOO_MANY_REQUESTS, page).into_response();
    }
    let candidate = form.password;
    let matches = tokio::task::spawn_blocking(move || password.matches(&candidate))
        .await
        .unwrap_or(false);
    if !matches {
        let page = SigninPage {
            next,
            error: Some("That is not the password."),
        };
        return (StatusCode::UNAUTHORIZED, page).into_response();
    }
    let Some(sessions) = state.hub.sessions() else {
        return AppError::unavailable().into_response();
    };
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let id = match session::start(sessions, user_agent).await {
        Ok(id) => id,
        Err(e) => {
            tracing::warn!(error = %e, "could not store a session");
            return AppError::unavailable().into_response();
        }
    };
    let secure = state
        .settings
        .public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https://"));
    let cookie = format!(
        "{}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        session::COOKIE,
        session::LIFETIME.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    with_cookie(Redirect::to(&next).into_response(), &cookie)
}

/// `POST /signout`: deletes the session record (the cookie is then dead everywhere) and
/// clears the cookie.
pub async fn signout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(sessions) = state.hub.sessions() {
        for id in session::from_headers(&headers) {
            if let Err(e) = session::end(sessions, id).await {
                tracing::warn!(error = %e, "could not end a session");
                return AppError::unavailable().into_response();
            }
        }
    }
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        session::COOKIE
    );
    with_cookie(Redirect::to("/signin").into_response(), &cookie)
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(cookie).expect("cookie is ASCII"),
    );
    response
}
