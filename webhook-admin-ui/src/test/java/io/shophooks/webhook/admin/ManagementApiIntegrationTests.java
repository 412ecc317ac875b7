package io.shophooks.webhook.admin;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.shophooks.webhook.admin.app.AdminTestApplication;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestReceiver.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The JSON management API through the real security chain and engine on H2.
 */
@SpringBootTest(classes = AdminTestApplication.class,
		properties = { "shophooks.webhook.security.allow-private-networks=true",
				"spring.datasource.url=jdbc:h2:mem:admin-api;DB_CLOSE_DELAY=-1" })
@AutoConfigureMockMvc
class ManagementApiIntegrationTests {

	static TestReceiver receiver;

	@Autowired
	MockMvc mvc;

	@Autowired
	EndpointService endpoints;

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new TestReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@BeforeEach
	void noEndpoints() {
		this.endpoints.list().forEach(e -> this.endpoints.delete(e.id()));
		receiver.reset();
	}

	private String body(String name, String url, String types) {
		return """
				{"name":"%s","url":"%s","eventTypes":[%s],"format":"JSON",
				 "auth":{"basic":{"username":"shop","password":"pw-123"},"token":{"parameter":"key","value":"tok-456"},
				         "hmac":{"enabled":true}},
				 "maxConcurrency":4}
				""".formatted(name, url, types);
	}

	private static org.springframework.test.web.servlet.request.RequestPostProcessor admin() {
		return httpBasic(AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD);
	}

	@Test
	void createReturnsTheSecretOnceAndNeverAgain() throws Exception {
		String response = this.mvc
			.perform(post("/api/webhooks/endpoints").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(body("ERP", receiver.url("/erp"), "\"order.approved\"")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.secret", startsWith("whsec_")))
			.andExpect(jsonPath("$.auth.basic.username").value("shop"))
			.andExpect(jsonPath("$.auth.token.parameter").value("key"))
			.andExpect(jsonPath("$.maxConcurrency").value(4))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(response).doesNotContain("pw-123", "tok-456");
		long id = this.endpoints.list().get(0).id();
		this.mvc.perform(get("/api/webhooks/endpoints/" + id).with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.secret").doesNotExist())
			.andExpect(jsonPath("$.auth.hmac.secretHint", containsString("…")))
			.andExpect(content().string(not(containsString("pw-123"))));
		this.mvc.perform(get("/api/webhooks/endpoints").with(admin()))
			.andExpect(jsonPath("$", hasSize(1)))
			.andExpect(jsonPath("$[0].secret").doesNotExist());
	}

	@Test
	void invalidEndpointIsAProblemDetailWithFieldErrorsAndNothingIsSaved() throws Exception {
		this.mvc
			.perform(post("/api/webhooks/endpoints").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(body("", "http://169.254.169.254/latest", "\"order.shipped\"")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors.name").exists())
			.andExpect(jsonPath("$.errors.eventTypes", containsString("Unknown event type 'order.shipped'")));
		this.mvc
			.perform(post("/api/webhooks/endpoints").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"broken\", "))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc
			.perform(post("/api/webhooks/endpoints").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(body("x", "http://127.0.0.1:9/", "\"order.approved\"").replace("\"JSON\"", "\"YAML\"")))
			.andExpect(status().isBadRequest());
		assertThat(this.endpoints.list()).isEmpty();
	}

	@Test
	void orderingFilterFieldsAndPayloadModeAreSavedAndShown() throws Exception {
		String json = body("Ordered", receiver.url("/opts"), "\"order.approved\"").replace("\"maxConcurrency\":4",
				"\"maxConcurrency\":4,\"ordered\":true,\"filter\":\"total >= 100\",\"includeFields\":[\"orderId\",\"total\"],\"payload\":\"THIN\"");
		this.mvc.perform(post("/api/webhooks/endpoints").with(admin()).contentType(MediaType.APPLICATION_JSON).content(json))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.ordered").value(true))
			.andExpect(jsonPath("$.filter").value("total >= 100"))
			.andExpect(jsonPath("$.includeFields[1]").value("total"))
			.andExpect(jsonPath("$.payload").value("THIN"));
		this.mvc.perform(post("/api/webhooks/endpoints").with(admin()).contentType(MediaType.APPLICATION_JSON)
			.content(json.replace("total >= 100", "total >= 100 and exec('x')")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.filter").value("Function and method calls are not allowed (at position 18)"));
		assertThat(this.endpoints.list()).hasSize(1);
	}

	@Test
	void eventCatalogServesEachTypesVersionAndJsonSchema() throws Exception {
		this.mvc.perform(get("/api/webhooks/event-types").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.type == 'order.approved')].version").value(org.hamcrest.Matchers.contains(1)))
			// the index links each type to its schema
			.andExpect(jsonPath("$[?(@.type == 'order.approved')].schema")
				.value(org.hamcrest.Matchers.contains("event-types/order.approved/schema")));
		this.mvc.perform(get("/api/webhooks/event-types/order.approved/schema").with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("application/schema+json"))
			.andExpect(jsonPath("$.$id").value("urn:shophooks:event:order.approved:v1"))
			.andExpect(jsonPath("$.properties.total.type").value("number"))
			.andExpect(jsonPath("$.required", org.hamcrest.Matchers.contains("orderId", "total")));
		this.mvc.perform(get("/api/webhooks/event-types/order.nope/schema").with(admin()))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void unknownIdsAre404() throws Exception {
		this.mvc.perform(get("/api/webhooks/endpoints/424242").with(admin()))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get("/api/webhooks/deliveries/424242").with(admin())).andExpect(status().isNotFound());
		this.mvc.perform(get("/api/webhooks/endpoints/abc").with(admin())).andExpect(status().isBadRequest());
	}

	@Test
	void anonymousAndUsersWithoutTheRoleAreRefused() throws Exception {
		this.mvc.perform(get("/api/webhooks/endpoints")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/webhooks/endpoints")
			.with(httpBasic(AdminTestApplication.CLERK, AdminTestApplication.PASSWORD)))
			.andExpect(status().isForbidden());
	}

	@Test
	void cookieAuthenticatedWriteNeedsCsrfButBasicDoesNot() throws Exception {
		MockHttpSession session = (MockHttpSession) this.mvc
			.perform(post("/admin/webhooks/login").param("username", AdminTestApplication.ADMIN)
				.param("password", AdminTestApplication.PASSWORD)
				.with(csrf()))
			.andReturn()
			.getRequest()
			.getSession();
		String json = body("ERP", receiver.url("/erp"), "\"order.approved\"");
		this.mvc.perform(post("/api/webhooks/endpoints").session(session).contentType(MediaType.APPLICATION_JSON)
			.content(json)).andExpect(status().isForbidden());
		assertThat(this.endpoints.list()).isEmpty();
		this.mvc.perform(post("/api/webhooks/endpoints").session(session).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)).andExpect(status().isCreated());
		this.mvc.perform(get("/api/webhooks/endpoints").session(session)).andExpect(status().isOk());
	}

	@Test
	void updateKeepsSecretsNotSentAndDeleteRemoves() throws Exception {
		this.mvc.perform(post("/api/webhooks/endpoints").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body("ERP", receiver.url("/erp"), "\"order.approved\"")));
		long id = this.endpoints.list().get(0).id();
		this.mvc
			.perform(put("/api/webhooks/endpoints/" + id).with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"name":"ERP 2","url":"%s","eventTypes":["*"],"format":"XML",
						 "auth":{"basic":{"username":"shop"},"token":{"parameter":"key"},"hmac":{"enabled":true}},
						 "enabled":false}
						""".formatted(receiver.url("/erp2"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("ERP 2"))
			.andExpect(jsonPath("$.format").value("XML"))
			.andExpect(jsonPath("$.enabled").value(false));
		var target = this.endpoints.target(id).orElseThrow();
		assertThat(target.basicPassword()).isEqualTo("pw-123");
		assertThat(target.urlToken()).isEqualTo("tok-456");
		this.mvc.perform(delete("/api/webhooks/endpoints/" + id).with(admin())).andExpect(status().isNoContent());
		assertThat(this.endpoints.list()).isEmpty();
	}

	@Test
	void testEventRotationDeliveriesAndReplay() throws Exception {
		this.mvc.perform(post("/api/webhooks/endpoints").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body("ERP", receiver.url("/erp"), "\"order.approved\"")));
		long id = this.endpoints.list().get(0).id();
		receiver.script("/erp", Reply.status(500).withBody("boom"));
		this.mvc.perform(post("/api/webhooks/endpoints/" + id + "/test").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.statusCode").value(500))
			.andExpect(jsonPath("$.responseExcerpt").value("boom"))
			.andExpect(jsonPath("$.outcome").value("FAILED"));
		assertThat(receiver.received("/erp").get(0).query()).isEqualTo("key=tok-456");

		String deliveries = this.mvc.perform(get("/api/webhooks/deliveries").param("endpoint", Long.toString(id))
			.param("status", "FAILED")
			.with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items", hasSize(1)))
			.andReturn()
			.getResponse()
			.getContentAsString();
		long deliveryId = Long.parseLong(deliveries.replaceAll(".*\"items\":\\[\\{\"id\":(\\d+).*", "$1"));
		this.mvc.perform(get("/api/webhooks/deliveries/" + deliveryId).with(admin()))
			.andExpect(jsonPath("$.attempts", hasSize(1)))
			.andExpect(jsonPath("$.attempts[0].requestHeaders", containsString("Authorization: Basic ****")));
		this.mvc.perform(post("/api/webhooks/deliveries/" + deliveryId + "/replay").with(admin()))
			.andExpect(status().isAccepted());
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
			.until(() -> receiver.received("/erp").size() == 2);

		this.mvc.perform(post("/api/webhooks/endpoints/" + id + "/rotate-secret").with(admin()))
			.andExpect(jsonPath("$.secret", startsWith("whsec_")))
			.andExpect(jsonPath("$.auth.hmac.previousSecretExpiresAt").exists());
		// again within the overlap: refused with the time the earlier secret still signs until, unless cut short
		this.mvc.perform(post("/api/webhooks/endpoints/" + id + "/rotate-secret").with(admin()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.previousSecretValidUntil").exists());
		this.mvc.perform(post("/api/webhooks/endpoints/" + id + "/rotate-secret").param("cutShort", "true").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.secret", startsWith("whsec_")));
		this.mvc.perform(post("/api/webhooks/endpoints/" + id + "/recover").param("since", "2020-01-01T00:00:00Z")
			.with(admin())).andExpect(jsonPath("$.recovered").isNumber());
		this.mvc.perform(post("/api/webhooks/endpoints/" + id + "/recover").param("since", "yesterday")
			.with(admin())).andExpect(status().isBadRequest());
		String types = this.mvc.perform(get("/api/webhooks/event-types").with(admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(types).contains("{\"type\":\"order.approved\",\"description\":\"An order was approved\"")
			.contains("\"type\":\"webhook.test\"");
	}

}
