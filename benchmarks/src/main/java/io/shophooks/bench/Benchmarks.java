package io.shophooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Side by side in one run, on loopback, against one receiver: the raw HTTP client (the
 * limit of this machine), the shop alone, ShopHooks, the hand-written after-commit
 * listener, Spring Modulith's event publication registry and the simplest durable
 * outbox, on PostgreSQL with durable commits; then the ShopHooks-only phases (publish
 * overhead, drains and isolation, a big backlog, a slow receiver, the H2 default, the
 * admin figures) and a profile. Prints a table and writes CSV, Markdown and an SVG chart.
 *
 * <p>Arguments: the mode (tiny, quick or full), the output folder, and optionally the
 * seed of the rounds' order and the phases to run (comma-separated; all by default).
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		Mode mode = Mode.of((args.length > 0) ? args[0] : "quick");
		Path out = Path.of((args.length > 1) ? args[1] : "target/benchmarks");
		// an empty property reaches here as null or as ""
		String seedArgument = (args.length > 2) ? args[2] : null;
		String phasesArgument = (args.length > 3) ? args[3] : null;
		long seed = (seedArgument != null && !seedArgument.isBlank()) ? Long.parseLong(seedArgument) : System.nanoTime();
		Set<String> phases = (phasesArgument != null && !phasesArgument.isBlank())
				? new LinkedHashSet<>(List.of(phasesArgument.split(","))) : ALL;
		Report report = run(mode, out, seed, phases);
		System.out.println(report.markdown(mode));
		System.exit(0);
	}

	/** Every phase, in the order they run; {@code -Dbench.phases=rounds,profile} runs some. */
	static final Set<String> ALL = new LinkedHashSet<>(
			List.of("rounds", "profile", "overhead", "drain", "backlog", "slow", "instances", "admin", "retention", "h2"));

	static Report run(Mode mode, Path out, long seed) throws Exception {
		return run(mode, out, seed, ALL);
	}

	static Report run(Mode mode, Path out, long seed, Set<String> phases) throws Exception {
		if (!ALL.containsAll(phases)) {
			throw new IllegalArgumentException("Unknown phase in " + phases + "; the phases are " + ALL);
		}
		Files.createDirectories(out);
		Report report = new Report();
		report.note("seed of the rounds' order: " + seed + " (run again with -Dbench.seed=" + seed + ")");
		if (!phases.equals(ALL)) {
			report.note("phases run: " + String.join(", ", phases) + " (not a full report)");
		}
		try (FastReceiver receiver = new FastReceiver();
				EmbeddedPostgres pg = durablePostgres(out);
				HikariDataSource postgres = pool(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")) {
			JdbcTemplate jdbc = new JdbcTemplate(postgres);
			report.note("PostgreSQL " + jdbc.queryForObject("SHOW server_version", String.class) + ": synchronous_commit="
					+ jdbc.queryForObject("SHOW synchronous_commit", String.class) + ", fsync="
					+ jdbc.queryForObject("SHOW fsync", String.class) + ", full_page_writes="
					+ jdbc.queryForObject("SHOW full_page_writes", String.class));
			Bench bench = new Bench(mode, postgres, receiver, report, out, new Random(seed));
			Bench.createOrderTable(jdbc);
			Phases run = new Phases(phases, report);
			run.phase("rounds", () -> RoundsPhase.run(bench, List.of(new ShopAlone(), new DurableBound.OutboxRow(),
					new ShopHooksContender(ShopHooksContender.POSTGRESQL), new TunedDurableQueue(),
					new DurableQueueFloor(), new HandWrittenContender(), new ModulithContender())));
			double limit = report.value(LimitPhase.NAME, "deliveries/s");
			// right after the rounds, on tables as small as theirs: after the backlog and admin
			// phases the same run's statements took several times as long
			run.phase("profile", () -> ProfilePhase.run(bench));
			run.phase("overhead", () -> OverheadPhase.run(bench));
			run.phase("drain", () -> DrainPhase.run(bench, ShopHooksContender.POSTGRESQL, postgres, limit));
			run.phase("backlog", () -> BacklogPhase.run(bench));
			run.phase("slow", () -> SlowReceiverPhase.run(bench));
			run.phase("instances", () -> {
				bench.settle();
				InstancesPhase.run(bench);
			});
			run.phase("admin", () -> {
				bench.settle();
				AdminFiguresPhase.run(postgres, mode.backlog(), mode.adminRuns(), report);
			});
			run.phase("retention", () -> RetentionPhase.run(bench));
			run.phase("h2", () -> H2Phase.run(bench, limit));
			run.noteTimes();
		}
		report.write(out, mode);
		return report;
	}

	/**
	 * The embedded PostgreSQL server with durable commits, as every real shop runs it
	 * (the embedded server's own defaults switch fsync and synchronous commit off), with
	 * statement statistics and the plan of every statement over 50 ms in
	 * {@code postgres-log/}.
	 */
	static EmbeddedPostgres durablePostgres(Path out) throws java.io.IOException {
		return EmbeddedPostgres.builder()
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
			.setServerConfig("auto_explain.log_min_duration", "50")
			.setServerConfig("logging_collector", "on")
			.setServerConfig("log_directory", out.toAbsolutePath().resolve("postgres-log").toString())
			.start();
	}

	static HikariDataSource pool(String url, String user, String password) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(50);
		return new HikariDataSource(config);
	}

	/** Runs the phases asked for and notes how long each took (the wall-clock time of the run, not a result). */
	private static final class Phases {

		private final Set<String> asked;

		private final Report report;

		private final Map<String, Long> seconds = new LinkedHashMap<>();

		Phases(Set<String> asked, Report report) {
			this.asked = asked;
			this.report = report;
		}

		void phase(String name, PhaseBody body) throws Exception {
			if (this.asked.contains(name)) {
				long started = System.nanoTime();
				body.run();
				this.seconds.put(name, (System.nanoTime() - started) / 1_000_000_000L);
			}
		}

		void noteTimes() {
			this.report.note("wall-clock time per phase: " + this.seconds.entrySet()
				.stream()
				.map(entry -> entry.getKey() + " " + entry.getValue() + " s")
				.collect(Collectors.joining(", ")));
		}

	}

	@FunctionalInterface
	private interface PhaseBody {

		void run() throws Exception;

	}

}
