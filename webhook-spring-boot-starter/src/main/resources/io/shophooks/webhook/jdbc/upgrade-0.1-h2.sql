-- Brings ShopHooks' tables created by version 0.1 up to this version (h2). Run it once,
-- before starting this version on such a database (or copy it into your next Flyway or
-- Liquibase migration, replacing the shophooks_ prefix if you changed it). A new database
-- needs only schema-h2.sql. Start-up refuses an old schema and names this file.
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS ordered BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS filter_expression VARCHAR(1000);
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS include_fields VARCHAR(2000);
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS payload_mode VARCHAR(10) DEFAULT 'FULL' NOT NULL;
-- Since when real deliveries to the endpoint fail (the owner is told once when it starts and ends).
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS failing_since TIMESTAMP WITH TIME ZONE;
-- Whether ShopHooks disabled it (a 410, failures in a row) rather than a person: only then an alarm.
ALTER TABLE shophooks_endpoint ADD COLUMN IF NOT EXISTS disabled_automatically BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE shophooks_event ADD COLUMN IF NOT EXISTS payload_version INT DEFAULT 1 NOT NULL;
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS ordering_key VARCHAR(200);
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS event_created_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS success_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS success_duration_ms BIGINT;
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS success_request_url VARCHAR(2000);
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS success_request_headers CLOB;
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS success_response_headers CLOB;
ALTER TABLE shophooks_delivery ADD COLUMN IF NOT EXISTS success_response_excerpt CLOB;
-- Claims read each endpoint's part of the due index (the old one made each claim read every due
-- delivery).
CREATE INDEX IF NOT EXISTS shophooks_delivery_endpoint_due_idx ON shophooks_delivery (endpoint_id, status, next_attempt_at);
DROP INDEX IF EXISTS shophooks_delivery_due_idx;
-- The admin's figures: one row per endpoint and minute, added to by each recorded batch of
-- attempts, so a dashboard over a long history reads a row per endpoint and minute instead of
-- every attempt. Durations are counted in buckets (le_N: more than the bucket before, at most
-- N ms; gt_20000: longer), from which percentiles are estimated. No foreign key: recording a
-- batch of attempts must not fail on an endpoint deleted meanwhile; deleting an endpoint deletes
-- its rows (an attempt still in flight then adds one, which retention removes).
CREATE TABLE IF NOT EXISTS shophooks_attempt_minute (
    endpoint_id BIGINT NOT NULL,
    minute_start TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts INT NOT NULL,
    succeeded INT NOT NULL,
    duration_max BIGINT NOT NULL,
    last_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_ok BOOLEAN NOT NULL,
    le_1 INT DEFAULT 0 NOT NULL,
    le_2 INT DEFAULT 0 NOT NULL,
    le_3 INT DEFAULT 0 NOT NULL,
    le_5 INT DEFAULT 0 NOT NULL,
    le_7 INT DEFAULT 0 NOT NULL,
    le_10 INT DEFAULT 0 NOT NULL,
    le_15 INT DEFAULT 0 NOT NULL,
    le_20 INT DEFAULT 0 NOT NULL,
    le_30 INT DEFAULT 0 NOT NULL,
    le_50 INT DEFAULT 0 NOT NULL,
    le_70 INT DEFAULT 0 NOT NULL,
    le_100 INT DEFAULT 0 NOT NULL,
    le_150 INT DEFAULT 0 NOT NULL,
    le_200 INT DEFAULT 0 NOT NULL,
    le_300 INT DEFAULT 0 NOT NULL,
    le_500 INT DEFAULT 0 NOT NULL,
    le_700 INT DEFAULT 0 NOT NULL,
    le_1000 INT DEFAULT 0 NOT NULL,
    le_1500 INT DEFAULT 0 NOT NULL,
    le_2000 INT DEFAULT 0 NOT NULL,
    le_3000 INT DEFAULT 0 NOT NULL,
    le_5000 INT DEFAULT 0 NOT NULL,
    le_10000 INT DEFAULT 0 NOT NULL,
    le_20000 INT DEFAULT 0 NOT NULL,
    gt_20000 INT DEFAULT 0 NOT NULL,
    PRIMARY KEY (endpoint_id, minute_start)
);
CREATE INDEX IF NOT EXISTS shophooks_attempt_minute_idx ON shophooks_attempt_minute (minute_start);
-- Earlier builds of this version read the figures from the attempts through an index on their
-- start; every attempt written paid for it, and nothing reads it any more.
DROP INDEX IF EXISTS shophooks_attempt_started_idx;
-- the figures of the attempts kept so far, in one pass (a database that has none adds nothing)
INSERT INTO shophooks_attempt_minute (endpoint_id, minute_start, attempts, succeeded, duration_max, last_at, last_ok, le_1, le_2, le_3, le_5, le_7, le_10, le_15, le_20, le_30, le_50, le_70, le_100, le_150, le_200, le_300, le_500, le_700, le_1000, le_1500, le_2000, le_3000, le_5000, le_10000, le_20000, gt_20000)
SELECT endpoint_id, minute_start, COUNT(*), SUM(ok), MAX(duration_ms), MAX(started_at),
       MAX(CASE WHEN latest = 1 THEN ok ELSE 0 END) = 1,
       SUM(CASE WHEN duration_ms <= 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 1 AND duration_ms <= 2 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 2 AND duration_ms <= 3 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 3 AND duration_ms <= 5 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 5 AND duration_ms <= 7 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 7 AND duration_ms <= 10 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 10 AND duration_ms <= 15 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 15 AND duration_ms <= 20 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 20 AND duration_ms <= 30 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 30 AND duration_ms <= 50 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 50 AND duration_ms <= 70 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 70 AND duration_ms <= 100 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 100 AND duration_ms <= 150 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 150 AND duration_ms <= 200 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 200 AND duration_ms <= 300 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 300 AND duration_ms <= 500 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 500 AND duration_ms <= 700 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 700 AND duration_ms <= 1000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 1000 AND duration_ms <= 1500 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 1500 AND duration_ms <= 2000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 2000 AND duration_ms <= 3000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 3000 AND duration_ms <= 5000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 5000 AND duration_ms <= 10000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 10000 AND duration_ms <= 20000 THEN 1 ELSE 0 END),
       SUM(CASE WHEN duration_ms > 20000 THEN 1 ELSE 0 END)
FROM (SELECT d.endpoint_id, DATE_TRUNC('MINUTE', a.started_at) AS minute_start, a.started_at, a.duration_ms,
             CASE WHEN a.status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END AS ok,
             ROW_NUMBER() OVER (PARTITION BY d.endpoint_id, DATE_TRUNC('MINUTE', a.started_at) ORDER BY a.started_at DESC) AS latest
      FROM shophooks_attempt a JOIN shophooks_delivery d ON d.id = a.delivery_id
      WHERE NOT EXISTS (SELECT 1 FROM shophooks_attempt_minute)) t
GROUP BY endpoint_id, minute_start;
