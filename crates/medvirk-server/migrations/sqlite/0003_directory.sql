-- The representative directory as one native JSON document (medvirk_core::directory::native),
-- replaced whole by an import. One row at most (id = 1); the ETag is a hash of the document.
CREATE TABLE directory (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    document   TEXT    NOT NULL,
    etag       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
