package io.shophooks.webhook;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.dispatch.Retention;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.TestShops;
import io.shophooks.webhook.testapp.OrderApproved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostgresOperationsIntegrationTests extends AbstractOperationsIntegrationTests {

	@BeforeAll
	static void start() throws Exception {
		startShop(Databases.newPostgres("operations"));
	}

	/**
	 * The hourly purge reads what it deletes, not the history: 3,100 deliveries created
	 * evenly over 31 days (one in ten failed), of which the delivered ones of the oldest day
	 * are past the 30 days. Counted with PostgreSQL's per-transaction statistics, not timed;
	 * a purge that looked for old rows by scanning read the whole table for every batch.
	 */
	@Test
	void retentionReadsWhatItDeletesNotTheWholeHistory() {
		javax.sql.DataSource shopData = shop.getBean(javax.sql.DataSource.class);
		org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(shopData);
		long endpoint = endpoint("/history").endpoint().id();
		java.time.Instant now = java.time.Instant.now();
		String at = "(?::timestamptz - interval '31 days' + (d * interval '2678400 seconds') / 3100)";
		java.sql.Timestamp nowAt = java.sql.Timestamp.from(now);
		jdbc.update("INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at) "
				+ "SELECT 'msg_' || lpad(d::text, 26, '0'), 'order.approved', '{}', TRUE, " + at
				+ " FROM generate_series(1, 3100) d", nowAt);
		jdbc.update("INSERT INTO shophooks_delivery (event_id, endpoint_id, event_type, status, next_attempt_at, "
				+ "created_at, updated_at) SELECT 'msg_' || lpad(d::text, 26, '0'), ?, 'order.approved', "
				+ "CASE WHEN d % 10 = 0 THEN 'FAILED' ELSE 'DELIVERED' END, " + at + ", " + at + ", " + at
				+ " FROM generate_series(1, 3100) d", endpoint, nowAt, nowAt, nowAt);
		jdbc.execute("ANALYZE shophooks_delivery");
		jdbc.execute("ANALYZE shophooks_event");
		Retention retention = new Retention(jdbc, new io.shophooks.webhook.jdbc.Tables(
				io.shophooks.webhook.jdbc.Tables.DEFAULT_PREFIX), Duration.ofDays(30), Duration.ofDays(90), 50);
		TransactionTemplate transaction = new TransactionTemplate(shop.getBean(PlatformTransactionManager.class));

		long[] deleted = new long[1];
		long read = transaction.execute(status -> {
			long before = rowsRead(jdbc);
			deleted[0] = retention.purge(now);
			return rowsRead(jdbc) - before;
		});
		// the oldest day: 100 deliveries, 90 of them delivered, and their 90 events
		assertThat(deleted[0]).isBetween(170L, 190L);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery", Integer.class))
			.isEqualTo(3100 - (int) deleted[0] / 2);
		// each chunk is read twice (its bounds, then its delete), each event deleted is checked
		// for a delivery, and the walk reads a chunk past the cutoff; a scan for old rows reads
		// the 3,100 rows of a table each time
		assertThat(read).as("rows read to delete %d", deleted[0]).isLessThan(deleted[0] * 2 + 8 * 50);

		long readIdle = transaction.execute(status -> {
			long before = rowsRead(jdbc);
			assertThat(retention.purge(now)).isZero();
			return rowsRead(jdbc) - before;
		});
		// what the oldest day kept (its failed deliveries and their events) and the chunks
		// around it, not the history
		assertThat(readIdle).isLessThan(8 * 50);
	}

	/** Rows read from the delivery and event tables so far in this transaction. */
	private static long rowsRead(org.springframework.jdbc.core.JdbcTemplate jdbc) {
		return jdbc.queryForObject("""
				SELECT SUM(COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)) FROM pg_stat_xact_user_tables
				WHERE relname IN ('shophooks_delivery', 'shophooks_event')""", Long.class);
	}

	@Test
	void aDeliveringInstanceNotifiesAfterFanOutNotInTheShopsTransaction() throws Exception {
		io.shophooks.webhook.dispatch.Dispatcher dispatcher = shop.getBean(io.shophooks.webhook.dispatch.Dispatcher.class);
		// One at a time: of three events fanned out together, at least two wait for a claim.
		shop.getBean(EndpointService.class)
			.create(EndpointDefinition.signed("n", receiver.url("/wake"), List.of("order.approved"))
				.withMaxConcurrency(1));
		try (java.sql.Connection listener = dataSource.getConnection();
				java.sql.Statement statement = listener.createStatement()) {
			statement.execute("LISTEN shophooks_wakeup");
			org.postgresql.PGConnection pg = listener.unwrap(org.postgresql.PGConnection.class);
			pg.getNotifications(10);
			dispatcher.stop();
			try {
				new TransactionTemplate(shop.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
					for (String order : List.of("wake-1", "wake-2", "wake-3")) {
						shop.publishEvent(OrderApproved.sample(order));
					}
				});
				// The shop's commit carried no NOTIFY: its transaction never waits on the notify lock.
				assertThat(pg.getNotifications(1000)).isNullOrEmpty();
			}
			finally {
				dispatcher.start();
			}
			// The dispatcher fans the events out and then wakes the other instances to share them.
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				org.postgresql.PGNotification[] notifications = pg.getNotifications(200);
				return notifications != null && notifications.length > 0;
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/wake").size() == 3);
		}
	}

	@Test
	void aFanOutThatLeasesAllItsDeliveriesWakesNoOtherInstance() throws Exception {
		shop.getBean(EndpointService.class)
			.create(EndpointDefinition.signed("quiet", receiver.url("/quiet"), List.of("order.approved")));
		try (java.sql.Connection listener = dataSource.getConnection();
				java.sql.Statement statement = listener.createStatement()) {
			statement.execute("LISTEN shophooks_wakeup");
			org.postgresql.PGConnection pg = listener.unwrap(org.postgresql.PGConnection.class);
			// idle, and past a poll that found nothing due: the next fan-out leases what it writes
			await().pollDelay(Duration.ofMillis(500)).until(() -> true);
			pg.getNotifications(10);
			new TransactionTemplate(shop.getBean(PlatformTransactionManager.class))
				.executeWithoutResult(status -> shop.publishEvent(OrderApproved.sample("quiet")));
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/quiet").size() == 1);
			// This instance sent it itself: nothing was left for another instance to take.
			assertThat(pg.getNotifications(500)).isNullOrEmpty();
		}
	}

	@Test
	void notifyWakesAnIdleInstanceWithoutWaitingForItsPoll() {
		shop.getBean(io.shophooks.webhook.dispatch.Dispatcher.class).stop();
		// A publishes but does not deliver; B delivers and polls only once a minute.
		try (ConfigurableApplicationContext a = TestShops.start(dataSource, "shophooks.webhook.delivery.enabled=false",
				"shophooks.webhook.retention.enabled=false");
				ConfigurableApplicationContext b = TestShops.start(dataSource,
						"shophooks.webhook.delivery.poll-interval=60s", "shophooks.webhook.retention.enabled=false")) {
			a.getBean(EndpointService.class)
				.create(EndpointDefinition.signed("n", receiver.url("/notify"), List.of("order.approved")));
			await().pollDelay(Duration.ofSeconds(2)).until(() -> true); // B's first poll has passed
			new TransactionTemplate(a.getBean(PlatformTransactionManager.class))
				.executeWithoutResult(status -> a.publishEvent(OrderApproved.sample("notify")));
			await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received("/notify").size() == 1);
			assertThat(receiver.received("/notify").get(0).body()).contains("\"notify\"");
		}
		finally {
			shop.getBean(io.shophooks.webhook.dispatch.Dispatcher.class).start();
		}
	}

}
