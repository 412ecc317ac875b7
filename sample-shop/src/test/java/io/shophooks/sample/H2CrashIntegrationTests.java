package io.shophooks.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

	@Test
	void everyAcknowledgedEventIsDeliveredAfterAKillOnTheDefaultH2FileDatabase(@TempDir Path workDir) throws Exception {
		try (TestReceiver receiver = new TestReceiver()) {
			Set<Long> acknowledged = new TreeSet<>();
			int port = freePort();
			Process first = startShop(workDir, port, "first.log");
			try {
				awaitUp(port, first, workDir.resolve("first.log"));
				ShopClient api = new ShopClient(port, "owner", "owner-pass");
				HttpResponse<String> created = api.post("/api/webhooks/endpoints", """
						{"name":"Integrator","url":"%s","eventTypes":["customer.created"],"auth":{"hmac":{"enabled":true}}}"""
					.formatted(receiver.url("/hooks")));
				assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
				for (int i = 0; i < 60; i++) {
					acknowledged.add(api.postForId("/api/customers",
							"{\"name\":\"Customer " + i + "\",\"email\":\"c" + i + "@example.com\"}"));
				}
			}
			finally {
				// SIGKILL right after the last 201: no shutdown hook, nothing closed
				first.destroyForcibly().waitFor();
			}
			int secondPort = freePort();
			Process second = startShop(workDir, secondPort, "second.log");
			try {
				awaitUp(secondPort, second, workDir.resolve("second.log"));
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
			finally {
				second.destroyForcibly().waitFor();
			}
		}
	}

	private static Process startShop(Path workDir, int port, String log) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ShopApplication.class.getName());
		command.add("--server.port=" + port);
		command.add("--spring.main.banner-mode=off");
		command.add("--shop.partner.create-endpoint=false");
		command.add("--shophooks.webhook.delivery.poll-interval=200ms");
		return new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(workDir.resolve(log).toFile())
			.start();
	}

	private static void awaitUp(int port, Process process, Path log) {
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("The shop stopped:\n" + Files.readString(log));
			}
			try {
				return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
