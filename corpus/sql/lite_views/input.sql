CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL NOT NULL, status TEXT NOT NULL);
CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
CREATE VIEW IF NOT EXISTS order_totals (status, total) AS SELECT status, sum(total) FROM orders GROUP BY status;
DROP VIEW IF EXISTS missing;
DROP VIEW open_orders;
