//! `medvirk-server token create|list|revoke` (the real binary) and signing in with a stored token, on the form and as a bearer token.

use std::process::{Command, Output};

use axum::http::StatusCode;

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_medvirk-server");

fn token(db: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("token")
        .args(args)
        .args(["--db", db])
        .env_remove("DATABASE_URL")
        .env_remove("MEDVIRK_ADMIN_TOKEN")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[tokio::test]
async fn created_tokens_sign_in_until_revoked() {
    // No MEDVIRK_ADMIN_TOKEN: only stored tokens open the admin area.
    let t = TestApp::with(Options {
        admin_token: None,
        ..Options::default()
    })
    .await;
    let db = t._db.url.clone();
    let res = t
        .send(Req::get("/admin/").header("accept-language", "en"))
        .await;
    assert_eq!(
        res.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "nothing to sign in with yet"
    );

    let out = token(&db, &["create", "kari.nordmann"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let secret = stdout(&out).trim().to_owned();
    assert!(secret.starts_with("mvk_") && secret.len() == 68, "{secret}");
    assert!(stderr(&out).contains("not shown again"));
    // The database holds the digest, never the token.
    let listed = t.store.admin_tokens().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "kari.nordmann");
    assert_eq!(listed[0].last_used_at, None);
    if !t._db.is_postgres() {
        let raw = std::fs::read(&db).unwrap_or_default();
        let wal = std::fs::read(format!("{db}-wal")).unwrap_or_default();
        let needle = secret.as_bytes();
        for bytes in [&raw, &wal] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "token stored in clear"
            );
        }
    }

    // The sign-in page is open now; the token signs in and names itself in the log.
    let res = t
        .send(Req::get("/admin/").header("accept-language", "en"))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let cookie = t.sign_in_with(&secret).await;
    let res = t.send(Req::get("/admin/results").session(&cookie)).await;
    assert_eq!(res.status, StatusCode::OK);
    // And works as the bearer token of the admin API.
    let res = t
        .send(Req::get(ADMIN).header("authorization", &format!("Bearer {secret}")))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let res = t
        .send(Req::get(ADMIN).header("authorization", "Bearer mvk_0000"))
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNAUTHORIZED,
        "stored tokens exist: 401, not 404"
    );

    let out = token(&db, &["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = stdout(&out);
    assert!(list.starts_with("kari.nordmann\tcreated 20"), "{list}");
    assert!(
        !list.contains("last used never"),
        "sign-in marks it used: {list}"
    );
    assert!(!list.contains(&secret));

    // A second token with the same name is refused.
    let out = token(&db, &["create", "kari.nordmann"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("exists"));
    assert!(stdout(&out).is_empty());

    // A second session with the same token, to see both end.
    let second = t.sign_in_with(&secret).await;
    for c in [&cookie, &second] {
        let res = t.send(Req::get("/admin/results").session(c)).await;
        assert_eq!(res.status, StatusCode::OK);
    }

    let out = token(&db, &["revoke", "kari.nordmann"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "revoked kari.nordmann\n");
    // Revoking (another process) ends the sessions it opened at their next request: sent to
    // the sign-in page as an expired session, with the cookie cleared, every time after.
    for c in [&cookie, &second, &cookie] {
        let res = t.send(Req::get("/admin/results").session(c)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        assert_eq!(res.header("location").unwrap(), "/admin/?expired=1");
        assert!(res.header("set-cookie").unwrap().contains("Max-Age=0"));
    }
    let res = t
        .send(Req::form("/admin/sign-in", &format!("token={secret}")))
        .await;
    assert_eq!(
        res.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "no way to sign in is left"
    );
    let res = t
        .send(Req::get(ADMIN).header("authorization", &format!("Bearer {secret}")))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    let out = token(&db, &["revoke", "kari.nordmann"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no token named"));
}

#[tokio::test]
async fn stored_tokens_and_the_environment_token_work_side_by_side() {
    let t = TestApp::new().await;
    let db = t._db.url.clone();
    let out = token(&db, &["create", "sekretær"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let secret = stdout(&out).trim().to_owned();
    for presented in [secret.as_str(), TOKEN] {
        let res = t
            .send(Req::form("/admin/sign-in", &format!("token={presented}")))
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
    }
    // A wrong token is still refused and counted.
    let res = t.send(Req::form("/admin/sign-in", "token=mvk_guess")).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[test]
fn names_and_commands_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let out = token(db, &["create", "two words"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a token name"));
    let out = Command::new(BIN)
        .args(["token", "rotate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown token command"));
    let out = token(db, &["list"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "", "no tokens yet");
}
