package io.shophooks.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop as a security review sees it, over real HTTP: anonymous health shows the
 * status only, the session cookie is {@code SameSite=Lax}, pages carry a strict
 * Content-Security-Policy and have no inline script or style, and the shop's own login
 * is throttled like the admin's.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:shop-hardening;DB_CLOSE_DELAY=-1",
				"shophooks.webhook.delivery.enabled=false", "shophooks.webhook.admin.login-throttle.max-failures=2" })
class ShopHardeningIntegrationTests {

	private static final Pattern INLINE = Pattern.compile(
			"(?i)<script(?![^>]*\\ssrc=)[^>]*>|\\son[a-z]+\\s*=|\\sstyle\\s*=|javascript:");

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void anonymousHealthShowsTheStatusOnlyAndTheOwnerSeesTheDetails() throws Exception {
		HttpResponse<String> anonymous = get("/actuator/health", null, null);
		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("components", "diskSpace", "path",
				"Partner inbox");
		HttpResponse<String> owner = get("/actuator/health", "owner", "owner-pass");
		assertThat(owner.body()).contains("components", "webhooks");
	}

	@Test
	void sessionCookieIsSameSiteLax() throws Exception {
		HttpResponse<String> login = get("/login", null, null);
		assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(
				cookie -> assertThat(cookie).startsWith("JSESSIONID=").containsIgnoringCase("SameSite=Lax"));
	}

	@Test
	void shopPagesHaveAStrictContentSecurityPolicyAndNoInlineScriptOrStyle() throws Exception {
		for (String page : List.of("/", "/partner/inbox")) {
			HttpResponse<String> response = get(page, "owner", "owner-pass");
			assertThat(response.statusCode()).as(page).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(page)
				.hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'", "style-src 'self'")
					.doesNotContain("unsafe-inline"));
			assertThat(response.headers().firstValue("Referrer-Policy")).as(page).hasValue("same-origin");
			assertThat(INLINE.matcher(response.body()).find()).as(page).isFalse();
		}
	}

	@Test
	void repeatedFailedApiLoginsAreRefusedEvenWithTheRightPassword() throws Exception {
		assertThat(get("/api/customers", "clerk", "wrong-1").statusCode()).isEqualTo(401);
		assertThat(get("/api/customers", "clerk", "wrong-2").statusCode()).isEqualTo(401);
		HttpResponse<String> refused = get("/api/customers", "clerk", "clerk-pass");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void theEventCatalogShowsTheXmlAndFormShapeOfEveryEventType() throws Exception {
		String page = get("/admin/webhooks/event-types", "owner", "owner-pass").body();
		// order.approved has a list of lines: a wrapper with one element per line in XML, indexes in a form
		assertThat(page).contains("&lt;lines&gt;&lt;line&gt;&lt;sku&gt;")
			.contains("data%5Blines%5D%5B0%5D%5Bsku%5D=")
			.contains("customer.created", "product.created", "order.approved");
	}

	@Test
	void theManagementApiIsDescribedAsOpenApiBehindTheAdminsSecurity() throws Exception {
		assertThat(get("/api/webhooks/openapi", null, null).statusCode()).isEqualTo(401);
		assertThat(get("/api/webhooks/openapi", "clerk", "clerk-pass").statusCode()).isEqualTo(403);
		HttpResponse<String> description = get("/api/webhooks/openapi", "owner", "owner-pass");
		assertThat(description.statusCode()).isEqualTo(200);
		tools.jackson.databind.JsonNode openApi = tools.jackson.databind.json.JsonMapper.shared().readTree(description.body());
		assertThat(openApi.get("openapi").asString()).startsWith("3.");
		assertThat(openApi.get("paths").propertyNames()).contains("/api/webhooks/endpoints", "/api/webhooks/endpoints/{id}",
				"/api/webhooks/endpoints/{id}/rotate-secret", "/api/webhooks/deliveries",
				"/api/webhooks/deliveries/{id}/replay", "/api/webhooks/event-types")
			.noneMatch(path -> path.startsWith("/api/customers"));
	}

	private HttpResponse<String> get(String path, String user, String password) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (user != null) {
			request.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
