package io.shophooks.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A durable queue as River or graphile-worker would write it, tuned: the business
 * transaction inserts one job row; one producer claims a batch of available jobs with a
 * lease ({@code FOR UPDATE SKIP LOCKED}) and commits at once, so no lock or snapshot is held
 * across HTTP; the jobs are posted concurrently on 32 workers outside any transaction;
 * a completer deletes finished jobs in batches (up to 256 per statement, one commit that
 * does not wait for the disk, the relaxation ShopHooks takes for its own bookkeeping).
 * The producer is woken in this JVM after each commit and by {@code LISTEN/NOTIFY} (at
 * most one {@code NOTIFY} per 100 ms from this JVM, as River throttles its insert
 * notifications), and polls every 100 ms otherwise. A job whose lease runs out (its
 * worker died) is claimed again. No retries with backoff, no ordering, no attempt log.
 */
final class TunedDurableQueue implements Contender {

	static final String NAME = "tuned durable queue: River / graphile-worker style (PostgreSQL)";

	static final int WORKERS = 32;

	static final int COMPLETION_BATCH = 256;

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Shop start(DataSource dataSource, FastReceiver receiver) throws Exception {
		return new Queue(dataSource, receiver);
	}

	/** A claimed job. */
	private record Job(long id, String webhookId, byte[] body) {
	}

	/** The shop with its job table, producer, workers and completer. */
	private static final class Queue extends JdbcShop {

		private final DataSource dataSource;

		private final WebhookPost post;

		private final Semaphore wake = new Semaphore(0);

		private final Semaphore free = new Semaphore(WORKERS * 2);

		private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, runnable -> {
			Thread thread = new Thread(runnable, "tuned-worker");
			thread.setDaemon(true);
			return thread;
		});

		private final LinkedBlockingQueue<Long> completed = new LinkedBlockingQueue<>();

		private final LinkedBlockingQueue<Long> failed = new LinkedBlockingQueue<>();

		private final AtomicLong lastNotify = new AtomicLong();

		private final Thread producer;

		private final Thread completer;

		private final Thread listener;

		private volatile boolean running = true;

		private final TransactionSynchronization signal = new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				Queue.this.wake.release();
			}

		};

		Queue(DataSource dataSource, FastReceiver receiver) {
			super(dataSource);
			this.dataSource = dataSource;
			jdbc().execute("""
					CREATE TABLE IF NOT EXISTS tuned_queue (id BIGSERIAL PRIMARY KEY, webhook_id TEXT NOT NULL,
					    body BYTEA NOT NULL, lease_until TIMESTAMPTZ)""");
			jdbc().execute("CREATE INDEX IF NOT EXISTS tuned_queue_available ON tuned_queue (lease_until, id)");
			this.post = new WebhookPost(receiver.url(), WORKERS + 8);
			this.producer = daemon(this::produce, "tuned-producer");
			this.completer = daemon(this::complete, "tuned-completer");
			this.listener = daemon(this::listen, "tuned-listener");
		}

		private static Thread daemon(Runnable body, String name) {
			Thread thread = new Thread(body, name);
			thread.setDaemon(true);
			thread.start();
			return thread;
		}

		@Override
		public void publish(BenchApp.OrderApproved order) {
			jdbc().update("INSERT INTO tuned_queue (webhook_id, body) VALUES (?, ?)", WebhookPost.id(order.orderId()),
					WebhookPost.body(order, Instant.now()));
			long now = System.nanoTime();
			long last = this.lastNotify.get();
			if (now - last > 100_000_000L && this.lastNotify.compareAndSet(last, now)) {
				jdbc().execute("NOTIFY tuned_queue");
			}
			TransactionSynchronizationManager.registerSynchronization(this.signal);
		}

		/** Claim as many jobs as there are free workers, commit, hand them to the workers. */
		private void produce() {
			JdbcTemplate jdbc = jdbc();
			while (this.running) {
				try {
					this.free.acquire();
					int room = 1 + this.free.drainPermits();
					// the claim commits at once, relaxed like ShopHooks' own claims
					List<Job> jobs = transactions().execute(status -> {
						jdbc.execute("SET LOCAL synchronous_commit = off");
						return jdbc.query("""
								UPDATE tuned_queue SET lease_until = now() + interval '30 seconds'
								WHERE id IN (SELECT id FROM tuned_queue
								             WHERE lease_until IS NULL OR lease_until < now()
								             ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
								RETURNING id, webhook_id, body""",
								(rs, row) -> new Job(rs.getLong(1), rs.getString(2), rs.getBytes(3)), room);
					});
					this.free.release(room - jobs.size());
					for (Job job : jobs) {
						this.workers.execute(() -> {
							try {
								(this.post.send(job.webhookId(), job.body()) ? this.completed : this.failed).add(job.id());
							}
							finally {
								this.free.release();
							}
						});
					}
					if (jobs.size() < room) {
						this.wake.tryAcquire(100, TimeUnit.MILLISECONDS);
						this.wake.drainPermits();
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

		/** Delete finished jobs in batches, each in one relaxed commit; release failed ones. */
		private void complete() {
			List<Long> batch = new ArrayList<>(COMPLETION_BATCH);
			while (this.running || !this.completed.isEmpty()) {
				try {
					Long first = this.completed.poll(50, TimeUnit.MILLISECONDS);
					if (first != null) {
						batch.add(first);
						this.completed.drainTo(batch, COMPLETION_BATCH - 1);
						Long[] ids = batch.toArray(Long[]::new);
						transactions().executeWithoutResult(status -> {
							jdbc().execute("SET LOCAL synchronous_commit = off");
							jdbc().update("DELETE FROM tuned_queue WHERE id = ANY (?)", (Object) ids);
						});
						batch.clear();
					}
					List<Long> retry = new ArrayList<>();
					this.failed.drainTo(retry);
					if (!retry.isEmpty()) {
						jdbc().update("UPDATE tuned_queue SET lease_until = NULL WHERE id = ANY (?)",
								(Object) retry.toArray(Long[]::new));
						this.wake.release();
					}
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (RuntimeException ex) {
					batch.clear();
					if (!this.running) {
						return;
					}
				}
			}
		}

		/** Wake the producer on another instance's insert. */
		private void listen() {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN tuned_queue");
				}
				PGConnection pg = connection.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] notifications = pg.getNotifications(250);
					if (notifications != null && notifications.length > 0) {
						this.wake.release();
					}
				}
			}
			catch (SQLException ex) {
				// the shop closed its pool; the poll still wakes the producer
			}
		}

		@Override
		public void close() {
			this.running = false;
			this.producer.interrupt();
			this.workers.shutdown();
			try {
				this.workers.awaitTermination(5, TimeUnit.SECONDS);
				this.producer.join(5_000);
				this.completer.join(5_000);
				this.listener.join(2_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.post.close();
		}

	}

}
