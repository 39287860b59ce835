CREATE TABLE audit_log (id serial PRIMARY KEY, tbl text NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE widgets (id integer PRIMARY KEY, name text, updated_at timestamptz);

CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();  -- a comment; with a semicolon
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION log_change() RETURNS trigger AS $body$
BEGIN
    INSERT INTO audit_log (tbl) VALUES (TG_TABLE_NAME || ' $$ not the end');
    RETURN NULL;
END;
$body$ LANGUAGE plpgsql;

CREATE TRIGGER widgets_touch BEFORE UPDATE ON widgets
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER widgets_log AFTER INSERT OR UPDATE ON widgets
    FOR EACH STATEMENT EXECUTE FUNCTION log_change();

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM widgets) THEN
        INSERT INTO widgets (id, name) VALUES (1, 'first');
    END IF;
END
$$;

CREATE FUNCTION add_one(integer) RETURNS integer AS 'SELECT $1 + 1;' LANGUAGE sql IMMUTABLE;
