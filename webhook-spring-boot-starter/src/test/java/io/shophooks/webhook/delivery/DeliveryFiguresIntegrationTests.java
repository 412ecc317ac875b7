package io.shophooks.webhook.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.TestShops;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's figures come out of SQL aggregates that agree on H2 and PostgreSQL:
 * attempts per time bucket, latency percentiles per bucket and overall, and each
 * endpoint's success rate and last result, from attempts written with known times.
 */
class DeliveryFiguresIntegrationTests {

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void figuresAreComputedByTheDatabase(String database) {
		DataSource dataSource = database.equals("h2") ? Databases.newH2("figures")
				: Databases.newPostgres("figures");
		try (ConfigurableApplicationContext shop = TestShops.start(dataSource, "shophooks.webhook.delivery.enabled=false")) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
			Instant start = now.minus(Duration.ofHours(24));
			for (int endpoint = 1; endpoint <= 2; endpoint++) {
				jdbc.update("""
						INSERT INTO shophooks_endpoint (id, name, url, event_types, body_format, signing, enabled,
						    max_concurrency, created_at, updated_at)
						VALUES (?, ?, 'https://93.184.216.34/', '*', 'JSON', FALSE, TRUE, 8, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""",
						endpoint, "e" + endpoint);
			}
			jdbc.update("INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at) "
					+ "VALUES ('msg_1', 'order.approved', '{}', TRUE, CURRENT_TIMESTAMP)");
			for (int endpoint = 1; endpoint <= 2; endpoint++) {
				jdbc.update("""
						INSERT INTO shophooks_delivery (id, event_id, endpoint_id, event_type, status, next_attempt_at,
						    created_at, updated_at) VALUES (?, 'msg_1', ?, 'order.approved', 'DELIVERED', CURRENT_TIMESTAMP,
						    CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""", endpoint, endpoint);
			}
			// endpoint 1: in the first hour 10, 20, 30, 40 ms (3 ok, 1 failed); an hour later one 100 ms that failed last
			attempt(jdbc, 1, start.plus(Duration.ofMinutes(1)), 10, 200);
			attempt(jdbc, 1, start.plus(Duration.ofMinutes(2)), 20, 204);
			attempt(jdbc, 1, start.plus(Duration.ofMinutes(15)), 30, 500);
			attempt(jdbc, 1, start.plus(Duration.ofMinutes(16)), 40, 200);
			attempt(jdbc, 1, start.plus(Duration.ofMinutes(61)), 100, null);
			// endpoint 2: one older than the window, one inside that succeeded
			attempt(jdbc, 2, start.minus(Duration.ofMinutes(5)), 999, 500);
			attempt(jdbc, 2, start.plus(Duration.ofHours(23)), 50, 200);

			DeliveryFigures figures = shop.getBean(DeliveryFigures.class);
			assertThat(figures.counts(start, Duration.ofMinutes(10))).containsExactly(
					new DeliveryFigures.Count(Duration.ZERO, 2, 0), new DeliveryFigures.Count(Duration.ofMinutes(10), 1, 1),
					new DeliveryFigures.Count(Duration.ofMinutes(60), 0, 1),
					new DeliveryFigures.Count(Duration.ofMinutes(23 * 60), 1, 0));
			List<DeliveryFigures.Latency> hourly = figures.latencies(start, Duration.ofHours(1));
			assertThat(hourly).hasSize(3);
			assertThat(hourly.get(0).bucket()).isEqualTo(Duration.ZERO);
			assertThat(hourly.get(0).attempts()).isEqualTo(4);
			assertThat(hourly.get(0).p50()).isEqualTo(25.0);
			assertThat(hourly.get(0).p95()).isEqualTo(38.5);
			assertThat(hourly.get(1).bucket()).isEqualTo(Duration.ofHours(1));
			assertThat(figures.overall(start).attempts()).isEqualTo(6);
			assertThat(figures.overall(start).p50()).isEqualTo(35.0);
			assertThat(figures.endpointHealth(start)).containsExactlyInAnyOrder(
					new DeliveryFigures.EndpointHealth(1, 5, 3, start.plus(Duration.ofMinutes(61)), false),
					new DeliveryFigures.EndpointHealth(2, 1, 1, start.plus(Duration.ofHours(23)), true));
		}
		finally {
			Databases.close(dataSource);
		}
	}

	private static void attempt(JdbcTemplate jdbc, long delivery, Instant startedAt, long durationMillis, Integer status) {
		jdbc.update("""
				INSERT INTO shophooks_attempt (delivery_id, attempt_number, started_at, duration_ms, request_url,
				    request_headers, status_code, outcome) VALUES (?, 1, ?, ?, 'https://93.184.216.34/', '', ?, 'X')""",
				delivery, startedAt.atOffset(ZoneOffset.UTC), durationMillis, status);
	}

}
