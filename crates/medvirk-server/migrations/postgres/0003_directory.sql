-- PostgreSQL schema of the representative directory, equivalent to migrations/sqlite/0003_directory.sql:
-- one native JSON document kept as TEXT (byte for byte, since the ETag hashes it), replaced whole.
CREATE TABLE directory (
    id         INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
    document   TEXT        NOT NULL,
    etag       TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
