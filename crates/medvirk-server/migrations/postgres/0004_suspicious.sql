-- Suspicion flags (honeypot filled, sent too fast): the reason a submission looks automated, or
-- NULL. Flagged rows are stored like any other and only marked, so a person who was merely quick
-- loses nothing; staff filter them in the admin listings. Portable SQL for SQLite and PostgreSQL.
ALTER TABLE feedback ADD COLUMN suspicious TEXT;
ALTER TABLE cases ADD COLUMN suspicious TEXT;
