package io.shophooks.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.shophooks.webhook.support.BrowserForms;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logging in, as a person does in a browser: the shop's login page is in the shop's
 * layout, and after logging in, the shop and the webhook admin each open the page first
 * asked for, as it was asked for (no {@code ?continue}), or their home page.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:shop-login;DB_CLOSE_DELAY=-1",
				"shop.partner.create-endpoint=false", "shophooks.webhook.delivery.enabled=false" })
class LoginIntegrationTests {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void theShopsLoginPageIsStyledLikeTheShopAndLandsWhereTheUserWasGoing() throws Exception {
		HttpResponse<String> page = get("/login", null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("class=\"brand\"", "shophooks.css", "id=\"login-form\"");
		// straight to the login page: the shop afterwards
		assertThat(login("/login", null)).isEqualTo("http://localhost:" + this.port + "/");
		// asked for the inbox first: the inbox afterwards, without ?continue
		HttpResponse<String> asked = get("/partner/inbox", null);
		assertThat(asked.statusCode()).isEqualTo(302);
		assertThat(login("/login", BrowserForms.sessionCookie(asked))).isEqualTo("http://localhost:" + this.port + "/partner/inbox");
	}

	@Test
	void theAdminsLoginLandsOnTheDashboardOrThePageFirstAskedFor() throws Exception {
		assertThat(login("/admin/webhooks/login", null)).endsWith("/admin/webhooks");
		HttpResponse<String> asked = get("/admin/webhooks/deliveries?status=FAILED", null);
		assertThat(asked.statusCode()).isEqualTo(302);
		assertThat(login("/admin/webhooks/login", BrowserForms.sessionCookie(asked))).endsWith("/admin/webhooks/deliveries?status=FAILED");
	}

	private HttpResponse<String> get(String path, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", "text/html");
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Log in as the owner on a login page, in the given session; where it sends the browser. */
	private String login(String loginPath, String session) throws Exception {
		HttpResponse<String> page = get(loginPath, session);
		String cookie = (session != null) ? session : BrowserForms.sessionCookie(page);
		String token = BrowserForms.csrfToken(page.body());
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + loginPath))
					.header("Cookie", cookie)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("username=owner&password=owner-pass&_csrf="
							+ URLEncoder.encode(token, StandardCharsets.UTF_8)))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).doesNotContain("continue", "error");
		return location;
	}

}
