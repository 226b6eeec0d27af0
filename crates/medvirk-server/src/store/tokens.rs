//! Admin tokens in the store: names and SHA-256 digests (never the tokens), and the SQLite statements.
//!
//! A token is looked up by its digest. Comparing in the database is not constant-time, but what
//! leaks is timing about a SHA-256 digest of a 256-bit random token: learning a digest prefix
//! does not help anyone find a token that hashes to it.

use sqlx::Row;
use time::OffsetDateTime;

use super::{SqliteStore, StoreError, format_time, parse_stored_time};

/// A stored admin token as `medvirk-server token list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminTokenRecord {
    pub name: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

impl SqliteStore {
    pub(super) async fn create_token_row(
        &self,
        name: &str,
        digest: &str,
        at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO admin_tokens (name, digest, created_at, last_used_at) \
             VALUES (?1, ?2, ?3, NULL) ON CONFLICT DO NOTHING",
        )
        .bind(name)
        .bind(digest)
        .bind(format_time(at))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(super) async fn token_rows(&self) -> Result<Vec<AdminTokenRecord>, StoreError> {
        sqlx::query("SELECT name, created_at, last_used_at FROM admin_tokens ORDER BY name")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                let used: Option<String> = row.try_get("last_used_at")?;
                Ok(AdminTokenRecord {
                    name: row.try_get("name")?,
                    created_at: parse_stored_time(&row.try_get::<String, _>("created_at")?)?,
                    last_used_at: used.as_deref().map(parse_stored_time).transpose()?,
                })
            })
            .collect()
    }

    pub(super) async fn revoke_token_row(&self, name: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM admin_tokens WHERE name = ?1")
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(super) async fn use_token_row(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        let Some(row) =
            sqlx::query("SELECT name, last_used_at FROM admin_tokens WHERE digest = ?1")
                .bind(digest)
                .fetch_optional(&self.pool)
                .await?
        else {
            return Ok(None);
        };
        let name: String = row.try_get("name")?;
        let used: Option<String> = row.try_get("last_used_at")?;
        if mark_due(used.as_deref().map(parse_stored_time).transpose()?, now) {
            sqlx::query("UPDATE admin_tokens SET last_used_at = ?2 WHERE digest = ?1")
                .bind(digest)
                .bind(format_time(now))
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(name))
    }
}

/// How stale `last_used_at` may get. Marking every use would make each admin request a write,
/// which on SQLite takes the lock the feedback writer needs; `token list` only needs the day.
pub(super) const MARK_USED_EVERY: time::Duration = time::Duration::hours(1);

/// Whether a use at `now` should be written, given the stored `last_used_at`.
pub(super) fn mark_due(last: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    last.is_none_or(|last| now - last >= MARK_USED_EVERY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_are_written_at_most_hourly() {
        let now = OffsetDateTime::from_unix_timestamp(1_780_000_000).unwrap();
        assert!(mark_due(None, now), "a first use is always written");
        assert!(!mark_due(Some(now - time::Duration::minutes(59)), now));
        assert!(mark_due(Some(now - MARK_USED_EVERY), now));
    }
}
