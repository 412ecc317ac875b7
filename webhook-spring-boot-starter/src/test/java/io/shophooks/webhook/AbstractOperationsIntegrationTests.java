package io.shophooks.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.actuate.WebhooksHealthIndicator;
import io.shophooks.webhook.deliveries.DeliveryFilter;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.deliveries.PauseControl;
import io.shophooks.webhook.dispatch.Dispatcher;
import io.shophooks.webhook.dispatch.Retention;
import io.shophooks.webhook.endpoint.CreatedEndpoint;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointDisabled;
import io.shophooks.webhook.endpoint.EndpointEnabled;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.support.ShopRig;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestReceiver.Reply;
import io.shophooks.webhook.support.TestShops;
import io.shophooks.webhook.testapp.CustomerCreated;
import io.shophooks.webhook.testapp.OrderApproved;

import static io.shophooks.webhook.jdbc.SqlTimes.utc;
import static io.shophooks.webhook.support.Awaits.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operations on a real database: retention, pause, host events, health, metrics and a
 * shutdown that leaves no lease behind. One subclass per database.
 */
abstract class AbstractOperationsIntegrationTests {

	static DataSource dataSource;

	static ConfigurableApplicationContext shop;

	static TestReceiver receiver;

	static final List<Object> hostEvents = new CopyOnWriteArrayList<>();

	private static ShopRig rig;

	static void startShop(DataSource database) throws Exception {
		rig = ShopRig.start(database, "shophooks.webhook.retention.enabled=false");
		dataSource = rig.dataSource();
		shop = rig.shop();
		receiver = rig.receiver();
		shop.addApplicationListener((ApplicationListener<PayloadApplicationEvent<?>>) event -> {
			if (event.getPayload() instanceof EndpointDisabled || event.getPayload() instanceof EndpointEnabled) {
				hostEvents.add(event.getPayload());
			}
		});
	}

	@AfterAll
	static void stopShop() {
		if (rig != null) {
			rig.close();
		}
	}

	@BeforeEach
	void cleanUp() {
		rig.cleanUp();
		hostEvents.clear();
		shop.getBean(PauseControl.class).resume();
	}

	CreatedEndpoint endpoint(String path) {
		return shop.getBean(EndpointService.class)
			.create(EndpointDefinition.signed(path, receiver.url(path), List.of("*")));
	}

	void publish(Object event) {
		rig.publishCommitted(event);
	}

	/** Test code run against another instance; may throw. */
	@FunctionalInterface
	interface OnInstance {

		void run(ConfigurableApplicationContext instance) throws Exception;

	}

	/**
	 * Run work against another instance on the same database, started with these
	 * properties (retention off), while the shop's own dispatcher is stopped; both are put
	 * back afterwards, whatever happened.
	 */
	static void onAnotherInstance(OnInstance work, String... properties) throws Exception {
		Dispatcher main = shop.getBean(Dispatcher.class);
		main.stop();
		ConfigurableApplicationContext other = null;
		try {
			List<String> all = new java.util.ArrayList<>(List.of("shophooks.webhook.retention.enabled=false"));
			all.addAll(List.of(properties));
			other = TestShops.start(dataSource, all.toArray(String[]::new));
			work.run(other);
		}
		finally {
			if (other != null) {
				other.close();
			}
			main.start();
		}
	}

	static void publishOn(ConfigurableApplicationContext instance, Object event) {
		new TransactionTemplate(instance.getBean(PlatformTransactionManager.class))
			.executeWithoutResult(status -> instance.publishEvent(event));
	}

	@Test
	void retentionRemovesExactlyWhatItShould() {
		endpoint("/r");
		for (int i = 0; i < 5; i++) {
			publish(OrderApproved.sample("r-" + i));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> shop.getBean(DeliveryService.class).countByStatus(null).getOrDefault(
					io.shophooks.webhook.DeliveryStatus.DELIVERED, 0L) == 5);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		List<Long> ids = jdbc.queryForList("SELECT id FROM shophooks_delivery ORDER BY id", Long.class);
		Instant now = Instant.now();
		jdbc.update("UPDATE shophooks_event SET created_at = ?", utc(now.minus(Duration.ofDays(200))));
		age(jdbc, ids.get(0), "DELIVERED", now.minus(Duration.ofDays(31)));   // gone
		age(jdbc, ids.get(1), "DELIVERED", now.minus(Duration.ofDays(1)));    // kept
		age(jdbc, ids.get(2), "FAILED", now.minus(Duration.ofDays(31)));      // kept
		age(jdbc, ids.get(3), "FAILED", now.minus(Duration.ofDays(91)));      // gone
		age(jdbc, ids.get(4), "PENDING", now.minus(Duration.ofDays(200)));    // kept: still to deliver
		jdbc.update("UPDATE shophooks_delivery SET next_attempt_at = ? WHERE id = ?",
				utc(now.plus(Duration.ofDays(1))), ids.get(4));

		Retention retention = new Retention(jdbc, new Tables(Tables.DEFAULT_PREFIX), Duration.ofDays(30),
				Duration.ofDays(90), 2);
		assertThat(retention.purge(now)).isEqualTo(4); // 2 deliveries, 2 events

		assertThat(jdbc.queryForList("SELECT id FROM shophooks_delivery ORDER BY id", Long.class))
			.containsExactly(ids.get(1), ids.get(2), ids.get(4));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_attempt WHERE delivery_id IN (?, ?)",
				Integer.class, ids.get(0), ids.get(3))).isZero();
		// the kept deliveries' successes, each in its delivery's row
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery WHERE success_at IS NOT NULL",
				Integer.class)).isEqualTo(3);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_event", Integer.class)).isEqualTo(3);
		assertThat(retention.purge(now)).isZero();
	}

	private static void age(JdbcTemplate jdbc, long id, String status, Instant at) {
		jdbc.update("UPDATE shophooks_delivery SET status = ?, updated_at = ?, created_at = ? WHERE id = ?", status,
				utc(at), utc(at), id);
	}

	@Test
	void pauseHoldsEveryDeliveryBackUntilResumed() {
		endpoint("/p");
		PauseControl pause = shop.getBean(PauseControl.class);
		pause.pause();
		await().atMost(Duration.ofSeconds(5)).until(() -> shop.getBean(Dispatcher.class).isPaused());
		publish(OrderApproved.sample("paused"));
		holdsFor(Duration.ofMillis(1500), () -> receiver.received("/p").isEmpty());
		assertThat(health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		pause.resume();
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/p").size() == 1);
		assertThat(health().getStatus()).isEqualTo(Status.UP);
	}

	private Health health() {
		return shop.getBean(WebhooksHealthIndicator.class).health(true);
	}

	@Test
	void healthIsDownWhenTheBacklogPassesTheThresholdOrTheDispatcherStops() {
		assertThat(health().getStatus()).isEqualTo(Status.UP);
		Dispatcher dispatcher = shop.getBean(Dispatcher.class);
		dispatcher.stop();
		try {
			Health stopped = health();
			assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
			assertThat(stopped.getDetails()).containsEntry("reason", "the dispatcher is not running");
			endpoint("/backlog");
			publish(OrderApproved.sample("b-1"));
			publish(OrderApproved.sample("b-2"));
			// written by the publishing transactions, nothing sent
			WebhooksHealthIndicator strict = new WebhooksHealthIndicator(dispatcher,
					shop.getBean(DeliveryService.class), shop.getBean(EndpointService.class),
					shop.getBean(io.shophooks.webhook.send.WebhookSender.class), 1, false);
			Health over = strict.health(true);
			assertThat(over.getStatus()).isEqualTo(Status.DOWN);
			assertThat(over.getDetails()).containsEntry("backlog", 2L);
		}
		finally {
			dispatcher.start();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/backlog").size() == 2);
		assertThat(health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void goneEndpointIsReportedToTheHostAndReEnabled() {
		CreatedEndpoint gone = endpoint("/gone");
		receiver.always("/gone", Reply.status(410));
		publish(OrderApproved.sample("g"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !hostEvents.isEmpty());
		assertThat(hostEvents.get(0)).isInstanceOfSatisfying(EndpointDisabled.class, event -> {
			assertThat(event.endpointId()).isEqualTo(gone.endpoint().id());
			assertThat(event.automatic()).isTrue();
			assertThat(event.reason()).contains("410");
		});
		assertThat(health().getDetails().get("disabledEndpoints")).isEqualTo(List.of("/gone"));
		shop.getBean(EndpointService.class).enable(gone.endpoint().id());
		assertThat(hostEvents).hasSize(2).last().isInstanceOf(EndpointEnabled.class);
	}

	@Test
	void metricsCountAttemptsRetriesAndLatency() {
		MeterRegistry meters = shop.getBean(MeterRegistry.class);
		double retriesBefore = count(meters, "shophooks.webhook.retries.scheduled", "customer.created", null);
		double deliveredBefore = count(meters, "shophooks.webhook.attempts", "customer.created", "DELIVERED");
		double latencyBefore = timerCount(meters, "shophooks.webhook.delivery.latency", "customer.created");
		endpoint("/m");
		receiver.script("/m", Reply.status(503), Reply.status(200));
		publish(new CustomerCreated("c-m", "Ann", "ann@example.com"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count(meters, "shophooks.webhook.attempts", "customer.created", "DELIVERED") > deliveredBefore);
		assertThat(count(meters, "shophooks.webhook.attempts", "customer.created", "DELIVERED") - deliveredBefore)
			.isEqualTo(1);
		assertThat(count(meters, "shophooks.webhook.retries.scheduled", "customer.created", null) - retriesBefore)
			.isEqualTo(1);
		assertThat(timerCount(meters, "shophooks.webhook.delivery.latency", "customer.created") - latencyBefore)
			.isEqualTo(1);
		assertThat(meters.find("shophooks.webhook.backlog").gauge()).isNotNull();
		assertThat(meters.find("shophooks.webhook.attempts").tagKeys("endpoint").counters()).isEmpty();
	}

	private static double count(MeterRegistry meters, String name, String type, String outcome) {
		var search = meters.find(name).tag("event.type", type);
		if (outcome != null) {
			search = search.tag("outcome", outcome);
		}
		return search.counters().stream().mapToDouble(c -> c.count()).sum();
	}

	private static double timerCount(MeterRegistry meters, String name, String type) {
		return meters.find(name).tag("event.type", type).timers().stream().mapToLong(t -> t.count()).sum();
	}

	@Test
	void traceContextGoesOnlyToEndpointsThatAskForIt() {
		EndpointService endpoints = shop.getBean(EndpointService.class);
		endpoints.create(EndpointDefinition.signed("traced", receiver.url("/traced"), List.of("order.approved"))
			.withTracePropagation(true));
		endpoints.create(EndpointDefinition.signed("plain", receiver.url("/plain"), List.of("order.approved")));
		publish(OrderApproved.sample("t"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> receiver.received("/traced").size() == 1 && receiver.received("/plain").size() == 1);
		assertThat(receiver.received("/traced").get(0).header("traceparent"))
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
		assertThat(receiver.received("/plain").get(0).header("traceparent")).isNull();
	}

	/**
	 * A live instance renews the leases of what it is sending: a request that takes three
	 * times the lease (6 s against 2 s) is not taken over by another instance polling for expired leases,
	 * so the receiver gets it once.
	 */
	/**
	 * The encryption key changed with endpoints stored: the shop's transactions commit,
	 * endpoints of the new key receive, the old ones are shown as needing their secrets and
	 * their deliveries wait; configured as a previous key, the old key sends them and its
	 * secrets are re-encrypted with the new one.
	 */
	@Test
	void aChangedEncryptionKeyHoldsOnlyItsEndpointsUntilTheOldKeyIsListed() {
		Dispatcher main = shop.getBean(Dispatcher.class);
		main.stop();
		ConfigurableApplicationContext changed = null;
		ConfigurableApplicationContext rotating = null;
		String newKey = io.shophooks.webhook.endpoint.SecretCipher.generateKey();
		try {
			long old = shop.getBean(EndpointService.class)
				.create(EndpointDefinition.signed("/old-key", receiver.url("/old-key"), List.of("*"))
					.withUrlToken("token", "t-1"))
				.endpoint()
				.id();
			changed = TestShops.start(dataSource, "shophooks.webhook.retention.enabled=false",
					"shophooks.webhook.security.encryption-key=" + newKey);
			EndpointService endpoints = changed.getBean(EndpointService.class);
			long fresh = endpoints
				.create(EndpointDefinition.signed("/new-key", receiver.url("/new-key"), List.of("*")))
				.endpoint()
				.id();
			ConfigurableApplicationContext app = changed;
			new TransactionTemplate(changed.getBean(PlatformTransactionManager.class))
				.executeWithoutResult(status -> app.publishEvent(OrderApproved.sample("key-1")));
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/new-key").size() == 1);
			assertThat(endpoints.list()).hasSize(2);
			assertThat(endpoints.get(old).secretsUnreadable()).isTrue();
			assertThat(endpoints.get(fresh).secretsUnreadable()).isFalse();
			assertThat(changed.getBean(WebhooksHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
			org.assertj.core.api.Assertions
				.assertThatExceptionOfType(io.shophooks.webhook.endpoint.UnreadableSecretException.class)
				.isThrownBy(() -> app.getBean(DeliveryService.class).sendTestEvent(old));
			org.assertj.core.api.Assertions
				.assertThatExceptionOfType(io.shophooks.webhook.endpoint.InvalidEndpointException.class)
				.isThrownBy(() -> endpoints.update(old,
						EndpointDefinition.signed("/old-key", receiver.url("/old-key"), List.of("*"))))
				.satisfies(ex -> assertThat(ex.getErrors()).containsKey("secret"));
			holdsFor(Duration.ofMillis(1500), () -> receiver.received("/old-key").isEmpty());
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			assertThat(jdbc.queryForObject("SELECT status FROM shophooks_delivery WHERE endpoint_id = ?",
					String.class, old)).isEqualTo("PENDING");
			changed.close();
			changed = null;
			rotating = TestShops.start(dataSource, "shophooks.webhook.retention.enabled=false",
					"shophooks.webhook.security.encryption-key=" + newKey,
					"shophooks.webhook.security.previous-encryption-keys=" + TestShops.ENCRYPTION_KEY);
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/old-key").size() == 1);
			assertThat(receiver.received("/old-key").get(0).query()).contains("token=t-1");
			// re-encrypted at start-up: the new key alone reads every secret now
			io.shophooks.webhook.endpoint.SecretCipher newOnly = io.shophooks.webhook.endpoint.SecretCipher
				.fromBase64Key(newKey);
			for (String stored : jdbc.queryForList(
					"SELECT secret_enc FROM shophooks_endpoint UNION ALL SELECT url_token_enc FROM shophooks_endpoint "
							+ "WHERE url_token_enc IS NOT NULL", String.class)) {
				assertThat(newOnly.canRead(stored)).isTrue();
			}
		}
		finally {
			if (changed != null) {
				changed.close();
			}
			if (rotating != null) {
				rotating.close();
			}
			main.start();
		}
	}

	/**
	 * A shop transaction that runs longer than half a lease (4 s against 6 s): its webhook
	 * leaves right after the commit, not when the lease taken at publish runs out (2 s
	 * after the commit, before).
	 */
	@Test
	void aLongTransactionsWebhookLeavesRightAfterItsCommit() throws Exception {
		endpoint("/long-transaction");
		onAnotherInstance(app -> {
			new TransactionTemplate(app.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
				app.publishEvent(OrderApproved.sample("long-transaction"));
				sleep(4000);
			});
			long committed = System.nanoTime();
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/long-transaction").size() == 1);
			long afterCommitMillis = (receiver.received("/long-transaction").get(0).arrivedNanos() - committed)
					/ 1_000_000;
			System.out.println("long transaction: webhook arrived " + afterCommitMillis + " ms after the commit");
			// the lease would have sent it 2,000 ms after the commit
			assertThat(afterCommitMillis).isLessThan(1000);
		}, "shophooks.webhook.delivery.lease=6s");
	}

	/**
	 * A test event to a receiver slower than the lease (5 s against 2 s) is sent once: its
	 * lease is renewed while it is on the wire, so no claim sends it again.
	 */
	@Test
	void aSlowTestEventIsSentOnce() throws Exception {
		long id = endpoint("/slow-test").endpoint().id();
		receiver.always("/slow-test", Reply.hang(5000));
		onAnotherInstance(app -> {
			// the shop's own instance polls for expired leases while the request hangs
			shop.getBean(Dispatcher.class).start();
			app.getBean(DeliveryService.class).sendTestEvent(id);
			holdsFor(Duration.ofSeconds(3), () -> receiver.received("/slow-test").size() == 1);
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			assertThat(jdbc.queryForObject("SELECT attempt_count FROM shophooks_delivery WHERE endpoint_id = ?",
					Integer.class, id)).isEqualTo(1);
		}, "shophooks.webhook.delivery.request-timeout=15s", "shophooks.webhook.delivery.lease=2s");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * An endpoint allowed more requests at once than the instance has workers, whose
	 * receiver hangs, never takes every worker: the other endpoint's deliveries go on.
	 */
	@Test
	void aHangingEndpointAllowedEveryWorkerLeavesRoomForTheOthers() throws Exception {
		receiver.always("/hangs", Reply.hang(20_000));
		shop.getBean(EndpointService.class)
			.create(EndpointDefinition.signed("/hangs", receiver.url("/hangs"), List.of("*")).withMaxConcurrency(256));
		endpoint("/healthy");
		onAnotherInstance(app -> {
			for (int i = 0; i < 20; i++) {
				publishOn(app, OrderApproved.sample("starve-" + i));
			}
			// before, the hanging endpoint took all 8 workers and the healthy one waited 20 s
			await().atMost(Duration.ofSeconds(8)).until(() -> receiver.received("/healthy").size() == 20);
			assertThat(receiver.received("/hangs").size()).isLessThan(8);
		}, "shophooks.webhook.delivery.concurrency=8", "shophooks.webhook.delivery.request-timeout=25s");
	}

	/** Health says what users feel: DOWN while no webhook can be sent at all. */
	@Test
	void healthIsDownWhileTheSenderCannotSendAnything() {
		io.shophooks.webhook.send.WebhookSender broken = new io.shophooks.webhook.send.WebhookSender() {

			@Override
			public io.shophooks.webhook.send.SendResult send(io.shophooks.webhook.send.OutgoingRequest request) {
				return io.shophooks.webhook.send.SendResult.failed("no client", 0);
			}

			@Override
			public String unavailableReason() {
				return "the HTTP client could not be replaced";
			}

		};
		WebhooksHealthIndicator indicator = new WebhooksHealthIndicator(shop.getBean(Dispatcher.class),
				shop.getBean(DeliveryService.class), shop.getBean(EndpointService.class), broken, 10_000, true);
		Health health = indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason").toString()).contains("no webhook can be sent");
		assertThat(health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aSendLongerThanTheLeaseKeepsItsLease() {
		Dispatcher main = shop.getBean(Dispatcher.class);
		main.stop();
		ConfigurableApplicationContext other = null;
		try {
			endpoint("/long-send");
			// a lease of 2 s, renewed every 667 ms: a renewal would have to come 1.3 s late
			// (a busy build machine) for the lease to run out under the send
			receiver.always("/long-send", Reply.hang(6000));
			other = TestShops.start(dataSource, "shophooks.webhook.retention.enabled=false",
					"shophooks.webhook.delivery.request-timeout=15s", "shophooks.webhook.delivery.lease=2s");
			ConfigurableApplicationContext sender = other;
			new TransactionTemplate(other.getBean(PlatformTransactionManager.class))
				.executeWithoutResult(status -> sender.publishEvent(OrderApproved.sample("long-send")));
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/long-send").size() == 1);
			// the shop's own instance polls for expired leases while the request hangs
			main.start();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery d JOIN shophooks_event e "
						+ "ON e.id = d.event_id WHERE e.payload LIKE '%long-send%' AND d.status = 'DELIVERED'",
						Integer.class) == 1);
			assertThat(receiver.received("/long-send")).as("requests the receiver got").hasSize(1);
		}
		finally {
			if (other != null) {
				other.close();
			}
			main.start();
		}
	}

	@Test
	void shutdownLeavesNoLeaseToExpire() {
		Dispatcher main = shop.getBean(Dispatcher.class);
		main.stop();
		try {
			endpoint("/slow");
			receiver.always("/slow", Reply.hang(3000));
			ConfigurableApplicationContext other = TestShops.start(dataSource,
					"shophooks.webhook.delivery.shutdown-timeout=300ms", "shophooks.webhook.retention.enabled=false",
					"shophooks.webhook.delivery.request-timeout=5s", "shophooks.webhook.delivery.lease=30s");
			new TransactionTemplate(other.getBean(PlatformTransactionManager.class))
				.executeWithoutResult(status -> other.publishEvent(OrderApproved.sample("in-flight")));
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/slow").size() == 1);
			other.close();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery WHERE lease_owner IS NOT NULL",
					Integer.class)).isZero();
			assertThat(shop.getBean(DeliveryService.class).list(DeliveryFilter.all()).get(0).status())
				.isEqualTo(io.shophooks.webhook.DeliveryStatus.PENDING);
		}
		finally {
			receiver.always("/slow", Reply.status(200));
			main.start();
		}
		// The released delivery goes out again at once from the instance still running
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/slow").size() >= 2);
	}

}
