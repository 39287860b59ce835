CREATE TABLE docs (id integer PRIMARY KEY, tags text[], title text, body text);
CREATE INDEX docs_tags_idx ON docs USING gin (tags);
CREATE INDEX docs_title_cover ON docs (title) INCLUDE (body);
