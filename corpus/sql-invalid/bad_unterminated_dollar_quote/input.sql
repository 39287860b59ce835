CREATE TABLE t (id integer PRIMARY KEY);
CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS $fn$
    SELECT 1;
$fx$;
