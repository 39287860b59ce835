-- A small but realistic application schema, the kind a team writes by hand.
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email varchar(255) NOT NULL,
    display_name varchar(100),
    is_admin boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE posts (
    id bigserial PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title varchar(200) NOT NULL,
    body text NOT NULL DEFAULT '',
    published_at timestamptz,
    view_count integer NOT NULL DEFAULT 0 CHECK (view_count >= 0)
);
CREATE INDEX posts_author_published_idx ON posts (author_id, published_at DESC);

CREATE TABLE comments (
    id bigserial PRIMARY KEY,
    post_id bigint NOT NULL,
    author_id bigint REFERENCES users (id) ON DELETE SET NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT comments_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
);

ALTER TABLE posts ADD COLUMN slug varchar(220);
UPDATE posts SET slug = lower(replace(title, ' ', '-'));
ALTER TABLE posts ALTER COLUMN slug SET NOT NULL;
CREATE UNIQUE INDEX posts_slug_key ON posts (slug);
ALTER TABLE users RENAME COLUMN display_name TO name;
ALTER TABLE comments ADD COLUMN edited boolean NOT NULL DEFAULT false;
