package io.shophooks.webhook.deliveries;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.AttemptMinutes;

/**
 * What the admin's dashboard and endpoint list show, read from the figures kept per
 * endpoint and minute as attempts are recorded ({@code shophooks_attempt_minute}): a row
 * per endpoint and minute whatever the number of attempts, never the attempts themselves.
 * Windows therefore start and buckets are cut at whole minutes. Percentiles are estimated
 * from duration buckets (1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500,
 * 700 ms, 1, 1.5, 2, 3, 5, 10, 20 s and longer) by interpolation within the bucket that
 * holds them, as Prometheus' {@code histogram_quantile} does: exact to the bucket, never
 * beyond the longest duration seen. Time buckets are the one thing the two databases
 * write differently, so that expression is chosen once per database.
 */
public class DeliveryFigures {

	private static final String HISTOGRAM = "SUM(attempts) AS attempts, MAX(duration_max) AS duration_max, "
			+ AttemptMinutes.BUCKETS.stream().map(c -> "SUM(" + c + ") AS " + c).collect(Collectors.joining(", "));

	private final JdbcTemplate jdbc;

	private final Tables tables;

	private final TransactionTemplate transactions;

	private final AttemptMinutes minutes;

	private final String secondsSince;

	public DeliveryFigures(JdbcTemplate jdbc, Tables tables, DatabaseType databaseType,
			TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.transactions = transactions;
		this.minutes = AttemptMinutes.of(databaseType, jdbc, tables);
		// whole seconds between the window's start (the parameter) and a minute
		this.secondsSince = switch (databaseType) {
			case H2 -> "DATEDIFF('SECOND', CAST(? AS TIMESTAMP WITH TIME ZONE), m.minute_start)";
			case POSTGRESQL -> "CAST(FLOOR(EXTRACT(EPOCH FROM (m.minute_start - CAST(? AS TIMESTAMPTZ)))) AS BIGINT)";
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
	 * @param p50 the median duration in milliseconds (estimated)
	 * @param p95 the 95th percentile in milliseconds (estimated)
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
	 * The dashboard's figures of a window, from one read of its minutes.
	 * @param counts succeeded and failed attempts per count bucket
	 * @param latencies percentiles per latency bucket
	 * @param overall percentiles of the whole window, {@code null} without attempts
	 */
	public record Summary(List<Count> counts, List<Latency> latencies, @Nullable Latency overall) {
	}

	/**
	 * Succeeded and failed attempts per bucket of the minutes from {@code start} on;
	 * buckets without attempts are absent.
	 */
	public List<Count> counts(Instant start, Duration bucket) {
		return summary(start, bucket, bucket).counts();
	}

	/** Median and 95th percentile of attempt durations per bucket of the minutes from {@code start} on. */
	public List<Latency> latencies(Instant start, Duration bucket) {
		return summary(start, bucket, bucket).latencies();
	}

	/** Median and 95th percentile of all attempt durations of the minutes from {@code start} on, or {@code null}. */
	public @Nullable Latency overall(Instant start) {
		return summary(start, Duration.ofDays(1), Duration.ofDays(1)).overall();
	}

	/**
	 * Counts, percentiles per bucket and overall percentiles of the minutes from
	 * {@code start} on, read once: the dashboard's figures in one statement.
	 * @param start the window's start
	 * @param countBucket the width of a count bucket (whole minutes)
	 * @param latencyBucket the width of a latency bucket, a whole number of count buckets
	 * @return the figures
	 */
	public Summary summary(Instant start, Duration countBucket, Duration latencyBucket) {
		long minutes = Math.max(1, countBucket.toMinutes());
		long perLatency = Math.max(1, latencyBucket.toMinutes() / minutes);
		List<Row> rows = this.jdbc.query(this.tables.sql("""
				SELECT b, SUM(succeeded) AS succeeded, %s FROM (
				    SELECT %s / %d AS b, m.* FROM shophooks_attempt_minute m WHERE m.minute_start >= ?) t
				GROUP BY b ORDER BY b""".formatted(HISTOGRAM, this.secondsSince, minutes * 60)), (rs, row) -> {
			long[] durations = new long[AttemptMinutes.BUCKETS.size()];
			for (int i = 0; i < durations.length; i++) {
				durations[i] = rs.getLong(AttemptMinutes.BUCKETS.get(i));
			}
			return new Row(rs.getLong("b"), rs.getLong("attempts"), rs.getLong("succeeded"), durations,
					rs.getLong("duration_max"));
		}, utc(start), utc(start));
		List<Count> counts = rows.stream()
			.map(row -> new Count(Duration.ofMinutes(row.bucket() * minutes), row.succeeded(),
					row.attempts() - row.succeeded()))
			.toList();
		List<Latency> latencies = new ArrayList<>();
		Row latencyBucketRow = null;
		Row all = null;
		for (Row row : rows) {
			long latencyIndex = row.bucket() / perLatency;
			if (latencyBucketRow != null && latencyBucketRow.bucket() != latencyIndex) {
				latencies.add(latencyBucketRow.latency(Duration.ofMinutes(latencyBucketRow.bucket() * perLatency * minutes)));
				latencyBucketRow = null;
			}
			latencyBucketRow = Row.plus(latencyBucketRow, row, latencyIndex);
			all = Row.plus(all, row, 0);
		}
		if (latencyBucketRow != null) {
			latencies.add(latencyBucketRow.latency(Duration.ofMinutes(latencyBucketRow.bucket() * perLatency * minutes)));
		}
		return new Summary(counts, latencies, (all != null) ? all.latency(Duration.ZERO) : null);
	}

	/** The sums of one bucket of a window. */
	private record Row(long bucket, long attempts, long succeeded, long[] durations, long durationMax) {

		static Row plus(@Nullable Row sum, Row row, long bucket) {
			if (sum == null) {
				return new Row(bucket, row.attempts, row.succeeded, row.durations.clone(), row.durationMax);
			}
			for (int i = 0; i < sum.durations.length; i++) {
				sum.durations[i] += row.durations[i];
			}
			return new Row(bucket, sum.attempts + row.attempts, sum.succeeded + row.succeeded, sum.durations,
					Math.max(sum.durationMax, row.durationMax));
		}

		Latency latency(Duration offset) {
			return new Latency(offset, this.attempts, AttemptMinutes.percentile(this.durations, this.durationMax, 0.5),
					AttemptMinutes.percentile(this.durations, this.durationMax, 0.95));
		}

	}

	/** Each endpoint's attempts in the minutes from {@code start} on, and how its last one went. */
	public List<EndpointHealth> endpointHealth(Instant start) {
		return this.jdbc.query(this.tables.sql("""
				SELECT t.endpoint_id, t.attempts, t.succeeded, t.last_at,
				       (SELECT l.last_ok FROM shophooks_attempt_minute l
				        WHERE l.endpoint_id = t.endpoint_id AND l.minute_start >= ? ORDER BY l.minute_start DESC LIMIT 1) AS last_ok
				FROM (SELECT m.endpoint_id, SUM(m.attempts) AS attempts, SUM(m.succeeded) AS succeeded,
				             MAX(m.last_at) AS last_at
				      FROM shophooks_attempt_minute m WHERE m.minute_start >= ? GROUP BY m.endpoint_id) t"""),
				(rs, row) -> new EndpointHealth(rs.getLong("endpoint_id"), rs.getLong("attempts"),
						rs.getLong("succeeded"), instant(rs, "last_at"), rs.getBoolean("last_ok")),
				utc(start), utc(start));
	}

	/**
	 * Compute the figures again from the attempts kept: for a database upgraded from a
	 * build that kept none (the upgrade script runs the same statement), or after attempts
	 * were changed by hand. Attempts purged by retention are no longer counted.
	 */
	public void rebuild() {
		this.transactions.executeWithoutResult(status -> this.minutes.rebuild());
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
