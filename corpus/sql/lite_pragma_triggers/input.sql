PRAGMA foreign_keys = ON;
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, updated_at TEXT);
CREATE TABLE item_log (id INTEGER PRIMARY KEY, item_id INTEGER, note TEXT);
CREATE TRIGGER items_touch AFTER UPDATE OF name ON items
FOR EACH ROW
BEGIN
    UPDATE items SET updated_at = datetime('now') WHERE id = NEW.id;
    INSERT INTO item_log (item_id, note) VALUES (NEW.id, 'renamed; see log');
END;
CREATE TEMP TRIGGER IF NOT EXISTS items_guard BEFORE DELETE ON items
WHEN OLD.id = 1
BEGIN
    SELECT RAISE(ABORT, 'cannot delete item 1');
END;
INSERT INTO items (id, name) VALUES (1, 'first'), (2, 'second');
PRAGMA user_version = 7;
