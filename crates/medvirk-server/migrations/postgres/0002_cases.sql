-- PostgreSQL schema of cases, receipt counters and history, equivalent to migrations/sqlite/0002_cases.sql.
-- Contact columns are filled only when the person consented; the server never writes them otherwise.

-- One row per year: the last receipt number handed out. The upsert that takes a number locks the
-- year's row until the case insert commits or rolls back, so replicas queue on it: no two cases
-- share a receipt, and a rolled-back insert (a replay) leaves no gap.
CREATE TABLE case_counters (
    year     INTEGER NOT NULL PRIMARY KEY,
    last_seq INTEGER NOT NULL
);

CREATE TABLE cases (
    case_id               TEXT COLLATE "C" NOT NULL PRIMARY KEY,  -- client UUID v4 (lowercase), the idempotency key
    receipt               TEXT COLLATE "C" NOT NULL UNIQUE,       -- BR-YYYY-NNNN
    receipt_year          INTEGER     NOT NULL,
    receipt_seq           INTEGER     NOT NULL,
    council               TEXT        NOT NULL,
    title                 TEXT        NOT NULL,
    why                   TEXT        NOT NULL,
    where_text            TEXT        NOT NULL,
    when_text             TEXT        NOT NULL,
    solution              TEXT        NOT NULL,
    proposer_role         TEXT        NOT NULL,
    proposer_organisation TEXT,
    contact_name          TEXT,
    contact_email         TEXT,
    contact_phone         TEXT,
    contact_consent       BOOLEAN     NOT NULL DEFAULT FALSE,
    language              TEXT        NOT NULL,
    client_timestamp      TEXT        NOT NULL,       -- as the device said; informative only
    status                TEXT        NOT NULL,       -- lifecycle::CaseStatus wire name
    meeting_date          TEXT,                       -- YYYY-MM-DD, set by on_agenda
    public_answer         TEXT,                       -- set by decided
    reason                TEXT,                       -- set by not_taken_up
    received_at           TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,       -- last status change (received_at at first)
    request_hash          TEXT        NOT NULL,       -- canonical hash of the original POST payload
    UNIQUE (receipt_year, receipt_seq)
);

CREATE INDEX cases_council_status ON cases (council, status, received_at);
CREATE INDEX cases_status ON cases (status, received_at);

-- Every status a case has had, oldest first (by id); `note` keeps the detail of that step.
CREATE TABLE case_history (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id TEXT COLLATE "C" NOT NULL REFERENCES cases (case_id),
    status  TEXT        NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    note    TEXT
);

CREATE INDEX case_history_case ON case_history (case_id, id);
