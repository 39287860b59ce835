CREATE TABLE articles (
    id integer PRIMARY KEY,
    author_id integer NOT NULL,
    slug text NOT NULL,
    title text NOT NULL,
    body text,
    tags text[],
    published_at timestamptz,
    deleted_at timestamptz
);
CREATE INDEX articles_author_idx ON articles (author_id);
CREATE UNIQUE INDEX articles_slug_key ON articles (slug);
CREATE INDEX ON articles (title);
CREATE INDEX articles_live_idx ON articles (published_at) WHERE deleted_at IS NULL;
CREATE INDEX articles_lower_title_idx ON articles (lower(title));
CREATE INDEX articles_tags_idx ON articles USING gin (tags);
CREATE INDEX articles_slug_hash ON articles USING hash (slug);
CREATE INDEX articles_author_cover ON articles (author_id) INCLUDE (title, published_at);
CREATE INDEX articles_slug_pattern ON articles (slug text_pattern_ops);
CREATE INDEX articles_recent ON articles (published_at DESC NULLS LAST, id ASC NULLS FIRST);
CREATE INDEX IF NOT EXISTS articles_author_idx ON articles (author_id);
CREATE UNIQUE INDEX articles_author_slug ON articles (author_id, slug) NULLS NOT DISTINCT;
CREATE INDEX articles_title_c ON articles (title COLLATE "C");
