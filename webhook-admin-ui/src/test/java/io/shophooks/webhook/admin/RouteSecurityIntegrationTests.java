package io.shophooks.webhook.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.shophooks.webhook.admin.app.AdminTestApplication;
import io.shophooks.webhook.support.TestReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every admin and API route, enumerated from the application's own handler mappings so a
 * new route cannot slip past: refused without login, refused without the role, and
 * refused for a cookie-authenticated write without a CSRF token. Secrets never show up in
 * pages, API answers after creation, or logs.
 */
@SpringBootTest(classes = AdminTestApplication.class,
		properties = { "shophooks.webhook.security.allow-private-networks=true",
				"spring.datasource.url=jdbc:h2:mem:admin-routes;DB_CLOSE_DELAY=-1" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class RouteSecurityIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	record Route(HttpMethod method, String path) {

		boolean api() {
			return this.path.startsWith("/api/webhooks");
		}

		boolean write() {
			return !this.method.equals(HttpMethod.GET);
		}

		MockHttpServletRequestBuilder request() {
			MockHttpServletRequestBuilder builder = MockMvcRequestBuilders.request(this.method, this.path);
			return this.api() ? builder.contentType(MediaType.APPLICATION_JSON).content("{}") : builder;
		}

	}

	/** Shorthand kept local: the static import of request(...) clashes with the record method. */
	static final class MockMvcRequestBuilders {

		static MockHttpServletRequestBuilder request(HttpMethod method, String path) {
			return org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request(method, path);
		}

	}

	List<Route> routes() {
		List<Route> routes = new ArrayList<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<String> patterns = (info.getPathPatternsCondition() != null)
					? info.getPathPatternsCondition().getPatternValues() : info.getPatternValues();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : patterns) {
				if (!(pattern.startsWith("/admin/webhooks") || pattern.startsWith("/api/webhooks"))
						|| pattern.equals("/admin/webhooks/login") || pattern.equals("/admin/webhooks/denied")) {
					// the login page and the "not allowed" page are for everyone
					continue;
				}
				String path = pattern.replaceAll("\\{[^}]+}", "1");
				if (methods.isEmpty()) {
					routes.add(new Route(HttpMethod.GET, path));
				}
				for (RequestMethod method : methods) {
					routes.add(new Route(HttpMethod.valueOf(method.name()), path));
				}
			}
		}
		return routes;
	}

	@Test
	void everyRouteIsRefusedWithoutLoginWithoutTheRoleAndWithoutCsrf() throws Exception {
		List<Route> routes = routes();
		assertThat(routes).hasSizeGreaterThan(25);
		MockHttpSession clerk = login(AdminTestApplication.CLERK);
		MockHttpSession owner = login(AdminTestApplication.ADMIN);
		for (Route route : routes) {
			int anonymous = this.mvc.perform(route.request().with(csrf())).andReturn().getResponse().getStatus();
			assertThat(anonymous).as("anonymous " + route).isEqualTo(route.api() ? 401 : 302);
			int withoutRole = this.mvc.perform(route.request().with(csrf()).session(clerk))
				.andReturn()
				.getResponse()
				.getStatus();
			assertThat(withoutRole).as("clerk " + route).isEqualTo(403);
			int basicWithoutRole = this.mvc
				.perform(route.request().with(httpBasic(AdminTestApplication.CLERK, AdminTestApplication.PASSWORD)))
				.andReturn()
				.getResponse()
				.getStatus();
			assertThat(basicWithoutRole).as("clerk with Basic " + route).isIn(401, 403);
			if (route.write()) {
				int noCsrf = this.mvc.perform(route.request().session(owner)).andReturn().getResponse().getStatus();
				assertThat(noCsrf).as("owner's session without CSRF " + route).isEqualTo(403);
			}
		}
	}

	private MockHttpSession login(String username) throws Exception {
		return (MockHttpSession) this.mvc
			.perform(post("/admin/webhooks/login").param("username", username)
				.param("password", AdminTestApplication.PASSWORD)
				.with(csrf()))
			.andReturn()
			.getRequest()
			.getSession();
	}

	@Test
	void secretsNeverAppearInPagesApiAnswersOrLogs(CapturedOutput output) throws Exception {
		try (TestReceiver receiver = new TestReceiver()) {
			String secret = "whsec_" + java.util.Base64.getEncoder()
				.encodeToString("route-test-secret-key-of-32-byte".getBytes());
			String created = this.mvc
				.perform(post("/api/webhooks/endpoints")
					.with(httpBasic(AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD))
					.contentType(MediaType.APPLICATION_JSON)
					.content("""
							{"name":"leak check","url":"%s","eventTypes":["*"],
							 "auth":{"basic":{"username":"partner","password":"P4ssw0rd-leak"},
							         "token":{"parameter":"token","value":"T0ken-leak"},
							         "hmac":{"enabled":true,"secret":"%s"}}}
							""".formatted(receiver.url("/leak"), secret)))
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(created).contains(secret);
			long id = Long.parseLong(created.replaceAll("^\\{\"id\":(\\d+).*$", "$1"));
			this.mvc.perform(post("/api/webhooks/endpoints/" + id + "/test")
				.with(httpBasic(AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD)));
			List<String> seen = new ArrayList<>();
			for (String page : List.of("/admin/webhooks", "/admin/webhooks/endpoints",
					"/admin/webhooks/endpoints/" + id, "/admin/webhooks/endpoints/" + id + "/edit",
					"/admin/webhooks/deliveries", "/admin/webhooks/deliveries/1")) {
				seen.add(this.mvc.perform(get(page).with(user("owner").roles("WEBHOOK_ADMIN")))
					.andReturn()
					.getResponse()
					.getContentAsString());
			}
			for (String api : List.of("/api/webhooks/endpoints", "/api/webhooks/endpoints/" + id,
					"/api/webhooks/deliveries", "/api/webhooks/deliveries/1")) {
				seen.add(this.mvc.perform(get(api).with(httpBasic(AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD)))
					.andReturn()
					.getResponse()
					.getContentAsString());
			}
			seen.add(output.getAll());
			String key = secret.substring(6);
			for (String text : seen) {
				assertThat(text).doesNotContain("P4ssw0rd-leak", "T0ken-leak", key,
						java.util.Base64.getEncoder().encodeToString("partner:P4ssw0rd-leak".getBytes()));
			}
			assertThat(receiver.received("/leak")).isNotEmpty();
		}
	}

}
