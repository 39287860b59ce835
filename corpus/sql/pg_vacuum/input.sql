CREATE TABLE big (id integer PRIMARY KEY, v text);
VACUUM big;
VACUUM (ANALYZE) big;
