package io.shophooks.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The naive durable queue (named the floor before the tuned one came): the simplest correct
 * outbox anyone would write by hand: the business transaction inserts one row per endpoint into a one-table
 * queue; 32 workers each claim up to 8 rows with {@code FOR UPDATE SKIP LOCKED}, post
 * them with the same pooled client and signing, delete those answered 2xx and commit.
 * Workers are woken after each commit in this JVM and poll every 100 ms otherwise. No
 * retries with backoff, no ordering, no attempt log, no fairness between endpoints.
 */
final class DurableQueueFloor implements Contender {

	static final String NAME = "naive durable queue: one-table outbox, posts inside its claim transaction (PostgreSQL)";

	static final int WORKERS = 32;

	static final int BATCH = 8;

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Shop start(DataSource dataSource, FastReceiver receiver) {
		return new Floor(dataSource, receiver);
	}

	/** The shop with its queue and workers. */
	private static final class Floor extends JdbcShop {

		private final WebhookPost post;

		private final Semaphore wake = new Semaphore(0);

		private final Worker[] workers = new Worker[WORKERS];

		private final TransactionSynchronization signal = new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				Floor.this.wake.release();
			}

		};

		Floor(DataSource dataSource, FastReceiver receiver) {
			super(dataSource);
			jdbc().execute("CREATE TABLE IF NOT EXISTS floor_queue (id BIGSERIAL PRIMARY KEY, webhook_id TEXT NOT NULL, "
					+ "body BYTEA NOT NULL)");
			this.post = new WebhookPost(receiver.url(), WORKERS + 8);
			for (int i = 0; i < this.workers.length; i++) {
				this.workers[i] = new Worker(transactions(), jdbc(), this.post, this.wake);
				this.workers[i].setName("floor-" + i);
				this.workers[i].setDaemon(true);
				this.workers[i].start();
			}
		}

		@Override
		public void publish(BenchApp.OrderApproved order) {
			jdbc().update("INSERT INTO floor_queue (webhook_id, body) VALUES (?, ?)", WebhookPost.id(order.orderId()),
					WebhookPost.body(order, Instant.now()));
			TransactionSynchronizationManager.registerSynchronization(this.signal);
		}

		@Override
		public void close() {
			for (Worker worker : this.workers) {
				worker.running = false;
				worker.interrupt();
			}
			for (Worker worker : this.workers) {
				try {
					worker.join(5_000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.post.close();
		}

	}

	/** Claims, posts and deletes until stopped. */
	private static final class Worker extends Thread {

		private final TransactionTemplate transactions;

		private final JdbcTemplate jdbc;

		private final WebhookPost post;

		private final Semaphore wake;

		private volatile boolean running = true;

		Worker(TransactionTemplate transactions, JdbcTemplate jdbc, WebhookPost post, Semaphore wake) {
			this.transactions = transactions;
			this.jdbc = jdbc;
			this.post = post;
			this.wake = wake;
		}

		@Override
		public void run() {
			while (this.running) {
				try {
					Integer claimed = this.transactions.execute(status -> sendBatch());
					if (claimed == null || claimed == 0) {
						this.wake.tryAcquire(100, TimeUnit.MILLISECONDS);
					}
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (RuntimeException ex) {
					if (!this.running) {
						return;
					}
				}
			}
		}

		private int sendBatch() {
			record Queued(long id, String webhookId, byte[] body) {
			}
			List<Queued> batch = this.jdbc.query(
					"SELECT id, webhook_id, body FROM floor_queue ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
					(rs, row) -> new Queued(rs.getLong(1), rs.getString(2), rs.getBytes(3)), BATCH);
			List<Long> sent = new ArrayList<>(batch.size());
			for (Queued queued : batch) {
				if (this.post.send(queued.webhookId(), queued.body())) {
					sent.add(queued.id());
				}
			}
			if (!sent.isEmpty()) {
				this.jdbc.update("DELETE FROM floor_queue WHERE id = ANY (?)",
						(Object) sent.toArray(Long[]::new));
			}
			return batch.size();
		}

	}

}
