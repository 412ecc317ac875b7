package io.shophooks.webhook.dispatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.jdbc.SqlTimes;
import io.shophooks.webhook.jdbc.Tables;

/**
 * Keeps the tables lean: delivered deliveries (with their attempts) go after one age,
 * failed ones after another, then events no delivery refers to any more, and the
 * admin's figures per minute after the longer of the two ages.
 * <p>
 * Deliveries and events are walked in key order, which is the order they were created
 * in, a chunk of {@code batchSize} rows at a time: each chunk's bounds are read through
 * the primary key, its rows old enough are deleted by a key range in one statement (their
 * attempts with them), and the walk stops after a chunk whose rows were all created after the shorter
 * age's cutoff (keys and creation times agree up to the length of a transaction; a
 * chunk's worth of disorder is tolerated). A purge thus reads what it deletes and what is
 * kept for the longer age (failed deliveries, deliveries still being retried), never the
 * rest of the history; with nothing old enough it reads a chunk or two. Each statement is
 * short, so no table is locked for long.
 */
@Internal
public class Retention {

	private static final Log logger = LogFactory.getLog(Retention.class);

	// the last key of the next chunk and the oldest creation in it
	private static final String DELIVERY_CHUNK = """
			SELECT MAX(id) AS last_key, MIN(created_at) AS oldest
			FROM (SELECT id, created_at FROM shophooks_delivery WHERE id > ? ORDER BY id LIMIT ?) chunk
			""";

	private static final String DELETE_DELIVERIES = """
			DELETE FROM shophooks_delivery WHERE id > ? AND id <= ?
			  AND ((status = 'DELIVERED' AND updated_at < ?) OR (status = 'FAILED' AND updated_at < ?))
			""";

	private static final String EVENT_CHUNK = """
			SELECT MAX(id) AS last_key, MIN(created_at) AS oldest
			FROM (SELECT id, created_at FROM shophooks_event WHERE id > ? ORDER BY id LIMIT ?) chunk
			""";

	private static final String DELETE_EVENTS = """
			DELETE FROM shophooks_event WHERE id > ? AND id <= ? AND fanned_out = TRUE AND created_at < ?
			  AND NOT EXISTS (SELECT 1 FROM shophooks_delivery d WHERE d.event_id = shophooks_event.id)
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
		Instant deliveredCutoff = now.minus(this.delivered);
		Instant failedCutoff = now.minus(this.failed);
		// nothing created after the shorter age's cutoff can be old enough for either
		Instant younger = deliveredCutoff.isAfter(failedCutoff) ? deliveredCutoff : failedCutoff;
		long deleted = purgeDeliveries(deliveredCutoff, failedCutoff, younger);
		deleted += purgeEvents(younger);
		// the dashboard's figures are kept as long as the longer-kept deliveries
		Instant figuresCutoff = deliveredCutoff.isBefore(failedCutoff) ? deliveredCutoff : failedCutoff;
		deleted += this.jdbc.update(this.tables.sql(DELETE_MINUTES), SqlTimes.utc(figuresCutoff));
		if (deleted > 0) {
			logger.info("ShopHooks retention removed " + deleted + " old deliveries, events and figures");
		}
		return deleted;
	}

	private long purgeDeliveries(Instant deliveredCutoff, Instant failedCutoff, Instant younger) {
		return walk(DELIVERY_CHUNK, DELETE_DELIVERIES, 0L, younger, SqlTimes.utc(deliveredCutoff),
				SqlTimes.utc(failedCutoff));
	}

	private long purgeEvents(Instant cutoff) {
		return walk(EVENT_CHUNK, DELETE_EVENTS, "", cutoff, SqlTimes.utc(cutoff));
	}

	/**
	 * Walk a table in key order, a chunk at a time, deleting each chunk's rows that the
	 * delete's conditions find old enough, until a chunk created entirely after the cutoff.
	 */
	private long walk(String chunkSql, String deleteSql, Object firstKey, Instant cutoff, Object... ages) {
		long deleted = 0;
		Object after = firstKey;
		while (true) {
			Chunk chunk = this.jdbc.queryForObject(this.tables.sql(chunkSql), Chunk::of, after, this.batchSize);
			if (chunk == null || chunk.lastKey() == null || !chunk.oldest().isBefore(cutoff)) {
				return deleted;
			}
			Object[] args = new Object[ages.length + 2];
			args[0] = after;
			args[1] = chunk.lastKey();
			System.arraycopy(ages, 0, args, 2, ages.length);
			deleted += this.jdbc.update(this.tables.sql(deleteSql), args);
			after = chunk.lastKey();
		}
	}

	/** The next chunk of a walk: its last key and its oldest creation, both null past the end. */
	private record Chunk(@Nullable Object lastKey, @Nullable Instant oldest) {

		static Chunk of(ResultSet rs, int row) throws SQLException {
			Object lastKey = rs.getObject("last_key");
			return new Chunk(lastKey, (lastKey != null) ? SqlTimes.instant(rs, "oldest") : null);
		}

	}

}
