-- Handbook entries the city publishes through sync (one row per procedure and version, kept whole).
CREATE TABLE published_handbook (
    code    TEXT NOT NULL,
    version INTEGER NOT NULL,
    body    TEXT NOT NULL,
    PRIMARY KEY (code, version)
);
