CREATE TABLE libraries (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE shelves (id integer PRIMARY KEY, library_id integer NOT NULL, label text, legacy text DEFAULT 'x');
ALTER TABLE shelves ADD CONSTRAINT shelves_library_fk FOREIGN KEY (library_id) REFERENCES libraries (id);
CREATE INDEX shelves_label_idx ON shelves (label);
ALTER TABLE shelves RENAME COLUMN label TO title;
ALTER TABLE shelves ALTER COLUMN title SET NOT NULL;
ALTER TABLE shelves ALTER COLUMN title SET DEFAULT 'unnamed';
ALTER TABLE shelves DROP COLUMN legacy;
COMMENT ON TABLE shelves IS 'physical shelves';
