CREATE TABLE crlf (
    id integer PRIMARY KEY,
    note text DEFAULT 'a
b'
);

CREATE INDEX crlf_note_idx ON crlf (note);
-- trailing comment
ALTER TABLE crlf ADD COLUMN later integer;
