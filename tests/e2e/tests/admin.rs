//! End-to-end tests of the admin area's frame in headless Chromium: sign-in with the keyboard, a wrong
//! token, the language switcher, sign-out, the ended-session notice, and axe-core on each page.

use medvirk_core::admin::texts::shell;
use medvirk_core::lang::Lang;
use medvirk_e2e::{ADMIN_TOKEN, Browser, Server, keys};

#[test]
fn sign_in_with_the_keyboard_switch_language_and_sign_out() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/admin/?lang=en", server.url));
    b.find("document.querySelector('#token')");
    b.assert_admin_accessible("admin sign-in");

    // A wrong token: an alert, the field marked invalid, still on the sign-in page.
    let field = b.find("document.querySelector('#token')");
    b.type_text(&field, "not-the-token");
    b.press(&[keys::ENTER]);
    b.wait_until(
        "the wrong-token alert",
        "document.querySelector('[role=alert]') && document.querySelector('[role=alert]').textContent.includes('not right')",
    );
    assert_eq!(
        b.js(
            "return document.querySelector('#token').getAttribute('aria-invalid')",
            vec![]
        ),
        "true"
    );
    b.assert_admin_accessible("admin sign-in with an error");

    // The right token, typed and sent with Enter.
    let field = b.find("document.querySelector('#token')");
    b.type_text(&field, ADMIN_TOKEN);
    b.press(&[keys::ENTER]);
    b.wait_until("the results page", "location.pathname === '/admin/results'");
    // The session cookie is not readable by page scripts.
    assert_eq!(b.js("return document.cookie", vec![]), "");

    // The language switcher keeps the person on the page and changes every text.
    let nynorsk = b.find("document.querySelector('.langs a[lang=nn]')");
    b.click(&nynorsk);
    b.wait_until("nynorsk", "document.documentElement.lang === 'nn'");
    assert!(b.text_of("header nav").contains("Representantar"));
    b.assert_admin_accessible("admin results in nn");

    let out = b.find("document.querySelector('.sign-out button')");
    b.click(&out);
    b.wait_until(
        "the sign-in form after signing out",
        "location.pathname === '/admin/' && document.querySelector('#token')",
    );
    b.goto(&format!("{}/admin/results", server.url));
    b.wait_until(
        "a redirect to sign-in",
        "location.pathname === '/admin/' && document.querySelector('#token')",
    );

    // An ended session, in the language the link asks for.
    b.goto(&format!("{}/admin/?expired=1&lang=sv", server.url));
    b.wait_until(
        "the Swedish sign-in",
        "document.documentElement.lang === 'sv'",
    );
    assert_eq!(
        b.text_of("#sign-in-error").trim(),
        shell(Lang::Sv).session_expired
    );
    b.assert_admin_accessible("admin sign-in after the session expired, sv");
}
