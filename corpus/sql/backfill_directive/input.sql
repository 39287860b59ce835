CREATE TABLE users (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL
);

ALTER TABLE users ADD COLUMN email_lower text;

-- Filled 500 rows at a time, resumable; a comment that is not a directive stays a comment.
-- polymig:backfill table=users set="email_lower = lower(email)" where="email_lower IS NULL" batch=500 pause=10ms

ALTER TABLE users ALTER COLUMN email_lower SET NOT NULL;
