-- Admin tokens made with `medvirk-server token create NAME`. Only the SHA-256 digest (hex) of a
-- token is stored, so a copy of the database does not let anyone sign in; the token itself is
-- printed once when it is made. Times are RFC 3339 UTC text with microseconds, as in 0001.
CREATE TABLE admin_tokens (
    name         TEXT NOT NULL PRIMARY KEY,   -- chosen by the operator: who or what holds the token
    digest       TEXT NOT NULL UNIQUE,        -- lowercase hex SHA-256 of the token
    created_at   TEXT NOT NULL,
    last_used_at TEXT                         -- last sign-in or API call with it; NULL until used
);
