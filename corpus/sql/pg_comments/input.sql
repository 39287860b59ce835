CREATE TABLE notes (id integer PRIMARY KEY, body text, "Mixed" text);
COMMENT ON TABLE notes IS 'Free-form notes';
COMMENT ON COLUMN notes.body IS 'Markdown; may contain ''quotes''';
COMMENT ON COLUMN notes."Mixed" IS 'quoted column';
COMMENT ON COLUMN notes.body IS NULL;
COMMENT ON TABLE notes IS '';
