package io.shophooks.webhook.admin;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.shophooks.webhook.admin.app.AdminTestApplication;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.CsrfMatrix;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSRF protection is skipped only for an API request that HTTP Basic authenticated and
 * that carries no session. Rotating a secret over real HTTP in every combination of
 * session, {@code Authorization} header and CSRF token ({@link CsrfMatrix}) rotates it
 * exactly when the rule allows; before, a logged-in session plus a wrong Basic password
 * rotated it without a CSRF token.
 */
@SpringBootTest(classes = AdminTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shophooks.webhook.security.allow-private-networks=true", "shophooks.webhook.delivery.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:admin-csrf;DB_CLOSE_DELAY=-1" })
class CsrfIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EndpointService endpoints;

	@Test
	void csrfIsSkippedOnlyWhenBasicAuthenticatedARequestWithoutASession() throws Exception {
		long id = this.endpoints
			.create(EndpointDefinition.signed("CSRF", "http://127.0.0.1:9/hooks", List.of("order.approved")))
			.endpoint()
			.id();
		CsrfMatrix.Login owner = new CsrfMatrix.Login("/admin/webhooks/login", AdminTestApplication.ADMIN,
				AdminTestApplication.PASSWORD, "/admin/webhooks/endpoints", AdminTestApplication.CLERK,
				AdminTestApplication.PASSWORD);
		List<String> wrong = new CsrfMatrix("http://localhost:" + this.port).violations(owner, "POST",
				"/api/webhooks/endpoints/" + id + "/rotate-secret?cutShort=true", null,
				() -> this.endpoints.target(id).orElseThrow().signingSecrets());
		assertThat(wrong).as("combinations that broke the rule").isEmpty();
	}

}
