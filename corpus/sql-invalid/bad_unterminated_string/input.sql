CREATE TABLE ok_before (id integer PRIMARY KEY);
INSERT INTO ok_before VALUES (1);
INSERT INTO ok_before (id) VALUES ('never closed);
CREATE TABLE after_the_error (id integer);
