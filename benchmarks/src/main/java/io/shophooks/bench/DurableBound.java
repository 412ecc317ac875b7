package io.shophooks.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.hc.client5.http.classic.methods.HttpPost;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What any durable webhook system pays at least per delivery, measured in the same round
 * as every contender: (1) the shop's transaction plus one 1 KB outbox row in a
 * primary-key-only table, (2) completing pre-inserted rows in batches of 128 with a commit
 * that does not wait for the disk, no HTTP, and (3) the raw client's post with the body
 * serialized and signed inside the timed loop. The cores divided by the sum of their CPU
 * per delivery is the most deliveries per second a durable system could reach while the
 * shop commits: the ceiling a durable contender is judged against.
 */
final class DurableBound {

	static final String NAME = "durable bound: shop + outbox row + batched completion + signed post";

	static final String OUTBOX_ROW = "durable bound (1): the shop's transaction plus one 1 KB outbox row";

	static final String COMPLETION = "durable bound (2): batched completion, relaxed commit, no HTTP";

	static final String SIGNED_POST = "durable bound (3): raw client, body serialized and signed per post";

	static final String CPU = "JVM + PostgreSQL CPU per 1,000";

	static final int BATCH = 128;

	private DurableBound() {
	}

	/** Part 1, a contender that delivers nothing: its transactions' CPU is measured like the shop alone's. */
	static final class OutboxRow implements Contender {

		@Override
		public String name() {
			return OUTBOX_ROW;
		}

		@Override
		public Shop start(DataSource dataSource, FastReceiver receiver) {
			JdbcTemplate setup = new JdbcTemplate(dataSource);
			setup.execute("CREATE TABLE IF NOT EXISTS bound_outbox (id BIGSERIAL PRIMARY KEY, body BYTEA NOT NULL)");
			return new JdbcShop(dataSource) {

				@Override
				public void publish(BenchApp.OrderApproved order) {
					jdbc().update("INSERT INTO bound_outbox (body) VALUES (?)", (Object) kilobyte(order));
				}

				@Override
				public boolean delivers() {
					return false;
				}

			};
		}

	}

	/** A 1 KB row: the event's body, padded. */
	static byte[] kilobyte(BenchApp.OrderApproved order) {
		byte[] body = WebhookPost.body(order, Instant.now());
		byte[] row = new byte[Math.max(1024, body.length)];
		System.arraycopy(body, 0, row, 0, body.length);
		return row;
	}

	/** Part 2 for one round: complete pre-inserted rows in batches, relaxed, and measure the CPU. */
	static void completionRound(Bench bench) {
		int events = bench.mode().events();
		JdbcTemplate jdbc = new JdbcTemplate(bench.postgres());
		TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(bench.postgres()));
		jdbc.execute("CREATE TABLE IF NOT EXISTS bound_completion (id BIGSERIAL PRIMARY KEY, body BYTEA NOT NULL, "
				+ "done BOOLEAN NOT NULL DEFAULT FALSE)");
		jdbc.execute("TRUNCATE bound_completion");
		byte[] row = kilobyte(ShopLoad.order("bound"));
		List<Object[]> rows = new ArrayList<>(events);
		for (int i = 0; i < events; i++) {
			rows.add(new Object[] { row });
		}
		jdbc.batchUpdate("INSERT INTO bound_completion (body) VALUES (?)", rows);
		List<Long> ids = jdbc.queryForList("SELECT id FROM bound_completion ORDER BY id", Long.class);
		bench.settle();
		Resources cost = bench.resources();
		cost.start();
		for (int from = 0; from < ids.size(); from += BATCH) {
			Long[] batch = ids.subList(from, Math.min(ids.size(), from + BATCH)).toArray(Long[]::new);
			transactions.executeWithoutResult(status -> {
				jdbc.execute("SET LOCAL synchronous_commit = off");
				jdbc.update("UPDATE bound_completion SET done = TRUE WHERE id = ANY (?)", (Object) batch);
			});
		}
		bench.report().round(COMPLETION, CPU, (cost.jvmCpuMillis() + cost.postgresCpuMillis()) * 1000 / events, "ms");
		jdbc.execute("DROP TABLE bound_completion");
	}

	/** Part 3 for one round: 32 threads serialize, sign and post each event, as a system must. */
	static void signedPostRound(Bench bench) throws InterruptedException {
		int events = bench.mode().events();
		try (WebhookPost post = new WebhookPost(bench.receiver().url(), LimitPhase.THREADS)) {
			postAll(post, "bound-warm-", bench.mode().warmUp());
			bench.receiver().reset("bound-");
			Resources cost = new Resources(0);
			cost.start();
			postAll(post, "bound-", events);
			ShopLoad.awaitArrivals(bench.receiver(), events);
			bench.report().round(SIGNED_POST, CPU, cost.jvmCpuMillis() * 1000 / events, "ms");
		}
	}

	private static void postAll(WebhookPost post, String prefix, int count) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		Thread[] threads = new Thread[LimitPhase.THREADS];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				int i;
				while ((i = next.getAndIncrement()) < count) {
					String order = prefix + i;
					HttpPost request = post.request(WebhookPost.id(order),
							WebhookPost.body(ShopLoad.order(order), Instant.now()));
					post.send(request);
				}
			}, "bound-" + t);
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

}
