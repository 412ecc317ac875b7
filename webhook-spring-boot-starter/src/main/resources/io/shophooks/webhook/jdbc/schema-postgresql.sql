-- ShopHooks schema for PostgreSQL. The prefix "shophooks_" is replaced by shophooks.webhook.jdbc.table-prefix.
CREATE TABLE IF NOT EXISTS shophooks_setting (
    name VARCHAR(100) PRIMARY KEY,
    setting_value VARCHAR(1000) NOT NULL
);

CREATE TABLE IF NOT EXISTS shophooks_endpoint (
    id BIGSERIAL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    url VARCHAR(2000) NOT NULL,
    event_types VARCHAR(4000) NOT NULL,
    body_format VARCHAR(20) NOT NULL,
    url_token_parameter VARCHAR(100),
    url_token_enc VARCHAR(1000),
    basic_username VARCHAR(200),
    basic_password_enc VARCHAR(1000),
    signing BOOLEAN NOT NULL,
    secret_enc VARCHAR(1000),
    previous_secret_enc VARCHAR(1000),
    previous_secret_expires_at TIMESTAMP WITH TIME ZONE,
    enabled BOOLEAN NOT NULL,
    disabled_reason VARCHAR(1000),
    disabled_at TIMESTAMP WITH TIME ZONE,
    max_concurrency INT NOT NULL,
    propagate_trace BOOLEAN DEFAULT FALSE NOT NULL,
    consecutive_failures INT DEFAULT 0 NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ordered BOOLEAN DEFAULT FALSE NOT NULL,
    filter_expression VARCHAR(1000),
    include_fields VARCHAR(2000),
    payload_mode VARCHAR(10) DEFAULT 'FULL' NOT NULL,
    failing_since TIMESTAMP WITH TIME ZONE,
    disabled_automatically BOOLEAN DEFAULT FALSE NOT NULL
);

CREATE TABLE IF NOT EXISTS shophooks_event (
    id VARCHAR(40) PRIMARY KEY,
    event_type VARCHAR(200) NOT NULL,
    payload TEXT NOT NULL,
    ordering_key VARCHAR(200),
    fanned_out BOOLEAN DEFAULT FALSE NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    payload_version INT DEFAULT 1 NOT NULL
);
-- Partial indexes keep fan-out and claims proportional to the work waiting, not to the history kept.
CREATE INDEX IF NOT EXISTS shophooks_event_pending_idx ON shophooks_event (created_at, id) WHERE fanned_out = FALSE;

-- A delivery's successful attempt is kept in its own row (success_*; its status code is
-- last_status_code, its number attempt_count): one write per delivery on the usual path. Failed
-- attempts, and a success that a replay superseded, are rows of shophooks_attempt.
CREATE TABLE IF NOT EXISTS shophooks_delivery (
    id BIGSERIAL PRIMARY KEY,
    event_id VARCHAR(40) NOT NULL REFERENCES shophooks_event (id) ON DELETE CASCADE,
    endpoint_id BIGINT NOT NULL REFERENCES shophooks_endpoint (id) ON DELETE CASCADE,
    event_type VARCHAR(200) NOT NULL,
    status VARCHAR(20) NOT NULL,
    attempt_count INT DEFAULT 0 NOT NULL,
    retry_count INT DEFAULT 0 NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner VARCHAR(100),
    lease_expires_at TIMESTAMP WITH TIME ZONE,
    last_status_code INT,
    last_error VARCHAR(1000),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ordering_key VARCHAR(200),
    event_created_at TIMESTAMP WITH TIME ZONE,
    success_at TIMESTAMP WITH TIME ZONE,
    success_duration_ms BIGINT,
    success_request_url VARCHAR(2000),
    success_request_headers TEXT,
    success_response_headers TEXT,
    success_response_excerpt TEXT,
    CONSTRAINT shophooks_delivery_event_endpoint_uk UNIQUE (event_id, endpoint_id)
) WITH (fillfactor = 70);
-- Ordered endpoints: the earlier undelivered deliveries of the same key, found without a scan.
CREATE INDEX IF NOT EXISTS shophooks_delivery_ordering_idx ON shophooks_delivery (endpoint_id, ordering_key, event_created_at) WHERE status <> 'DELIVERED' AND ordering_key IS NOT NULL;
-- The one pending index: claims take the oldest due deliveries of each endpoint through it,
-- so a claim reads about what it takes, and while one endpoint is at its limit (a receiver
-- that hangs) the others are claimed without reading past its queue.
CREATE INDEX IF NOT EXISTS shophooks_delivery_endpoint_due_idx ON shophooks_delivery (endpoint_id, next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX IF NOT EXISTS shophooks_delivery_endpoint_idx ON shophooks_delivery (endpoint_id, created_at);

CREATE TABLE IF NOT EXISTS shophooks_attempt (
    id BIGSERIAL PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES shophooks_delivery (id) ON DELETE CASCADE,
    attempt_number INT NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms BIGINT NOT NULL,
    request_url VARCHAR(2000) NOT NULL,
    request_headers TEXT NOT NULL,
    status_code INT,
    response_headers TEXT,
    response_excerpt TEXT,
    error VARCHAR(1000),
    outcome VARCHAR(20) NOT NULL
);
CREATE INDEX IF NOT EXISTS shophooks_attempt_delivery_idx ON shophooks_attempt (delivery_id);

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
-- Versions before 0.2 had a second pending index on (next_attempt_at) alone; every delivery
-- written paid for it, and no claim reads it any more.
DROP INDEX IF EXISTS shophooks_delivery_due_idx;
