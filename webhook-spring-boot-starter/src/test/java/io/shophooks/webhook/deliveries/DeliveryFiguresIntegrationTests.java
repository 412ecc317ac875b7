package io.shophooks.webhook.deliveries;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.outbox.DeliveryRepository;
import io.shophooks.webhook.outbox.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.outbox.DeliveryRepository.Completion;
import io.shophooks.webhook.outbox.DeliveryRepository.NewAttempt;
import io.shophooks.webhook.outbox.DeliveryRepository.Outcome;
import io.shophooks.webhook.outbox.StoredEvent;
import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.TestShops;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's figures agree on H2 and PostgreSQL: attempts per time bucket, latency
 * percentiles per bucket and overall (estimated from duration buckets, so asserted to the
 * bucket), and each endpoint's success rate and last result, from attempts recorded with
 * known times through the dispatcher's recording path; computing them again from the
 * attempts kept (what the upgrade script does) gives the same figures.
 */
class DeliveryFiguresIntegrationTests {

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void figuresAreComputedByTheDatabase(String database) {
		onShop(database, "figures", (shop, jdbc) -> {
			Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
			Instant start = now.minus(Duration.ofHours(24));
			for (int endpoint = 1; endpoint <= 2; endpoint++) {
				jdbc.update("""
						INSERT INTO shophooks_endpoint (id, name, url, event_types, body_format, signing, enabled,
						    max_concurrency, created_at, updated_at)
						VALUES (?, ?, 'https://93.184.216.34/', '*', 'JSON', FALSE, TRUE, 8, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""",
						endpoint, "e" + endpoint);
			}
			deliveries(jdbc, "DELIVERED", 1, 2);
			// endpoint 1: in the first hour 10, 20, 30, 40 ms (3 ok, 1 failed); an hour later one 100 ms that failed last
			// endpoint 2: one older than the window, one inside that succeeded. Recorded in two batches, the first
			// minute's twice so that a batch adds to a minute another batch wrote.
			DeliveryRepository repository = shop.getBean(DeliveryRepository.class);
			repository.completeAll(List.of(attempt(1, start.plus(Duration.ofMinutes(1)), 10, 200),
					attempt(1, start.plus(Duration.ofMinutes(15)), 30, 500),
					attempt(2, start.minus(Duration.ofMinutes(5)), 999, 500)), "figures");
			repository.completeAll(List.of(attempt(1, start.plus(Duration.ofMinutes(1)).plusSeconds(20), 20, 204),
					attempt(1, start.plus(Duration.ofMinutes(16)), 40, 200),
					attempt(1, start.plus(Duration.ofMinutes(61)), 100, null),
					attempt(2, start.plus(Duration.ofHours(23)), 50, 200)), "figures");

			DeliveryFigures figures = shop.getBean(DeliveryFigures.class);
			assertFigures(figures, start);
			// the first completion of each delivery held its lease: delivery 1's success is kept in its row,
			// everything else (failures, successes recorded after the lease was gone) as attempt rows
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_attempt", Integer.class)).isEqualTo(6);
			assertThat(jdbc.queryForList("SELECT id FROM shophooks_delivery WHERE success_at IS NOT NULL", Long.class))
				.containsExactly(1L);
			assertThat(shop.getBean(DeliveryService.class).attempts(1)).hasSize(5)
				.extracting(Attempt::durationMillis)
				.containsExactly(10L, 20L, 30L, 40L, 100L);

			figures.rebuild();
			assertFigures(figures, start);
		});
	}

	/**
	 * An endpoint deleted while one of its attempts was in flight costs the other
	 * endpoints' attempts of the same batch nothing: they are recorded, and the deleted
	 * endpoint's figures are gone.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void aBatchWithAnAttemptOfADeletedEndpointIsRecorded(String database) {
		onShop(database, "figures_deleted", (shop, jdbc) -> {
			io.shophooks.webhook.endpoint.EndpointService endpoints = shop
				.getBean(io.shophooks.webhook.endpoint.EndpointService.class);
			long kept = endpoints.create(io.shophooks.webhook.endpoint.EndpointDefinition.signed("kept",
					"https://93.184.216.34/kept", List.of("order.approved"))).endpoint().id();
			long deleted = endpoints.create(io.shophooks.webhook.endpoint.EndpointDefinition.signed("deleted",
					"https://93.184.216.34/deleted", List.of("order.approved"))).endpoint().id();
			deliveries(jdbc, "PENDING", kept, deleted);
			Instant now = Instant.now();
			DeliveryRepository repository = shop.getBean(DeliveryRepository.class);
			DeliveryFigures figures = shop.getBean(DeliveryFigures.class);
			repository.completeAll(List.of(attempt(deleted, now, 5, 200)), "figures");
			assertThat(figures.endpointHealth(now.minus(Duration.ofHours(1)))).extracting(DeliveryFigures.EndpointHealth::endpointId)
				.containsExactly(deleted);

			endpoints.delete(deleted);
			assertThat(figures.endpointHealth(now.minus(Duration.ofHours(1)))).isEmpty();
			repository.completeAll(List.of(attempt(kept, now, 10, 200), attempt(deleted, now, 20, 200)), "figures");
			// the recorder tells a delivery deleted with its endpoint from a lease another instance took over
			assertThat(repository.missing(List.of(kept, deleted))).containsExactly(deleted);
			assertThat(shop.getBean(DeliveryService.class).attempts(kept)).singleElement()
				.satisfies(attempt -> assertThat(attempt.statusCode()).isEqualTo(200));
			assertThat(figures.endpointHealth(now.minus(Duration.ofHours(1))))
				.filteredOn(health -> health.endpointId() == kept)
				.singleElement()
				.satisfies(health -> assertThat(health.attempts()).isEqualTo(1));

			// a success whose lease was gone by then (another instance took the delivery over) is kept as an
			// attempt row of its own and counted; the row of the delivery is left as the other instance wrote it
			repository.completeAll(List.of(attempt(kept, now.plusSeconds(1), 30, 201)), "figures");
			assertThat(shop.getBean(DeliveryService.class).attempts(kept)).extracting(Attempt::statusCode)
				.containsExactlyInAnyOrder(200, 201);
			assertThat(jdbc.queryForObject("SELECT last_status_code FROM shophooks_delivery WHERE id = ?", Integer.class,
					kept)).isEqualTo(200);
			assertThat(figures.endpointHealth(now.minus(Duration.ofHours(1))))
				.filteredOn(health -> health.endpointId() == kept)
				.singleElement()
				.satisfies(health -> assertThat(health.attempts()).isEqualTo(2));
		});
	}

	/**
	 * Recording inside a caller's transaction is part of it: when that transaction rolls
	 * back, the delivery is as it was and the attempt is not counted.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void aSuccessRecordedInACallersTransactionRollsBackWithIt(String database) {
		onShop(database, "figures_rollback", (shop, jdbc) -> {
			long endpoint = endpointWithAPendingDelivery(shop, jdbc);
			DeliveryRepository repository = shop.getBean(DeliveryRepository.class);
			new org.springframework.transaction.support.TransactionTemplate(
					shop.getBean(org.springframework.transaction.PlatformTransactionManager.class))
				.executeWithoutResult(status -> {
					repository.completeAll(List.of(attempt(endpoint, Instant.now(), 10, 200)), "figures");
					status.setRollbackOnly();
				});
			assertThat(jdbc.queryForObject("SELECT status FROM shophooks_delivery WHERE id = ?", String.class, endpoint))
				.isEqualTo("PENDING");
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_attempt_minute", Integer.class)).isZero();
		});
	}

	/**
	 * Recording inside a caller's transaction never relaxes that transaction's commit: the
	 * caller's own writes stay durable (on PostgreSQL, {@code synchronous_commit} stays on).
	 */
	@Test
	void recordingInACallersTransactionLeavesItsCommitDurable() {
		onShop("postgresql", "figures_durable", (shop, jdbc) -> {
			long endpoint = endpointWithAPendingDelivery(shop, jdbc);
			DeliveryRepository repository = shop.getBean(DeliveryRepository.class);
			JdbcTemplate shopJdbc = new JdbcTemplate(shop.getBean(DataSource.class));
			String setting = new org.springframework.transaction.support.TransactionTemplate(
					shop.getBean(org.springframework.transaction.PlatformTransactionManager.class))
				.execute(status -> {
					// a failure takes the general path (a success could too, past eight of them)
					repository.completeAll(List.of(attempt(endpoint, Instant.now(), 10, 500)), "figures");
					return shopJdbc.queryForObject("SHOW synchronous_commit", String.class);
				});
			assertThat(setting).isEqualTo("on");
		});
	}

	/**
	 * A test event counts for nothing in an endpoint's figures and last state: a failing
	 * test event leaves a working endpoint's figures empty, a real failure shows.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void testEventsDoNotCountInAnEndpointsFigures(String database) {
		onShop(database, "figures_test_events", (shop, jdbc) -> {
			long endpoint = endpointWithAPendingDelivery(shop, jdbc);
			DeliveryRepository repository = shop.getBean(DeliveryRepository.class);
			Instant now = Instant.now();
			Completion real = attempt(endpoint, now, 10, 500);
			StoredEvent test = new StoredEvent("msg_test", "webhook.test", "{}", now, null, 1);
			Completion testEvent = new Completion(new ClaimedDelivery(endpoint, endpoint, 0, 0, test), real.outcome(),
					real.attempt(), endpoint, Completion.Kind.FINAL_FAILURE);
			repository.completeAll(List.of(testEvent), "figures");
			DeliveryFigures figures = shop.getBean(DeliveryFigures.class);
			assertThat(figures.endpointHealth(now.minus(Duration.ofHours(1)))).isEmpty();
			jdbc.update("UPDATE shophooks_delivery SET status = 'PENDING', lease_owner = 'figures'");
			repository.completeAll(List.of(real), "figures");
			assertThat(figures.endpointHealth(now.minus(Duration.ofHours(1)))).singleElement()
				.satisfies(health -> assertThat(health.lastSucceeded()).isFalse());
		});
	}

	/** One endpoint with one delivery leased to "figures", pending. */
	private static long endpointWithAPendingDelivery(ConfigurableApplicationContext shop, JdbcTemplate jdbc) {
		long endpoint = shop.getBean(io.shophooks.webhook.endpoint.EndpointService.class)
			.create(io.shophooks.webhook.endpoint.EndpointDefinition.signed("e", "https://93.184.216.34/",
					List.of("order.approved")))
			.endpoint()
			.id();
		deliveries(jdbc, "PENDING", endpoint);
		return endpoint;
	}

	/** A shop without a dispatcher on a fresh database of the kind named, closed after the test. */
	private static void onShop(String database, String name,
			java.util.function.BiConsumer<ConfigurableApplicationContext, JdbcTemplate> test) {
		DataSource dataSource = database.equals("h2") ? Databases.newH2(name) : Databases.newPostgres(name);
		try (ConfigurableApplicationContext shop = TestShops.start(dataSource, "shophooks.webhook.delivery.enabled=false")) {
			test.accept(shop, new JdbcTemplate(dataSource));
		}
		finally {
			Databases.close(dataSource);
		}
	}

	/** Event msg_1 and one delivery of it per endpoint, each with the endpoint's id as its own. */
	private static void deliveries(JdbcTemplate jdbc, String status, long... endpoints) {
		jdbc.update("INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at) "
				+ "VALUES ('msg_1', 'order.approved', '{}', TRUE, CURRENT_TIMESTAMP)");
		for (long endpoint : endpoints) {
			jdbc.update("""
					INSERT INTO shophooks_delivery (id, event_id, endpoint_id, event_type, status, next_attempt_at,
					    lease_owner, lease_expires_at, created_at, updated_at)
					VALUES (?, 'msg_1', ?, 'order.approved', ?, CURRENT_TIMESTAMP, 'figures', ?, CURRENT_TIMESTAMP,
					    CURRENT_TIMESTAMP)""", endpoint, endpoint, status,
					OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
		}
	}

	private static void assertFigures(DeliveryFigures figures, Instant start) {
		assertThat(figures.counts(start, Duration.ofMinutes(10))).containsExactly(
				new DeliveryFigures.Count(Duration.ZERO, 2, 0), new DeliveryFigures.Count(Duration.ofMinutes(10), 1, 1),
				new DeliveryFigures.Count(Duration.ofMinutes(60), 0, 1),
				new DeliveryFigures.Count(Duration.ofMinutes(23 * 60), 1, 0));
		List<DeliveryFigures.Latency> hourly = figures.latencies(start, Duration.ofHours(1));
		assertThat(hourly).extracting(DeliveryFigures.Latency::bucket)
			.containsExactly(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(23));
		assertThat(hourly).extracting(DeliveryFigures.Latency::attempts).containsExactly(4L, 1L, 1L);
		// 10, 20, 30, 40 ms: the median lies between the second and third (buckets up to 20 and 30 ms), the 95th
		// percentile in the bucket of the longest (30-50 ms) and never beyond it
		assertThat(hourly.get(0).p50()).isBetween(15.0, 30.0);
		assertThat(hourly.get(0).p95()).isBetween(30.0, 40.0);
		assertThat(hourly.get(1).p50()).isBetween(70.0, 100.0);
		DeliveryFigures.Latency overall = figures.overall(start);
		assertThat(overall.attempts()).isEqualTo(6);
		assertThat(overall.p50()).isBetween(20.0, 50.0);
		assertThat(overall.p95()).isBetween(70.0, 100.0);
		assertThat(figures.endpointHealth(start)).containsExactlyInAnyOrder(
				new DeliveryFigures.EndpointHealth(1, 5, 3, start.plus(Duration.ofMinutes(61)), false),
				new DeliveryFigures.EndpointHealth(2, 1, 1, start.plus(Duration.ofHours(23)), true));
		assertThat(figures.overall(start.plus(Duration.ofDays(2)))).isNull();
	}

	private static Completion attempt(long delivery, Instant startedAt, long durationMillis, Integer status) {
		StoredEvent event = new StoredEvent("msg_1", "order.approved", "{}", startedAt, null, 1);
		boolean ok = status != null && status / 100 == 2;
		NewAttempt attempt = new NewAttempt(1, startedAt, durationMillis, "https://93.184.216.34/", "", status, null,
				null, ok ? null : "failed", ok ? "DELIVERED" : "FAILED");
		Outcome outcome = new Outcome(ok ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED, 0, startedAt, status,
				ok ? null : "failed", startedAt);
		return new Completion(new ClaimedDelivery(delivery, delivery, 0, 0, event), outcome, attempt, delivery,
				ok ? Completion.Kind.SUCCESS : Completion.Kind.FINAL_FAILURE);
	}

}
