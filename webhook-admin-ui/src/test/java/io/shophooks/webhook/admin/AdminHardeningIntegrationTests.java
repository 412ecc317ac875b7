package io.shophooks.webhook.admin;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.admin.app.AdminTestApplication;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.BrowserForms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a security review checks on the admin, over real HTTP: every page carries a
 * Content-Security-Policy that allows no inline script or style, and no page has any
 * (no inline handlers, no style attributes); a Referrer-Policy; and password guessing
 * is throttled per user (and per address) for form login and HTTP Basic alike.
 */
@SpringBootTest(classes = AdminTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shophooks.webhook.security.allow-private-networks=true",
				"shophooks.webhook.delivery.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:admin-hardening;DB_CLOSE_DELAY=-1",
				"shophooks.webhook.admin.login-throttle.max-failures=3",
				"shophooks.webhook.admin.login-throttle.window=3s" })
class AdminHardeningIntegrationTests {

	private static final Pattern INLINE = Pattern.compile(
			"(?i)<script(?![^>]*\\ssrc=)[^>]*>|<style[\\s>]|\\son[a-z]+\\s*=|\\sstyle\\s*=|javascript:");

	@LocalServerPort
	int port;

	@Autowired
	EndpointService endpoints;

	@Autowired
	WebhookPublisher publisher;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void everyPageHasAStrictContentSecurityPolicyAndNoInlineScriptOrStyle() throws Exception {
		long id = this.endpoints
			.create(EndpointDefinition.signed("Pages", "http://127.0.0.1:9/hooks", List.of("order.approved")))
			.endpoint()
			.id();
		List<String> pages = new ArrayList<>(List.of("/admin/webhooks/login", "/admin/webhooks", "/admin/webhooks/endpoints",
				"/admin/webhooks/endpoints/new", "/admin/webhooks/endpoints/" + id,
				"/admin/webhooks/endpoints/" + id + "/edit", "/admin/webhooks/deliveries", "/admin/webhooks/event-types"));
		for (String page : pages) {
			HttpResponse<String> response = get(page, AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD);
			assertThat(response.statusCode()).as(page).isEqualTo(200);
			String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
			assertThat(policy).as(page)
				.contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
				.doesNotContain("unsafe-inline", "unsafe-eval");
			assertThat(response.headers().firstValue("Referrer-Policy")).as(page).hasValue("same-origin");
			Matcher inline = INLINE.matcher(response.body());
			assertThat(inline.find()).as(page + ": " + (inline.hitEnd() ? "" : snippet(response.body(), inline)))
				.isFalse();
		}
		HttpResponse<String> script = get("/admin/webhooks/assets/shophooks.js", null, null);
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("data-copy", "data-confirm");
	}

	private static String snippet(String body, Matcher match) {
		int start = Math.max(0, match.start() - 60);
		return body.substring(start, Math.min(body.length(), match.end() + 60));
	}

	/**
	 * The address that guessed a user's password is held for a while, right password or
	 * not; the same user from another address (IPv6 loopback against IPv4) gets in after a
	 * pause of seconds at most, and another user from the guessing address is not held.
	 */
	@Test
	void repeatedFailedLoginsHoldTheGuessingAddressButNotTheUserElsewhere() throws Exception {
		String guessed = AdminTestApplication.CLERK;
		for (int i = 0; i < 3; i++) {
			assertThat(formLogin(guessed, "wrong-" + i)).endsWith("/admin/webhooks/login?error");
		}
		if (ipv6Loopback()) {
			// at most a short pause (its Retry-After), then in (403: the clerk lacks the role)
			HttpResponse<String> elsewhere = basicFromIpv6(guessed);
			if (elsewhere.statusCode() == 429) {
				long pause = Long.parseLong(elsewhere.headers().firstValue("Retry-After").orElseThrow());
				assertThat(pause).isLessThanOrEqualTo(30);
				Thread.sleep(pause * 1000 + 100);
				elsewhere = basicFromIpv6(guessed);
			}
			assertThat(elsewhere.statusCode()).as("the user from another address").isEqualTo(403);
		}
		else {
			System.out.println("no IPv6 loopback here: the other-address case is covered by LoginThrottleTests only");
		}
		// the fourth try from the guessing address, right password or not, is refused
		assertThat(formLogin(guessed, AdminTestApplication.PASSWORD)).contains("throttled=");
		HttpResponse<String> basic = get("/api/webhooks/endpoints", guessed, AdminTestApplication.PASSWORD);
		assertThat(basic.statusCode()).isEqualTo(429);
		assertThat(basic.headers().firstValue("Retry-After")).isPresent();
		// the login page says why
		String page = get("/admin/webhooks/login?error&throttled=3", null, null).body();
		assertThat(page).contains("id=\"login-throttled\"").doesNotContain("id=\"login-error\"");
		// another user is not held back by the clerk's failures
		assertThat(get("/api/webhooks/endpoints", AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD)
			.statusCode()).isEqualTo(200);
		// once the failures leave the window, the right password works again
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> get("/api/webhooks/endpoints", guessed, AdminTestApplication.PASSWORD).statusCode() == 403);
	}

	/**
	 * From an address the owner has logged in from before (which a guesser may share: an
	 * office, a proxy), failed guesses only slow the next try: the owner gets in after a
	 * pause of seconds at most, never held for the whole window.
	 */
	@Test
	void guessesFromTheOwnersOwnAddressOnlySlowTheOwnerDown() throws Exception {
		assertThat(get("/api/webhooks/endpoints", AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD)
			.statusCode()).isEqualTo(200);
		for (int i = 0; i < 3; i++) {
			get("/api/webhooks/endpoints", AdminTestApplication.ADMIN, "wrong-" + i);
		}
		HttpResponse<String> owner = get("/api/webhooks/endpoints", AdminTestApplication.ADMIN,
				AdminTestApplication.PASSWORD);
		if (owner.statusCode() == 429) {
			long pause = Long.parseLong(owner.headers().firstValue("Retry-After").orElseThrow());
			assertThat(pause).isLessThanOrEqualTo(30);
			Thread.sleep(pause * 1000 + 100);
			owner = get("/api/webhooks/endpoints", AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD);
		}
		assertThat(owner.statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> basicFromIpv6(String user) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + this.port + "/api/webhooks/endpoints"))
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + AdminTestApplication.PASSWORD)
					.getBytes(StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static boolean ipv6Loopback() {
		try (java.net.Socket socket = new java.net.Socket()) {
			java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("::1"));
			socket.connect(server.getLocalSocketAddress(), 1000);
			server.close();
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	private HttpResponse<String> get(String path, String user, String password) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (user != null) {
			request.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A form login with its CSRF token, as a browser sends it; where it is redirected. */
	private String formLogin(String user, String password) throws Exception {
		HttpResponse<String> page = get("/admin/webhooks/login", null, null);
		String cookie = BrowserForms.sessionCookie(page);
		String token = BrowserForms.csrfToken(page.body());
		String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8);
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/admin/webhooks/login"))
					.header("Cookie", cookie)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		return response.headers().firstValue("Location").orElseThrow();
	}

}
