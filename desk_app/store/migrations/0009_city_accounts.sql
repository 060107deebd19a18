-- Accounts from the centre (issue 10): a city account is kept beside the desk's own ones, marked by origin;
-- must_change is a temporary password to replace at the first log-in; city_gen is the centre's password
-- generation the stored hash belongs to. A password chosen here for a city account waits in
-- city_password_changes until the city has it (one row per account, the newest).
ALTER TABLE users ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'city'));
ALTER TABLE users ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN city_gen INTEGER NOT NULL DEFAULT 0;
CREATE TABLE city_password_changes (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    from_gen      INTEGER NOT NULL,
    changed_at    TEXT NOT NULL
);
