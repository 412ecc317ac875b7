package io.shophooks.webhook.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.Tables;

/**
 * What the admin's dashboard and endpoint list show, computed by the database
 * ({@code GROUP BY}, {@code PERCENTILE_CONT}): a handful of rows whatever the length of
 * the history, never the attempts themselves. Time buckets are the one thing the two
 * databases write differently, so that expression is chosen once per database.
 */
public class DeliveryFigures {

	private final JdbcTemplate jdbc;

	private final Tables tables;

	private final String secondsSince;

	public DeliveryFigures(JdbcTemplate jdbc, Tables tables, DatabaseType databaseType) {
		this.jdbc = jdbc;
		this.tables = tables;
		// whole seconds between the window's start (the parameter) and an attempt
		this.secondsSince = switch (databaseType) {
			case H2 -> "DATEDIFF('SECOND', CAST(? AS TIMESTAMP WITH TIME ZONE), a.started_at)";
			case POSTGRESQL -> "CAST(FLOOR(EXTRACT(EPOCH FROM (a.started_at - CAST(? AS TIMESTAMPTZ)))) AS BIGINT)";
		};
	}

	/**
	 * Attempts per bucket of a window, succeeded and failed.
	 * @param bucket the bucket's start, from the window's start
	 * @param succeeded attempts answered with 2xx
	 * @param failed the other attempts
	 */
	public record Count(Duration bucket, long succeeded, long failed) {
	}

	/**
	 * Attempt durations per bucket of a window.
	 * @param bucket the bucket's start, from the window's start
	 * @param attempts how many attempts
	 * @param p50 the median duration in milliseconds
	 * @param p95 the 95th percentile in milliseconds
	 */
	public record Latency(Duration bucket, long attempts, double p50, double p95) {
	}

	/**
	 * One endpoint's attempts in a window.
	 * @param endpointId the endpoint
	 * @param attempts how many
	 * @param succeeded how many were answered with 2xx
	 * @param lastAt when the last one started
	 * @param lastSucceeded whether the last one was answered with 2xx
	 */
	public record EndpointHealth(long endpointId, long attempts, long succeeded, Instant lastAt, boolean lastSucceeded) {
	}

	/**
	 * Succeeded and failed attempts per bucket since {@code start} (a whole second: the
	 * databases count seconds differently within one); buckets without attempts are absent.
	 */
	public List<Count> counts(Instant start, Duration bucket) {
		long minutes = Math.max(1, bucket.toMinutes());
		return this.jdbc.query(this.tables.sql("""
				SELECT b, SUM(ok) AS succeeded, COUNT(*) - SUM(ok) AS failed FROM (
				    SELECT %s / %d AS b, CASE WHEN a.status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END AS ok
				    FROM shophooks_attempt a WHERE a.started_at >= ?) t
				GROUP BY b ORDER BY b""".formatted(this.secondsSince, minutes * 60)),
				(rs, row) -> new Count(Duration.ofMinutes(rs.getLong("b") * minutes), rs.getLong("succeeded"),
						rs.getLong("failed")),
				utc(start), utc(start));
	}

	/** Median and 95th percentile of attempt durations per bucket since {@code start}. */
	public List<Latency> latencies(Instant start, Duration bucket) {
		long minutes = Math.max(1, bucket.toMinutes());
		return this.jdbc.query(this.tables.sql("""
				SELECT b, COUNT(*) AS attempts,
				       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
				       PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95 FROM (
				    SELECT %s / %d AS b, a.duration_ms FROM shophooks_attempt a WHERE a.started_at >= ?) t
				GROUP BY b ORDER BY b""".formatted(this.secondsSince, minutes * 60)),
				(rs, row) -> new Latency(Duration.ofMinutes(rs.getLong("b") * minutes), rs.getLong("attempts"),
						rs.getDouble("p50"), rs.getDouble("p95")),
				utc(start), utc(start));
	}

	/** Median and 95th percentile of all attempt durations since {@code start}, or {@code null}. */
	public @Nullable Latency overall(Instant start) {
		List<Latency> overall = this.jdbc.query(this.tables.sql("""
				SELECT COUNT(*) AS attempts,
				       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
				       PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
				FROM shophooks_attempt WHERE started_at >= ?"""),
				(rs, row) -> new Latency(Duration.ZERO, rs.getLong("attempts"), rs.getDouble("p50"), rs.getDouble("p95")),
				utc(start));
		return (overall.isEmpty() || overall.get(0).attempts() == 0) ? null : overall.get(0);
	}

	/** Each endpoint's attempts since {@code start} and how its last one went. */
	public List<EndpointHealth> endpointHealth(Instant start) {
		return this.jdbc.query(this.tables.sql("""
				SELECT t.endpoint_id, t.attempts, t.succeeded, t.last_at,
				       (SELECT MAX(CASE WHEN a2.status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END)
				        FROM shophooks_attempt a2 JOIN shophooks_delivery d2 ON d2.id = a2.delivery_id
				        WHERE d2.endpoint_id = t.endpoint_id AND a2.started_at = t.last_at) AS last_ok
				FROM (SELECT d.endpoint_id, COUNT(*) AS attempts,
				             SUM(CASE WHEN a.status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END) AS succeeded,
				             MAX(a.started_at) AS last_at
				      FROM shophooks_attempt a JOIN shophooks_delivery d ON d.id = a.delivery_id
				      WHERE a.started_at >= ? GROUP BY d.endpoint_id) t"""),
				(rs, row) -> new EndpointHealth(rs.getLong("endpoint_id"), rs.getLong("attempts"),
						rs.getLong("succeeded"), instant(rs, "last_at"), rs.getInt("last_ok") == 1),
				utc(start));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		if (value != null) {
			return value.toInstant();
		}
		Timestamp timestamp = rs.getTimestamp(column);
		return timestamp.toInstant();
	}

}
