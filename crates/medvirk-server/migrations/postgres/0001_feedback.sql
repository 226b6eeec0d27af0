-- PostgreSQL schema of feedback responses, equivalent to migrations/sqlite/0001_feedback.sql.
-- One row per client-generated responseId; no IP address, user agent or cookie is ever stored.
-- Times are TIMESTAMPTZ (microseconds, like the SQLite text form); keys compare bytewise
-- (COLLATE "C") so ordering matches SQLite whatever locale the cluster was created with.
CREATE TABLE feedback (
    id                TEXT COLLATE "C" NOT NULL PRIMARY KEY,  -- responseId (UUID v4), the idempotency key
    widget_id         TEXT        NOT NULL,
    rating_value      SMALLINT    NOT NULL,
    rating_scale      SMALLINT    NOT NULL,
    comment           TEXT,
    language          TEXT        NOT NULL,
    page_path         TEXT        NOT NULL,
    client_timestamp  TEXT        NOT NULL,           -- as the device said; informative only
    time_to_answer_ms BIGINT,
    received_at       TIMESTAMPTZ NOT NULL,           -- server time of the first POST
    updated_at        TIMESTAMPTZ,                    -- server time of the last change by PATCH
    request_hash      TEXT        NOT NULL            -- canonical hash of the original POST payload
);

CREATE INDEX feedback_received_at ON feedback (received_at);
CREATE INDEX feedback_widget_received_at ON feedback (widget_id, received_at);
