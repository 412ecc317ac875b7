package io.shophooks.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.dispatch.Retention;
import io.shophooks.webhook.jdbc.Tables;

/**
 * Retention over a long history on PostgreSQL: {@code deliveries} deliveries (one event
 * each) created evenly over the last 31 days, one in twenty failed with an attempt row;
 * then the hourly purge with the default ages (delivered kept 30 days, failed 90), which
 * removes the day that has passed the 30 days, and the same purge an hour later, which
 * removes that hour's rows. Rows printed: the time of each purge, the rows it deleted, the rows
 * PostgreSQL read per row deleted ({@code pg_stat_user_tables}) and the WAL written per
 * 1,000 deliveries deleted.
 */
final class RetentionPhase {

	private RetentionPhase() {
	}

	static void run(Bench bench) {
		int deliveries = bench.mode().backlog();
		String name = "retention, " + String.format("%,d", deliveries) + " deliveries over 31 days (PostgreSQL)";
		DataSource postgres = bench.postgres();
		Report report = bench.report();
		try (ConfigurableApplicationContext context = ShopHooksContender.context(postgres,
				"--shophooks.webhook.delivery.enabled=false")) {
			JdbcTemplate jdbc = new JdbcTemplate(postgres);
			truncate(jdbc);
			Instant now = Instant.now();
			fill(jdbc, deliveries, now);
			bench.settle();
			Retention retention = new Retention(jdbc, new Tables(Tables.DEFAULT_PREFIX), Duration.ofDays(30),
					Duration.ofDays(90), 1000);
			Purge due = Purge.timed(jdbc, () -> retention.purge(now));
			report.add(name, "purge of the day past 30 days", due.millis(), "ms");
			report.add(name, "rows deleted by it", due.deleted(), "rows");
			report.add(name, "rows read per row deleted", due.read() / (double) Math.max(1, due.deleted()), "rows");
			report.add(name, "WAL per 1,000 rows deleted", due.wal() / 1024.0 * 1000 / Math.max(1, due.deleted()), "KB");
			Purge hourly = Purge.timed(jdbc, () -> retention.purge(now.plus(Duration.ofMinutes(59))));
			report.add(name, "the next hour's purge", hourly.millis(), "ms");
			report.add(name, "rows deleted by the next hour's purge", hourly.deleted(), "rows");
			report.add(name, "rows read by the next hour's purge", hourly.read(), "rows");
			truncate(jdbc);
		}
	}

	private static void fill(JdbcTemplate jdbc, int deliveries, Instant now) {
		jdbc.update("""
				INSERT INTO shophooks_endpoint (id, name, url, event_types, body_format, signing, enabled, max_concurrency,
				    created_at, updated_at)
				SELECT e, 'endpoint ' || e, 'https://93.184.216.34/' || e, '*', 'JSON', FALSE, TRUE, 8, now(), now()
				FROM generate_series(1, 10) e""");
		// event ids sort by time, as real ones do (48 bits of milliseconds first)
		String at = "(?::timestamptz - interval '31 days' + (d * interval '2678400 seconds') / ?)";
		jdbc.update("INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at) "
				+ "SELECT 'msg_' || lpad(d::text, 26, '0'), 'order.approved', '{\"orderId\":' || d || '}', TRUE, " + at
				+ " FROM generate_series(1, ?) d", java.sql.Timestamp.from(now), deliveries, deliveries);
		jdbc.update("INSERT INTO shophooks_delivery (id, event_id, endpoint_id, event_type, status, attempt_count, "
				+ "next_attempt_at, last_status_code, created_at, updated_at, success_at, success_duration_ms) "
				+ "SELECT d, 'msg_' || lpad(d::text, 26, '0'), 1 + d % 10, 'order.approved', "
				+ "CASE WHEN d % 20 = 0 THEN 'FAILED' ELSE 'DELIVERED' END, 1, " + at + ", "
				+ "CASE WHEN d % 20 = 0 THEN 500 ELSE 200 END, " + at + ", " + at + " + interval '1 second', "
				+ "CASE WHEN d % 20 = 0 THEN NULL ELSE " + at + " END, 5 FROM generate_series(1, ?) d",
				timesFor(now, deliveries, 4));
		jdbc.update("INSERT INTO shophooks_attempt (delivery_id, attempt_number, started_at, duration_ms, request_url, "
				+ "request_headers, status_code, outcome) SELECT d, 1, " + at + ", 5, 'https://93.184.216.34/', "
				+ "'webhook-id: msg', 500, 'FAILED' FROM generate_series(20, ?, 20) d", java.sql.Timestamp.from(now),
				deliveries, deliveries);
		jdbc.execute("SELECT setval(pg_get_serial_sequence('shophooks_delivery', 'id'), " + deliveries + ")");
	}

	private static Object[] timesFor(Instant now, int deliveries, int times) {
		Object[] args = new Object[times * 2 + 1];
		for (int i = 0; i < times; i++) {
			args[i * 2] = java.sql.Timestamp.from(now);
			args[i * 2 + 1] = deliveries;
		}
		args[times * 2] = deliveries;
		return args;
	}

	private static void truncate(JdbcTemplate jdbc) {
		jdbc.execute("TRUNCATE shophooks_attempt_minute, shophooks_attempt, shophooks_delivery, shophooks_event, "
				+ "shophooks_endpoint CASCADE");
	}

	/** One purge: its time, the rows it deleted, the rows PostgreSQL read, the WAL it wrote. */
	private record Purge(double millis, long deleted, long read, long wal) {

		static Purge timed(JdbcTemplate jdbc, LongSupplier purge) {
			long readBefore = rowsRead(jdbc);
			long walBefore = walPosition(jdbc);
			long began = System.nanoTime();
			long deleted = purge.getAsLong();
			double millis = (System.nanoTime() - began) / 1e6;
			long wal = walPosition(jdbc) - walBefore;
			return new Purge(millis, deleted, rowsRead(jdbc) - readBefore, wal);
		}

		/** Rows read by scans of the ShopHooks tables (sequential and through indexes). */
		private static long rowsRead(JdbcTemplate jdbc) {
			// the statistics collector reports a little after the statement ends
			try {
				Thread.sleep(1_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return jdbc.queryForObject("""
					SELECT COALESCE(SUM(seq_tup_read + COALESCE(idx_tup_fetch, 0)), 0) FROM pg_stat_user_tables WHERE relname LIKE 'shophooks\\_%'""", Long.class);
		}

		private static long walPosition(JdbcTemplate jdbc) {
			Map<String, Object> row = jdbc.queryForMap(
					"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS position");
			return ((Number) row.get("position")).longValue();
		}

	}

}
