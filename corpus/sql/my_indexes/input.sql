CREATE TABLE docs (
  id int NOT NULL PRIMARY KEY,
  owner_id int NOT NULL,
  title varchar(255) NOT NULL,
  body text,
  code varchar(40)
);
CREATE INDEX docs_owner_idx ON docs (owner_id);
CREATE UNIQUE INDEX docs_code_uq ON docs (code);
CREATE INDEX docs_title_prefix ON docs (title(10));
CREATE INDEX docs_owner_title ON docs (owner_id DESC, title(20) ASC);
CREATE FULLTEXT INDEX docs_body_ft ON docs (body);
CREATE INDEX docs_code_btree USING BTREE ON docs (code);
CREATE INDEX docs_title_hash ON docs (title) USING HASH;
ALTER TABLE docs ADD INDEX docs_owner2 (owner_id);
ALTER TABLE docs ADD UNIQUE INDEX docs_title_uq (title);
ALTER TABLE docs ADD FULLTEXT docs_title_ft (title);
ALTER TABLE docs RENAME INDEX docs_owner2 TO docs_owner_again;
ALTER TABLE docs DROP INDEX docs_owner_again;
DROP INDEX docs_title_hash ON docs;
DROP INDEX `docs_code_btree` ON `docs`;
