-- migrate:up transaction:false
CREATE INDEX notes_body_idx ON notes (body);

-- migrate:down transaction:false
DROP INDEX notes_body_idx;
