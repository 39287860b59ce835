CREATE TABLE tickets (
    id integer PRIMARY KEY,
    queue text NOT NULL,
    priority integer NOT NULL,
    title text NOT NULL,
    legacy_code text UNIQUE
);
CREATE INDEX tickets_queue_priority_idx ON tickets (queue, priority);
CREATE INDEX tickets_title_idx ON tickets (title);
ALTER TABLE tickets DROP COLUMN priority;
ALTER TABLE tickets DROP COLUMN legacy_code;
