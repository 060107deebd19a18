-- Folded search keys and Vietnamese sort keys; filled for existing rows by the Python step after it.
ALTER TABLE dossiers ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN name_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE procedures ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX ix_dossiers_name_sort ON dossiers (name_sort);
