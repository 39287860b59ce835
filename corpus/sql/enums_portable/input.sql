CREATE TYPE priority AS ENUM ('low', 'normal', 'high');
CREATE TABLE tasks (
    id integer PRIMARY KEY,
    title text NOT NULL,
    priority priority NOT NULL DEFAULT 'normal'
);
ALTER TYPE priority ADD VALUE 'urgent';
ALTER TABLE tasks ADD COLUMN previous priority;
ALTER TABLE tasks DROP COLUMN previous;
CREATE TYPE unused AS ENUM ('a', 'b');
DROP TYPE unused;
