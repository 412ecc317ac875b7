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

	private HttpResponse<String> post(String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/partner/inbox"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
