CREATE TABLE memberships (id integer PRIMARY KEY, user_id integer NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE UNIQUE INDEX memberships_one_active ON memberships (user_id) WHERE active;
