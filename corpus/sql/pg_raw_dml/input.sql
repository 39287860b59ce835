CREATE TABLE settings (name text PRIMARY KEY, value text NOT NULL);
INSERT INTO settings (name, value) VALUES ('theme', 'dark'), ('lang', 'en; fr');
UPDATE settings SET value = 'light' WHERE name = 'theme';
DELETE FROM settings WHERE name = 'obsolete';
INSERT INTO settings (name, value) VALUES ('motd', 'it''s -- not a comment /* nor this */');
