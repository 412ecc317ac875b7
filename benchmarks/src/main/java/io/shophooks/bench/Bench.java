package io.shophooks.bench;

import java.nio.file.Path;
import java.util.Random;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every phase shares: the mode, the PostgreSQL server (durable commits), the
 * receiver, the report, the output folder and the seeded random order.
 *
 * @param mode how much to run
 * @param postgres the database every PostgreSQL contender uses
 * @param receiver the receiver answering at once
 * @param report the report
 * @param out the output folder
 * @param random the seeded random order of the rounds
 */
record Bench(Mode mode, DataSource postgres, FastReceiver receiver, Report report, Path out, Random random) {

	/** The postmaster's pid, for the database side of a run's CPU. */
	Resources resources() {
		return new Resources(Resources.postmasterOf(this.postgres));
	}

	/**
	 * Let the database settle between phases, so no contender inherits another's clean-up:
	 * vacuum and analyze every table, then write every dirty page.
	 */
	void settle() {
		JdbcTemplate jdbc = new JdbcTemplate(this.postgres);
		jdbc.execute("VACUUM (ANALYZE)");
		jdbc.execute("CHECKPOINT");
	}

	/** The shop's business table: every contender's transaction inserts one order. */
	static void createOrderTable(JdbcTemplate jdbc) {
		jdbc.execute("CREATE TABLE IF NOT EXISTS bench_order (id VARCHAR(64) PRIMARY KEY, total INT NOT NULL)");
	}

}
