CREATE TABLE `select` (
  `from` int NOT NULL PRIMARY KEY,
  `a``b` varchar(10),
  `a"b` varchar(10),
  `MixedCase` varchar(10),
  UnquotedMixed varchar(10),
  `order` int,
  `key` varchar(10),
  `naïve café` varchar(10),
  `semi;colon` varchar(10)
);
CREATE INDEX `index` ON `select` (`order`, `key`);
ALTER TABLE `select` ADD COLUMN `desc` text;
ALTER TABLE `select` CHANGE `a``b` `c``d` varchar(20);
INSERT INTO `select` (`from`, `a"b`, `semi;colon`) VALUES (1, 'x;y', 'it\'s');
