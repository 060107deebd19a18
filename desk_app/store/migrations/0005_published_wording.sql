-- Printed-form wording the city publishes through sync (one row per set and version, kept whole).
CREATE TABLE published_wording (
    set_name TEXT NOT NULL,
    version  INTEGER NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (set_name, version)
);
