-- PostgreSQL schema of admin tokens, equivalent to migrations/sqlite/0005_admin_tokens.sql.
-- Only the SHA-256 digest (hex) of a token is stored; the token is printed once when it is made.
CREATE TABLE admin_tokens (
    name         TEXT COLLATE "C" NOT NULL PRIMARY KEY,  -- chosen by the operator
    digest       TEXT COLLATE "C" NOT NULL UNIQUE,       -- lowercase hex SHA-256 of the token
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ                             -- last sign-in or API call; NULL until used
);
