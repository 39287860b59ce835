CREATE TABLE people (id integer PRIMARY KEY, fullname text, email text);
CREATE INDEX people_email_idx ON people (email);
ALTER TABLE people ADD CONSTRAINT people_email_key UNIQUE (email);
ALTER TABLE people RENAME TO persons;
ALTER TABLE persons RENAME COLUMN fullname TO full_name;
ALTER TABLE persons RENAME email TO email_address;
ALTER INDEX people_email_idx RENAME TO persons_email_idx;
