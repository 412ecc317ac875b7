package io.shophooks.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.ShopNode;
import io.shophooks.webhook.support.TestShops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing committed is lost when instances die. Three instances of the shop run in JVMs
 * of their own against one PostgreSQL and deliver to a loopback receiver that counts
 * requests per {@code webhook-id}. While this JVM commits 10,000 events, instances are
 * killed with SIGKILL at random moments and started again, one is stopped gracefully,
 * every database connection is terminated once and PostgreSQL itself is restarted once.
 * Then every committed event must have arrived, and the duplicates may be no more than
 * the deliveries the dead instances (or the database faults) had in flight.
 */
class CrashSafetyIntegrationTests {

	private static final int EVENTS = 10_000;

	private static final int KILLS = 20;

	/**
	 * The seed of the kills' timing and victims and of the receiver's delays: printed in the
	 * report, and taken from {@code -Dcrash.seed=} to run the same schedule again.
	 */
	private final long seed = Long.getLong("crash.seed", System.nanoTime());

	private final Random random = new Random(this.seed);

	private final Random receiverDelays = new Random(this.seed + 1);

	private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	/** Requests arrived per second since the receiver started. */
	private final java.util.concurrent.atomic.AtomicIntegerArray perSecond = new java.util.concurrent.atomic.AtomicIntegerArray(3600);

	private final long receiverStart = System.nanoTime();

	private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

	private final List<Kill> kills = Collections.synchronizedList(new ArrayList<>());

	private final List<String> log = Collections.synchronizedList(new ArrayList<>());

	private EmbeddedPostgres postgres;

	private int postgresCrashes;

	@Test
	void everyCommittedEventArrivesThroughKillsRestartsAndDatabaseFaults(@TempDir Path pgData) throws Exception {
		int launches = 0;
		try (Rig rig = new Rig(pgData, "crash-safety")) {
			String jdbcUrl = rig.jdbcUrl;
			HikariDataSource pool = rig.pool;
			ConfigurableApplicationContext shop = rig.shop;
			List<ShopNode> nodes = rig.nodes;
			Path logs = rig.logs;
			List<String> nodeProperties = nodeProperties(jdbcUrl);
			for (int i = 0; i < 3; i++) {
				nodes.add(ShopNode.launch(logs.resolve("node-" + (launches++) + ".log"), nodeProperties));
			}
			await().atMost(Duration.ofSeconds(90)).until(() -> allReady(nodes));
			JdbcTemplate jdbc = new JdbcTemplate(pool);
			Instant started = Instant.now();
			Thread publisher = new Thread(() -> publish(shop), "chaos-publisher");
			publisher.start();

			int faults = 0;
			long faultInFlight = 0;
			boolean gracefulChecked = false;
			long gracefulLeft = -1;
			while (this.kills.size() < KILLS || publisher.isAlive()) {
				Thread.sleep(700 + this.random.nextInt(1800));
				List<Integer> ready = new ArrayList<>();
				for (int i = 0; i < nodes.size(); i++) {
					if (nodes.get(i).isAlive() && nodes.get(i).isReady()) {
						ready.add(i);
					}
				}
				if (ready.size() < 2) {
					// Keep one instance delivering, so the figures show recovery, not start-up time.
					continue;
				}
				int slot = ready.get(this.random.nextInt(ready.size()));
				ShopNode victim = nodes.get(slot);
				if (this.kills.size() == 7 && faults == 0) {
					faultInFlight += leased(jdbc, "%");
					int terminated = terminateConnections(pool, jdbcUrl);
					note("terminated " + terminated + " database connections");
					faults++;
				}
				else if (this.kills.size() == 14 && faults == 1) {
					// Under load, PostgreSQL crashes (an immediate shutdown: no checkpoint, the
					// WAL replayed at the next start). What it can cost: deliveries on the wire,
					// and outcomes recorded with the relaxed bookkeeping commit in the moment
					// before (at most three WAL writer rounds), which are sent once more.
					faultInFlight += leased(jdbc, "%");
					long recentlyRecorded = jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery "
							+ "WHERE updated_at > CURRENT_TIMESTAMP - INTERVAL '2 seconds'", Long.class);
					faultInFlight += recentlyRecorded;
					crashPostgres(pgData);
					note("PostgreSQL crashed (immediate shutdown) with " + recentlyRecorded
							+ " deliveries recorded in the 2 s before");
					Thread.sleep(1000);
					this.postgres = startPostgres(pgData, rig.pgPort);
					note("PostgreSQL started again (crash recovery)");
					this.postgresCrashes++;
					faults++;
				}
				else if (this.kills.size() == 10 && !gracefulChecked) {
					int exit = victim.terminate();
					gracefulLeft = retrying(() -> leased(jdbc, victim.pid() + "@%"));
					note("node " + victim.pid() + " stopped gracefully (exit " + exit + "), leases left: " + gracefulLeft);
					gracefulChecked = true;
					nodes.set(slot, ShopNode.launch(logs.resolve("node-" + (launches++) + ".log"), nodeProperties));
				}
				else {
					victim.kill();
					Instant at = Instant.now();
					List<Long> orphans = retrying(() -> leasedTo(jdbc, victim));
					this.kills.add(new Kill(at, orphans));
					note("kill " + this.kills.size() + ": node " + victim.pid() + " held " + orphans.size()
							+ " deliveries");
					nodes.set(slot, ShopNode.launch(logs.resolve("node-" + (launches++) + ".log"), nodeProperties));
				}
			}
			publisher.join();
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> jdbc.queryForObject(
						"SELECT COUNT(*) FROM shophooks_delivery WHERE status <> 'DELIVERED'", Integer.class) == 0
						&& jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_event WHERE fanned_out = FALSE",
								Integer.class) == 0);
			Instant finished = Instant.now();
			Thread.sleep(500);

			Set<String> committed = new HashSet<>(jdbc.queryForList("SELECT id FROM shophooks_event", String.class));
			Set<String> lost = new HashSet<>(committed);
			lost.removeAll(this.arrivals.keySet());
			Set<String> lostConfirmed = new HashSet<>(this.confirmed);
			lostConfirmed.removeAll(this.arrivals.keySet());
			int duplicates = this.requests.get() - this.arrivals.size();
			long orphaned = this.kills.stream().mapToLong(kill -> kill.orphans().size()).sum();
			long killsMidSend = this.kills.stream().filter(kill -> !kill.orphans().isEmpty()).count();
			List<Long> recoveries = recoveries(jdbc);
			String report = report(committed.size(), lost.size(), duplicates, orphaned + faultInFlight, killsMidSend,
					recoveries, gracefulLeft, Duration.between(started, finished));
			Files.writeString(logs.resolve("report.md"), report);
			System.out.println(report);

			assertThat(this.confirmed).hasSizeGreaterThanOrEqualTo(EVENTS);
			assertThat(lostConfirmed).as("events whose commit returned but never arrived").isEmpty();
			assertThat(lost).as("committed events that never arrived").isEmpty();
			assertThat(this.arrivals.keySet()).as("arrivals that were never committed").isSubsetOf(committed);
			assertThat(this.kills).hasSizeGreaterThanOrEqualTo(KILLS);
			assertThat(killsMidSend).as("kills that caught an instance with deliveries in flight").isPositive();
			assertThat((long) duplicates).as("duplicates, bounded by what was in flight at the kills and faults")
				.isLessThanOrEqualTo(orphaned + faultInFlight);
			assertThat(gracefulLeft).as("leases left by the graceful stop").isZero();
			// the dashboard's figures are written in the transaction that records the attempts: through
			// every kill and fault they count exactly the attempts kept, as rows and as the successes
			// kept in their deliveries' rows (one statement, one snapshot)
			Map<String, Object> figures = jdbc.queryForMap("""
					SELECT (SELECT COUNT(*) FROM shophooks_attempt)
					         + (SELECT COUNT(*) FROM shophooks_delivery WHERE success_at IS NOT NULL) AS attempts,
					       (SELECT COALESCE(SUM(attempts), 0) FROM shophooks_attempt_minute) AS counted,
					       (SELECT COUNT(*) FROM shophooks_attempt WHERE status_code BETWEEN 200 AND 299)
					         + (SELECT COUNT(*) FROM shophooks_delivery WHERE success_at IS NOT NULL) AS succeeded,
					       (SELECT COALESCE(SUM(succeeded), 0) FROM shophooks_attempt_minute) AS counted_succeeded""");
			assertThat(((Number) figures.get("counted")).longValue()).as("attempts counted by the dashboard's figures")
				.isEqualTo(((Number) figures.get("attempts")).longValue())
				.isPositive();
			assertThat(((Number) figures.get("counted_succeeded")).longValue())
				.as("successful attempts counted by the dashboard's figures")
				.isEqualTo(((Number) figures.get("succeeded")).longValue());
		}
	}

	/**
	 * An instance killed after the shop's transaction committed and before ShopHooks handed
	 * its deliveries to the workers (the one moment where the deliveries exist only as rows
	 * leased to an instance that is gone): another instance sends each of them once the
	 * lease runs out, and nothing twice, since nothing was sent before the kill.
	 */
	@Test
	void deliveriesOfAnInstanceKilledBetweenCommitAndHandOffAreSentByAnother(@TempDir Path pgData) throws Exception {
		int events = 40;
		try (Rig rig = new Rig(pgData, "crash-safety-hand-off")) {
			String jdbcUrl = rig.jdbcUrl;
			List<ShopNode> nodes = rig.nodes;
			Path logs = rig.logs;
			ShopNode survivor = ShopNode.launch(logs.resolve("survivor.log"), nodeProperties(jdbcUrl));
			nodes.add(survivor);
			await().atMost(Duration.ofSeconds(90)).until(() -> allReady(nodes));
			List<String> victimProperties = new ArrayList<>(nodeProperties(jdbcUrl));
			victimProperties.add(ShopNode.HALT_AFTER_COMMITTING + "=" + events);
			ShopNode victim = ShopNode.launch(logs.resolve("victim.log"), victimProperties);
			nodes.add(victim);
			assertThat(victim.awaitExit(Duration.ofSeconds(90))).as("the victim's exit code").isEqualTo(137);
			Instant died = Instant.now();
			JdbcTemplate jdbc = new JdbcTemplate(rig.pool);
			List<Long> orphans = leasedTo(jdbc, victim);
			assertThat(orphans).as("deliveries the dead instance leased to itself and never handed over").isNotEmpty();

			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery WHERE status = 'DELIVERED'",
						Integer.class) == events);
			Thread.sleep(500);
			Set<String> committed = new HashSet<>(jdbc.queryForList("SELECT id FROM shophooks_event", String.class));
			assertThat(committed).hasSize(events);
			assertThat(this.arrivals.keySet()).as("every committed event arrived").isEqualTo(committed);
			assertThat(this.requests.get()).as("requests: none twice").isEqualTo(events);
			this.kills.add(new Kill(died, orphans));
			List<Long> recoveries = recoveries(jdbc);
			String report = "# Kill between commit and hand-off, " + Instant.now() + "\n\n" + events
					+ " events committed in one transaction; " + orphans.size()
					+ " deliveries were leased to the killed instance, the rest waited for a claim. "
					+ "Kill to redelivery of the leased ones (p50 / max): " + percentile(recoveries, 50) + " / "
					+ recoveries.get(recoveries.size() - 1) + " ms (lease 5 s). Lost: 0, sent twice: 0.\n";
			Files.writeString(logs.resolve("report.md"), report);
			System.out.println(report);
		}
	}

	/**
	 * One PostgreSQL, the counting receiver, the publishing shop (delivery off here) with
	 * one endpoint to the receiver, and the instances a test launches into {@link #nodes}:
	 * all stopped on close, the PostgreSQL that runs then included.
	 */
	private final class Rig implements AutoCloseable {

		final int pgPort;

		final String jdbcUrl;

		final HikariDataSource pool;

		final ConfigurableApplicationContext shop;

		final HttpServer receiver;

		final Path logs;

		final List<ShopNode> nodes = new ArrayList<>();

		Rig(Path pgData, String logDirectory) throws IOException {
			this.pgPort = freePort();
			CrashSafetyIntegrationTests.this.postgres = startPostgres(pgData, this.pgPort);
			this.receiver = startReceiver();
			this.jdbcUrl = "jdbc:postgresql://localhost:" + this.pgPort + "/postgres";
			this.pool = Databases.pool(this.jdbcUrl, "postgres", "postgres");
			this.shop = TestShops.start(this.pool, "shophooks.webhook.delivery.enabled=false");
			this.logs = Path.of("target", logDirectory);
			FileSystemUtils.deleteRecursively(this.logs);
			String url = "http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/orders";
			this.shop.getBean(EndpointService.class)
				.create(EndpointDefinition.builder(logDirectory, url).eventTypes("order.approved").maxConcurrency(16).build());
		}

		@Override
		public void close() throws InterruptedException, IOException {
			for (ShopNode node : this.nodes) {
				node.kill();
			}
			this.shop.close();
			this.pool.close();
			this.receiver.stop(0);
			if (CrashSafetyIntegrationTests.this.postgres != null) {
				CrashSafetyIntegrationTests.this.postgres.close();
			}
		}

	}

	private static List<String> nodeProperties(String jdbcUrl) {
		return List.of("spring.datasource.url=" + jdbcUrl, "spring.datasource.username=postgres",
				"spring.datasource.password=postgres", "spring.datasource.hikari.maximum-pool-size=6",
				"spring.datasource.hikari.connection-timeout=2000", "logging.level.root=WARN",
				"logging.level.io.shophooks=INFO", "shophooks.webhook.security.allow-private-networks=true",
				"shophooks.webhook.security.encryption-key=" + TestShops.ENCRYPTION_KEY,
				"shophooks.webhook.delivery.poll-interval=250ms", "shophooks.webhook.delivery.concurrency=16",
				"shophooks.webhook.delivery.request-timeout=1s",
				"shophooks.webhook.delivery.connect-timeout=500ms", "shophooks.webhook.delivery.shutdown-timeout=3s",
				"shophooks.webhook.retry.initial-interval=200ms", "shophooks.webhook.retry.multiplier=1.5",
				"shophooks.webhook.retry.jitter=0", "shophooks.webhook.retry.max-retries=20");
	}

	private void publish(ConfigurableApplicationContext shop) {
		TransactionTemplate transactions = new TransactionTemplate(shop.getBean(PlatformTransactionManager.class));
		WebhookPublisher publisher = shop.getBean(WebhookPublisher.class);
		long start = System.nanoTime();
		int done = 0;
		while (done < EVENTS) {
			int from = done;
			try {
				List<String> ids = transactions.execute(status -> {
					List<String> batch = new ArrayList<>();
					for (int i = from; i < from + 10; i++) {
						batch.add(publisher.publish("order.approved", Map.of("orderId", "chaos-" + i, "total", i)));
					}
					return batch;
				});
				this.confirmed.addAll(ids);
				done += 10;
				// About 120 events a second, so the kills fall while events keep coming.
				long due = start + done * 8_333_333L;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					Thread.sleep(wait / 1_000_000);
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// The database is restarting or our connection was terminated: not committed, try again.
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	private HttpServer startReceiver() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
		ExecutorService threads = Executors.newFixedThreadPool(64);
		server.setExecutor(threads);
		server.createContext("/", exchange -> {
			exchange.getRequestBody().readAllBytes();
			String id = exchange.getRequestHeaders().getFirst("webhook-id");
			if (id != null) {
				this.arrivals.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
				this.requests.incrementAndGet();
				this.perSecond.incrementAndGet((int) Math.min(3599, (System.nanoTime() - this.receiverStart) / 1_000_000_000L));
			}
			try {
				// A receiver that does some work, so sends are in flight when an instance dies.
				Thread.sleep(50 + this.receiverDelays.nextInt(100));
				exchange.sendResponseHeaders(200, -1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (IOException ex) {
				// the sender died mid-request
			}
			finally {
				exchange.close();
			}
		});
		server.start();
		return server;
	}

	/**
	 * PostgreSQL as in production: every commit waits for its WAL to reach the disk
	 * ({@code fsync} and {@code synchronous_commit} on; the embedded server turns both off
	 * by default). ShopHooks relaxes only its own bookkeeping commits.
	 */
	private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setPort(port)
			.setServerConfig("max_connections", "200")
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.start();
	}

	/**
	 * Crash PostgreSQL: SIGQUIT to the postmaster, the immediate shutdown of
	 * {@code pg_ctl stop -m immediate} (every backend quits at once, nothing is flushed, the
	 * next start recovers from the WAL).
	 */
	private void crashPostgres(Path data) throws Exception {
		long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
		Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
		kill.waitFor();
		ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
		if (postmaster != null) {
			postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
		}
		// releases the embedded server's lock on its data directory (its stop finds nothing to stop)
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			// nothing was running
		}
		this.postgres = null;
	}

	private static int terminateConnections(HikariDataSource pool, String jdbcUrl) {
		try (HikariDataSource admin = Databases.pool(jdbcUrl, "postgres", "postgres")) {
			return new JdbcTemplate(admin).queryForList(
					"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
							+ "WHERE datname = 'postgres' AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
					Boolean.class)
				.size();
		}
	}

	/** Our own queries meet the same faults as the instances: try again while the database comes back. */
	private static <T> T retrying(java.util.function.Supplier<T> query) throws InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				return query.get();
			}
			catch (RuntimeException ex) {
				if (attempt == 20) {
					throw ex;
				}
				Thread.sleep(250);
			}
		}
	}

	/** The pending deliveries leased to an instance. */
	private static List<Long> leasedTo(JdbcTemplate jdbc, ShopNode node) {
		return jdbc.queryForList("SELECT id FROM shophooks_delivery WHERE status = 'PENDING' AND lease_owner LIKE ?",
				Long.class, node.pid() + "@%");
	}

	private static long leased(JdbcTemplate jdbc, String ownerPattern) {
		return jdbc.queryForObject(
				"SELECT COUNT(*) FROM shophooks_delivery WHERE status = 'PENDING' AND lease_owner LIKE ?", Long.class,
				ownerPattern);
	}

	/**
	 * Per delivery a killed instance held: milliseconds from the kill until it was
	 * delivered by another instance, sorted.
	 */
	private List<Long> recoveries(JdbcTemplate jdbc) {
		List<Long> recoveries = new ArrayList<>();
		for (Kill kill : this.kills) {
			for (Long id : kill.orphans()) {
				Timestamp delivered = jdbc.queryForObject(
						"SELECT updated_at FROM shophooks_delivery WHERE id = ? AND status = 'DELIVERED'",
						Timestamp.class, id);
				recoveries.add(Duration.between(kill.at(), delivered.toInstant()).toMillis());
			}
		}
		Collections.sort(recoveries);
		return recoveries;
	}

	private static long percentile(List<Long> sorted, double percent) {
		int index = (int) Math.ceil(percent / 100 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	private String report(int events, int lost, int duplicates, long bound, long killsMidSend, List<Long> recoveries,
			long gracefulLeft, Duration elapsed) {
		StringBuilder out = new StringBuilder();
		out.append("# Crash safety run, ").append(Instant.now()).append("\n\n");
		out.append("| figure | value |\n| --- | --- |\n");
		out.append("| events committed | ").append(events).append(" |\n");
		out.append("| instances | 3 (child JVMs, one PostgreSQL) |\n");
		out.append("| SIGKILLs | ").append(this.kills.size()).append(" (").append(killsMidSend)
			.append(" with deliveries in flight) |\n");
		out.append("| other faults | 1 graceful stop, 1 pg_terminate_backend of every connection, ")
			.append(this.postgresCrashes)
			.append(" PostgreSQL crash (immediate shutdown under load; fsync and synchronous_commit on) |\n");
		out.append("| lost | ").append(lost).append(" |\n");
		out.append("| duplicates | ").append(duplicates).append(" (bound: ").append(bound)
			.append(" deliveries in flight at the kills and faults) |\n");
		out.append("| leases left by the graceful stop | ").append(gracefulLeft).append(" |\n");
		out.append("| seed | ").append(this.seed).append(" (`-Dcrash.seed=").append(this.seed)
			.append("` repeats the kills' schedule) |\n");
		out.append("| lease | the default (5 s), renewed every third of it while an instance lives |\n");
		if (!recoveries.isEmpty()) {
			out.append("| kill to redelivery of what the killed instance held (p50 / p99 / max, ")
				.append(recoveries.size())
				.append(" deliveries) | ")
				.append(percentile(recoveries, 50))
				.append(" / ")
				.append(percentile(recoveries, 99))
				.append(" / ")
				.append(recoveries.get(recoveries.size() - 1))
				.append(" ms |\n");
		}
		int first = -1;
		int last = -1;
		for (int i = 0; i < this.perSecond.length(); i++) {
			if (this.perSecond.get(i) > 0) {
				first = (first < 0) ? i : first;
				last = i;
			}
		}
		int longestStall = 0;
		int stall = 0;
		List<Integer> rates = new ArrayList<>();
		for (int i = first; i >= 0 && i <= last; i++) {
			rates.add(this.perSecond.get(i));
			stall = (this.perSecond.get(i) == 0) ? stall + 1 : 0;
			longestStall = Math.max(longestStall, stall);
		}
		Collections.sort(rates);
		if (!rates.isEmpty()) {
			out.append("| requests per second at the receiver (min / median / max) | ").append(rates.get(0))
				.append(" / ").append(rates.get(rates.size() / 2)).append(" / ").append(rates.get(rates.size() - 1))
				.append(" |\n");
		}
		out.append("| longest stretch with no request arriving | ").append(longestStall).append(" s |\n");
		out.append("| first publish to last delivery | ").append(elapsed.toMillis()).append(" ms |\n\n");
		out.append("```\n");
		this.log.forEach(line -> out.append(line).append('\n'));
		out.append("```\n");
		return out.toString();
	}

	private void note(String line) {
		this.log.add(Instant.now() + " " + line);
	}

	private static boolean allReady(List<ShopNode> nodes) throws IOException {
		for (ShopNode node : nodes) {
			if (!node.isAlive()) {
				throw new IllegalStateException(node + " died while starting");
			}
			if (!node.isReady()) {
				return false;
			}
		}
		return true;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private record Kill(Instant at, List<Long> orphans) {
	}

}
