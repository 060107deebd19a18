-- Fees (issue 11): the collection days this desk's supervisor has closed; a closed day takes no more
-- payment steps (later corrections go to the day they are made, referencing the receipt).
CREATE TABLE fee_days (
    day        TEXT PRIMARY KEY,
    closed_by  TEXT NOT NULL,
    closed_at  TEXT NOT NULL,
    total_vnd  INTEGER NOT NULL,
    receipts   INTEGER NOT NULL
);

-- The day's collection sheet reads the money steps of one day: a small partial index, not a scan of every event.
CREATE INDEX ix_events_money ON events (wall_time)
    WHERE kind IN ('payment_recorded', 'payment_corrected', 'payment_refunded');
