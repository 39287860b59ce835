CREATE TABLE events (id integer PRIMARY KEY, kind text NOT NULL);
INSERT INTO events (id, kind) VALUES (1, 'boot');
UPDATE events SET kind = upper(kind);
