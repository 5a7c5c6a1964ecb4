//! Signing in behind a proxy, sessions that end when they should, and where a sign-in may
//! send the browser. Sessions live in the database, so their cases run on SQLite and on
//! Postgres.

mod support;

use eventstorm_server::Settings;
use eventstorm_server::access::Secret;
use eventstorm_server::access::middleware::urlencode;
use reqwest::Method;
use support::{Db, TestApp, spawn_app_with};

const PASSWORD: &str = "open sesame";

fn private(settings: Settings) -> Settings {
    Settings {
        password: Some(Secret::new(PASSWORD)),
        admin_token: Some(Secret::new("t0ken")),
        signins_per_minute: 5,
        ..settings
    }
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Posts the sign-in form, optionally as forwarded for `client`.
async fn sign_in(
    app: &TestApp,
    password: &str,
    next: &str,
    forwarded_for: Option<&str>,
) -> reqwest::Response {
    sign_in_at(&app.url("/signin"), password, next, forwarded_for).await
}

async fn sign_in_at(
    url: &str,
    password: &str,
    next: &str,
    forwarded_for: Option<&str>,
) -> reqwest::Response {
    let mut req = no_redirects()
        .post(url)
        .form(&[("password", password), ("next", next)]);
    if let Some(client) = forwarded_for {
        req = req.header("x-forwarded-for", client);
    }
    req.send().await.unwrap()
}

/// Signs in and returns the `name=value` cookie pair.
async fn session_cookie(app: &TestApp) -> String {
    let res = sign_in(app, PASSWORD, "/", None).await;
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

async fn status_with(app: &TestApp, cookie: &str) -> u16 {
    no_redirects()
        .get(app.url("/api/boards/0123456789abcdef0123456789abcdef"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let behind_proxy = Settings {
        trusted_proxies: "127.0.0.1/32".parse().unwrap(),
        ..private(Settings::default())
    };
    let app = spawn_app_with(Db::fresh_sqlite(), behind_proxy).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let res = sign_in(&app, "guess", "/", Some("203.0.113.7")).await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, vec![401, 401, 401, 401, 401, 429]);
    let other = sign_in(&app, PASSWORD, "/", Some("198.51.100.20")).await;
    assert_eq!(other.status(), 303, "another client is not locked out");
    // A client cannot escape its budget by adding its own entries in front.
    let spoofed = sign_in(&app, "guess", "/", Some("192.0.2.1, 203.0.113.7")).await;
    assert_eq!(spoofed.status(), 429);
    // One IPv6 /64 is one client.
    for host in 1..=5 {
        let res = sign_in(&app, "guess", "/", Some(&format!("2001:db8:1:2::{host}"))).await;
        assert_eq!(res.status(), 401);
    }
    let same_64 = sign_in(&app, "guess", "/", Some("2001:db8:1:2:ffff::1")).await;
    assert_eq!(same_64.status(), 429);

    // Without the setting the headers are ignored: every request is the socket peer.
    let direct = spawn_app_with(Db::fresh_sqlite(), private(Settings::default())).await;
    let mut statuses = Vec::new();
    for i in 0..6 {
        let res = sign_in(&direct, "guess", "/", Some(&format!("203.0.113.{i}"))).await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, vec![401, 401, 401, 401, 401, 429]);
}

#[tokio::test]
async fn the_binary_reads_trusted_proxies_from_the_environment() {
    let db = support::process::fresh_sqlite_url();
    let base_env = [
        ("EVENTSTORM_PASSWORD", PASSWORD),
        ("EVENTSTORM_SIGNINS_PER_MINUTE", "5"),
    ];
    let mut env = base_env.to_vec();
    env.push(("EVENTSTORM_TRUSTED_PROXIES", "127.0.0.1/32"));
    let proxied = support::process::ServerProcess::start_with(&db, &env).await;
    let signin = proxied.url("/signin");
    for _ in 0..5 {
        let res = sign_in_at(&signin, "guess", "/", Some("203.0.113.7")).await;
        assert_eq!(res.status(), 401);
    }
    let sixth = sign_in_at(&signin, "guess", "/", Some("203.0.113.7")).await;
    assert_eq!(sixth.status(), 429);
    let other = sign_in_at(&signin, PASSWORD, "/", Some("198.51.100.20")).await;
    assert_eq!(other.status(), 303, "another forwarded client signs in");
    drop(proxied);

    let direct = support::process::ServerProcess::start_with(&db, &base_env).await;
    let signin = direct.url("/signin");
    let mut statuses = Vec::new();
    for i in 0..6 {
        let res = sign_in_at(&signin, "guess", "/", Some(&format!("203.0.113.{i}"))).await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(
        statuses,
        vec![401, 401, 401, 401, 401, 429],
        "headers ignored without the setting"
    );
}

#[tokio::test]
async fn hostile_next_values_never_leave_the_origin_nor_fail() {
    let generous = Settings {
        signins_per_minute: 1_000,
        ..private(Settings::default())
    };
    let app = spawn_app_with(Db::fresh_sqlite(), generous).await;
    let hostile = [
        "/\t/evil.example",
        "/\n/evil.example",
        "/a\r\nSet-Cookie: x=1",
        "/\\evil.example",
        "\\\\evil.example",
        "//evil.example",
        "///evil.example",
        "https://evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "/%5Cevil.example",
        "/%09/evil.example",
        "/%0d%0aSet-Cookie:x=1",
        "/%252F/evil.example",
        "%2F%2Fevil.example",
        "/\u{0}",
        "/é/../evil",
        "",
    ];
    let http = no_redirects();
    for next in hostile {
        // The sign-in page puts `next` in its form.
        let page = http
            .get(app.url(&format!("/signin?next={}", urlencode(next))))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "page for {next:?}");
        let html = page.text().await.unwrap();
        assert!(
            html.contains(r#"name="next" value="/""#),
            "{next:?} was kept in the form"
        );
        // Both a wrong and the right password.
        let wrong = sign_in(&app, "guess", next, None).await;
        assert!(
            wrong.status().is_client_error(),
            "{next:?}: {}",
            wrong.status()
        );
        let res = sign_in(&app, PASSWORD, next, None).await;
        assert_eq!(res.status(), 303, "{next:?}");
        assert_eq!(res.headers()["location"], "/", "{next:?}");
    }
    // Broken forms are client errors too, never a 5xx.
    for body in ["password", "password=%FF%FE", "next=/&next=/", "%"] {
        let res = http
            .post(app.url("/signin"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_client_error() || res.status() == 303,
            "{body:?}: {}",
            res.status()
        );
    }
    let ok = sign_in(&app, PASSWORD, "/b/0123abcd?x=%20y", None).await;
    assert_eq!(ok.headers()["location"], "/b/0123abcd?x=%20y");
}

async fn sessions_end_at_sign_out_and_revocation(db: Db) {
    let app = spawn_app_with(db, private(Settings::default())).await;
    let first = session_cookie(&app).await;
    let second = session_cookie(&app).await;
    assert_ne!(first, second);
    // The cookie is only an id: nothing in it derives from the password.
    let id = first.split_once('=').unwrap().1;
    assert_eq!(id.len(), 32, "{first}");
    assert_eq!(
        status_with(&app, &first).await,
        404,
        "signed in: the board is just absent"
    );

    // The database keeps only hashes of the ids.
    let sessions = app
        .store()
        .sessions()
        .unwrap()
        .list_sessions(0)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    assert!(
        sessions
            .iter()
            .all(|s| s.id_hash.len() == 64 && !s.id_hash.contains(id))
    );

    // Sign out, then replay the cookie: refused.
    let out = no_redirects()
        .post(app.url("/signout"))
        .header("cookie", &first)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert_eq!(
        status_with(&app, &first).await,
        401,
        "a signed-out cookie is dead"
    );
    assert_eq!(
        status_with(&app, &second).await,
        404,
        "other sessions live on"
    );

    // The administrator sees the live sessions and ends them all.
    let (_, listed) = app.admin(Method::GET, "/api/admin/sessions").await;
    assert_eq!(listed["sessions"].as_array().unwrap().len(), 1, "{listed}");
    assert!(
        !listed
            .to_string()
            .contains(second.split_once('=').unwrap().1)
    );
    let third = session_cookie(&app).await;
    let (_, revoked) = app.admin(Method::DELETE, "/api/admin/sessions").await;
    assert_eq!(revoked["revoked"], 2);
    assert_eq!(status_with(&app, &second).await, 401);
    assert_eq!(status_with(&app, &third).await, 401);

    // The command line does the same against the database.
    let fourth = session_cookie(&app).await;
    let cli = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_eventstorm"))
            .args(args)
            .env("DATABASE_URL", app.db.url())
            .env("EVENTSTORM_LOG", "warn")
            .output()
            .unwrap()
    };
    let list = cli(&["sessions", "list"]);
    assert!(list.status.success(), "{list:?}");
    assert_eq!(String::from_utf8_lossy(&list.stdout).lines().count(), 1);
    let revoke = cli(&["sessions", "revoke-all"]);
    assert!(revoke.status.success(), "{revoke:?}");
    assert_eq!(
        String::from_utf8_lossy(&revoke.stdout).trim(),
        "ended 1 sessions"
    );
    assert_eq!(
        status_with(&app, &fourth).await,
        401,
        "revoke-all ends every session"
    );
}

#[tokio::test]
async fn sessions_end_at_sign_out_and_revocation_sqlite() {
    sessions_end_at_sign_out_and_revocation(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn sessions_end_at_sign_out_and_revocation_postgres() {
    if let Some(db) = Db::fresh_postgres().await {
        sessions_end_at_sign_out_and_revocation(db).await;
    }
}

async fn expired_sessions_are_refused_and_cleaned_up(db: Db) {
    let app = spawn_app_with(db, private(Settings::default())).await;
    let store = app.store();
    let sessions = store.sessions().unwrap();
    // A session that ran out yesterday, as a cookie for its id would find it.
    let id = "00112233445566778899aabbccddeeff";
    let day = 24 * 3600 * 1000;
    let now = eventstorm_store::now_millis();
    sessions
        .create_session(&eventstorm_store::SessionRecord {
            id_hash: eventstorm_server::hub::hash_secret(id),
            created_at_ms: now - 31 * day,
            expires_at_ms: now - day,
            last_seen_ms: now - 2 * day,
            user_agent: "old".into(),
        })
        .await
        .unwrap();
    let cookie = format!("eventstorm_session={id}");
    assert_eq!(status_with(&app, &cookie).await, 401);
    assert!(sessions.list_sessions(now).await.unwrap().is_empty());
    session_cookie(&app).await;
    let all = sessions.list_sessions(0).await.unwrap();
    assert_eq!(all.len(), 1, "the expired session was cleaned up");
    assert_ne!(all[0].user_agent, "old");
}

#[tokio::test]
async fn expired_sessions_are_refused_and_cleaned_up_sqlite() {
    expired_sessions_are_refused_and_cleaned_up(Db::fresh_sqlite()).await;
}

#[tokio::test]
#[cfg_attr(no_test_database, ignore = "needs TEST_DATABASE_URL")]
async fn expired_sessions_are_refused_and_cleaned_up_postgres() {
    if let Some(db) = Db::fresh_postgres().await {
        expired_sessions_are_refused_and_cleaned_up(db).await;
    }
}
