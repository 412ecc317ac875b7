package io.shophooks.webhook.dispatch;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.Internal;
import io.shophooks.webhook.jdbc.SqlTimes;
import io.shophooks.webhook.jdbc.Tables;

/**
 * Keeps the tables lean: delivered deliveries (with their attempts) go after one age,
 * failed ones after another, then events no delivery refers to any more, and the
 * admin's figures per minute after the longer of the two ages. Deletes run in
 * batches, each its own short statement, so no table is locked for long.
 */
@Internal
public class Retention {

	private static final Log logger = LogFactory.getLog(Retention.class);

	private static final String DELETE_DELIVERIES = """
			DELETE FROM shophooks_delivery WHERE id IN (
			    SELECT id FROM shophooks_delivery WHERE status = ? AND updated_at < ? ORDER BY id LIMIT ?)
			""";

	private static final String DELETE_EVENTS = """
			DELETE FROM shophooks_event WHERE id IN (
			    SELECT e.id FROM shophooks_event e WHERE e.fanned_out = TRUE AND e.created_at < ?
			    AND NOT EXISTS (SELECT 1 FROM shophooks_delivery d WHERE d.event_id = e.id) ORDER BY e.id LIMIT ?)
			""";

	// a few rows per endpoint and minute: one statement
	private static final String DELETE_MINUTES = """
			DELETE FROM shophooks_attempt_minute WHERE minute_start < ?
			""";

	private final JdbcTemplate jdbc;

	private final Tables tables;

	private final Duration delivered;

	private final Duration failed;

	private final int batchSize;

	/**
	 * @param jdbc JDBC access
	 * @param tables table names
	 * @param delivered how long delivered deliveries are kept
	 * @param failed how long failed deliveries are kept
	 * @param batchSize rows per delete statement
	 */
	public Retention(JdbcTemplate jdbc, Tables tables, Duration delivered, Duration failed, int batchSize) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.delivered = delivered;
		this.failed = failed;
		this.batchSize = batchSize;
	}

	public Duration delivered() {
		return this.delivered;
	}

	public Duration failed() {
		return this.failed;
	}

	/**
	 * Delete what is older than the retention periods.
	 * @param now the current time
	 * @return the rows deleted: deliveries, events and figures per minute
	 */
	public long purge(Instant now) {
		long deleted = deleteInBatches(DELETE_DELIVERIES, DeliveryStatus.DELIVERED.name(), now.minus(this.delivered));
		deleted += deleteInBatches(DELETE_DELIVERIES, DeliveryStatus.FAILED.name(), now.minus(this.failed));
		Instant eventCutoff = now.minus((this.delivered.compareTo(this.failed) < 0) ? this.delivered : this.failed);
		int batch;
		do {
			batch = this.jdbc.update(this.tables.sql(DELETE_EVENTS), SqlTimes.utc(eventCutoff),
					this.batchSize);
			deleted += batch;
		}
		while (batch == this.batchSize);
		// the dashboard's figures are kept as long as the longer-kept deliveries
		Instant figuresCutoff = now.minus((this.delivered.compareTo(this.failed) > 0) ? this.delivered : this.failed);
		deleted += this.jdbc.update(this.tables.sql(DELETE_MINUTES), SqlTimes.utc(figuresCutoff));
		if (deleted > 0) {
			logger.info("ShopHooks retention removed " + deleted + " old deliveries, events and figures");
		}
		return deleted;
	}

	private long deleteInBatches(String sql, String status, Instant cutoff) {
		long total = 0;
		int batch;
		do {
			batch = this.jdbc.update(this.tables.sql(sql), status, SqlTimes.utc(cutoff), this.batchSize);
			total += batch;
		}
		while (batch == this.batchSize);
		return total;
	}

}
