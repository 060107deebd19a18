-- Reference data, desk settings, dossiers (projection) and their append-only event log.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE units (
    code          TEXT PRIMARY KEY CHECK (length(code) = 5),
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    name_en       TEXT NOT NULL DEFAULT '',
    name_alt      TEXT NOT NULL DEFAULT '',
    province_code TEXT NOT NULL DEFAULT '01'
);
CREATE TABLE holidays (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT ''
);
CREATE TABLE procedures (
    code            TEXT NOT NULL,
    version         INTEGER NOT NULL,
    effective_from  TEXT NOT NULL,
    name            TEXT NOT NULL,
    field           TEXT NOT NULL DEFAULT '',
    authority       TEXT NOT NULL DEFAULT '',
    time_rule       TEXT NOT NULL,
    definition_json TEXT NOT NULL,
    PRIMARY KEY (code, version)
);
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE dossiers (
    num               INTEGER PRIMARY KEY,  -- stable rowid: search indexes point at it
    id                TEXT NOT NULL UNIQUE,
    code              TEXT NOT NULL UNIQUE,
    lookup_key        TEXT NOT NULL,
    receiving_unit    TEXT NOT NULL,
    authority         TEXT NOT NULL,
    procedure_code    TEXT NOT NULL,
    procedure_version INTEGER NOT NULL,
    procedure_name    TEXT NOT NULL,
    applicant_name    TEXT NOT NULL,
    personal_id       TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    applicant_json    TEXT NOT NULL,
    documents_json    TEXT NOT NULL,
    sets              INTEGER NOT NULL DEFAULT 1 CHECK (sets >= 1),
    fee_vnd           INTEGER NOT NULL DEFAULT 0 CHECK (fee_vnd >= 0),
    received_at       TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    due_rule          TEXT NOT NULL,
    due_rule_text     TEXT NOT NULL,
    delivery          TEXT NOT NULL DEFAULT 'counter',
    delivery_address  TEXT NOT NULL DEFAULT '',
    received_by       TEXT NOT NULL,
    desk_id           TEXT NOT NULL,
    status            TEXT NOT NULL,
    register_book     TEXT NOT NULL DEFAULT '',
    register_entry    INTEGER NOT NULL DEFAULT 0,
    conflicts         INTEGER NOT NULL DEFAULT 0,
    last_hlc          TEXT NOT NULL
);
CREATE INDEX ix_dossiers_received_at ON dossiers (received_at);
CREATE INDEX ix_dossiers_status_due ON dossiers (status, due_at);
CREATE INDEX ix_dossiers_personal_id ON dossiers (personal_id);
CREATE INDEX ix_dossiers_phone ON dossiers (phone);
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     TEXT NOT NULL UNIQUE,
    dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    actor        TEXT NOT NULL,
    desk_id      TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    wall_time    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    origin       TEXT NOT NULL DEFAULT 'local',
    pushed_at    TEXT
);
CREATE INDEX ix_events_dossier ON events (dossier_id, hlc);
CREATE INDEX ix_events_unpushed ON events (seq) WHERE pushed_at IS NULL AND origin = 'local';
