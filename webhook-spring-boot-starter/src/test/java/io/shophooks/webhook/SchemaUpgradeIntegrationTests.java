package io.shophooks.webhook;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import io.shophooks.webhook.endpoint.DeliveryOptions;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestShops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database created by ShopHooks 0.1, with an endpoint and an undelivered webhook in it:
 * start-up refuses its tables and names the upgrade script; once the operator has run it,
 * the endpoint keeps working with the default options, and the webhook committed before
 * the upgrade is delivered.
 */
class SchemaUpgradeIntegrationTests {

	@Test
	void h2DatabaseOfVersion01IsUpgradedAndNothingIsLost() throws Exception {
		DataSource database = Databases.newH2("upgrade");
		try {
			upgradeAndDeliver(database, "upgrade/schema-h2-0.1.sql", "io/shophooks/webhook/jdbc/upgrade-0.1-h2.sql");
		}
		finally {
			Databases.close(database);
		}
	}

	@Test
	void postgresqlDatabaseOfVersion01IsUpgradedAndNothingIsLost() throws Exception {
		DataSource database = Databases.newPostgres("upgrade");
		try {
			upgradeAndDeliver(database, "upgrade/schema-postgresql-0.1.sql",
					"io/shophooks/webhook/jdbc/upgrade-0.1-postgresql.sql");
		}
		finally {
			Databases.close(database);
		}
	}

	private void upgradeAndDeliver(DataSource database, String oldSchema, String upgradeScript) throws Exception {
		new ResourceDatabasePopulator(new ClassPathResource(oldSchema)).execute(database);
		JdbcTemplate jdbc = new JdbcTemplate(database);
		try (TestReceiver receiver = new TestReceiver()) {
			jdbc.update("""
					INSERT INTO shophooks_endpoint (name, url, event_types, body_format, signing, enabled,
					    max_concurrency, created_at, updated_at)
					VALUES ('From 0.1', ?, 'order.approved', 'JSON', FALSE, TRUE, 8, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""",
					receiver.url("/old"));
			Long endpointId = jdbc.queryForObject("SELECT id FROM shophooks_endpoint", Long.class);
			jdbc.update("""
					INSERT INTO shophooks_event (id, event_type, payload, ordering_key, fanned_out, created_at)
					VALUES ('msg_before_upgrade', 'order.approved', '{"orderId":"o-old"}', 'o-old', TRUE, CURRENT_TIMESTAMP)""");
			jdbc.update("""
					INSERT INTO shophooks_delivery (event_id, endpoint_id, event_type, status, next_attempt_at,
					    created_at, updated_at)
					VALUES ('msg_before_upgrade', ?, 'order.approved', 'PENDING', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,
					    CURRENT_TIMESTAMP)""", endpointId);
			// and one delivered an hour earlier, whose attempt the dashboard's figures count after the upgrade
			jdbc.update("""
					INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at)
					VALUES ('msg_delivered_before', 'order.approved', '{"orderId":"o-older"}', TRUE, CURRENT_TIMESTAMP)""");
			jdbc.update("""
					INSERT INTO shophooks_delivery (event_id, endpoint_id, event_type, status, next_attempt_at,
					    created_at, updated_at)
					VALUES ('msg_delivered_before', ?, 'order.approved', 'DELIVERED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,
					    CURRENT_TIMESTAMP)""", endpointId);
			jdbc.update("""
					INSERT INTO shophooks_attempt (delivery_id, attempt_number, started_at, duration_ms, request_url,
					    request_headers, status_code, outcome)
					SELECT id, 1, ?, 42, 'http://old/', '', 200, 'DELIVERED' FROM shophooks_delivery
					WHERE event_id = 'msg_delivered_before'""",
					java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1));

			// start-up refuses the old tables, changes nothing, and names the script that upgrades them
			String before = jdbc.queryForList("SELECT * FROM shophooks_delivery").toString();
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> TestShops.start(database, "shophooks.webhook.jdbc.initialize-schema=always"))
				.hasStackTraceContaining("tables are from an older version")
				.hasStackTraceContaining("classpath:" + upgradeScript);
			assertThat(jdbc.queryForList("SELECT * FROM shophooks_delivery").toString()).isEqualTo(before);
			// the operator runs it once, as the upgrade note says; a second run changes nothing (a database
			// of an earlier build of this version, which start-up sends to the same script, has run it before)
			new ResourceDatabasePopulator(new ClassPathResource(upgradeScript)).execute(database);
			String upgraded = jdbc.queryForList("SELECT * FROM shophooks_attempt_minute").toString();
			new ResourceDatabasePopulator(new ClassPathResource(upgradeScript)).execute(database);
			assertThat(jdbc.queryForList("SELECT * FROM shophooks_attempt_minute").toString()).isEqualTo(upgraded)
				.isNotEqualTo("[]");
			ConfigurableApplicationContext shop = TestShops.start(database,
					"shophooks.webhook.jdbc.initialize-schema=always");
			try {
				await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received("/old").size() == 1);
				assertThat(receiver.received("/old").get(0).header("webhook-id")).isEqualTo("msg_before_upgrade");
				assertThat(receiver.received("/old").get(0).body())
					.startsWith("{\"type\":\"order.approved\",\"version\":1,\"timestamp\":")
					.endsWith(",\"data\":{\"orderId\":\"o-old\"}}");
				List<Endpoint> endpoints = shop.getBean(EndpointService.class).list();
				assertThat(endpoints).singleElement()
					.satisfies(endpoint -> assertThat(endpoint.options()).isEqualTo(DeliveryOptions.DEFAULT));
				shop.getBean(WebhookPublisher.class).publish("order.approved", java.util.Map.of("orderId", "o-new"));
				await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received("/old").size() == 2);
				// the attempt made before the upgrade counts in the figures with the two made after it
				io.shophooks.webhook.deliveries.DeliveryFigures figures = shop
					.getBean(io.shophooks.webhook.deliveries.DeliveryFigures.class);
				java.time.Instant dayAgo = java.time.Instant.now().minus(Duration.ofHours(24));
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(figures.endpointHealth(dayAgo)).singleElement()
						.satisfies(health -> assertThat(health.attempts()).isEqualTo(3))
						.satisfies(health -> assertThat(health.succeeded()).isEqualTo(3)));
				assertThat(figures.overall(dayAgo).p95()).isGreaterThan(30.0);
			}
			finally {
				shop.close();
			}
		}
	}

}
