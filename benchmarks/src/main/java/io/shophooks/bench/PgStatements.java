package io.shophooks.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database side of a profile: which statements PostgreSQL spent its time on
 * ({@code pg_stat_statements}, which ships with the embedded server) and how many row
 * updates were HOT (no new index entries) per table, and what its busy backends were
 * waiting on, sampled from {@code pg_stat_activity} while the run lasts.
 */
final class PgStatements {

	private final JdbcTemplate jdbc;

	private final boolean available;

	PgStatements(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		boolean ok;
		try {
			this.jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
			this.jdbc.queryForList("SELECT 1 FROM pg_stat_statements LIMIT 1");
			ok = true;
		}
		catch (RuntimeException ex) {
			ok = false;
		}
		this.available = ok;
	}

	private final Map<String, Long> waits = new TreeMap<>();

	private long waitSamples;

	private final AtomicBoolean sampling = new AtomicBoolean();

	private Thread sampler;

	/** Start sampling what the busy backends wait on, every 10 ms until {@link #stopSampling()}. */
	void startSampling() {
		if (!this.available) {
			return;
		}
		this.sampling.set(true);
		this.sampler = new Thread(() -> {
			// one connection of its own, whose backend the CPU figures leave out
			org.springframework.jdbc.datasource.SingleConnectionDataSource own;
			try {
				own = new org.springframework.jdbc.datasource.SingleConnectionDataSource(
						this.jdbc.getDataSource().getConnection(), true);
			}
			catch (java.sql.SQLException ex) {
				return;
			}
			org.springframework.jdbc.core.JdbcTemplate sampling = new org.springframework.jdbc.core.JdbcTemplate(own);
			Long backend = sampling.queryForObject("SELECT pg_backend_pid()", Long.class);
			Resources.EXCLUDED_BACKENDS.add(backend);
			try {
				sampleUntilStopped(sampling);
			}
			finally {
				Resources.EXCLUDED_BACKENDS.remove(backend);
				own.destroy();
			}
		}, "pg-wait-sampler");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	private void sampleUntilStopped(org.springframework.jdbc.core.JdbcTemplate sampling) {
		{
			while (this.sampling.get()) {
				List<Map<String, Object>> rows = sampling.queryForList("""
						SELECT COALESCE(wait_event_type || ': ' || wait_event, 'on CPU') AS wait, count(*) AS n
						FROM pg_stat_activity
						WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
						GROUP BY 1
						""");
				synchronized (this.waits) {
					this.waitSamples++;
					for (Map<String, Object> row : rows) {
						this.waits.merge((String) row.get("wait"), ((Number) row.get("n")).longValue(), Long::sum);
					}
				}
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** Stop sampling; {@link #summarize} then lists what was seen. */
	void stopSampling() throws InterruptedException {
		this.sampling.set(false);
		if (this.sampler != null) {
			this.sampler.join();
		}
	}

	/** Forget what was counted so far. */
	void reset() {
		if (this.available) {
			this.jdbc.execute("SELECT pg_stat_statements_reset()");
			this.jdbc.execute("SELECT pg_stat_reset()");
		}
	}

	/**
	 * A Markdown summary of the statements counted since {@link #reset()}.
	 * @param deliveries deliveries made in that time, to show calls and time per 1,000
	 * @param limit the most statements to list
	 * @return the summary
	 */
	String summarize(int deliveries, int limit) {
		if (!this.available) {
			return "pg_stat_statements is not available on this server.\n";
		}
		StringBuilder md = new StringBuilder();
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				SELECT calls, rows, total_exec_time, total_plan_time, wal_bytes,
				       regexp_replace(query, '\\s+', ' ', 'g') AS query
				FROM pg_stat_statements
				WHERE query NOT ILIKE '%pg_stat%'
				ORDER BY total_exec_time + total_plan_time DESC LIMIT ?
				""", limit);
		double total = rows.stream()
			.mapToDouble(r -> ((Number) r.get("total_exec_time")).doubleValue()
					+ ((Number) r.get("total_plan_time")).doubleValue())
			.sum();
		md.append("| statement | calls per 1,000 deliveries | rows per call | ms per 1,000 deliveries | share | WAL KB per 1,000 deliveries |\n");
		md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
		for (Map<String, Object> row : rows) {
			long calls = ((Number) row.get("calls")).longValue();
			double ms = ((Number) row.get("total_exec_time")).doubleValue()
					+ ((Number) row.get("total_plan_time")).doubleValue();
			double wal = ((Number) row.get("wal_bytes")).doubleValue();
			String query = (String) row.get("query");
			query = (query.length() > 110) ? query.substring(0, 110) + "…" : query;
			md.append("| `").append(query.replace("|", "\\|")).append("` | ")
				.append(Report.fmt(calls * 1000.0 / deliveries)).append(" | ")
				.append(Report.fmt((calls > 0) ? ((Number) row.get("rows")).doubleValue() / calls : 0))
				.append(" | ")
				.append(Report.fmt(ms * 1000 / deliveries)).append(" | ")
				.append(Math.round((total > 0) ? 100 * ms / total : 0)).append(" % | ")
				.append(Report.fmt(wal / 1024 * 1000 / deliveries)).append(" |\n");
		}
		md.append("\n| table | rows inserted | rows updated | of which HOT | rows deleted |\n| --- | ---: | ---: | ---: | ---: |\n");
		this.jdbc.query("""
				SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables
				WHERE relname LIKE 'shophooks%' OR relname LIKE 'bench%' ORDER BY relname
				""", rs -> {
			md.append("| ").append(rs.getString(1)).append(" | ").append(rs.getLong(2)).append(" | ")
				.append(rs.getLong(3)).append(" | ").append(rs.getLong(4)).append(" | ").append(rs.getLong(5))
				.append(" |\n");
		});
		md.append("\n| index | scans | entries read | rows fetched |\n| --- | ---: | ---: | ---: |\n");
		this.jdbc.query("""
				SELECT indexrelname, idx_scan, idx_tup_read, idx_tup_fetch FROM pg_stat_user_indexes
				WHERE relname LIKE 'shophooks%' AND idx_scan > 0 ORDER BY idx_tup_read DESC
				""", rs -> {
			md.append("| ").append(rs.getString(1)).append(" | ").append(rs.getLong(2)).append(" | ")
				.append(rs.getLong(3)).append(" | ").append(rs.getLong(4)).append(" |\n");
		});
		synchronized (this.waits) {
			if (this.waitSamples > 0) {
				md.append("\nWhat the busy client backends were doing, sampled every 10 ms (")
					.append(this.waitSamples).append(" samples; average backends per sample):\n\n");
				md.append("| state or wait event | backends |\n| --- | ---: |\n");
				this.waits.entrySet()
					.stream()
					.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
					.forEach((e) -> md.append("| ").append(e.getKey()).append(" | ")
						.append(Report.fmt((double) e.getValue() / this.waitSamples)).append(" |\n"));
			}
		}
		return md.toString();
	}

}
