CREATE TABLE parent (id integer PRIMARY KEY, name varchar(20));
CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id) ON DELETE CASCADE);
INSERT INTO parent (id, name) VALUES (1, 'p');
INSERT INTO child (id, parent_id) VALUES (1, 1);
ALTER TABLE parent ALTER COLUMN name SET NOT NULL;
ALTER TABLE parent ALTER COLUMN name TYPE varchar(40);
CREATE TABLE guard (child_rows integer CHECK (child_rows = 1));
INSERT INTO guard (child_rows) SELECT count(*) FROM child;
