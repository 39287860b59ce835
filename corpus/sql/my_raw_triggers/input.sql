CREATE TABLE counters (id int PRIMARY KEY, hits int NOT NULL DEFAULT 0);
CREATE TABLE hits (id int AUTO_INCREMENT PRIMARY KEY, counter_id int NOT NULL);
SET FOREIGN_KEY_CHECKS = 0;
INSERT INTO counters (id, hits) VALUES (1, 0), (2, 0);
CREATE TRIGGER hits_after_insert AFTER INSERT ON hits
FOR EACH ROW
BEGIN
  UPDATE counters SET hits = hits + 1 WHERE id = NEW.counter_id;
  IF NEW.counter_id > 100 THEN
    SET @big = 1;
  END IF;
END;
SET FOREIGN_KEY_CHECKS = 1;
CREATE PROCEDURE reset_counters()
BEGIN
  UPDATE counters SET hits = 0;
END;
GRANT SELECT ON counters TO 'root'@'localhost';
