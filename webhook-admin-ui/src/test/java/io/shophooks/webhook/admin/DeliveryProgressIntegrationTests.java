package io.shophooks.webhook.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.admin.app.AdminTestApplication;
import io.shophooks.webhook.deliveries.Delivery;
import io.shophooks.webhook.deliveries.DeliveryFilter;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.TestReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * A delivery still being retried shows where it stands: which attempt of how many, when
 * the next one goes out and when it gives up, the last error; replay is disabled with the
 * reason; attempt outcomes are words in the user's language, never enum names.
 */
@SpringBootTest(classes = AdminTestApplication.class,
		properties = { "shophooks.webhook.security.allow-private-networks=true",
				"shophooks.webhook.retry.initial-interval=10m", "shophooks.webhook.retry.jitter=0",
				"spring.datasource.url=jdbc:h2:mem:admin-progress;DB_CLOSE_DELAY=-1" })
@AutoConfigureMockMvc
class DeliveryProgressIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	EndpointService endpoints;

	@Autowired
	DeliveryService deliveries;

	@Autowired
	WebhookPublisher publisher;

	@Autowired
	io.shophooks.webhook.deliveries.DeliveryFigures figures;

	@Test
	void aDeliveryBeingRetriedShowsItsProgressAndCannotBeReplayedYet() throws Exception {
		try (TestReceiver receiver = new TestReceiver()) {
			receiver.always("/down", TestReceiver.Reply.status(503).withBody("maintenance"));
			long endpoint = endpointWithOneOrder(receiver, "Down", "/down", "o-1", 10, d -> d.attemptCount() == 1 && !d.inFlight());
			Delivery delivery = this.deliveries.list(DeliveryFilter.forEndpoint(endpoint)).get(0);

			String english = page(delivery.id(), "en");
			assertThat(english).contains("Attempt 2 of 8, next try at ", "(in 10 min)", "gives up at about ",
					"HTTP 503", "Failed, retry scheduled", "Replay is available once the delivery is no longer being retried")
				.containsPattern("id=\"replay\"[^>]*disabled")
				.doesNotContain("RETRY_SCHEDULED<", ">RETRY_SCHEDULED");
			// the request block shows the request as sent with the last attempt, its body indented
			String signature = this.deliveries.attempts(delivery.id()).get(0).requestHeaders().lines()
				.filter(line -> line.startsWith("webhook-signature: "))
				.findFirst()
				.orElseThrow();
			assertThat(english).contains("As sent with the last attempt", signature, "id=\"request-pretty\"",
					"&quot;orderId&quot; : &quot;o-1&quot;");
			String vietnamese = page(delivery.id(), "vi");
			assertThat(vietnamese).contains("Lần thử 2/8", "dừng thử vào khoảng", "Lỗi, đã hẹn thử lại")
				.doesNotContain(">RETRY_SCHEDULED");
		}
	}

	/**
	 * A delivery whose attempt is on the wire says so: its stored due time is then the end
	 * of the sending instance's lease, not a time anyone should wait for.
	 */
	@Test
	void aDeliveryBeingSentSaysSoInsteadOfANextTry() throws Exception {
		try (TestReceiver receiver = new TestReceiver()) {
			receiver.always("/slow", TestReceiver.Reply.hang(3_000));
			long endpoint = endpointWithOneOrder(receiver, "Slow", "/slow", "o-slow", 10, Delivery::inFlight);
			Delivery delivery = this.deliveries.list(DeliveryFilter.forEndpoint(endpoint)).get(0);
			assertThat(page(delivery.id(), "en")).contains("Attempt 1 of 8 is being sent now", "gives up at about ")
				.doesNotContain("next try at", "due now");
			assertThat(page(delivery.id(), "vi")).contains("Lần thử 1/8 đang được gửi");
		}
	}

	/**
	 * The dashboard's charts say what they show: axes with units and hour marks, the
	 * window, a gap (no line) where there were no attempts, labels in the user's language,
	 * and the same figures as a table.
	 */
	@Test
	void theDashboardsChartsHaveAxesUnitsTheWindowAndATable() throws Exception {
		try (TestReceiver receiver = new TestReceiver()) {
			long endpoint = endpointWithOneOrder(receiver, "Up", "/up", "o-chart", 1, d -> d.status() == io.shophooks.webhook.DeliveryStatus.DELIVERED);

		}
		assertThat(this.figures.counts(java.time.Instant.now().minus(Duration.ofHours(24)), Duration.ofMinutes(10)))
			.isNotEmpty();
		String english = dashboard("en");
		assertThat(english).doesNotContain("id=\"succeeded\">0<");
		assertThat(english).contains("id=\"shophooks-throughput\"", "id=\"shophooks-latency\"", "attempts / 10 min",
				">ms<", "id=\"chart-window\"", "From ", " UTC to ", "id=\"chart-table\"", "Hour (UTC)", "no data",
				"no line where there were no attempts");
		// one hour has attempts, the 23 others have none: one point, no line drawn to zero
		assertThat(english).containsPattern("<circle[^>]*><title>p50 \\d+ ms</title>").doesNotContain("max 0");
		String vietnamese = dashboard("vi");
		assertThat(vietnamese).contains("lần gửi / 10 phút", "Giờ (UTC)", "không có dữ liệu", "Từ ");
	}

	private String dashboard(String language) throws Exception {
		return this.mvc
			.perform(get("/admin/webhooks").header("Accept-Language", language)
				.with(httpBasic(AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD)))
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	/**
	 * An endpoint on the receiver and one order approved for it, once its delivery is as
	 * asked.
	 * @return the endpoint's id
	 */
	private long endpointWithOneOrder(TestReceiver receiver, String name, String path, String orderId, int total,
			java.util.function.Predicate<Delivery> until) {
		long endpoint = this.endpoints
			.create(EndpointDefinition.signed(name, receiver.url(path), List.of("order.approved")))
			.endpoint()
			.id();
		this.publisher.publish("order.approved", Map.of("orderId", orderId, "total", total));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.deliveries.list(DeliveryFilter.forEndpoint(endpoint))
			.stream()
			.anyMatch(until));
		return endpoint;
	}

	private String page(long id, String language) throws Exception {
		return this.mvc
			.perform(get("/admin/webhooks/deliveries/" + id).header("Accept-Language", language)
				.with(httpBasic(AdminTestApplication.ADMIN, AdminTestApplication.PASSWORD)))
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

}
