package io.shophooks.webhook.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.SqlTimes;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.DeliveryRepository.Completion;
import io.shophooks.webhook.outbox.DeliveryRepository.NewAttempt;

/**
 * The admin's figures, kept as attempts are recorded: one row per endpoint and minute
 * ({@code shophooks_attempt_minute}) with the attempts, the successes, the last result
 * and the durations counted in buckets, added to in the transaction that records a batch
 * of attempts. The dashboard then reads a row per endpoint and minute whatever the number
 * of attempts, and estimates percentiles from the buckets ({@link #percentile}) as
 * Prometheus' {@code histogram_quantile} does.
 * <p>
 * One implementation per database, chosen once at start-up: {@link Postgres} adds with
 * {@code INSERT ... ON CONFLICT DO UPDATE}, safe between instances; {@link Portable} (H2)
 * updates, and inserts where no row was there yet.
 */
@Internal
public abstract class AttemptMinutes {

	/** Upper bounds of the duration buckets in milliseconds; the last bucket is everything longer. */
	static final long[] BOUNDS = { 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000, 1500,
			2000, 3000, 5000, 10000, 20000 };

	/** The bucket columns, in bucket order. */
	public static final List<String> BUCKETS = IntStream.rangeClosed(0, BOUNDS.length)
		.mapToObj(i -> (i < BOUNDS.length) ? "le_" + BOUNDS[i] : "gt_" + BOUNDS[BOUNDS.length - 1])
		.toList();

	static final String COLUMNS = "endpoint_id, minute_start, attempts, succeeded, duration_max, last_at, last_ok, "
			+ String.join(", ", BUCKETS);

	final JdbcTemplate jdbc;

	final Tables tables;

	AttemptMinutes(JdbcTemplate jdbc, Tables tables) {
		this.jdbc = jdbc;
		this.tables = tables;
	}

	public static AttemptMinutes of(DatabaseType databaseType, JdbcTemplate jdbc, Tables tables) {
		return switch (databaseType) {
			case POSTGRESQL -> new Postgres(jdbc, tables);
			case H2 -> new Portable(jdbc, tables);
		};
	}

	/**
	 * Add recorded attempts to their endpoints' minutes, in the caller's transaction.
	 * Rows are written in (endpoint, minute) order, the order every batch locks them in.
	 * @param items the attempts recorded
	 */
	void add(List<Completion> items) {
		write(rows(items));
	}

	/**
	 * The rows a batch adds to, in (endpoint, minute) order. Test events count for
	 * nothing: an endpoint's figures and last state are its real deliveries'.
	 */
	static List<Map.Entry<Key, Minute>> rows(List<Completion> items) {
		Map<Key, Minute> minutes = new LinkedHashMap<>();
		for (Completion item : items) {
			if (EventTypeRegistry.TEST_EVENT_TYPE.equals(item.delivery().event().type())) {
				continue;
			}
			NewAttempt attempt = item.attempt();
			Key key = new Key(item.endpointId(), attempt.startedAt().truncatedTo(ChronoUnit.MINUTES));
			minutes.computeIfAbsent(key, k -> new Minute()).add(attempt);
		}
		List<Map.Entry<Key, Minute>> rows = new ArrayList<>(minutes.entrySet());
		rows.sort(Map.Entry.comparingByKey(Comparator.comparingLong(Key::endpointId).thenComparing(Key::minute)));
		return rows;
	}

	abstract void write(List<Map.Entry<Key, Minute>> rows);

	/** The start of the minute of a timestamp, in this database's SQL. */
	abstract String minuteOf(String timestamp);

	/**
	 * Compute every row again from the attempts kept: the attempt rows and the successes
	 * kept in their delivery rows. In the caller's transaction.
	 */
	public void rebuild() {
		this.jdbc.update(this.tables.sql("DELETE FROM shophooks_attempt_minute"));
		this.jdbc.update(this.tables.sql(rebuildSql(minuteOf("a.started_at"), """
				SELECT d.endpoint_id, a.started_at, a.duration_ms, a.status_code
				FROM shophooks_attempt a JOIN shophooks_delivery d ON d.id = a.delivery_id
				UNION ALL
				SELECT endpoint_id, success_at, success_duration_ms, last_status_code
				FROM shophooks_delivery WHERE success_at IS NOT NULL""")));
	}

	/**
	 * The statement that computes every row from the attempts kept: one pass that numbers
	 * each minute's attempts from the last (a window function, so the last result needs no
	 * look-up per minute) and adds them up. (The upgrade scripts hold the same statement
	 * over the attempt rows alone: a 0.1 database kept every attempt as a row.)
	 * @param minute the start of an attempt's minute, in this database's SQL, of
	 * {@code a.started_at}
	 * @param attempts a query of {@code endpoint_id, started_at, duration_ms, status_code}
	 * per attempt
	 * @return the statement
	 */
	static String rebuildSql(String minute, String attempts) {
		StringBuilder buckets = new StringBuilder();
		for (int i = 0; i < BUCKETS.size(); i++) {
			String above = (i == 0) ? "" : "duration_ms > " + BOUNDS[i - 1];
			String upTo = (i < BOUNDS.length) ? "duration_ms <= " + BOUNDS[i] : "";
			String condition = (above.isEmpty() || upTo.isEmpty()) ? above + upTo : above + " AND " + upTo;
			buckets.append(",\n       SUM(CASE WHEN ").append(condition).append(" THEN 1 ELSE 0 END)");
		}
		return "INSERT INTO shophooks_attempt_minute (" + COLUMNS + ")\n"
				+ "SELECT endpoint_id, minute_start, COUNT(*), SUM(ok), MAX(duration_ms), MAX(started_at),\n"
				+ "       MAX(CASE WHEN latest = 1 THEN ok ELSE 0 END) = 1" + buckets + "\n"
				+ "FROM (SELECT a.endpoint_id, " + minute + " AS minute_start, a.started_at, a.duration_ms,\n"
				+ "             CASE WHEN a.status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END AS ok,\n"
				+ "             ROW_NUMBER() OVER (PARTITION BY a.endpoint_id, " + minute
				+ " ORDER BY a.started_at DESC) AS latest\n"
				+ "      FROM (" + attempts + ") a) t\n"
				+ "GROUP BY endpoint_id, minute_start";
	}

	/** The values of one row in {@link #COLUMNS} order. */
	static Object[] values(Key key, Minute minute) {
		Object[] values = new Object[7 + minute.buckets.length];
		values[0] = key.endpointId();
		values[1] = SqlTimes.utc(key.minute());
		values[2] = minute.attempts;
		values[3] = minute.succeeded;
		values[4] = minute.durationMax;
		values[5] = SqlTimes.utc(minute.lastAt);
		values[6] = minute.lastOk;
		for (int i = 0; i < minute.buckets.length; i++) {
			values[7 + i] = minute.buckets[i];
		}
		return values;
	}

	/**
	 * The bucket of a duration.
	 * @param millis the duration in milliseconds
	 * @return its index in {@link #BUCKETS}
	 */
	static int bucket(long millis) {
		int found = Arrays.binarySearch(BOUNDS, millis);
		return (found >= 0) ? found : -found - 1;
	}

	/**
	 * A percentile estimated from bucket counts: the bucket that holds it is found by
	 * counting, and the value placed within the bucket by linear interpolation (the
	 * longest duration seen caps the last bucket, and any bucket it falls in).
	 * @param counts attempts per bucket, in {@link #BUCKETS} order
	 * @param max the longest duration counted
	 * @param quantile the quantile, between 0 and 1
	 * @return the estimate in milliseconds, or {@code NaN} without attempts
	 */
	public static double percentile(long[] counts, long max, double quantile) {
		long total = Arrays.stream(counts).sum();
		if (total == 0) {
			return Double.NaN;
		}
		double rank = quantile * total;
		long below = 0;
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] == 0) {
				continue;
			}
			if (below + counts[i] >= rank) {
				double lower = (i == 0) ? 0 : BOUNDS[i - 1];
				double upper = Math.min((i < BOUNDS.length) ? BOUNDS[i] : Math.max(max, lower), Math.max(max, lower));
				return lower + (upper - lower) * (rank - below) / counts[i];
			}
			below += counts[i];
		}
		return max;
	}

	/** An endpoint's minute. */
	record Key(long endpointId, Instant minute) {
	}

	/** The attempts of one endpoint's minute within a batch. */
	static final class Minute {

		int attempts;

		int succeeded;

		long durationMax;

		Instant lastAt = Instant.EPOCH;

		boolean lastOk;

		final int[] buckets = new int[BOUNDS.length + 1];

		void add(NewAttempt attempt) {
			boolean ok = attempt.statusCode() != null && attempt.statusCode() >= 200 && attempt.statusCode() <= 299;
			this.attempts++;
			this.succeeded += ok ? 1 : 0;
			this.durationMax = Math.max(this.durationMax, attempt.durationMillis());
			this.buckets[bucket(attempt.durationMillis())]++;
			if (!attempt.startedAt().isBefore(this.lastAt)) {
				this.lastAt = attempt.startedAt();
				this.lastOk = ok;
			}
		}

	}

	/** PostgreSQL: one upsert per row, in one batch. */
	static final class Postgres extends AttemptMinutes {

		private final String upsert;

		Postgres(JdbcTemplate jdbc, Tables tables) {
			super(jdbc, tables);
			this.upsert = tables.sql(upsert(1));
		}

		/**
		 * The upsert of some rows in one statement, safe between instances: a row that is
		 * there already is added to.
		 * @param rows how many rows of {@link #COLUMNS} placeholders
		 * @return the statement (before {@link Tables#sql})
		 */
		static String upsert(int rows) {
			return "INSERT INTO shophooks_attempt_minute AS m (" + COLUMNS + ") VALUES "
					+ String.join(", ", Collections.nCopies(rows, "(" + placeholders() + ")"))
					+ " ON CONFLICT (endpoint_id, minute_start) DO UPDATE SET "
					+ "attempts = m.attempts + EXCLUDED.attempts, succeeded = m.succeeded + EXCLUDED.succeeded, "
					+ "duration_max = GREATEST(m.duration_max, EXCLUDED.duration_max), "
					+ "last_ok = CASE WHEN EXCLUDED.last_at >= m.last_at THEN EXCLUDED.last_ok ELSE m.last_ok END, "
					+ "last_at = GREATEST(m.last_at, EXCLUDED.last_at), "
					+ BUCKETS.stream().map(c -> c + " = m." + c + " + EXCLUDED." + c).collect(Collectors.joining(", "));
		}

		@Override
		String minuteOf(String timestamp) {
			return "date_trunc('minute', " + timestamp + ")";
		}

		@Override
		void write(List<Map.Entry<Key, Minute>> rows) {
			this.jdbc.batchUpdate(this.upsert, rows.stream().map(row -> values(row.getKey(), row.getValue())).toList());
		}

	}

	/**
	 * H2: an update, and an insert where it found no row. The embedded database has one
	 * application; should two of its transactions insert the same row at once, the one
	 * that loses the race adds to the winner's row.
	 */
	static final class Portable extends AttemptMinutes {

		private final String update;

		private final String insert;

		Portable(JdbcTemplate jdbc, Tables tables) {
			super(jdbc, tables);
			this.update = tables.sql("UPDATE shophooks_attempt_minute SET attempts = attempts + ?, "
					+ "succeeded = succeeded + ?, duration_max = GREATEST(duration_max, ?), "
					+ "last_ok = CASE WHEN CAST(? AS TIMESTAMP WITH TIME ZONE) >= last_at THEN ? ELSE last_ok END, "
					+ "last_at = GREATEST(last_at, CAST(? AS TIMESTAMP WITH TIME ZONE)), "
					+ BUCKETS.stream().map(c -> c + " = " + c + " + ?").collect(Collectors.joining(", "))
					+ " WHERE endpoint_id = ? AND minute_start = ?");
			this.insert = tables.sql("INSERT INTO shophooks_attempt_minute (" + COLUMNS + ") VALUES (" + placeholders()
					+ ")");
		}

		@Override
		String minuteOf(String timestamp) {
			return "DATE_TRUNC('MINUTE', " + timestamp + ")";
		}

		@Override
		void write(List<Map.Entry<Key, Minute>> rows) {
			for (Map.Entry<Key, Minute> row : rows) {
				if (update(row.getKey(), row.getValue()) == 0) {
					try {
						this.jdbc.update(this.insert, values(row.getKey(), row.getValue()));
					}
					catch (DuplicateKeyException ex) {
						update(row.getKey(), row.getValue());
					}
				}
			}
		}

		private int update(Key key, Minute minute) {
			Object[] values = values(key, minute);
			Object[] args = new Object[6 + minute.buckets.length + 2];
			args[0] = values[2];
			args[1] = values[3];
			args[2] = values[4];
			args[3] = values[5];
			args[4] = values[6];
			args[5] = values[5];
			System.arraycopy(values, 7, args, 6, minute.buckets.length);
			args[args.length - 2] = values[0];
			args[args.length - 1] = values[1];
			return this.jdbc.update(this.update, args);
		}

	}

	private static String placeholders() {
		return String.join(", ", Collections.nCopies(7 + BUCKETS.size(), "?"));
	}

}
