CREATE TABLE sentinel (id int PRIMARY KEY, note text);
INSERT INTO sentinel VALUES (1, 'still here');
CREATE TABLE `Order Lines` (`Id` int, `LineNo` int, `select` varchar(20), `Amount` decimal(12,2) NOT NULL DEFAULT 0,
  PRIMARY KEY (`Id`, `LineNo`));
INSERT INTO `Order Lines` VALUES (1, 1, 'from', 10.50), (1, 2, NULL, 3.25);
CREATE TABLE customers (id int PRIMARY KEY, email varchar(120) NOT NULL UNIQUE, status enum('new','active','gone'),
  tags set('vip','late','new'), doc json, photo blob, born date, seen datetime, touched timestamp NULL, ok tinyint(1));
INSERT INTO customers VALUES (1, 'ana@example.org', 'active', 'vip,new', '{"a":1}', x'DEADBEEF', '1990-01-02',
  '2024-02-29 12:00:00', '2024-02-29 12:00:00', 1), (2, 'bo@example.org', NULL, '', NULL, NULL, NULL, NULL, NULL, 0);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, FOREIGN KEY fk_customer (customer_id) REFERENCES customers (id));
INSERT INTO orders VALUES (10, 1);
CREATE TABLE no_pk_log (msg text);
CREATE VIEW active_customers AS SELECT id, email FROM customers WHERE status = 'active';
CREATE TABLE `a"; DROP TABLE t;--` (id int PRIMARY KEY, `x``y` text);
INSERT INTO `a"; DROP TABLE t;--` VALUES (1, 'quoted');
