CREATE TYPE status AS ENUM ('draft', 'published');
CREATE TABLE posts (id integer PRIMARY KEY, status status NOT NULL DEFAULT 'draft');
ALTER TYPE status ADD VALUE 'archived';
ALTER TYPE status RENAME VALUE 'draft' TO 'unpublished';
