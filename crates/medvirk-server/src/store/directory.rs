//! The directory in the store: one native JSON document with its ETag, replaced whole by an import.

use sqlx::Row;
use time::OffsetDateTime;

use super::{SqliteStore, StoreError, format_time, parse_stored_time};

/// The current directory document as served by `GET /api/v1/directory`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDirectory {
    /// Native JSON as `medvirk_core::directory::native::write_native` wrote it.
    pub document: String,
    /// Quoted strong entity tag, e.g. `"sha256-…"`.
    pub etag: String,
    pub updated_at: OffsetDateTime,
}

impl SqliteStore {
    pub(super) async fn directory_row(&self) -> Result<Option<StoredDirectory>, StoreError> {
        let row = sqlx::query("SELECT document, etag, updated_at FROM directory WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(StoredDirectory {
                document: row.try_get("document")?,
                etag: row.try_get("etag")?,
                updated_at: parse_stored_time(&row.try_get::<String, _>("updated_at")?)?,
            })
        })
        .transpose()
    }

    /// One upsert statement, so readers see the old document or the new one, never a mix.
    pub(super) async fn replace_directory_row(
        &self,
        dir: StoredDirectory,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO directory (id, document, etag, updated_at) VALUES (1, ?1, ?2, ?3) \
             ON CONFLICT (id) DO UPDATE SET document = excluded.document, etag = excluded.etag, \
               updated_at = excluded.updated_at",
        )
        .bind(dir.document)
        .bind(dir.etag)
        .bind(format_time(dir.updated_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
