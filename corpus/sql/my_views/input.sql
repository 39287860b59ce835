CREATE TABLE scores (id int PRIMARY KEY, player varchar(50) NOT NULL, points int NOT NULL);
CREATE VIEW top_scores AS SELECT player, points FROM scores WHERE points > 100;
CREATE OR REPLACE VIEW top_scores AS SELECT player, points FROM scores WHERE points > 50;
CREATE VIEW player_totals (player, total) AS SELECT player, SUM(points) FROM scores GROUP BY player;
CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v_all AS SELECT * FROM scores;
DROP VIEW IF EXISTS v_all;
DROP VIEW player_totals;
