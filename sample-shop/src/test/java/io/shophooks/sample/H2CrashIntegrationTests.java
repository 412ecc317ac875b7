package io.shophooks.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shophooks.webhook.support.TestReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default keeps what it acknowledged. The sample shop runs in a JVM of its
 * own on its default H2 file database (its own {@code application.properties}, in a
 * fresh working directory); customers are created through its API as fast as it
 * answers, and the process is killed with SIGKILL right after a {@code 201}. After a
 * restart on the same files every customer whose creation was acknowledged still exists
 * and its {@code customer.created} webhook is delivered.
 */
class H2CrashIntegrationTests {

	private static final Pattern CUSTOMER_ID = Pattern.compile("\"customerId\":(\\d+)");

	private static final String[] ARGUMENTS = { "--shop.partner.create-endpoint=false",
			"--shophooks.webhook.delivery.poll-interval=200ms" };

	@Test
	void everyAcknowledgedEventIsDeliveredAfterAKillOnTheDefaultH2FileDatabase(@TempDir Path workDir) throws Exception {
		try (TestReceiver receiver = new TestReceiver()) {
			Set<Long> acknowledged = new TreeSet<>();
			try (ShopProcess first = ShopProcess.start(workDir, workDir.resolve("first.log"), ARGUMENTS).awaitUp()) {
				ShopClient api = new ShopClient(first.port(), "owner", "owner-pass");
				HttpResponse<String> created = api.post("/api/webhooks/endpoints", """
						{"name":"Integrator","url":"%s","eventTypes":["customer.created"],"auth":{"hmac":{"enabled":true}}}"""
					.formatted(receiver.url("/hooks")));
				assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
				for (int i = 0; i < 60; i++) {
					acknowledged.add(api.postForId("/api/customers",
							"{\"name\":\"Customer " + i + "\",\"email\":\"c" + i + "@example.com\"}"));
				}
				// SIGKILL right after the last 201 (close): no shutdown hook, nothing closed
			}
			try (ShopProcess second = ShopProcess.start(workDir, workDir.resolve("second.log"), ARGUMENTS).awaitUp()) {
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
					Set<Long> delivered = new TreeSet<>();
					for (TestReceiver.Received request : receiver.received("/hooks")) {
						Matcher id = CUSTOMER_ID.matcher(request.body());
						if (id.find()) {
							delivered.add(Long.parseLong(id.group(1)));
						}
					}
					assertThat(delivered).as("customers acknowledged before the kill, delivered after the restart")
						.containsAll(acknowledged);
				});
			}
		}
	}

}
