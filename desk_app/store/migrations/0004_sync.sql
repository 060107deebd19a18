-- Sync bookkeeping that must survive restarts: events the server refused (parked, still kept in the
-- events table) and remote events this desk could not apply (an id clash, or a dossier it cannot
-- build). Both wait for a supervisor; neither is ever deleted or overwritten.
CREATE TABLE sync_quarantine (
    id           INTEGER PRIMARY KEY,
    event_id     TEXT NOT NULL,
    side         TEXT NOT NULL CHECK (side IN ('parked', 'remote')),
    reason       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    body         TEXT NOT NULL,
    at           TEXT NOT NULL,
    UNIQUE (event_id, side, content_hash)
);
-- Replay after a server restore re-sends remote events too, so "unsent" is any origin.
CREATE INDEX ix_events_unsent ON events (seq) WHERE pushed_at IS NULL;
