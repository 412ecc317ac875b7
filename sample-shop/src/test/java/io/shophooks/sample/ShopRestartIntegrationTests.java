package io.shophooks.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.TestReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events committed before a shutdown are delivered after the restart: the shop runs on
 * its default H2 file database, first with delivery switched off (as if it stopped
 * before sending), then again with delivery on.
 */
class ShopRestartIntegrationTests {

	@Test
	void eventsCommittedBeforeShutdownAreDeliveredAfterRestart(@TempDir Path data) throws Exception {
		String url = "--spring.datasource.url=jdbc:h2:file:" + data.resolve("shop").toAbsolutePath();
		try (TestReceiver receiver = new TestReceiver()) {
			try (ConfigurableApplicationContext first = start(url, "--shophooks.webhook.delivery.enabled=false")) {
				first.getBean(EndpointService.class)
					.create(EndpointDefinition.signed("Integrator", receiver.url("/hooks"), List.of("*")));
				ShopClient api = new ShopClient(port(first), "owner", "owner-pass");
				api.postForId("/api/customers", "{\"name\":\"Ann\",\"email\":\"ann@example.com\"}");
				api.postForId("/api/products", "{\"sku\":\"MUG-1\",\"name\":\"Mug\",\"price\":9.50}");
			}
			assertThat(receiver.received("/hooks")).isEmpty();
			try (ConfigurableApplicationContext second = start(url, "--shophooks.webhook.delivery.enabled=true")) {
				await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received("/hooks").size() >= 2);
				assertThat(receiver.received("/hooks")).extracting(r -> r.header("webhook-event-type"))
					.containsExactlyInAnyOrder("customer.created", "product.created");
			}
		}
	}

	private static ConfigurableApplicationContext start(String url, String delivery) {
		// Command-line arguments, so they win over the shop's application.properties
		return new SpringApplicationBuilder(ShopApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", url, delivery, "--shop.partner.create-endpoint=false",
				"--shophooks.webhook.delivery.poll-interval=200ms");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
