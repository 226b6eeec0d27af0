-- Feedback responses from the smiley widget: one row per client-generated responseId.
-- No IP address, user agent or cookie is ever stored. Times are RFC 3339 UTC text with
-- microseconds (fixed width, so text order is time order).
CREATE TABLE feedback (
    id                TEXT    NOT NULL PRIMARY KEY,   -- responseId (UUID v4), the idempotency key
    widget_id         TEXT    NOT NULL,
    rating_value      INTEGER NOT NULL,
    rating_scale      INTEGER NOT NULL,
    comment           TEXT,
    language          TEXT    NOT NULL,
    page_path         TEXT    NOT NULL,
    client_timestamp  TEXT    NOT NULL,               -- as the device said; informative only
    time_to_answer_ms BIGINT,
    received_at       TEXT    NOT NULL,               -- server time of the first POST
    updated_at        TEXT,                           -- server time of the last change by PATCH
    request_hash      TEXT    NOT NULL                -- canonical hash of the original POST payload
);

CREATE INDEX feedback_received_at ON feedback (received_at);
CREATE INDEX feedback_widget_received_at ON feedback (widget_id, received_at);
