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
        Ok(sqlx::query_scalar(
            "UPDATE admin_tokens SET last_used_at = ?2 WHERE digest = ?1 RETURNING name",
        )
        .bind(digest)
        .bind(format_time(now))
        .fetch_optional(&self.pool)
        .await?)
    }
}
