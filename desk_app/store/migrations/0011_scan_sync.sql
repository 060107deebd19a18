-- Scans the city has confirmed it holds (issue 12), so a desk offers each of its scans until then and
-- never again; kept per server epoch: a city restored from a backup is asked again.
CREATE TABLE scan_sync (
    sha256 TEXT PRIMARY KEY,
    state  TEXT NOT NULL,
    epoch  TEXT NOT NULL,
    at     TEXT NOT NULL
);
-- The "scan attached" events are few among the events: find them without reading the others.
CREATE INDEX ix_events_scans ON events (seq) WHERE kind = 'scan_attached';
