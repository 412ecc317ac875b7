package io.shophooks.webhook.admin;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.admin.app.AdminTestApplication;
import io.shophooks.webhook.deliveries.DeliveryFilter;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestReceiver.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A store owner's whole job in a real browser (Debian Chromium): log in, create an
 * endpoint pointing at a loopback receiver, send a test event, see a failure, replay it
 * after the receiver is fixed, read the page in Vietnamese. Screenshots go to
 * {@code target/screenshots}.
 */
@SpringBootTest(classes = AdminTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "shophooks.webhook.security.allow-private-networks=true",
				"shophooks.webhook.retry.initial-interval=200ms", "shophooks.webhook.retry.max-retries=1",
				"shophooks.webhook.delivery.poll-interval=100ms",
				"spring.datasource.url=jdbc:h2:mem:admin-browser;DB_CLOSE_DELAY=-1" })
class AdminBrowserIntegrationTests {

	static TestReceiver receiver;

	@LocalServerPort
	int port;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeliveryService deliveries;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EndpointService endpoints;

	WebDriver browser;

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new TestReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	String url(String path) {
		return "http://localhost:" + this.port + "/admin/webhooks" + path;
	}

	void logIn() {
		this.browser.get(url("/endpoints"));
		assertThat(this.browser.getCurrentUrl()).endsWith("/admin/webhooks/login");
		this.browser.findElement(By.id("username")).sendKeys(AdminTestApplication.ADMIN);
		this.browser.findElement(By.id("password")).sendKeys(AdminTestApplication.PASSWORD);
		this.browser.findElement(By.id("login")).click();
	}

	@Test
	void storeOwnerCreatesTestsWatchesAndReplays() {
		this.browser = Browsers.chromium("en");
		logIn();
		this.browser.get(url("/endpoints"));
		this.browser.findElement(By.id("new-endpoint")).click();

		// A broken form first: messages next to the fields, nothing saved
		this.browser.findElement(By.id("url")).sendKeys("not a url");
		this.browser.findElement(By.id("save")).click();
		assertThat(this.browser.findElement(By.id("url-error")).getText()).isNotBlank();
		assertThat(this.browser.findElement(By.id("eventTypes-error")).getText()).contains("at least one");
		Browsers.screenshot(this.browser, "endpoint-form");

		this.browser.findElement(By.id("name")).sendKeys("<script>alert('x')</script> Partner");
		this.browser.findElement(By.id("url")).clear();
		this.browser.findElement(By.id("url")).sendKeys(receiver.url("/partner"));
		this.browser.findElement(By.cssSelector("input[name=eventTypes][value='order.approved']")).click();
		this.browser.findElement(By.id("save")).click();

		assertThat(this.browser.findElement(By.id("secret")).getText()).startsWith("whsec_");
		assertThat(this.browser.findElement(By.id("endpoint-name")).getText())
			.isEqualTo("<script>alert('x')</script> Partner");
		assertThat(this.browser.getPageSource()).doesNotContain("<script>alert('x')</script>");

		this.browser.findElement(By.id("send-test")).click();
		assertThat(this.browser.findElement(By.id("test-status")).getText()).isEqualTo("200");
		assertThat(this.browser.findElement(By.id("flash")).getText()).contains("delivered");
		assertThat(receiver.received("/partner")).hasSize(1);
		assertThat(this.browser.findElement(By.tagName("body")).getText()).doesNotContain("shown only this once");
		Browsers.screenshot(this.browser, "endpoint-detail");

		// The receiver breaks: the delivery fails after its retries
		receiver.always("/partner", Reply.status(500).withBody("inventory service down"));
		this.transactions.executeWithoutResult(
				status -> this.events.publishEvent(new AdminTestApplication.OrderApproved("o-1", new BigDecimal("9.99"))));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.deliveries
			.list(DeliveryFilter.all().withStatus(DeliveryStatus.FAILED))
			.stream()
			.anyMatch(d -> d.eventType().equals("order.approved")));
		long failed = this.deliveries.list(DeliveryFilter.all().withStatus(DeliveryStatus.FAILED))
			.stream()
			.filter(d -> d.eventType().equals("order.approved"))
			.findFirst()
			.orElseThrow()
			.id();
		this.browser.get(url("/deliveries?status=FAILED"));
		this.browser.findElement(By.cssSelector("#delivery-" + failed + " a")).click();
		assertThat(this.browser.findElement(By.id("delivery-status")).getText()).isEqualTo("Failed");
		assertThat(this.browser.findElement(By.id("attempt-1")).getText()).contains("500")
			.contains("inventory service down");
		assertThat(this.browser.findElement(By.id("curl")).getText()).startsWith("printf").contains("| curl --globoff -i -X POST")
			.contains("webhook-signature: v1,");
		Browsers.screenshot(this.browser, "delivery-detail");

		// Fixed: replay delivers with the same webhook-id
		receiver.always("/partner", Reply.status(204));
		this.browser.findElement(By.id("replay")).click();
		new WebDriverWait(this.browser, Duration.ofSeconds(15)).until(driver -> {
			driver.navigate().refresh();
			return driver.findElement(By.id("delivery-status")).getText().equals("Delivered");
		});
		var orderRequests = receiver.received("/partner")
			.stream()
			.filter(r -> "order.approved".equals(r.header("webhook-event-type")))
			.toList();
		assertThat(orderRequests.get(orderRequests.size() - 1).header("webhook-id"))
			.isEqualTo(orderRequests.get(0).header("webhook-id"));

		this.browser.get(url(""));
		assertThat(this.browser.findElement(By.id("succeeded")).getText()).isNotEqualTo("0");
		Browsers.screenshot(this.browser, "dashboard");
		this.browser.get(url("/endpoints"));
		assertThat(this.browser.findElement(By.id("endpoints")).getText()).contains("<script>alert('x')</script> Partner");
		Browsers.screenshot(this.browser, "endpoints");

		// Vietnamese through the switcher
		this.browser.findElement(By.id("lang-vi")).click();
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Điểm nhận");
		assertThat(this.browser.findElement(By.id("new-endpoint")).getText()).isEqualTo("Điểm nhận mới");
		Browsers.screenshot(this.browser, "endpoints-vi");

		// the dashboard's charts and table in Vietnamese
		this.browser.get(url(""));
		assertThat(this.browser.findElement(By.id("chart-window")).getText()).startsWith("Từ ");
		assertThat(this.browser.findElement(By.id("shophooks-throughput")).getAttribute("aria-label"))
			.isEqualTo("lần gửi / 10 phút");
		Browsers.screenshot(this.browser, "dashboard-vi");
		// a delivery's attempts as words, and an address that names no page
		this.browser.get(url("/deliveries/" + failed));
		assertThat(this.browser.findElement(By.cssSelector("#attempt-1 .outcome")).getText())
			.isIn("Lỗi, đã hẹn thử lại", "Lỗi, hết lượt thử lại");
		Browsers.screenshot(this.browser, "delivery-detail-vi");
		this.browser.get(url("/no-such-page"));
		assertThat(this.browser.findElement(By.id("error-title")).getText()).isEqualTo("Không tìm thấy trang");
		Browsers.screenshot(this.browser, "not-found-vi");
		this.browser.findElement(By.id("error-back")).click();
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tổng quan");
	}

	/**
	 * A delivery waiting for its retry says where it stands (attempt, next try, last error
	 * in the user's language) and offers no replay yet, in English and in Vietnamese.
	 */
	@Test
	void aDeliveryWaitingForItsRetryShowsItsProgressInBothLanguages() {
		receiver.always("/busy", Reply.status(429).withHeader("Retry-After", "600").withBody("slow down"));
		long endpoint = endpointWithOneOrder("Busy partner", "/busy", "o-busy");
		long waiting = deliveryOnceItIs(endpoint,
				d -> d.attemptCount() == 1 && !d.inFlight() && d.status() == DeliveryStatus.PENDING);

		this.browser = Browsers.chromium("en");
		logIn();
		this.browser.get(url("/deliveries/" + waiting));
		assertThat(this.browser.findElement(By.id("progress")).getText()).containsPattern("Attempt 2 of \\d+")
			.containsPattern("\\(in (9|10) min\\)");
		assertThat(this.browser.findElement(By.id("last-error")).getText()).contains("429")
			.contains("Receiver answered 429");
		assertThat(this.browser.findElement(By.id("replay")).isEnabled()).isFalse();
		assertThat(this.browser.findElement(By.id("replay-disabled")).getText()).isNotBlank();
		Browsers.screenshot(this.browser, "delivery-retrying");

		this.browser.get(url("/deliveries/" + waiting + "?lang=vi"));
		assertThat(this.browser.findElement(By.id("progress")).getText()).containsPattern("Lần thử 2/\\d+")
			.containsPattern("\\(sau (9|10) phút\\)");
		assertThat(this.browser.findElement(By.id("last-error")).getText()).contains("Bên nhận trả lời 429")
			.doesNotContain("Receiver answered");
		assertThat(this.browser.findElement(By.id("replay")).isEnabled()).isFalse();
		Browsers.screenshot(this.browser, "delivery-retrying-vi");
		this.endpoints.delete(endpoint);
	}

	/** A signed endpoint for order.approved at the receiver's path, and one order approved for it. */
	private long endpointWithOneOrder(String name, String path, String orderId) {
		long endpoint = this.endpoints
			.create(EndpointDefinition.signed(name, receiver.url(path), java.util.List.of("order.approved")))
			.endpoint()
			.id();
		this.transactions.executeWithoutResult(
				status -> this.events.publishEvent(new AdminTestApplication.OrderApproved(orderId, new BigDecimal("5"))));
		return endpoint;
	}

	/** The endpoint's one delivery, once it is in the state asked for. */
	private long deliveryOnceItIs(long endpoint,
			java.util.function.Predicate<io.shophooks.webhook.deliveries.Delivery> state) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.deliveries.list(DeliveryFilter.forEndpoint(endpoint)).stream().anyMatch(state));
		return this.deliveries.list(DeliveryFilter.forEndpoint(endpoint)).get(0).id();
	}

	/**
	 * A delivery whose attempt is on the wire says so in both languages, in its status
	 * ("Sending", not "Pending") on its page and in the delivery log, instead of a next try
	 * at the end of the sending instance's lease, and offers no replay meanwhile. The
	 * receiver holds the request 14 s (under the 15 s request timeout) so that a slow
	 * machine still finds it on the wire.
	 */
	@Test
	void aDeliveryBeingSentSaysSoInBothLanguages() {
		receiver.always("/slow", Reply.hang(14_000));
		long endpoint = endpointWithOneOrder("Slow partner", "/slow", "o-slow");
		long sending = deliveryOnceItIs(endpoint, io.shophooks.webhook.deliveries.Delivery::inFlight);

		this.browser = Browsers.chromium("en");
		logIn();
		this.browser.get(url("/deliveries/" + sending));
		assertThat(this.browser.findElement(By.id("progress")).getText()).containsPattern("Attempt 1 of \\d+ is being sent now")
			.doesNotContain("next try at");
		assertThat(this.browser.findElement(By.id("delivery-status")).getText()).isEqualTo("Sending");
		assertThat(this.browser.findElement(By.id("replay")).isEnabled()).isFalse();
		assertThat(this.browser.findElement(By.id("request-note")).getText()).startsWith("Being sent now")
			.doesNotContain("Not sent yet");
		Browsers.screenshot(this.browser, "delivery-sending");

		this.browser.get(url("/deliveries/" + sending + "?lang=vi"));
		assertThat(this.browser.findElement(By.id("progress")).getText()).containsPattern("Lần thử 1/\\d+ đang được gửi");
		assertThat(this.browser.findElement(By.id("request-note")).getText()).startsWith("Đang gửi");
		assertThat(this.browser.findElement(By.id("delivery-status")).getText()).isEqualTo("Đang gửi");
		Browsers.screenshot(this.browser, "delivery-sending-vi");
		// the delivery log says it too, not "Pending"
		this.browser.get(url("/deliveries?lang=en"));
		assertThat(this.browser.findElement(By.id("delivery-" + sending)).getText()).contains("Sending")
			.doesNotContain("Pending");
		this.endpoints.delete(endpoint);
	}

	/**
	 * Rotating a secret again while the one before still signs warns before cutting it
	 * short, in both languages; rotating anyway works, and the reason an endpoint was
	 * disabled reads in Vietnamese too.
	 */
	@Test
	void aSecondRotationWithinTheOverlapWarnsFirstInBothLanguages() {
		long endpoint = this.endpoints
			.create(EndpointDefinition.signed("Rotating partner", receiver.url("/rotating"),
					java.util.List.of("order.approved")))
			.endpoint()
			.id();
		this.browser = Browsers.chromium("en");
		logIn();
		this.browser.get(url("/endpoints/" + endpoint));
		this.browser.findElement(By.id("rotate")).click();
		String first = this.browser.findElement(By.id("secret")).getText();
		assertThat(first).startsWith("whsec_");
		this.browser.findElement(By.id("rotate")).click();
		assertThat(this.browser.findElement(By.id("rotation-conflict")).getText()).contains("still signs until")
			.contains("Rotate anyway");
		assertThat(this.browser.findElements(By.id("secret"))).isEmpty();
		Browsers.screenshot(this.browser, "rotation-warning");

		this.browser.get(url("/endpoints/" + endpoint + "?lang=vi"));
		this.browser.findElement(By.id("rotate")).click();
		assertThat(this.browser.findElement(By.id("rotation-conflict")).getText()).contains("vẫn còn ký đến");
		Browsers.screenshot(this.browser, "rotation-warning-vi");
		this.browser.findElement(By.id("rotate-anyway")).click();
		assertThat(this.browser.findElement(By.id("secret")).getText()).startsWith("whsec_").isNotEqualTo(first);

		this.browser.findElement(By.id("disable")).click();
		// switched off on purpose: shown as off with the reason, not as an alarm
		assertThat(this.browser.findElements(By.id("banner-attention"))).isEmpty();
		assertThat(this.browser.findElement(By.id("endpoint-status")).getAttribute("class").split(" "))
			.doesNotContain("bad");
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("Chủ cửa hàng đã tắt")
			.doesNotContain("Disabled by a store owner");
		Browsers.screenshot(this.browser, "endpoint-disabled-vi");
		this.endpoints.delete(endpoint);
	}

	/**
	 * In English and in Vietnamese: the login page wears the admin's layout and a
	 * successful login lands on the page first asked for (the dashboard here, never
	 * {@code /?continue}); a server error and an address that names no page are the
	 * admin's own pages in the user's language (a reference and no stack trace for the
	 * error), each with a way back to the dashboard.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ "en, Log in to ShopHooks, Dashboard, Something went wrong, Page not found",
			"vi, Đăng nhập ShopHooks, Tổng quan, Đã xảy ra lỗi, Không tìm thấy trang" })
	void theLoginPageAndTheErrorPagesWearTheAdminsLayout(String language, String login, String dashboard,
			String serverError, String notFound) {
		String suffix = language.equals("en") ? "" : "-" + language;
		this.browser = Browsers.chromium(language);
		this.browser.get(url("/"));
		assertThat(this.browser.getCurrentUrl()).endsWith("/admin/webhooks/login");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo(login);
		// styled: the admin's stylesheet applies (the header bar is dark, the button filled)
		assertThat(this.browser.findElement(By.id("login")).getCssValue("background-color"))
			.isNotIn("rgba(0, 0, 0, 0)", "transparent");
		Browsers.screenshot(this.browser, "login" + suffix);
		this.browser.findElement(By.id("username")).sendKeys(AdminTestApplication.ADMIN);
		this.browser.findElement(By.id("password")).sendKeys(AdminTestApplication.PASSWORD);
		this.browser.findElement(By.id("login")).click();
		// the click returns once the form is sent, not once the next page is there
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(driver -> !driver.getCurrentUrl().endsWith("/admin/webhooks/login"));
		assertThat(this.browser.getCurrentUrl()).matches(".*/admin/webhooks/?").doesNotContain("continue");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo(dashboard);

		this.jdbc.execute("ALTER TABLE shophooks_delivery RENAME TO shophooks_delivery_away");
		try {
			this.browser.get(url("/deliveries"));
			assertThat(this.browser.findElement(By.id("error-title")).getText()).isEqualTo(serverError);
			assertThat(this.browser.findElement(By.id("error-reference")).getText()).isNotBlank();
			assertThat(this.browser.getPageSource()).doesNotContain("Exception", "Whitelabel");
			Browsers.screenshot(this.browser, "server-error" + suffix);
		}
		finally {
			this.jdbc.execute("ALTER TABLE shophooks_delivery_away RENAME TO shophooks_delivery");
		}
		this.browser.findElement(By.id("error-back")).click();
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo(dashboard);

		this.browser.get(url("/no-such-page"));
		assertThat(this.browser.findElement(By.id("error-title")).getText()).isEqualTo(notFound);
		assertThat(this.browser.getPageSource()).doesNotContain("Whitelabel");
		Browsers.screenshot(this.browser, "not-found" + suffix);
		this.browser.findElement(By.id("error-back")).click();
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo(dashboard);
	}

	@Test
	void aUserWithoutTheRoleSeesTheAdminsNotAllowedPageInTheirLanguage() {
		this.browser = Browsers.chromium("en");
		this.browser.get(url("/login"));
		this.browser.findElement(By.id("username")).sendKeys(AdminTestApplication.CLERK);
		this.browser.findElement(By.id("password")).sendKeys(AdminTestApplication.PASSWORD);
		this.browser.findElement(By.id("login")).click();
		assertThat(this.browser.findElement(By.id("error-title")).getText()).isEqualTo("Not allowed");
		Browsers.screenshot(this.browser, "not-allowed");
		this.browser.get(url("/endpoints?lang=vi"));
		assertThat(this.browser.findElement(By.id("error-title")).getText()).isEqualTo("Không có quyền truy cập");
		Browsers.screenshot(this.browser, "not-allowed-vi");
	}

	@Test
	void browserLanguageChoosesVietnamese() {
		this.browser = Browsers.chromium("vi");
		this.browser.get(url("/login"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Đăng nhập ShopHooks");
	}

}
