-- Brings ShopHooks' tables created by version 0.1 up to this version (postgresql). Run it once,
-- before starting this version on such a database (or copy it into your next Flyway or
-- Liquibase migration, replacing the shophooks_ prefix if you changed it). A new database
-- needs only schema-postgresql.sql. Start-up refuses an old schema and names this file.
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS ordered BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS filter_expression VARCHAR(1000);
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS include_fields VARCHAR(2000);
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS payload_mode VARCHAR(10) DEFAULT 'FULL' NOT NULL;
ALTER TABLE shophooks_event ADD COLUMN IF NOT EXISTS payload_version INT DEFAULT 1 NOT NULL;
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS ordering_key VARCHAR(200);
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS event_created_at TIMESTAMP WITH TIME ZONE;
-- room on each page for a new row version: lease changes become HOT updates
ALTER TABLE shophooks_delivery SET (fillfactor = 70);
-- the indexes of this version (start-up creates them too when it initializes the schema)
CREATE INDEX IF NOT EXISTS shophooks_delivery_ordering_idx ON shophooks_delivery (endpoint_id, ordering_key, event_created_at) WHERE status <> 'DELIVERED' AND ordering_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS shophooks_delivery_endpoint_due_idx ON shophooks_delivery (endpoint_id, next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX IF NOT EXISTS shophooks_attempt_started_idx ON shophooks_attempt (started_at);
DROP INDEX IF EXISTS shophooks_delivery_due_idx;
