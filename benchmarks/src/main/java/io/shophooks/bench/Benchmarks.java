package io.shophooks.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.WebhookMessage;
import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.delivery.PauseControl;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.endpoint.SigningSecrets;

/**
 * Side by side in one run, on loopback, against one receiver: the raw HTTP client (the
 * limit of this machine), ShopHooks on H2 and on PostgreSQL, and the hand-written
 * after-commit listener. Prints a table and writes CSV, Markdown and an SVG chart.
 */
public final class Benchmarks {

	static final int CONCURRENCY = 32;

	/** Spring Modulith's auto-configurations, kept out of every context but its own. */
	static final String NO_MODULITH = "--spring.autoconfigure.exclude="
			+ "org.springframework.modulith.core.config.ApplicationModuleInitializerRuntimeVerification,"
			+ "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration,"
			+ "org.springframework.modulith.events.config.EventPublicationAutoConfiguration,"
			+ "org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration,"
			+ "org.springframework.modulith.events.jackson2.Jackson2EventSerializationConfiguration,"
			+ "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration,"
			+ "org.springframework.modulith.moments.autoconfigure.MomentsAutoConfiguration";

	private Benchmarks() {
	}

	/**
	 * How much to run.
	 *
	 * @param name quick or full
	 * @param events events per throughput run
	 * @param latencySeconds how long the half-load latency run lasts
	 * @param overheadTransactions transactions per publish-overhead run
	 * @param backlog deliveries queued for the big-backlog drain
	 * @param slowEvents events per run against the receiver that answers after 50 ms
	 */
	record Mode(String name, int events, int latencySeconds, int overheadTransactions, int backlog,
			int slowEvents) {

		Mode(String name, int events, int latencySeconds, int overheadTransactions) {
			this(name, events, latencySeconds, overheadTransactions, events * 10, Math.max(50, events / 5));
		}

		static Mode of(String name) {
			return "full".equals(name) ? new Mode("full", 20_000, 15, 5_000, 1_000_000, 3_000)
					: new Mode("quick", 1_500, 2, 300, 50_000, 600);
		}

	}

	/** One figure. */
	record Row(String contender, String metric, double value, String unit) {
	}

	public static void main(String[] args) throws Exception {
		Mode mode = Mode.of((args.length > 0) ? args[0] : "quick");
		Path out = Path.of((args.length > 1) ? args[1] : "target/benchmarks");
		List<Row> rows = run(mode, out);
		System.out.println(markdown(mode, rows));
		System.exit(0);
	}

	static List<Row> run(Mode mode, Path out) throws Exception {
		Files.createDirectories(out);
		List<Row> rows = new ArrayList<>();
		String body = payloadJson("warm");
		try (FastReceiver receiver = new FastReceiver()) {
			Resources limitCost = new Resources(0);
			double limit = limitApache(receiver, mode.events(), body, limitCost);
			rows.add(new Row("limit: Apache HttpClient 5", "deliveries/s", limit, "1/s"));
			double limitCpu = limitCost.jvmCpuMillis() * 1000 / mode.events();
			rows.add(new Row("limit: Apache HttpClient 5", "JVM CPU per 1,000 deliveries (client and receiver)",
					limitCpu, "ms"));

			try (HikariDataSource h2 = pool("jdbc:h2:file:" + out.toAbsolutePath().resolve("bench-h2") + ";MODE=Regular",
					"sa", "")) {
				new JdbcTemplate(h2).execute("DROP ALL OBJECTS");
				shophooks("ShopHooks (H2 file)", h2, receiver, mode, rows, limit, new Resources(0), null, null);
			}
			try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
				.setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
				// the plan of every statement that took over 50 ms, in postgres-log/ (estimates only:
				// measuring every statement would slow the run)
				.setServerConfig("auto_explain.log_min_duration", "50")
				.setServerConfig("logging_collector", "on")
				.setServerConfig("log_directory", out.toAbsolutePath().resolve("postgres-log").toString())
				.start();
					HikariDataSource postgres = pool(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")) {
				Resources resources = new Resources(Resources.postmasterOf(postgres));
				double ceiling = ceilingWhileCommitting(postgres, mode, rows, resources, limitCpu);
				shophooks("ShopHooks (PostgreSQL)", postgres, receiver, mode, rows, limit, resources,
						out.resolve("shophooks-postgresql.jfr"), new PgStatements(postgres));
				rows.stream()
					.filter(r -> r.contender().equals("ShopHooks (PostgreSQL)") && r.metric().equals("deliveries/s"))
					.findFirst()
					.ifPresent(r -> rows.add(rows.indexOf(r) + 1, new Row(r.contender(),
							"ratio to the best possible while the shop commits", r.value() / ceiling, "x")));
				String hand = "hand-written AFTER_COMMIT listener (PostgreSQL)";
				rows.add(new Row(hand, "deliveries/s", handWritten(postgres, receiver, mode.events(), resources), "1/s"));
				cost(rows, hand, resources, mode.events());
				String modulith = "Spring Modulith JDBC registry + async listener (PostgreSQL)";
				rows.add(new Row(modulith, "deliveries/s", modulith(postgres, receiver, mode.events(), resources), "1/s"));
				cost(rows, modulith, resources, mode.events());
				slowReceiver(postgres, mode, rows);
				AdminFiguresBenchmark.run(postgres, mode.backlog(), "tiny".equals(mode.name()) ? 5 : 30, rows);
			}
			Path recording = out.resolve("shophooks-postgresql.jfr");
			if (Files.exists(recording)) {
				Path statements = out.resolve("postgres-statements.md");
				Files.writeString(out.resolve("profile.md"), "# Where ShopHooks spends its CPU (PostgreSQL, "
						+ "throughput run while the shop commits)\n\n" + Profile.summarize(recording, 15)
						+ (Files.exists(statements) ? "\n## The database side of the same kind of run\n\n"
								+ Files.readString(statements) : ""));
			}
		}
		write(out, mode, rows);
		return rows;
	}

	static HikariDataSource pool(String url, String user, String password) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(40);
		return new HikariDataSource(config);
	}

	static String payloadJson(String id) {
		return "{\"orderId\":\"" + id + "\",\"email\":\"ann@example.com\",\"note\":\"" + "x".repeat(900) + "\"}";
	}

	static String note() {
		return "x".repeat(900);
	}

	// --- the limit -------------------------------------------------------------------

	/**
	 * What the shop's own transactions cost, without any webhook: 8 threads commit the
	 * business insert alone. Added to the limit's cost per delivery it bounds what any
	 * contender can deliver while the shop commits on this machine, if it were CPU-bound
	 * and delivering cost nothing beyond the raw client and receiver.
	 * @return that bound, in deliveries per second
	 */
	static double ceilingWhileCommitting(DataSource dataSource, Mode mode, List<Row> rows, Resources resources,
			double limitCpuPer1000) throws InterruptedException {
		String name = "the shop alone: business transactions, no webhook (PostgreSQL)";
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		createOrderTable(jdbc);
		TransactionTemplate tx = new TransactionTemplate(
				new org.springframework.jdbc.support.JdbcTransactionManager(dataSource));
		commitConcurrently(event -> { }, tx, jdbc, "alone-warm-", 2_000, order -> order);
		resources.start();
		long start = System.nanoTime();
		commitConcurrently(event -> { }, tx, jdbc, "alone-", mode.events(), order -> order);
		double rate = mode.events() / seconds(start);
		double jvm = resources.jvmCpuMillis() * 1000 / mode.events();
		double pg = resources.postgresCpuMillis() * 1000 / mode.events();
		rows.add(new Row(name, "transactions/s", rate, "1/s"));
		rows.add(new Row(name, "JVM CPU per 1,000 transactions", jvm, "ms"));
		rows.add(new Row(name, "PostgreSQL CPU per 1,000 transactions", pg, "ms"));
		double perDelivery = (Double.isNaN(pg) ? jvm : jvm + pg) + limitCpuPer1000;
		double ceiling = Runtime.getRuntime().availableProcessors() * 1_000_000 / perDelivery;
		rows.add(new Row("best possible while the shop commits (CPU: shop alone + limit)", "deliveries/s at most",
				ceiling, "1/s"));
		jdbc.update("DELETE FROM bench_order WHERE id LIKE 'alone-%'");
		return ceiling;
	}

	static double limitApache(FastReceiver receiver, int events, String body, Resources cost) throws Exception {
		byte[] key = SigningSecrets.key(SigningSecrets.generate());
		try (CloseableHttpClient client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(CONCURRENCY)
				.setMaxConnPerRoute(CONCURRENCY)
				.build())
			.build()) {
			List<HttpPost> requests = new ArrayList<>(events + 200);
			for (int i = 0; i < events + 200; i++) {
				String id = "limit-" + i;
				long timestamp = System.currentTimeMillis() / 1000;
				HttpPost post = new HttpPost(URI.create(receiver.url()));
				post.setHeader("webhook-id", id);
				post.setHeader("webhook-timestamp", Long.toString(timestamp));
				post.setHeader("webhook-signature", Signing.sign(key, id, timestamp, body));
				post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
				requests.add(post);
			}
			postAll(client, requests.subList(0, 200));
			cost.start();
			long start = System.nanoTime();
			postAll(client, requests.subList(200, requests.size()));
			return events / seconds(start);
		}
	}

	private static void postAll(CloseableHttpClient client, List<HttpPost> requests) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		Thread[] threads = new Thread[CONCURRENCY];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				int i;
				while ((i = next.getAndIncrement()) < requests.size()) {
					try {
						client.execute(requests.get(i), response -> {
							EntityUtils.consume(response.getEntity());
							return null;
						});
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

	// --- ShopHooks -------------------------------------------------------------------

	static ConfigurableApplicationContext shop(DataSource dataSource, String... properties) {
		DataSource shared = new DelegatingDataSource(dataSource);
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off",
				"--logging.level.root=WARN", "--logging.level.io.shophooks=WARN",
				"--shophooks.webhook.security.allow-private-networks=true",
				"--shophooks.webhook.security.encryption-key=q9xZ0H8W3v1n0m5Jc2e4Yk7bR6tU8iO9pA1sD3fG5hE=",
				"--shophooks.webhook.retention.enabled=false", NO_MODULITH));
		args.addAll(Arrays.asList(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApp.class)
			.web(WebApplicationType.NONE)
			.initializers(c -> ((GenericApplicationContext) c).registerBean("dataSource", DataSource.class,
					() -> shared))
			.run(args.toArray(String[]::new));
		createOrderTable(new JdbcTemplate(dataSource));
		return context;
	}

	/** The shop's business table: every contender's transaction inserts one order. */
	static void createOrderTable(JdbcTemplate jdbc) {
		jdbc.execute("CREATE TABLE IF NOT EXISTS bench_order (id VARCHAR(64) PRIMARY KEY, total INT NOT NULL)");
	}

	/** CPU of this JVM and of PostgreSQL per 1,000 deliveries, and the JVM's peak heap. */
	static void cost(List<Row> rows, String name, Resources resources, int deliveries) {
		rows.add(new Row(name, "JVM CPU per 1,000 deliveries", resources.jvmCpuMillis() * 1000 / deliveries, "ms"));
		double pg = resources.postgresCpuMillis();
		if (!Double.isNaN(pg)) {
			rows.add(new Row(name, "PostgreSQL CPU per 1,000 deliveries", pg * 1000 / deliveries, "ms"));
		}
		rows.add(new Row(name, "JVM heap peak", Resources.heapPeakMegabytes(), "MB"));
	}

	static void shophooks(String name, DataSource dataSource, FastReceiver receiver, Mode mode, List<Row> rows,
			double limit, Resources resources, @org.jspecify.annotations.Nullable Path profile,
			@org.jspecify.annotations.Nullable PgStatements statements) throws Exception {
		try (ConfigurableApplicationContext context = shop(dataSource)) {
			EndpointService endpoints = context.getBean(EndpointService.class);
			endpoints.list().forEach(e -> endpoints.delete(e.id()));
			endpoints.create(EndpointDefinition.signed("bench", receiver.url(), List.of("order.approved"))
				.withMaxConcurrency(CONCURRENCY));
			TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			WebhookPublisher publisher = context.getBean(WebhookPublisher.class);

			// throughput: as many committed transactions as the shop can make, each one business insert and one event
			String prefix = name.hashCode() + "-";
			publishAll(context, tx, jdbc, prefix + "warm-", 200);
			awaitDistinct(receiver, 200);
			receiver.reset();
			resources.start();
			if (statements != null) {
				statements.reset();
			}
			long start = System.nanoTime();
			publishAll(context, tx, jdbc, prefix + "run-", mode.events());
			double publishRate = mode.events() / seconds(start);
			awaitDistinct(receiver, mode.events());
			double rate = mode.events() / seconds(start);
			if (statements != null && profile != null) {
				Thread.sleep(500); // the last batch of attempts is recorded just after it arrives
				Files.writeString(profile.resolveSibling("postgres-statements.md"),
						statements.summarize(mode.events(), 14));
			}
			rows.add(new Row(name, "deliveries/s", rate, "1/s"));
			cost(rows, name, resources, mode.events());
			rows.add(new Row(name, "ratio to limit", rate / limit, "x"));
			rows.add(new Row(name, "publish transactions/s", publishRate, "1/s"));

			// drain: the same number of events committed while delivery is paused, then delivered alone
			double drain = drainRate(context, tx, jdbc, receiver, prefix + "drain-", mode.events());
			rows.add(new Row(name, "drain deliveries/s (backlog, nothing else running)", drain, "1/s"));
			rows.add(new Row(name, "drain ratio to limit", drain / limit, "x"));

			// latency at half of that rate: commit to arrival at the receiver
			receiver.reset();
			double half = rate / 2;
			int count = (int) Math.max(50, half * mode.latencySeconds());
			Map<String, Long> committed = new ConcurrentHashMap<>();
			long interval = (long) (1_000_000_000L / half);
			long next = System.nanoTime();
			for (int i = 0; i < count; i++) {
				String order = prefix + "lat-" + i;
				String id = tx.execute(status -> {
					jdbc.update("INSERT INTO bench_order (id, total) VALUES (?, ?)", order, 42);
					return publisher.publish(new WebhookMessage("order.approved",
							new BenchApp.OrderApproved(order, "ann@example.com", note()), order));
				});
				committed.put(id, System.nanoTime());
				next += interval;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
			}
			awaitDistinct(receiver, count);
			List<Long> latencies = new ArrayList<>();
			committed.forEach((id, at) -> {
				Long arrived = receiver.arrival(id);
				if (arrived != null) {
					latencies.add(arrived - at);
				}
			});
			rows.add(new Row(name, "latency p50 @50% load", percentile(latencies, 50) / 1e6, "ms"));
			rows.add(new Row(name, "latency p95 @50% load", percentile(latencies, 95) / 1e6, "ms"));
			rows.add(new Row(name, "latency p99 @50% load", percentile(latencies, 99) / 1e6, "ms"));

			// publish overhead: the business transaction with and without the event, 1 and 5 endpoints.
			// With and without alternate, so both see the same background (the deliveries of the
			// events just published); the idle figure shows what that background costs the shop.
			List<Long> idle = timeTransactions(tx, jdbc, null, prefix + "plain-", mode.overheadTransactions());
			List<List<Long>> one = timeAlternating(tx, jdbc, publisher, prefix + "one-", mode.overheadTransactions());
			for (int i = 0; i < 4; i++) {
				endpoints.create(EndpointDefinition.signed("bench" + i, receiver.url(), List.of("order.approved"))
					.withMaxConcurrency(CONCURRENCY));
			}
			List<List<Long>> five = timeAlternating(tx, jdbc, publisher, prefix + "five-", mode.overheadTransactions());
			rows.add(new Row(name, "business tx p50 / p99 (no webhook, nothing delivered)",
					percentile(idle, 50) / 1e6, "ms / " + fmt(percentile(idle, 99) / 1e6) + " ms"));
			rows.add(new Row(name, "business tx p50 / p99 (no webhook, between publishing ones)",
					percentile(one.get(0), 50) / 1e6, "ms / " + fmt(percentile(one.get(0), 99) / 1e6) + " ms"));
			rows.add(new Row(name, "publish overhead p50 (1 endpoint)",
					(percentile(one.get(1), 50) - percentile(one.get(0), 50)) / 1e6, "ms"));
			rows.add(new Row(name, "publish overhead p99 (1 endpoint)",
					(percentile(one.get(1), 99) - percentile(one.get(0), 99)) / 1e6, "ms"));
			rows.add(new Row(name, "publish overhead p99 (5 endpoints)",
					(percentile(five.get(1), 99) - percentile(five.get(0), 99)) / 1e6, "ms"));
			// the five endpoints share one webhook-id per event
			awaitDistinct(receiver, count + 2 * mode.overheadTransactions());

			// isolation: the same drain with a second endpoint, first healthy, then one that never answers
			endpoints.list().stream().filter(e -> !e.name().equals("bench")).forEach(e -> endpoints.delete(e.id()));
			try (FastReceiver second = new FastReceiver()) {
				endpoints.create(EndpointDefinition.signed("second", second.url(), List.of("order.approved")));
				double withSecond = drainRate(context, tx, jdbc, receiver, prefix + "two-", mode.events());
				rows.add(new Row(name, "drain deliveries/s with a second healthy endpoint", withSecond, "1/s"));
				endpoints.list().stream().filter(e -> e.name().equals("second")).forEach(e -> endpoints.delete(e.id()));
				try (HangingReceiver hanging = new HangingReceiver()) {
					endpoints.create(EndpointDefinition.signed("hangs", hanging.url(), List.of("order.approved")));
					double withHang = drainRate(context, tx, jdbc, receiver, prefix + "hang-", mode.events());
					rows.add(new Row(name, "drain deliveries/s with a hanging second endpoint", withHang, "1/s"));
					rows.add(new Row(name, "healthy rate kept while one endpoint hangs", withHang / withSecond, "x"));
					endpoints.list().stream().filter(e -> e.name().equals("hangs")).forEach(e -> endpoints.delete(e.id()));
				}
			}

			// a big backlog: queues as long as the run drained whole, then a queue of mode.backlog()
			// drained the same number at a time
			if (name.contains("PostgreSQL")) {
				long endpoint = endpoints.list().stream().filter(e -> e.name().equals("bench")).findFirst().orElseThrow().id();
				// three timings of each, compared by their medians: one drain of 20,000 lasts a few
				// seconds, and this shared machine's speed moves by more than the target's 10 %
				// over that time
				List<Double> small = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					small.addAll(queuedDrain(context, jdbc, receiver, prefix + "q" + i + "-", mode.events(),
							mode.events(), 1, endpoint));
				}
				List<Double> big = queuedDrain(context, jdbc, receiver, prefix + "qb-", mode.backlog(), mode.events(), 3,
						endpoint);
				rows.add(new Row(name, "drain deliveries/s, " + mode.events() + " of a queue of " + mode.events()
						+ " (median of 3: " + rates(small) + ")", median(small), "1/s"));
				rows.add(new Row(name, "drain deliveries/s, " + mode.events() + " at a time of a queue of "
						+ mode.backlog() + " (median of 3: " + rates(big) + ")", median(big), "1/s"));
				rows.add(new Row(name, "drain with the big backlog vs the short queue", median(big) / median(small),
						"x"));
			}

			// a profile of one more throughput run (JFR costs time, so no figure is taken from it)
			if (profile != null) {
				receiver.reset();
				Profile.record(profile, () -> {
					publishAll(context, tx, jdbc, prefix + "profiled-", mode.events());
					awaitDistinct(receiver, mode.events());
					return null;
				});
			}
		}
	}

	/**
	 * Queue {@code queued} due deliveries at once (written with SQL, as if fanned out
	 * while delivery was paused), then {@code times} times: let the database settle
	 * (vacuum, checkpoint) and time how fast the next {@code measured} arrive.
	 */
	private static List<Double> queuedDrain(ConfigurableApplicationContext context, JdbcTemplate jdbc,
			FastReceiver receiver, String prefix, int queued, int measured, int times, long endpointId)
			throws InterruptedException {
		PauseControl pause = context.getBean(PauseControl.class);
		pause.pause();
		Thread.sleep(1200);
		jdbc.update("INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at) "
				+ "SELECT ? || g, 'order.approved', '{\"orderId\":\"' || ? || g || '\",\"email\":\"ann@example.com\","
				+ "\"note\":\"' || repeat('x', 900) || '\"}', TRUE, now() FROM generate_series(1, ?) g", prefix, prefix,
				queued);
		jdbc.update("INSERT INTO shophooks_delivery (event_id, endpoint_id, event_type, status, next_attempt_at, "
				+ "created_at, updated_at) SELECT ? || g, ?, 'order.approved', 'PENDING', now(), now(), now() "
				+ "FROM generate_series(1, ?) g", prefix, endpointId, queued);
		List<Double> rates = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			// Let the database settle as after a backlog that built up over hours: a queue written
			// in one statement otherwise leaves its autovacuum and the flush of its pages to the drain.
			jdbc.execute("VACUUM ANALYZE shophooks_event");
			jdbc.execute("VACUUM ANALYZE shophooks_delivery");
			jdbc.execute("CHECKPOINT");
			receiver.reset();
			long start = System.nanoTime();
			pause.resume();
			awaitDistinct(receiver, measured);
			rates.add(measured / seconds(start));
			pause.pause();
			Thread.sleep(1200);
		}
		jdbc.update("DELETE FROM shophooks_delivery WHERE status = 'PENDING'");
		pause.resume();
		return rates;
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static String rates(List<Double> values) {
		return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).collect(Collectors.joining(" / "));
	}

	/** Commit events while delivery is paused, let the fan-out finish, then time the drain alone. */
	private static double drainRate(ConfigurableApplicationContext context, TransactionTemplate tx, JdbcTemplate jdbc,
			FastReceiver receiver, String prefix, int events) throws InterruptedException {
		PauseControl pause = context.getBean(PauseControl.class);
		pause.pause();
		Thread.sleep(1200); // every instance reads the switch at most once a second
		receiver.reset();
		publishAll(context, tx, jdbc, prefix, events);
		Thread.sleep(1000); // let the fan-out finish, so the drain measures sending alone
		long start = System.nanoTime();
		pause.resume();
		awaitDistinct(receiver, events);
		return events / seconds(start);
	}

	private static void publishAll(ConfigurableApplicationContext context, TransactionTemplate tx, JdbcTemplate jdbc,
			String prefix, int events) throws InterruptedException {
		commitConcurrently(context, tx, jdbc, prefix, events,
				order -> new BenchApp.OrderApproved(order, "ann@example.com", note()));
	}

	/**
	 * The shop side of every contender: 8 threads each commit transactions of one business
	 * insert and one published event until {@code events} are committed.
	 */
	private static void commitConcurrently(ApplicationEventPublisher publisher, TransactionTemplate tx,
			JdbcTemplate jdbc, String prefix, int events, Function<String, Object> event) throws InterruptedException {
		commitConcurrently(publisher, tx, jdbc, prefix, events, event, new ArrayList<>());
	}

	/**
	 * The same, also collecting how long each transaction took the shop's thread, from
	 * its start until {@code execute} returned (after-commit listeners included).
	 */
	private static void commitConcurrently(ApplicationEventPublisher publisher, TransactionTemplate tx,
			JdbcTemplate jdbc, String prefix, int events, Function<String, Object> event, List<Long> durations)
			throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		Thread[] threads = new Thread[8];
		List<Long> shared = java.util.Collections.synchronizedList(durations);
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				int i;
				while ((i = next.getAndIncrement()) < events) {
					String order = prefix + i;
					long started = System.nanoTime();
					tx.executeWithoutResult(status -> {
						jdbc.update("INSERT INTO bench_order (id, total) VALUES (?, ?)", order, 42);
						publisher.publishEvent(event.apply(order));
					});
					shared.add(System.nanoTime() - started);
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

	/**
	 * Business transactions without and with a published event, alternating, each timed.
	 * @return the durations without (index 0) and with (index 1), {@code count} each
	 */
	private static List<List<Long>> timeAlternating(TransactionTemplate tx, JdbcTemplate jdbc,
			WebhookPublisher publisher, String prefix, int count) {
		List<Long> without = new ArrayList<>(count);
		List<Long> with = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			without.add(timeTransaction(tx, jdbc, null, prefix + "plain-" + i));
			with.add(timeTransaction(tx, jdbc, publisher, prefix + i));
		}
		return List.of(without, with);
	}

	private static List<Long> timeTransactions(TransactionTemplate tx, JdbcTemplate jdbc,
			@org.jspecify.annotations.Nullable WebhookPublisher publisher, String prefix, int count) {
		List<Long> durations = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			durations.add(timeTransaction(tx, jdbc, publisher, prefix + i));
		}
		return durations;
	}

	/** One business transaction, with an event when {@code publisher} is given: its nanoseconds. */
	private static long timeTransaction(TransactionTemplate tx, JdbcTemplate jdbc,
			@org.jspecify.annotations.Nullable WebhookPublisher publisher, String order) {
		long start = System.nanoTime();
		tx.executeWithoutResult(status -> {
			jdbc.update("INSERT INTO bench_order (id, total) VALUES (?, ?)", order, 42);
			if (publisher != null) {
				publisher.publish(new WebhookMessage("order.approved",
						new BenchApp.OrderApproved(order, "ann@example.com", note()), order));
			}
		});
		return System.nanoTime() - start;
	}

	// --- hand-written ---------------------------------------------------------------

	static double handWritten(DataSource dataSource, FastReceiver receiver, int events, Resources resources)
			throws Exception {
		byte[] key = SigningSecrets.key(SigningSecrets.generate());
		return listenerContender(dataSource, receiver, events, resources, new Class<?>[] { BenchApp.class },
				beans -> beans.registerBean(BenchApp.HandWrittenListener.class,
						() -> new BenchApp.HandWrittenListener(receiver.url(), key)),
				"hand-", order -> new BenchApp.HandOrder(order, payloadJson(order)), NO_MODULITH);
	}

	// --- Spring Modulith --------------------------------------------------------------

	static double modulith(DataSource dataSource, FastReceiver receiver, int events, Resources resources)
			throws Exception {
		byte[] key = SigningSecrets.key(SigningSecrets.generate());
		return listenerContender(dataSource, receiver, events, resources,
				new Class<?>[] { BenchApp.class, ModulithContender.AsyncConfiguration.class },
				beans -> beans.registerBean(ModulithContender.Listener.class,
						() -> new ModulithContender.Listener(receiver.url(), key)),
				"modulith-", order -> new ModulithContender.ModulithOrder(order, payloadJson(order)),
				"--spring.modulith.events.jdbc.schema-initialization.enabled=true",
				"--spring.task.execution.pool.core-size=" + CONCURRENCY);
	}

	/**
	 * A contender that posts from an application event listener, ShopHooks switched off:
	 * the shop commits {@code events} transactions and the rate runs from the first
	 * commit to the last arrival.
	 */
	private static double listenerContender(DataSource dataSource, FastReceiver receiver, int events,
			Resources resources, Class<?>[] sources, java.util.function.Consumer<GenericApplicationContext> beans,
			String prefix, Function<String, Object> event, String... properties) throws Exception {
		return listenerRun(dataSource, receiver, events, resources, sources, beans, prefix, event, properties)
			.deliveriesPerSecond();
	}

	/**
	 * What the shop saw in one run: deliveries/s from the first commit to the last
	 * arrival, its committed transactions/s, and each transaction's time.
	 */
	record Run(double deliveriesPerSecond, double transactionsPerSecond, List<Long> transactionNanos) {
	}

	private static Run listenerRun(DataSource dataSource, FastReceiver receiver, int events, Resources resources,
			Class<?>[] sources, java.util.function.Consumer<GenericApplicationContext> beans, String prefix,
			Function<String, Object> event, String... properties) throws Exception {
		DataSource shared = new DelegatingDataSource(dataSource);
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--shophooks.webhook.enabled=false"));
		args.addAll(Arrays.asList(properties));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(sources)
			.web(WebApplicationType.NONE)
			.initializers(c -> {
				((GenericApplicationContext) c).registerBean("dataSource", DataSource.class, () -> shared);
				beans.accept((GenericApplicationContext) c);
			})
			.run(args.toArray(String[]::new))) {
			TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			receiver.reset();
			resources.start();
			List<Long> durations = new ArrayList<>();
			long start = System.nanoTime();
			commitConcurrently(context, tx, jdbc, prefix, events, event, durations);
			double committed = events / seconds(start);
			awaitDistinct(receiver, events);
			return new Run(events / seconds(start), committed, durations);
		}
	}

	// --- a receiver that takes 50 ms ---------------------------------------------------

	static final long SLOW_RECEIVER_MILLIS = 50;

	/**
	 * ShopHooks and the hand-written listener against a receiver that answers after 50 ms
	 * (on loopback every receiver answers at once, which hides what an outbox is for: the
	 * shop's transactions never wait for a receiver).
	 */
	static void slowReceiver(DataSource postgres, Mode mode, List<Row> rows) throws Exception {
		String suffix = ", receiver answering after " + SLOW_RECEIVER_MILLIS + " ms";
		int events = mode.slowEvents();
		try (FastReceiver slow = new FastReceiver(SLOW_RECEIVER_MILLIS)) {
			Run ours;
			try (ConfigurableApplicationContext context = shop(postgres)) {
				EndpointService endpoints = context.getBean(EndpointService.class);
				endpoints.list().forEach(e -> endpoints.delete(e.id()));
				endpoints.create(EndpointDefinition.signed("slow", slow.url(), List.of("order.approved"))
					.withMaxConcurrency(CONCURRENCY));
				TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
				JdbcTemplate jdbc = new JdbcTemplate(postgres);
				List<Long> durations = new ArrayList<>();
				long start = System.nanoTime();
				commitConcurrently(context, tx, jdbc, "slow-sh-", events,
						order -> new BenchApp.OrderApproved(order, "ann@example.com", note()), durations);
				double committed = events / seconds(start);
				awaitDistinct(slow, events);
				ours = new Run(events / seconds(start), committed, durations);
			}
			byte[] key = SigningSecrets.key(SigningSecrets.generate());
			Run hand = listenerRun(postgres, slow, events, new Resources(0), new Class<?>[] { BenchApp.class },
					beans -> beans.registerBean(BenchApp.HandWrittenListener.class,
							() -> new BenchApp.HandWrittenListener(slow.url(), key)),
					"slow-hand-", order -> new BenchApp.HandOrder(order, payloadJson(order)), NO_MODULITH);
			slowRows(rows, "ShopHooks (PostgreSQL)" + suffix, ours);
			slowRows(rows, "hand-written AFTER_COMMIT listener (PostgreSQL)" + suffix, hand);
			rows.add(new Row("ShopHooks (PostgreSQL)" + suffix, "deliveries/s vs the hand-written listener",
					ours.deliveriesPerSecond() / hand.deliveriesPerSecond(), "x"));
			rows.add(new Row("ShopHooks (PostgreSQL)" + suffix, "shop transactions/s vs the hand-written listener",
					ours.transactionsPerSecond() / hand.transactionsPerSecond(), "x"));
		}
	}

	private static void slowRows(List<Row> rows, String name, Run run) {
		rows.add(new Row(name, "deliveries/s", run.deliveriesPerSecond(), "1/s"));
		rows.add(new Row(name, "shop transactions/s (8 threads)", run.transactionsPerSecond(), "1/s"));
		rows.add(new Row(name, "shop transaction p50", percentile(run.transactionNanos(), 50) / 1e6, "ms"));
		rows.add(new Row(name, "shop transaction p99", percentile(run.transactionNanos(), 99) / 1e6, "ms"));
	}

	// --- helpers and output ----------------------------------------------------------

	static void awaitDistinct(FastReceiver receiver, int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (receiver.distinct() < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("only " + receiver.distinct() + " of " + count + " arrived");
			}
			Thread.sleep(1);
		}
	}

	static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	static double percentile(List<Long> values, int percent) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

	static String fmt(double value) {
		return String.format(Locale.ROOT, (Math.abs(value) >= 100) ? "%.0f" : "%.2f", value);
	}

	static String machine() {
		return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
				+ ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", max heap "
				+ (Runtime.getRuntime().maxMemory() >> 20) + " MB, JVM "
				+ ManagementFactory.getRuntimeMXBean().getVmName();
	}

	static String markdown(Mode mode, List<Row> rows) {
		StringBuilder md = new StringBuilder();
		md.append("ShopHooks benchmarks, mode ").append(mode.name()).append(" (").append(mode.events())
			.append(" events per throughput run), ").append(machine()).append("\n\n");
		md.append("| contender | metric | value | unit |\n| --- | --- | ---: | --- |\n");
		for (Row row : rows) {
			md.append("| ").append(row.contender()).append(" | ").append(row.metric()).append(" | ")
				.append(fmt(row.value())).append(" | ").append(row.unit()).append(" |\n");
		}
		return md.toString();
	}

	static void write(Path out, Mode mode, List<Row> rows) throws IOException {
		StringBuilder csv = new StringBuilder("contender,metric,value,unit\n");
		for (Row row : rows) {
			csv.append('"').append(row.contender()).append("\",\"").append(row.metric()).append("\",")
				.append(String.format(Locale.ROOT, "%.4f", row.value())).append(",\"").append(row.unit()).append("\"\n");
		}
		Files.writeString(out.resolve("results.csv"), csv, StandardCharsets.UTF_8);
		Files.writeString(out.resolve("results.md"), markdown(mode, rows), StandardCharsets.UTF_8);
		Map<String, Double> throughput = new LinkedHashMap<>();
		rows.stream()
			.filter(r -> r.metric().equals("deliveries/s") && !r.contender().contains("receiver answering"))
			.forEach(r -> throughput.put(r.contender(), r.value()));
		Files.writeString(out.resolve("throughput.svg"), chart(throughput), StandardCharsets.UTF_8);
	}

	static String chart(Map<String, Double> values) {
		double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
		int barHeight = 28;
		int width = 760;
		int labelWidth = 330;
		StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
				+ "\" height=\"" + (values.size() * (barHeight + 10) + 40) + "\" font-family=\"sans-serif\" font-size=\"12\">");
		svg.append("<text x=\"4\" y=\"16\" font-weight=\"bold\">Deliveries per second (higher is better)</text>");
		int y = 30;
		for (Map.Entry<String, Double> entry : values.entrySet()) {
			double w = (width - labelWidth - 80) * entry.getValue() / max;
			svg.append("<text x=\"4\" y=\"").append(y + 18).append("\">").append(escape(entry.getKey())).append("</text>");
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
					labelWidth, y, w, barHeight, entry.getKey().startsWith("ShopHooks") ? "#2680c2" : "#9fb3c8"));
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.0f/s</text>", labelWidth + w + 6,
					y + 18, entry.getValue()));
			y += barHeight + 10;
		}
		return svg.append("</svg>").toString();
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;");
	}

}
