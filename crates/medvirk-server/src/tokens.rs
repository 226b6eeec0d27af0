//! Stored admin tokens: `medvirk-server token create|list|revoke`, and checking a presented token against the store.
//!
//! A token is 32 bytes from the OS's random source, written as `mvk_` and 64 hex digits (the
//! prefix lets secret scanners and people recognise one). It is printed once; the store keeps only
//! its SHA-256 digest, so a database backup cannot sign anyone in, and a lost token is replaced by
//! revoking its name and creating another. A high-entropy random token needs no slow password
//! hash: there is nothing to guess from a digest.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::config::TokenCommand;
use crate::store::{Store, format_time};

/// What every generated token starts with.
pub const PREFIX: &str = "mvk_";

/// A new random token.
pub fn generate() -> Result<String, String> {
    Ok(format!("{PREFIX}{}", random_hex()?))
}

/// 32 bytes from the OS's random source as 64 hex digits (tokens and admin session ids).
pub fn random_hex() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random source: {e}"))?;
    Ok(hex(&bytes))
}

/// The lowercase hex SHA-256 of `token`, as stored.
pub fn digest_hex(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Names are for people reading `token list` and the server log: 1 to 64 letters, digits,
/// `-`, `_`, `.` or `@`, so a name can never break a log line or a terminal.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a token name: use 1 to 64 letters, digits, -, _, . or @ (e.g. kari.nordmann or council-secretary)",
            name.escape_debug()
        ))
    }
}

/// The name of the stored token `token`, marking it used; `None` when no stored token matches
/// (or the store fails, which is logged: a broken database must not let anyone in).
pub async fn lookup(store: &dyn Store, token: &str) -> Option<String> {
    let token = token.trim();
    // Only generated tokens can be stored tokens; anything else costs no query.
    if !token.starts_with(PREFIX) || token.len() != PREFIX.len() + 64 {
        return None;
    }
    match store
        .use_admin_token(&digest_hex(token), OffsetDateTime::now_utc())
        .await
    {
        Ok(name) => name,
        Err(e) => {
            eprintln!("medvirk-server: cannot check stored admin tokens: {e}");
            None
        }
    }
}

/// Whether the store holds any admin token (a failing store counts as none).
pub async fn any_stored(store: &dyn Store) -> bool {
    store.admin_tokens().await.is_ok_and(|t| !t.is_empty())
}

/// Runs a `medvirk-server token` command; returns what to print on stdout.
pub async fn run(store: &dyn Store, command: TokenCommand) -> Result<String, String> {
    match command {
        TokenCommand::Create(name) => {
            check_name(&name)?;
            let token = generate()?;
            let created = store
                .create_admin_token(&name, &digest_hex(&token), OffsetDateTime::now_utc())
                .await
                .map_err(|e| format!("cannot store the token: {e}"))?;
            if !created {
                return Err(format!(
                    "a token named `{name}` exists; revoke it first (`medvirk-server token revoke {name}`) or choose another name"
                ));
            }
            Ok(format!("{token}\n"))
        }
        TokenCommand::List => {
            let tokens = store
                .admin_tokens()
                .await
                .map_err(|e| format!("cannot read the tokens: {e}"))?;
            let mut out = String::new();
            for t in tokens {
                out.push_str(&format!(
                    "{}\tcreated {}\tlast used {}\n",
                    t.name,
                    format_time(t.created_at),
                    t.last_used_at
                        .map_or_else(|| "never".to_owned(), format_time)
                ));
            }
            Ok(out)
        }
        TokenCommand::Revoke(name) => {
            let gone = store
                .revoke_admin_token(&name)
                .await
                .map_err(|e| format!("cannot revoke the token: {e}"))?;
            if gone {
                Ok(format!("revoked {name}\n"))
            } else {
                Err(format!(
                    "there is no token named `{name}` (see `medvirk-server token list`)"
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_prefixed_hex_and_digests_are_sha256() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(PREFIX) && a.len() == 68);
        assert!(a[4..].bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(
            digest_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn names_are_plain() {
        for ok in ["kari", "Åse.Ødegård", "council-secretary_2", "a@b.no"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "two words",
            "tab\there",
            "x\n",
            &"a".repeat(65),
            "semi;colon",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }
}
