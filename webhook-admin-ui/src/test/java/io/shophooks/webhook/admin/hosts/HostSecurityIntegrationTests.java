package io.shophooks.webhook.admin.hosts;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.shophooks.webhook.admin.hosts.oauth.BearerTokenHostApplication;
import io.shophooks.webhook.admin.hosts.roles.OwnRolesHostApplication;
import io.shophooks.webhook.support.BrowserForms;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a host wires its own security to the admin, over real HTTP, as the README describes:
 * a host with form login and roles of its own grants the admin to its managers with a role
 * hierarchy, and keeps its own chain for its own pages; a host whose API clients send
 * OAuth2 bearer tokens turns the admin's chain off and protects the admin's API with a
 * resource-server chain that maps a JWT claim to {@code ROLE_WEBHOOK_ADMIN}.
 */
class HostSecurityIntegrationTests {

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void aHostWithItsOwnRolesGrantsTheAdminToItsManagers() throws Exception {
		try (ConfigurableApplicationContext host = start(OwnRolesHostApplication.class)) {
			String base = "http://localhost:" + host.getEnvironment().getProperty("local.server.port");
			// the admin's form login, with the host's users
			assertThat(formLogin(base, "maria", "maria-pass")).endsWith("/admin/webhooks");
			String clerkSession = session(base, "carl", "carl-pass");
			assertThat(get(base + "/admin/webhooks/endpoints", clerkSession, null).statusCode()).isEqualTo(403);
			// the API with HTTP Basic
			assertThat(get(base + "/api/webhooks/endpoints", null, basic("maria", "maria-pass")).statusCode())
				.isEqualTo(200);
			assertThat(get(base + "/api/webhooks/endpoints", null, basic("carl", "carl-pass")).statusCode())
				.isEqualTo(403);
			// the host's own pages stay behind the host's own chain: its login page, not the admin's
			HttpResponse<String> hostPage = this.http.send(
					HttpRequest.newBuilder(URI.create(base + "/orders")).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(hostPage.statusCode()).isEqualTo(302);
			assertThat(hostPage.headers().firstValue("Location")).hasValueSatisfying(
					location -> assertThat(location).endsWith("/login").doesNotContain("/admin/webhooks"));
		}
	}

	@Test
	void aHostWithBearerTokensMapsAClaimToTheAdminRole() throws Exception {
		try (ConfigurableApplicationContext host = start(BearerTokenHostApplication.class,
				"--shophooks.webhook.admin.security-enabled=false")) {
			String base = "http://localhost:" + host.getEnvironment().getProperty("local.server.port");
			String admin = "Bearer " + token(List.of("WEBHOOK_ADMIN"));
			String other = "Bearer " + token(List.of("REPORTING"));
			assertThat(get(base + "/api/webhooks/endpoints", null, admin).statusCode()).isEqualTo(200);
			assertThat(get(base + "/api/webhooks/endpoints", null, other).statusCode()).isEqualTo(403);
			assertThat(get(base + "/api/webhooks/endpoints", null, null).statusCode()).isEqualTo(401);
			assertThat(get(base + "/api/webhooks/endpoints", null, "Bearer forged.token.here").statusCode())
				.isEqualTo(401);
			HttpResponse<String> created = this.http.send(HttpRequest.newBuilder(URI.create(base + "/api/webhooks/endpoints"))
				.header("Authorization", admin)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"name\":\"ERP\",\"url\":\"https://93.184.216.34/hooks\",\"eventTypes\":[\"*\"]}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		}
	}

	private static ConfigurableApplicationContext start(Class<?> application, String... more) {
		List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--shophooks.webhook.delivery.enabled=false"));
		arguments.addAll(List.of(more));
		return new SpringApplicationBuilder(application).run(arguments.toArray(String[]::new));
	}

	private static String token(List<String> roles) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("erp-client")
			.claim("roles", roles)
			.issueTime(java.util.Date.from(Instant.now()))
			.expirationTime(java.util.Date.from(Instant.now().plusSeconds(300)))
			.build());
		jwt.sign(new MACSigner(BearerTokenHostApplication.KEY));
		return jwt.serialize();
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private HttpResponse<String> get(String url, String cookie, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Where the admin's form login sends the user. */
	private String formLogin(String base, String user, String password) throws Exception {
		return login(base, user, password).headers().firstValue("Location").orElseThrow();
	}

	private String session(String base, String user, String password) throws Exception {
		return BrowserForms.sessionCookie(login(base, user, password));
	}

	private HttpResponse<String> login(String base, String user, String password) throws Exception {
		HttpResponse<String> page = get(base + "/admin/webhooks/login", null, null);
		String token = BrowserForms.csrfToken(page.body());
		String form = "username=" + user + "&password=" + password + "&_csrf="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8);
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(base + "/admin/webhooks/login"))
			.header("Cookie", BrowserForms.sessionCookie(page))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		return response;
	}

}
