CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, name TEXT, archived INTEGER NOT NULL DEFAULT 0);
CREATE INDEX contacts_name ON contacts (name);
CREATE UNIQUE INDEX IF NOT EXISTS contacts_email ON contacts (email);
CREATE INDEX contacts_live ON contacts (name) WHERE archived = 0;
CREATE INDEX contacts_name_nocase ON contacts (name COLLATE NOCASE DESC);
DROP INDEX contacts_name;
DROP INDEX IF EXISTS contacts_missing;
