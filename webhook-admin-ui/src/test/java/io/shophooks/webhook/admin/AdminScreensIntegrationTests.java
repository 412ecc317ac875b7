package io.shophooks.webhook.admin;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.shophooks.webhook.admin.app.AdminTestApplication;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The admin screens through the real security chain, the real engine and H2: what a
 * store owner can and cannot do, and what the pages say.
 */
@SpringBootTest(classes = AdminTestApplication.class,
		properties = { "shophooks.webhook.security.allow-private-networks=true",
				"shophooks.webhook.delivery.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:admin-screens;DB_CLOSE_DELAY=-1" })
@AutoConfigureMockMvc
class AdminScreensIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	EndpointService endpoints;

	@BeforeEach
	void noEndpoints() {
		this.endpoints.list().forEach(e -> this.endpoints.delete(e.id()));
	}

	@Test
	void aSecondRotationWithinTheOverlapIsOnlyDoneAfterAWarning() throws Exception {
		long id = this.endpoints
			.create(io.shophooks.webhook.endpoint.EndpointDefinition.signed("Rotating", "https://93.184.216.34/hooks",
					java.util.List.of("order.approved")))
			.endpoint()
			.id();
		var owner = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
			.user(AdminTestApplication.ADMIN)
			.roles("WEBHOOK_ADMIN");
		this.mvc.perform(post("/admin/webhooks/endpoints/" + id + "/rotate").param("overlapHours", "24").with(owner).with(csrf()))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attributeExists("secret"));
		var warned = this.mvc
			.perform(post("/admin/webhooks/endpoints/" + id + "/rotate").param("overlapHours", "24").with(owner).with(csrf()))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attributeCount(2))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attributeExists("rotationConflictUntil"))
			.andReturn();
		String page = this.mvc
			.perform(get("/admin/webhooks/endpoints/" + id).with(owner)
				.flashAttrs(warned.getFlashMap()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("id=\"rotation-conflict\"", "still signs until", "id=\"rotate-anyway\"");
		this.mvc.perform(post("/admin/webhooks/endpoints/" + id + "/rotate").param("overlapHours", "24")
			.param("cutShort", "true")
			.with(owner)
			.with(csrf()))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attributeExists("secret"));
	}

	@Test
	void filterErrorsFromTheEngineAreShownInTheUsersLanguage() throws Exception {
		var owner = user(AdminTestApplication.ADMIN).roles("WEBHOOK_ADMIN");
		for (String[] language : new String[][] { { "en", "Use &#39;==&#39; to compare (at position " },
				{ "vi", "Hãy dùng &#39;==&#39; để so sánh (tại vị trí " } }) {
			String page = this.mvc
				.perform(post("/admin/webhooks/endpoints/new").header("Accept-Language", language[0])
					.param("name", "ERP")
					.param("url", "https://93.184.216.34/hooks")
					.param("eventTypes", "order.approved")
					.param("format", "JSON")
					.param("signing", "true")
					.param("filter", "total = 100")
					.param("includeFields", "lines[0]")
					.with(owner)
					.with(csrf()))
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(page).as(language[0]).contains(language[1]);
			assertThat(page).as(language[0])
				.contains(language[0].equals("en") ? "is not a field path" : "không phải là đường dẫn trường");
		}
	}

	@Test
	void anonymousVisitorIsSentToTheLoginPage() throws Exception {
		this.mvc.perform(get("/admin/webhooks/endpoints"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/admin/webhooks/login"));
		this.mvc.perform(get("/admin/webhooks/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Log in to ShopHooks")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("action=\"/admin/webhooks/login\"")));
	}

	@Test
	void theHostsOwnPathsStayProtectedByBootsDefaultChain() throws Exception {
		// The test host declares no SecurityFilterChain: the admin UI's chain must not make Boot's default back off.
		int status = this.mvc.perform(get("/some/host/page")).andReturn().getResponse().getStatus();
		assertThat(status).isIn(302, 401);
	}

	@Test
	void formLoginWithTheAdminRoleOpensTheDashboard() throws Exception {
		this.mvc.perform(post("/admin/webhooks/login").param("username", AdminTestApplication.ADMIN)
			.param("password", AdminTestApplication.PASSWORD)
			.with(csrf())).andExpect(redirectedUrl("/admin/webhooks"));
		this.mvc.perform(post("/admin/webhooks/login").param("username", AdminTestApplication.ADMIN)
			.param("password", "wrong")
			.with(csrf())).andExpect(redirectedUrl("/admin/webhooks/login?error"));
	}

	@Test
	@WithMockUser(roles = "CLERK")
	void userWithoutTheRoleIsRefused() throws Exception {
		this.mvc.perform(get("/admin/webhooks/endpoints")).andExpect(status().isForbidden());
	}

	@Test
	@WithMockUser(roles = "WEBHOOK_ADMIN")
	void everyScreenRenders() throws Exception {
		long id = this.endpoints
			.create(EndpointDefinition.signed("ERP", "http://127.0.0.1:9/hook", List.of("order.approved")))
			.endpoint()
			.id();
		for (String path : List.of("", "/endpoints", "/endpoints/new", "/endpoints/" + id, "/endpoints/" + id + "/edit",
				"/deliveries", "/event-types")) {
			this.mvc.perform(get("/admin/webhooks" + path)).andExpect(status().isOk());
		}
		this.mvc.perform(get("/admin/webhooks/endpoints/999999")).andExpect(status().isNotFound());
	}

	@Test
	@WithMockUser(roles = "WEBHOOK_ADMIN")
	void creatingAnEndpointShowsTheSecretOnceThenMasked() throws Exception {
		MvcResult created = this.mvc
			.perform(post("/admin/webhooks/endpoints/new").param("name", "ERP")
				.param("url", "http://127.0.0.1:9/hook")
				.param("eventTypes", "order.approved")
				.param("format", "JSON")
				.param("signing", "true")
				.with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("message", "shophooks.endpoint.created"))
			.andReturn();
		String secret = (String) created.getFlashMap().get("secret");
		assertThat(secret).startsWith("whsec_");
		Endpoint endpoint = this.endpoints.list().get(0);
		assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/admin/webhooks/endpoints/" + endpoint.id());
		this.mvc.perform(get("/admin/webhooks/endpoints/" + endpoint.id()).flashAttr("secret", secret))
			.andExpect(content().string(org.hamcrest.Matchers.containsString(secret)));
		String later = this.mvc.perform(get("/admin/webhooks/endpoints/" + endpoint.id()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(later).doesNotContain(secret).contains(secret.substring(0, 10) + "…");
	}

	@Test
	@WithMockUser(roles = "WEBHOOK_ADMIN")
	void invalidFormShowsMessagesNextToTheFieldsAndSavesNothing() throws Exception {
		this.mvc
			.perform(post("/admin/webhooks/endpoints/new").param("name", "")
				.param("url", "ftp://nope")
				.param("format", "JSON")
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(view().name("shophooks/endpoint-form"))
			.andExpect(model().attributeHasFieldErrors("endpoint", "name", "url", "eventTypes"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"url-error\"")));
		this.mvc
			.perform(post("/admin/webhooks/endpoints/new").param("name", "x")
				.param("url", "http://127.0.0.1:9/")
				.param("eventTypes", "order.approved")
				.param("maxConcurrency", "lots")
				.with(csrf()))
			.andExpect(model().attributeHasFieldErrors("endpoint", "maxConcurrency"));
		assertThat(this.endpoints.list()).isEmpty();
	}

	@Test
	@WithMockUser(roles = "WEBHOOK_ADMIN")
	void postWithoutCsrfTokenIsRefused() throws Exception {
		this.mvc
			.perform(post("/admin/webhooks/endpoints/new").param("name", "ERP")
				.param("url", "http://127.0.0.1:9/hook")
				.param("eventTypes", "order.approved"))
			.andExpect(status().isForbidden());
		assertThat(this.endpoints.list()).isEmpty();
	}

	@Test
	@WithMockUser(roles = "WEBHOOK_ADMIN")
	void markupInANameIsEscaped() throws Exception {
		long id = this.endpoints
			.create(EndpointDefinition.signed("<script>alert(1)</script>", "http://127.0.0.1:9/hook",
					List.of("order.approved")))
			.endpoint()
			.id();
		String page = this.mvc.perform(get("/admin/webhooks/endpoints/" + id)).andReturn().getResponse()
			.getContentAsString();
		assertThat(page).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
	}

	@Test
	@WithMockUser(roles = "WEBHOOK_ADMIN")
	void disableEnableAndDeleteRedirectWithAMessage() throws Exception {
		long id = this.endpoints
			.create(EndpointDefinition.signed("ERP", "http://127.0.0.1:9/hook", List.of("order.approved")))
			.endpoint()
			.id();
		this.mvc.perform(post("/admin/webhooks/endpoints/" + id + "/disable").with(csrf()))
			.andExpect(redirectedUrl("/admin/webhooks/endpoints/" + id))
			.andExpect(flash().attribute("message", "shophooks.endpoint.disabledMessage"));
		assertThat(this.endpoints.get(id).enabled()).isFalse();
		this.mvc.perform(post("/admin/webhooks/endpoints/" + id + "/enable").with(csrf()));
		assertThat(this.endpoints.get(id).enabled()).isTrue();
		this.mvc.perform(post("/admin/webhooks/endpoints/" + id + "/delete").with(csrf()))
			.andExpect(redirectedUrl("/admin/webhooks/endpoints"));
		assertThat(this.endpoints.find(id)).isEmpty();
	}

	@Test
	@WithMockUser(roles = "WEBHOOK_ADMIN")
	void endpointsThatNeedTheOwnerAndPauseShowAsABannerOnEveryScreen() throws Exception {
		long id = this.endpoints
			.create(EndpointDefinition.signed("ERP", "http://127.0.0.1:9/hook", List.of("order.approved")))
			.endpoint()
			.id();
		long off = this.endpoints
			.create(EndpointDefinition.signed("Switched off", "http://127.0.0.1:9/off", List.of("order.approved")))
			.endpoint()
			.id();
		// switched off on purpose: simply off, no alarm
		this.endpoints.disable(off, "Disabled by a store owner");
		this.mvc.perform(get("/admin/webhooks/deliveries"))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("banner-attention"))));
		// switched off by ShopHooks: an alarm on every screen
		this.endpoints.disable(id, "The receiver answered 410 Gone", true);
		this.mvc.perform(get("/admin/webhooks/deliveries"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"banner-attention\"")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("The receiver answered 410 Gone")))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Switched off ("))))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("History is kept for 30 days")));
		// pausing every instance needs an explicit yes
		this.mvc.perform(post("/admin/webhooks/pause").with(csrf())).andExpect(redirectedUrl("/admin/webhooks"));
		this.mvc.perform(get("/admin/webhooks/endpoints"))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("banner-paused"))));
		this.mvc.perform(post("/admin/webhooks/pause").param("confirm", "yes").with(csrf()))
			.andExpect(redirectedUrl("/admin/webhooks"));
		this.mvc.perform(get("/admin/webhooks/endpoints"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"banner-paused\"")));
		this.mvc.perform(post("/admin/webhooks/resume").with(csrf())).andExpect(redirectedUrl("/admin/webhooks"));
		this.mvc.perform(get("/admin/webhooks/endpoints"))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("banner-paused"))));
		this.endpoints.delete(off);
	}

	/**
	 * A failing endpoint is an alarm on every screen and a card on the dashboard, with the
	 * one action that sends what waits; on a switched-off endpoint that action says it
	 * cannot send instead of claiming it did.
	 */
	@Test
	@WithMockUser(roles = "WEBHOOK_ADMIN")
	void aFailingEndpointIsShownWithItsOneAction() throws Exception {
		long id = this.endpoints
			.create(EndpointDefinition.signed("Warehouse", "http://127.0.0.1:9/warehouse", List.of("order.approved")))
			.endpoint()
			.id();
		this.endpoints.attemptFailed(id, java.time.Instant.parse("2026-12-07T01:46:55Z"), "HTTP 500");
		String dashboard = this.mvc.perform(get("/admin/webhooks")).andReturn().getResponse().getContentAsString();
		assertThat(dashboard).contains("id=\"banner-attention\"", "id=\"failing-endpoints\"", "Warehouse",
				"/admin/webhooks/endpoints/" + id + "/send-waiting");
		assertThat(this.mvc.perform(get("/admin/webhooks/endpoints/" + id)).andReturn().getResponse().getContentAsString())
			.contains("id=\"endpoint-failing\"");
		this.mvc.perform(post("/admin/webhooks/endpoints/" + id + "/send-waiting").with(csrf()))
			.andExpect(redirectedUrl("/admin/webhooks/endpoints/" + id))
			.andExpect(flash().attribute("message", "shophooks.endpoint.sentWaiting"));
		this.endpoints.disable(id, "Disabled by a store owner");
		this.mvc.perform(post("/admin/webhooks/endpoints/" + id + "/send-waiting").with(csrf()))
			.andExpect(flash().attribute("message", "shophooks.endpoint.sendWaitingOff"));
		this.endpoints.delete(id);
	}

	/**
	 * The dashboard's first button is not "Pause all delivery": it sits at the end, behind
	 * a confirmation; failing endpoints and the deliveries waiting to retry are shown.
	 */
	@Test
	@WithMockUser(roles = "WEBHOOK_ADMIN")
	void theDashboardShowsFailingEndpointsAndKeepsPauseBehindAConfirmation() throws Exception {
		String page = this.mvc.perform(get("/admin/webhooks")).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("id=\"waiting-to-retry\"", "id=\"failing-count\"", "id=\"pause-confirm\"");
		assertThat(page.indexOf("id=\"pause\"")).isGreaterThan(page.indexOf("id=\"chart-table\""));
	}

	@Autowired
	io.shophooks.webhook.WebhookPublisher publisher;

	@Autowired
	io.shophooks.webhook.dispatch.Dispatcher dispatcher;

	@Autowired
	io.shophooks.webhook.deliveries.DeliveryService deliveries;

	@Test
	void aDeliveryHeldBackByAnEarlierOneOfItsOrderLinksToIt() throws Exception {
		Endpoint ordered = this.endpoints.create(EndpointDefinition
			.signed("Ordered", "http://127.0.0.1:9/hooks", List.of("order.approved"))
			.withOrderedDelivery(true)).endpoint();
		// Two events of one order in one transaction (delivery is off here).
		new org.springframework.transaction.support.TransactionTemplate(this.transactions).executeWithoutResult(s -> {
			this.publisher.publish(new io.shophooks.webhook.WebhookMessage("order.approved",
					java.util.Map.of("orderId", "A", "step", 1), "A"));
			this.publisher.publish(new io.shophooks.webhook.WebhookMessage("order.approved",
					java.util.Map.of("orderId", "A", "step", 2), "A"));
		});
		List<io.shophooks.webhook.deliveries.Delivery> pending = this.deliveries
			.list(io.shophooks.webhook.deliveries.DeliveryFilter.forEndpoint(ordered.id()));
		assertThat(pending).hasSize(2);
		long first = pending.stream().mapToLong(io.shophooks.webhook.deliveries.Delivery::id).min().orElseThrow();
		long second = pending.stream().mapToLong(io.shophooks.webhook.deliveries.Delivery::id).max().orElseThrow();
		assertThat(this.deliveries.heldBackBy(second)).contains(first);
		assertThat(this.deliveries.heldBackBy(first)).isEmpty();
		this.mvc.perform(get("/admin/webhooks/deliveries/" + second).with(user("owner").roles("WEBHOOK_ADMIN")))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"held-back\"")))
			.andExpect(content().string(
					org.hamcrest.Matchers.containsString("/admin/webhooks/deliveries/" + first + "\"")));
		this.mvc.perform(get("/admin/webhooks/deliveries/" + first).with(user("owner").roles("WEBHOOK_ADMIN")))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("held-back"))));
	}

	@Autowired
	org.springframework.transaction.PlatformTransactionManager transactions;

	@Test
	void stylesheetIsServedWithoutLogin() throws Exception {
		this.mvc.perform(get("/admin/webhooks/assets/shophooks.css"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString(".badge")));
	}

	@Test
	void vietnameseIsChosenByTheBrowserOrTheSwitcher() throws Exception {
		this.mvc.perform(get("/admin/webhooks/login").header("Accept-Language", "vi-VN,vi;q=0.9"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Đăng nhập ShopHooks")));
		this.mvc.perform(get("/admin/webhooks/login").param("lang", "vi"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Đăng nhập ShopHooks")));
		this.mvc.perform(get("/admin/webhooks/endpoints").with(user("owner").roles("WEBHOOK_ADMIN"))
			.header("Accept-Language", "vi"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Điểm nhận mới")));
	}

}
