package io.shophooks.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.standardwebhooks.Webhook;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestReceiver.Received;
import io.shophooks.webhook.support.TestReceiver.Reply;
import io.shophooks.webhook.support.TestShops;
import io.shophooks.webhook.testapp.OrderApproved;

import static io.shophooks.webhook.support.Awaits.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store owner's outage loop with real parts: a receiver goes down, the owner is told
 * once (an email through a real SMTP server, GreenMail, and a signed operational webhook),
 * the failed deliveries wait for a retry 30 minutes away, the receiver is fixed, and one
 * action sends everything waiting, once each and in order; the owner is told it recovered.
 */
class OwnerOutageLoopIntegrationTests {

	private static final String OPS_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static GreenMail mail;

	private static TestReceiver receiver;

	private static DataSource dataSource;

	private static ConfigurableApplicationContext shop;

	@BeforeAll
	static void start() throws Exception {
		mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		mail.start();
		receiver = new TestReceiver();
		dataSource = Databases.newH2("owner_outage");
		shop = TestShops.start(dataSource, "spring.mail.host=127.0.0.1",
				"spring.mail.port=" + mail.getSmtp().getPort(),
				"shophooks.webhook.alerts.email-to=owner@shop.test",
				"shophooks.webhook.alerts.admin-url=https://shop.test/admin/webhooks",
				"shophooks.webhook.alerts.webhook-url=" + receiver.url("/ops"),
				"shophooks.webhook.alerts.webhook-secret=" + OPS_SECRET,
				// a receiver down for longer than the test: the next try is 30 minutes away
				"shophooks.webhook.retry.initial-interval=30m", "shophooks.webhook.retry.max-retries=5");
	}

	@AfterAll
	static void stop() {
		if (shop != null) {
			shop.close();
		}
		receiver.close();
		mail.stop();
		Databases.close(dataSource);
	}

	@BeforeEach
	void reset() throws Exception {
		mail.purgeEmailFromAllMailboxes();
		receiver.reset();
	}

	@Test
	void theOwnerIsToldOnceAndOneActionSendsEverythingWaitingInOrder() throws Exception {
		receiver.always("/partner", Reply.status(503));
		receiver.always("/bulk", Reply.status(500));
		EndpointService endpoints = shop.getBean(EndpointService.class);
		long ordered = endpoints
			.create(EndpointDefinition.signed("Partner", receiver.url("/partner"), List.of("order.*"))
				.withOrderedDelivery(true))
			.endpoint()
			.id();
		long bulk = endpoints.create(EndpointDefinition.signed("Bulk", receiver.url("/bulk"), List.of("order.*")))
			.endpoint()
			.id();
		List<String> published = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			published.add(publish(OrderApproved.sample("order-1")));
		}
		// the ordered endpoint tries the first; the other tries all four; each fails once
		await().atMost(Duration.ofSeconds(15))
			.until(() -> receiver.received("/partner").size() == 1 && receiver.received("/bulk").size() == 4);
		assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
		holdsFor(Duration.ofSeconds(2), () -> receiver.received("/partner").size() == 1
				&& receiver.received("/bulk").size() == 4 && mail.getReceivedMessages().length == 2);
		assertThat(subjects()).containsExactlyInAnyOrder("[ShopHooks] Webhook endpoint 'Partner' is failing",
				"[ShopHooks] Webhook endpoint 'Bulk' is failing");
		assertThat(mail.getReceivedMessages()[0].getContent().toString()).contains("https://shop.test/admin/webhooks/endpoints/");
		assertThat(operational("endpoint.failing")).hasSize(2);
		assertThat(endpoints.get(ordered).failingSince()).isNotNull();
		DeliveryService deliveries = shop.getBean(DeliveryService.class);

		// fixed: one action per endpoint sends everything waiting now
		receiver.always("/partner", Reply.status(200));
		receiver.always("/bulk", Reply.status(200));
		assertThat(deliveries.sendWaitingNow(ordered)).isEqualTo(1);
		assertThat(deliveries.sendWaitingNow(bulk)).isEqualTo(4);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> receiver.received("/partner").size() == 5 && receiver.received("/bulk").size() == 8);
		List<String> partnerIds = receiver.received("/partner").stream().skip(1).map(r -> r.header("webhook-id")).toList();
		assertThat(partnerIds).as("every waiting delivery once, in the order published").isEqualTo(published);
		assertThat(receiver.received("/bulk").stream().skip(4).map(r -> r.header("webhook-id")))
			.containsExactlyInAnyOrderElementsOf(published);
		assertThat(mail.waitForIncomingEmail(10_000, 4)).isTrue();
		assertThat(subjects()).contains("[ShopHooks] Webhook endpoint 'Partner' delivers again",
				"[ShopHooks] Webhook endpoint 'Bulk' delivers again");
		await().atMost(Duration.ofSeconds(10)).until(() -> operational("endpoint.recovered").size() == 2);
		holdsFor(Duration.ofSeconds(1), () -> receiver.received("/partner").size() == 5
				&& receiver.received("/bulk").size() == 8 && mail.getReceivedMessages().length == 4);
		assertThat(endpoints.get(ordered).failingSince()).isNull();
	}

	@Test
	void retryNowAndEnablingSendWhatWaitsAtOnce() throws Exception {
		receiver.always("/later", Reply.status(500));
		EndpointService endpoints = shop.getBean(EndpointService.class);
		long id = endpoints.create(EndpointDefinition.signed("Later", receiver.url("/later"), List.of("order.*")))
			.endpoint()
			.id();
		String first = publish(OrderApproved.sample("later-1"));
		String second = publish(OrderApproved.sample("later-2"));
		await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received("/later").size() == 2);
		receiver.always("/later", Reply.status(200));
		DeliveryService deliveries = shop.getBean(DeliveryService.class);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		long firstDelivery = jdbc.queryForObject(
				"SELECT id FROM shophooks_delivery WHERE endpoint_id = ? AND event_id = ?", Long.class, id, first);
		assertThat(deliveries.retryNow(firstDelivery)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/later").size() == 3);
		assertThat(receiver.received("/later").get(2).header("webhook-id")).isEqualTo(first);
		// a delivered one is not waiting any more
		await().atMost(Duration.ofSeconds(10)).until(() -> !deliveries.retryNow(firstDelivery));
		// the other still waits for its retry: disabling and enabling sends it at once
		endpoints.disable(id, "maintenance");
		holdsFor(Duration.ofSeconds(1), () -> receiver.received("/later").size() == 3);
		endpoints.enable(id);
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/later").size() == 4);
		assertThat(receiver.received("/later").get(3).header("webhook-id")).isEqualTo(second);
	}

	private String publish(Object event) {
		new TransactionTemplate(shop.getBean(PlatformTransactionManager.class))
			.executeWithoutResult(status -> shop.publishEvent(event));
		// event ids grow with time: the newest is this one (the test publishes one at a time)
		return new JdbcTemplate(dataSource).queryForObject(
				"SELECT id FROM shophooks_event ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class);
	}

	private static List<String> subjects() throws Exception {
		List<String> subjects = new ArrayList<>();
		for (MimeMessage message : mail.getReceivedMessages()) {
			subjects.add(message.getSubject());
		}
		return subjects;
	}

	/** The operational webhooks of a type, each verified with the alert secret. */
	private static List<Received> operational(String type) throws Exception {
		List<Received> of = new ArrayList<>();
		for (Received request : receiver.received("/ops")) {
			new Webhook(OPS_SECRET).verify(request.body(), request.headers());
			if (request.body().contains("\"type\":\"" + type + "\"")) {
				of.add(request);
			}
		}
		return of;
	}

}
