CREATE TABLE profiles (
    id integer PRIMARY KEY,
    handle text,
    bio text NOT NULL DEFAULT ''
);
ALTER TABLE profiles ALTER COLUMN handle SET NOT NULL;
ALTER TABLE profiles ALTER COLUMN bio DROP NOT NULL;
ALTER TABLE profiles ALTER COLUMN handle SET DEFAULT 'anon';
