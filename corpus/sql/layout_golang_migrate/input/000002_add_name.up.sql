ALTER TABLE users ADD COLUMN name text;
CREATE UNIQUE INDEX users_email_key ON users (email);
