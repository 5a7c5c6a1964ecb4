//! The sign-in page (only when a password is configured).

use std::net::SocketAddr;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::session;
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

/// Only same-site paths: `/b/...`, never `//evil.example` or `https://...`.
fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/".to_owned(),
    }
}

pub async fn page(State(state): State<AppState>, Query(q): Query<NextParam>) -> Response {
    if state.settings.password.is_none() {
        return Redirect::to("/").into_response();
    }
    SigninPage {
        next: safe_next(q.next),
        error: None,
    }
    .into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Form(form): Form<SigninForm>,
) -> Response {
    let Some(password) = &state.settings.password else {
        return Redirect::to("/").into_response();
    };
    let next = safe_next(form.next);
    if !state.signin_limit.allow(addr.ip()) {
        let page = SigninPage {
            next,
            error: Some("Too many attempts. Wait a minute and try again."),
        };
        return (StatusCode::TOO_MANY_REQUESTS, page).into_response();
    }
    if !password.matches(&form.password) {
        let page = SigninPage {
            next,
            error: Some("That is not the password."),
        };
        return (StatusCode::UNAUTHORIZED, page).into_response();
    }
    let secure = state
        .settings
        .public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https://"));
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        session::COOKIE,
        session::issue(password),
        session::LIFETIME.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    let mut response = Redirect::to(&next).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie is ASCII"),
    );
    response
}

pub async fn signout() -> Response {
    let mut response = Redirect::to("/signin").into_response();
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        session::COOKIE
    );
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie is ASCII"),
    );
    response
}
