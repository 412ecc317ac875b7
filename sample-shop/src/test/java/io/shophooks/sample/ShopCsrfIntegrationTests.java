package io.shophooks.sample;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.support.CsrfMatrix;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's own API skips CSRF only for a request that HTTP Basic authenticated without
 * a session. Creating a customer in every combination of session, {@code Authorization}
 * header and CSRF token creates one exactly when the rule allows; before, any
 * {@code Authorization} header (a made-up Bearer token) let a logged-in browser session
 * write without a CSRF token.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:shop-csrf;DB_CLOSE_DELAY=-1",
				"shop.partner.create-endpoint=false", "shophooks.webhook.delivery.enabled=false" })
class ShopCsrfIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void apiSkipsCsrfOnlyWhenBasicAuthenticatedARequestWithoutASession() throws Exception {
		CsrfMatrix.Login owner = new CsrfMatrix.Login("/login", "owner", "owner-pass", "/", "nobody", "nobody-pass");
		List<String> wrong = new CsrfMatrix("http://localhost:" + this.port).violations(owner, "POST", "/api/customers",
				"{\"name\":\"Ann\",\"email\":\"ann@example.com\"}",
				() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM shop_customer", Long.class));
		assertThat(wrong).as("combinations that broke the rule").isEmpty();
	}

}
