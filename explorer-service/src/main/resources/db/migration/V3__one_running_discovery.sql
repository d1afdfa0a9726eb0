-- At most one running discovery per connection, even when two requests race.
CREATE UNIQUE INDEX discovery_one_running ON discovery (organization_id, connection_id) WHERE status = 'RUNNING';
