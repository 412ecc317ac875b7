package io.shophooks.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partner inbox is open to anonymous POSTs, like any receiver, so it is bounded:
 * only the newest entries are kept and an oversized body is refused without being kept.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:shop-inbox;DB_CLOSE_DELAY=-1",
				"shop.partner.create-endpoint=false", "shophooks.webhook.delivery.enabled=false",
				"shop.partner.inbox-max-entries=5", "shop.partner.inbox-max-body-size=1KB" })
class PartnerInboxIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void keepsOnlyTheNewestEntriesAndRefusesOversizedBodies() throws Exception {
		for (int i = 1; i <= 12; i++) {
			assertThat(post("{\"n\":" + i + "}").statusCode()).isEqualTo(401);
		}
		assertThat(this.jdbc.queryForList("SELECT body FROM partner_inbox ORDER BY id", String.class))
			.containsExactly("{\"n\":8}", "{\"n\":9}", "{\"n\":10}", "{\"n\":11}", "{\"n\":12}");

		for (String body : new String[] { "x".repeat(1025), "x".repeat(1024 * 1024) }) {
			HttpResponse<String> refused = post(body);
			assertThat(refused.statusCode()).isEqualTo(413);
			assertThat(refused.body()).contains("shop.partner.inbox-max-body-size");
		}
		assertThat(post("x".repeat(1024)).statusCode()).isEqualTo(401);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM partner_inbox", Integer.class)).isEqualTo(5);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM partner_inbox WHERE LENGTH(body) > 1024",
				Integer.class)).isZero();
	}

	/**
	 * Every header the inbox reads, at and past its column and in multi-byte text: each is
	 * an answer about the webhook (401 here: not signed), never a server error.
	 */
	@Test
	void headersOfAnyLengthAreAnsweredNeverAServerError() throws Exception {
		java.util.List<String> values = java.util.List.of("x".repeat(100), "x".repeat(101), "x".repeat(201),
				"é".repeat(150), utf8OnTheWire("漢".repeat(300)), "x".repeat(4000));
		java.util.List<String> tried = new java.util.ArrayList<>();
		for (String header : java.util.List.of("webhook-id", "webhook-event-type", "webhook-timestamp",
				"webhook-signature", "authorization")) {
			for (String value : values) {
				HttpResponse<String> response = this.http
					.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/partner/inbox"))
						.header("Content-Type", "application/json")
						.header(header, value)
						.POST(HttpRequest.BodyPublishers.ofString("{}"))
						.build(), HttpResponse.BodyHandlers.ofString());
				tried.add(header + " of " + value.length() + " characters: " + response.statusCode());
				assertThat(response.statusCode()).as(header + " of " + value.length()).isBetween(400, 499);
			}
		}
		System.out.println("partner inbox headers tried: " + tried);
		assertThat(this.jdbc.queryForObject("SELECT COALESCE(MAX(LENGTH(webhook_id)), 0) FROM partner_inbox", Integer.class))
			.isLessThanOrEqualTo(100);
	}

	/** Text as the bytes a client sends it in UTF-8, each byte one header character. */
	private static String utf8OnTheWire(String text) {
		return new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
				java.nio.charset.StandardCharsets.ISO_8859_1);
	}

	@Autowired
	io.shophooks.sample.partner.PartnerInbox inbox;

	/**
	 * After a rotation the owner gives the inbox the new secret: from then on it verifies
	 * with it, and a signature made with the old one is refused; a paste that is not a
	 * secret changes nothing.
	 */
	@Test
	void theInboxLearnsTheSecretARotationMade() throws Exception {
		String rotated = "whsec_" + java.util.Base64.getEncoder().encodeToString("a-rotated-secret-of-32-bytes!!!!".getBytes());
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.inbox.useSecret("not-a-secret"))
			.hasMessageContaining("whsec_");
		assertThat(this.inbox.secretHint()).isNotEqualTo(rotated.substring(0, 10) + "…");
		this.inbox.useSecret(rotated);
		assertThat(this.inbox.secretHint()).isEqualTo(rotated.substring(0, 10) + "…");
		String body = "{\"type\":\"order.approved\"}";
		for (String secret : new String[] { rotated, "whsec_c2FtcGxlLXNob3AtcGFydG5lci1pbmJveC1zZWNyZXQhIQ==" }) {
			long timestamp = java.time.Instant.now().getEpochSecond();
			String signature = new com.standardwebhooks.Webhook(secret).sign("msg_" + timestamp + secret.length(), timestamp,
					body);
			io.shophooks.sample.partner.InboxEntry entry = this.inbox.receive(java.util.Map.of("webhook-id",
					java.util.List.of("msg_" + timestamp + secret.length()), "webhook-timestamp",
					java.util.List.of(Long.toString(timestamp)), "webhook-signature", java.util.List.of(signature)), body,
					null);
			assertThat(entry.signatureOk()).as(secret.equals(rotated) ? "the new secret" : "the old secret")
				.isEqualTo(secret.equals(rotated));
		}
	}

	private HttpResponse<String> post(String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/partner/inbox"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
