CREATE TABLE widgets (id integer PRIMARY KEY, name text);
CREATE STATISTICS widgets_stats (dependencies) ON id, name FROM widgets;
ALTER TABLE widgets ADD COLUMN size integer;
CLUSTER widgets USING widgets_pkey;
ALTER TABLE widgets ALTER COLUMN size SET STATISTICS 500;
CREATE TABLE broken (id integer,, name text);
ALTR TABLE widgets ADD COLUMN typo integer;
