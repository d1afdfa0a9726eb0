CREATE TABLE widget (
  id    uuid PRIMARY KEY,
  name  text NOT NULL
);
CREATE TABLE widget_effect (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  connection_id  uuid NOT NULL,
  name           text NOT NULL
);
