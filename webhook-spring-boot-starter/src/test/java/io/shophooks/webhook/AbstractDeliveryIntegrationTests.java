package io.shophooks.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.deliveries.Attempt;
import io.shophooks.webhook.deliveries.Delivery;
import io.shophooks.webhook.deliveries.DeliveryFilter;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.dispatch.Dispatcher;
import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.endpoint.CreatedEndpoint;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.DeliveryRepository;
import io.shophooks.webhook.support.ShopRig;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestReceiver.Received;
import io.shophooks.webhook.support.TestReceiver.Reply;
import io.shophooks.webhook.support.TestShops;
import io.shophooks.webhook.testapp.CustomerCreated;
import io.shophooks.webhook.testapp.OrderApproved;
import io.shophooks.webhook.testapp.PlatformOrderSubmitted;

import static io.shophooks.webhook.support.Awaits.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The engine end to end: a real Spring Boot application with the starter, a real
 * database (one subclass per database) and a real HTTP receiver on loopback.
 */
abstract class AbstractDeliveryIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	static DataSource dataSource;

	static ConfigurableApplicationContext shop;

	static TestReceiver receiver;

	private static ShopRig rig;

	static void startShop(DataSource database) throws Exception {
		rig = ShopRig.start(database);
		dataSource = rig.dataSource();
		shop = rig.shop();
		receiver = rig.receiver();
	}

	@AfterAll
	static void stopShop() {
		if (rig != null) {
			rig.close();
		}
	}

	@BeforeEach
	void cleanUp() {
		rig.cleanUp();
	}

	EndpointService endpoints() {
		return shop.getBean(EndpointService.class);
	}

	DeliveryService deliveries() {
		return shop.getBean(DeliveryService.class);
	}

	void publishCommitted(Object event) {
		rig.publishCommitted(event);
	}

	List<Received> awaitRequests(String path, int count) {
		await().atMost(WAIT).until(() -> receiver.received(path).size() >= count);
		return receiver.received(path);
	}

	/** A repository on the shop's own data source and transactions, for tests that act as another instance. */
	static DeliveryRepository shopRepository() {
		return new DeliveryRepository(new JdbcTemplate(shop.getBean(javax.sql.DataSource.class)),
				new Tables(Tables.DEFAULT_PREFIX), DatabaseType.of(dataSource),
				new TransactionTemplate(shop.getBean(PlatformTransactionManager.class)));
	}

	/**
	 * Run work with the shop's own dispatcher stopped, so that only the test (or an
	 * instance it starts) acts on the queue; the dispatcher is started again afterwards,
	 * whatever happened (starting it twice is harmless).
	 */
	static void withShopDispatcherStopped(WorkWhileStopped work) throws Exception {
		Dispatcher dispatcher = shop.getBean(Dispatcher.class);
		dispatcher.stop();
		try {
			work.run();
		}
		finally {
			dispatcher.start();
		}
	}

	/** Test code that may throw. */
	@FunctionalInterface
	interface WorkWhileStopped {

		void run() throws Exception;

	}

	CreatedEndpoint endpoint(String path, String... types) {
		return endpoints().create(EndpointDefinition.signed(path, receiver.url(path), List.of(types)));
	}

	/**
	 * An endpoint whose URL (2,000 characters, the most the owner may enter) grows past its
	 * column once its URL token is added: its deliveries are recorded like any other, and
	 * neither it nor the endpoint recorded with it is sent anything twice.
	 */
	@Test
	void aUrlThatOutgrowsItsColumnWithItsTokenIsRecordedAndSentOnce() {
		String base = receiver.url("/long-url") + "?pad=";
		String url = base + "x".repeat(2000 - base.length());
		long longId = endpoints()
			.create(EndpointDefinition.signed("long-url", url, List.of("*")).withUrlToken("token", "t-1234567890"))
			.endpoint()
			.id();
		endpoint("/beside-long-url", "*");
		for (int i = 0; i < 5; i++) {
			publishCommitted(OrderApproved.sample("long-url-" + i));
		}
		awaitRequests("/long-url", 5);
		awaitRequests("/beside-long-url", 5);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		await().atMost(WAIT)
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery WHERE status = 'DELIVERED'",
					Integer.class) == 10);
		// no lease ran out for want of a recording, so nothing came twice
		holdsFor(Duration.ofSeconds(6), () -> receiver.received("/long-url").size() == 5
				&& receiver.received("/beside-long-url").size() == 5);
		assertThat(jdbc.queryForList("SELECT success_request_url FROM shophooks_delivery WHERE endpoint_id = ?",
				String.class, longId))
			.hasSize(5)
			.allSatisfy(stored -> assertThat(stored).hasSizeLessThanOrEqualTo(2000)
				.startsWith(base)
				.contains("more characters not kept"));
	}

	/**
	 * A row the database refuses (here a check constraint refuses a receiver's answer)
	 * costs only that row: the other attempts of its batch are recorded in full, and the
	 * refused one is recorded without the receiver's answer.
	 */
	@Test
	void aRowTheDatabaseRefusesIsRecordedWithoutItsAnswerAndTheOthersInFull() {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("ALTER TABLE shophooks_attempt ADD CONSTRAINT no_poison "
				+ "CHECK (response_excerpt IS NULL OR response_excerpt NOT LIKE '%poison%')");
		try {
			receiver.always("/poisoned", TestReceiver.Reply.status(500).withBody("poison"));
			receiver.always("/plain-failure", TestReceiver.Reply.status(500).withBody("plain"));
			endpoint("/poisoned", "*");
			endpoint("/plain-failure", "*");
			publishCommitted(OrderApproved.sample("poison-1"));
			await().atMost(WAIT)
				.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_attempt WHERE error LIKE "
						+ "'ShopHooks could not record this attempt in full%'", Integer.class) > 0
						&& jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_attempt WHERE response_excerpt = 'plain'",
								Integer.class) > 0);
		}
		finally {
			jdbc.execute("ALTER TABLE shophooks_attempt DROP CONSTRAINT no_poison");
		}
	}

	@Test
	void committedEventIsDeliveredSignedWithStandardWebhooksHeaders() throws Exception {
		CreatedEndpoint created = endpoint("/orders", "order.*");
		assertThat(created.secret()).startsWith("whsec_");
		assertThat(Base64.getDecoder().decode(created.secret().substring(6))).hasSize(32);

		publishCommitted(OrderApproved.sample("o-1"));

		Received request = awaitRequests("/orders", 1).get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.header("content-type")).isEqualTo("application/json; charset=utf-8");
		assertThat(request.header("webhook-id")).startsWith("msg_");
		assertThat(request.header("webhook-event-type")).isEqualTo("order.approved");
		// the version the build wrote, not a placeholder
		assertThat(request.header("user-agent")).matches("ShopHooks/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
		long timestamp = Long.parseLong(request.header("webhook-timestamp"));
		assertThat(timestamp).isBetween(Instant.now().getEpochSecond() - 30, Instant.now().getEpochSecond() + 1);
		String eventTimestamp = deliveries().event(request.header("webhook-id")).orElseThrow().createdAt().toString();
		assertThat(request.body()).isEqualTo("{\"type\":\"order.approved\",\"version\":1,\"timestamp\":\"" + eventTimestamp
				+ "\",\"data\":{\"orderId\":\"o-1\",\"email\":\"ann@example.com\",\"total\":39.98,\"currency\":\"EUR\","
				+ "\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":2,\"price\":19.99}]}}");
		new Webhook(created.secret()).verify(request.body(), request.headers());

		await().atMost(WAIT).untilAsserted(() -> {
			Delivery delivery = deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0);
			assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
			assertThat(delivery.eventId()).isEqualTo(request.header("webhook-id"));
		});
	}

	@Test
	void signatureWithAnotherSecretIsRejectedByTheVerifier() {
		endpoint("/orders", "order.approved");
		publishCommitted(OrderApproved.sample("o-2"));
		Received request = awaitRequests("/orders", 1).get(0);
		String otherSecret = io.shophooks.webhook.endpoint.SigningSecrets.generate();
		assertThatThrownBy(() -> new Webhook(otherSecret).verify(request.body(), request.headers()))
			.isInstanceOf(WebhookVerificationException.class);
	}

	@Test
	void rolledBackEventIsNeverDelivered() {
		endpoint("/orders", "order.approved");
		TransactionTemplate transactions = new TransactionTemplate(shop.getBean(PlatformTransactionManager.class));
		transactions.executeWithoutResult(status -> {
			shop.publishEvent(OrderApproved.sample("rolled-back"));
			status.setRollbackOnly();
		});
		publishCommitted(OrderApproved.sample("committed"));

		awaitRequests("/orders", 1);
		holdsFor(Duration.ofMillis(800), () -> receiver.received("/orders").size() == 1);
		assertThat(receiver.received("/orders")).singleElement()
			.satisfies(r -> assertThat(r.body()).contains("\"committed\"").doesNotContain("rolled-back"));
		assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM shophooks_event", Integer.class))
			.isOne();
	}

	/**
	 * A transaction started inside another ({@code REQUIRES_NEW}, as an audit log or an
	 * outbox of its own would) hands over only what it wrote itself, at its own end: a
	 * rolled-back inner event is never sent when the outer transaction commits, and an
	 * inner one that committed is delivered although the outer one rolled back.
	 */
	@Test
	void eachOfTwoNestedTransactionsDeliversOnlyWhatItCommitted() {
		endpoint("/orders", "order.approved");
		TransactionTemplate outer = new TransactionTemplate(shop.getBean(PlatformTransactionManager.class));
		TransactionTemplate inner = new TransactionTemplate(shop.getBean(PlatformTransactionManager.class));
		inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		outer.executeWithoutResult(status -> {
			shop.publishEvent(OrderApproved.sample("outer-committed"));
			inner.executeWithoutResult(innerStatus -> {
				shop.publishEvent(OrderApproved.sample("inner-rolled-back"));
				innerStatus.setRollbackOnly();
			});
		});
		outer.executeWithoutResult(status -> {
			shop.publishEvent(OrderApproved.sample("outer-rolled-back"));
			inner.executeWithoutResult(innerStatus -> shop.publishEvent(OrderApproved.sample("inner-committed")));
			status.setRollbackOnly();
		});

		onlyTheseOrdersArrive("/orders", "outer-committed", "inner-committed");
		assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM shophooks_event", Integer.class))
			.isEqualTo(2);
	}

	/**
	 * A nested transaction ({@code NESTED}: a savepoint in the shop's transaction) that
	 * rolls back takes its events with it: when the shop's transaction commits, only what
	 * it kept is sent, and the workers reserved for the rolled-back events are free again.
	 */
	@Test
	void anEventOfANestedTransactionRolledBackToItsSavepointIsNeverSent() {
		// one request at a time: a send slot kept by the rolled-back event would stop this endpoint here
		endpoints().create(EndpointDefinition.builder("/orders", receiver.url("/orders"))
			.eventTypes("order.approved")
			.maxConcurrency(1)
			.build());
		TransactionTemplate outer = new TransactionTemplate(shop.getBean(PlatformTransactionManager.class));
		TransactionTemplate nested = new TransactionTemplate(shop.getBean(PlatformTransactionManager.class));
		nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		outer.executeWithoutResult(status -> {
			// the first event takes the endpoint's one send slot
			nested.executeWithoutResult(nestedStatus -> {
				shop.publishEvent(OrderApproved.sample("rolled-back-to-savepoint"));
				nestedStatus.setRollbackOnly();
			});
			shop.publishEvent(OrderApproved.sample("after-savepoint"));
			nested.executeWithoutResult(nestedStatus -> shop.publishEvent(OrderApproved.sample("nested-kept")));
		});

		onlyTheseOrdersArrive("/orders", "after-savepoint", "nested-kept");
		// the slot reserved for the rolled-back event was given back: later events still go out
		for (int i = 0; i < 20; i++) {
			publishCommitted(OrderApproved.sample("after-" + i));
		}
		awaitRequests("/orders", 22);
	}

	/**
	 * These orders arrive at the path, each named in a body, as many requests as there are
	 * orders and no more for 800 ms after, none of them a rolled-back one.
	 */
	private void onlyTheseOrdersArrive(String path, String... orders) {
		awaitRequests(path, orders.length);
		holdsFor(Duration.ofMillis(800), () -> receiver.received(path).size() == orders.length);
		List<String> bodies = receiver.received(path).stream().map(Received::body).toList();
		for (String order : orders) {
			assertThat(bodies).anySatisfy(body -> assertThat(body).contains("\"" + order + "\""));
		}
		assertThat(bodies).noneSatisfy(body -> assertThat(body).contains("rolled-back"));
	}

	@Test
	void eventPublishedOutsideATransactionIsWrittenAndDelivered() {
		endpoint("/customers", "customer.created");
		shop.publishEvent(new CustomerCreated("c-1", "Ann", "ann@example.com"));
		assertThat(awaitRequests("/customers", 1).get(0).body()).contains("\"customerId\":\"c-1\"");
	}

	@Test
	void platformEventIsMappedByAMapperBean() {
		endpoint("/platform", "order.submitted");
		publishCommitted(new PlatformOrderSubmitted(this, 77));
		Received request = awaitRequests("/platform", 1).get(0);
		assertThat(request.header("webhook-event-type")).isEqualTo("order.submitted");
		assertThat(request.body()).endsWith("\"data\":{\"orderId\":77}}");
	}

	@Test
	void oneInsertPerEventWhateverTheNumberOfEndpoints() {
		for (int i = 0; i < 5; i++) {
			endpoint("/fan" + i, "*");
		}
		publishCommitted(OrderApproved.sample("fan"));
		for (int i = 0; i < 5; i++) {
			awaitRequests("/fan" + i, 1);
		}
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_event", Integer.class)).isOne();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery", Integer.class)).isEqualTo(5);
		assertThat(jdbc.queryForObject("SELECT ordering_key FROM shophooks_event", String.class)).isEqualTo("fan");
	}

	@Test
	void unsubscribedAndDisabledEndpointsReceiveNothing() {
		endpoint("/customers", "customer.created");
		CreatedEndpoint disabled = endpoint("/disabled", "order.approved");
		endpoints().disable(disabled.endpoint().id(), "maintenance");
		endpoint("/orders", "order.approved");
		publishCommitted(OrderApproved.sample("o-3"));
		awaitRequests("/orders", 1);
		holdsFor(Duration.ofMillis(500),
				() -> receiver.received("/customers").isEmpty() && receiver.received("/disabled").isEmpty());
		assertThat(receiver.received("/customers")).isEmpty();
		assertThat(receiver.received("/disabled")).isEmpty();
	}

	@Test
	void xmlBodyIsExact() {
		endpoints().create(EndpointDefinition.signed("xml", receiver.url("/xml"), List.of("customer.created"))
			.withFormat(BodyFormat.XML));
		publishCommitted(new CustomerCreated("c-9", "Ann & Bob", "ann@example.com"));
		Received request = awaitRequests("/xml", 1).get(0);
		String timestamp = deliveries().event(request.header("webhook-id")).orElseThrow().createdAt().toString();
		assertThat(request.header("content-type")).isEqualTo("application/xml; charset=utf-8");
		assertThat(request.body()).isEqualTo("<webhook><type>customer.created</type><version>2</version><timestamp>" + timestamp
				+ "</timestamp><data><customerId>c-9</customerId><name>Ann &amp; Bob</name>"
				+ "<email>ann@example.com</email></data></webhook>");
	}

	@Test
	void formBodyIsExact() {
		endpoints().create(EndpointDefinition.signed("form", receiver.url("/form"), List.of("order.approved"))
			.withFormat(BodyFormat.FORM));
		publishCommitted(OrderApproved.sample("o 4"));
		Received request = awaitRequests("/form", 1).get(0);
		String timestamp = deliveries().event(request.header("webhook-id")).orElseThrow().createdAt().toString();
		assertThat(request.header("content-type")).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
		assertThat(request.body()).isEqualTo("type=order.approved&version=1&timestamp=" + timestamp.replace(":", "%3A")
				+ "&data%5BorderId%5D=o+4&data%5Bemail%5D=ann%40example.com&data%5Btotal%5D=39.98"
				+ "&data%5Bcurrency%5D=EUR&data%5Blines%5D%5B0%5D%5Bsku%5D=SKU-1"
				+ "&data%5Blines%5D%5B0%5D%5Bquantity%5D=2&data%5Blines%5D%5B0%5D%5Bprice%5D=19.99");
	}

	@Test
	void basicAuthAndUrlTokenArrive() {
		endpoints().create(EndpointDefinition.signed("auth", receiver.url("/auth?shop=1"), List.of("order.approved"))
			.withBasicAuth("partner", "s3cret:pw")
			.withUrlToken("key", "tok en/+1")
			.withSigning(false, null));
		publishCommitted(OrderApproved.sample("o-5"));
		Received request = awaitRequests("/auth", 1).get(0);
		assertThat(request.query()).isEqualTo("shop=1&key=tok+en%2F%2B1");
		assertThat(request.header("authorization")).isEqualTo(
				"Basic " + Base64.getEncoder().encodeToString("partner:s3cret:pw".getBytes(StandardCharsets.UTF_8)));
		assertThat(request.header("webhook-signature")).isNull();

		await().atMost(WAIT).until(() -> !deliveries().list(DeliveryFilter.all()).isEmpty()
				&& !deliveries().attempts(deliveries().list(DeliveryFilter.all()).get(0).id()).isEmpty());
		Attempt attempt = deliveries().attempts(deliveries().list(DeliveryFilter.all()).get(0).id()).get(0);
		assertThat(attempt.requestUrl()).endsWith("?shop=1&key=****").doesNotContain("tok");
		assertThat(attempt.requestHeaders()).contains("Authorization: Basic ****").doesNotContain("s3cret");
	}

	@Test
	void secretsAreEncryptedAtRest() {
		CreatedEndpoint created = endpoints().create(EndpointDefinition
			.signed("auth", receiver.url("/auth"), List.of("order.approved"))
			.withBasicAuth("partner", "plain-password")
			.withUrlToken("token", "plain-token"));
		Map<String, Object> row = new JdbcTemplate(dataSource).queryForMap("SELECT * FROM shophooks_endpoint");
		String everything = row.values().toString();
		assertThat(everything).doesNotContain("plain-password", "plain-token", created.secret().substring(6));
		assertThat(created.endpoint().secretHint()).isEqualTo(created.secret().substring(0, 10) + "…");
	}

	@Test
	void duringRotationBothSecretsSign() throws Exception {
		CreatedEndpoint created = endpoint("/rotate", "order.approved");
		String newSecret = endpoints().rotateSecret(created.endpoint().id(), Duration.ofHours(1));
		assertThat(newSecret).isNotEqualTo(created.secret());
		publishCommitted(OrderApproved.sample("o-6"));
		Received request = awaitRequests("/rotate", 1).get(0);
		assertThat(request.header("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
		new Webhook(newSecret).verify(request.body(), request.headers());
		new Webhook(created.secret()).verify(request.body(), request.headers());

		// a second rotation within the overlap would stop the original secret at once: refused, nothing changed
		assertThatThrownBy(() -> endpoints().rotateSecret(created.endpoint().id(), Duration.ZERO))
			.isInstanceOf(io.shophooks.webhook.endpoint.SecretStillValidException.class)
			.hasMessageContaining("still signs until");
		assertThat(endpoints().target(created.endpoint().id()).orElseThrow().signingSecrets())
			.containsExactlyInAnyOrder(newSecret, created.secret());
		// unless the owner cuts it short on purpose
		String afterOverlap = endpoints().rotateSecret(created.endpoint().id(), Duration.ZERO, true);
		publishCommitted(OrderApproved.sample("o-7"));
		Received next = awaitRequests("/rotate", 2).get(1);
		assertThat(next.header("webhook-signature").split(" ")).hasSize(1);
		new Webhook(afterOverlap).verify(next.body(), next.headers());
		assertThatThrownBy(() -> new Webhook(newSecret).verify(next.body(), next.headers()))
			.isInstanceOf(WebhookVerificationException.class);
	}

	@Test
	void serverErrorIsRetriedWithTheSameWebhookId() {
		CreatedEndpoint created = endpoint("/flaky", "order.approved");
		receiver.script("/flaky", Reply.status(500).withBody("database down"), Reply.status(200));
		publishCommitted(OrderApproved.sample("o-8"));
		List<Received> requests = awaitRequests("/flaky", 2);
		assertThat(requests.get(0).header("webhook-id")).isEqualTo(requests.get(1).header("webhook-id"));
		assertThat(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos())
			.isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
		await().atMost(WAIT).untilAsserted(() -> {
			Delivery delivery = deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0);
			assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
			List<Attempt> attempts = deliveries().attempts(delivery.id());
			assertThat(attempts).extracting(Attempt::outcome).containsExactly("RETRY_SCHEDULED", "DELIVERED");
			assertThat(attempts.get(0).statusCode()).isEqualTo(500);
			assertThat(attempts.get(0).responseExcerpt()).isEqualTo("database down");
		});
	}

	/**
	 * A receiver may answer with large headers (each line within the sender's bound of
	 * 16 KB, 30,000 characters in all); what is kept of them is bounded, and the delivery is
	 * recorded as delivered all the same.
	 */
	@Test
	void hugeResponseHeadersAreKeptCutShort() {
		CreatedEndpoint created = endpoint("/big-headers", "order.approved");
		receiver.always("/big-headers", Reply.status(200).withHeader("X-Padding", "p".repeat(10_000))
			.withHeader("X-Padding-2", "q".repeat(10_000))
			.withHeader("X-Padding-3", "r".repeat(10_000)));
		publishCommitted(OrderApproved.sample("o-big-headers"));
		await().atMost(WAIT).untilAsserted(() -> {
			Delivery delivery = deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0);
			assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
			String kept = deliveries().attempts(delivery.id()).get(0).responseHeaders();
			assertThat(kept).isNotNull();
			assertThat(kept.length()).as("characters kept of the response headers").isLessThan(17 * 1024);
			assertThat(kept.toLowerCase(java.util.Locale.ROOT).matches("(?s).*x-padding(-[23])?: (ppp|qqq|rrr).*")).as("the header kept").isTrue();
			assertThat(kept.endsWith("more characters not kept)\n")).as("marked as cut short").isTrue();
		});
	}

	/**
	 * Several successes recorded together (one batch, one transaction) keep each
	 * receiver's answer exactly, whatever characters it holds: quotes, braces, commas and
	 * the word NULL, which mean something in SQL text and arrays, newlines and non-ASCII.
	 */
	@Test
	void successesRecordedTogetherKeepEachAnswerExactly() {
		List<String> answers = List.of("{\"a\":\"b,c\"}", "NULL", "back\\slash \"quoted\" {braces}", "   ",
				"line one\nline two\ttab", "Đơn hàng đã giao ✓ 注文", "'single' quotes, (parens) and ;semicolons;");
		CreatedEndpoint created = endpoint("/answers", "order.approved");
		for (int i = 0; i < answers.size(); i++) {
			receiver.always("/answers-" + i, Reply.status(200).withBody(answers.get(i)));
		}
		receiver.always("/answers", Reply.status(200));
		List<CreatedEndpoint> each = new java.util.ArrayList<>();
		for (int i = 0; i < answers.size(); i++) {
			each.add(endpoint("/answers-" + i, "order.approved"));
		}
		publishCommitted(OrderApproved.sample("o-answers"));
		await().atMost(WAIT).untilAsserted(() -> {
			for (int i = 0; i < answers.size(); i++) {
				Delivery delivery = deliveries().list(DeliveryFilter.forEndpoint(each.get(i).endpoint().id())).get(0);
				assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
				Attempt attempt = deliveries().attempts(delivery.id()).get(0);
				assertThat(attempt.responseExcerpt()).as("answer " + i).isEqualTo(answers.get(i));
				assertThat(attempt.requestHeaders()).as("request headers " + i).containsIgnoringCase("webhook-id");
			}
			assertThat(deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0).status())
				.isEqualTo(DeliveryStatus.DELIVERED);
		});
	}

	@Test
	void aRetryGoesOutWhenItsBackoffEndsNotAtTheNextPoll() throws Exception {
		withShopDispatcherStopped(() -> {
			endpoint("/soon", "order.approved");
			// An instance that polls once a minute and retries after 300 ms (started after the
			// endpoint exists, so its endpoint cache knows it).
			try (ConfigurableApplicationContext slowPoll = TestShops.start(dataSource,
					"shophooks.webhook.delivery.poll-interval=60s", "shophooks.webhook.retry.initial-interval=300ms")) {
				receiver.script("/soon", Reply.status(503), Reply.status(200));
				new TransactionTemplate(slowPoll.getBean(PlatformTransactionManager.class))
					.executeWithoutResult(status -> slowPoll.publishEvent(OrderApproved.sample("soon")));
				// well before the first poll
				await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/soon").size() == 2);
				List<Received> requests = receiver.received("/soon");
				assertThat(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos())
					.isGreaterThanOrEqualTo(Duration.ofMillis(290).toNanos());
			}
		});
	}

	@Test
	void aBacklogOverEndpointsWithDifferentLimitsDrainsWithoutWaitingForThePoll() throws Exception {
		withShopDispatcherStopped(() -> {
			// one endpoint that takes 32 at once and one that takes 8 (the default): a claim takes
			// no more of either than it can send, and every send that ends claims again
			endpoints().create(EndpointDefinition.signed("/wide", receiver.url("/wide"), List.of("order.approved"))
				.withMaxConcurrency(32));
			endpoint("/narrow", "order.approved");
			for (int i = 0; i < 150; i++) {
				publishCommitted(OrderApproved.sample("backlog-" + i));
			}
			// an instance that polls once a minute finds the backlog at start-up, then must not
			// wait for its next poll to go on
			try (ConfigurableApplicationContext slowPoll = TestShops.start(dataSource,
					"shophooks.webhook.delivery.poll-interval=60s")) {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> receiver.received("/wide").size() == 150 && receiver.received("/narrow").size() == 150);
			}
		});
	}

	@Test
	void receiverDownForAWhileGetsEveryDeliveryOnTheBackoffSchedule() throws Exception {
		int port;
		try (java.net.ServerSocket reserved = new java.net.ServerSocket(0)) {
			port = reserved.getLocalPort();
		}
		withShopDispatcherStopped(() -> {
			// An instance of its own with a longer schedule: 100 ms, doubling, no jitter.
			try (ConfigurableApplicationContext patient = TestShops.start(dataSource,
					"shophooks.webhook.retry.initial-interval=100ms", "shophooks.webhook.retry.multiplier=2",
					"shophooks.webhook.retry.max-retries=10")) {
				CreatedEndpoint created = endpoints().create(EndpointDefinition.signed("Down for a while",
						"http://127.0.0.1:" + port + "/back", List.of("order.approved")));
				for (int i = 0; i < 5; i++) {
					publishCommitted(OrderApproved.sample("down-" + i));
				}
				DeliveryFilter ofEndpoint = DeliveryFilter.forEndpoint(created.endpoint().id());
				// Down: every delivery is refused at least three times.
				await().atMost(WAIT)
					.until(() -> deliveries().list(ofEndpoint).size() == 5 && deliveries().list(ofEndpoint)
						.stream()
						.allMatch(delivery -> delivery.attemptCount() >= 3));
				try (TestReceiver back = new TestReceiver(port)) {
					await().atMost(WAIT).until(() -> deliveries().list(ofEndpoint)
						.stream()
						.allMatch(delivery -> delivery.status() == DeliveryStatus.DELIVERED));
					assertThat(back.received("/back")).hasSize(5);
					assertThat(back.received("/back").stream().map(r -> r.header("webhook-id")).distinct()).hasSize(5);
				}
				for (Delivery delivery : deliveries().list(ofEndpoint)) {
					List<Attempt> attempts = deliveries().attempts(delivery.id());
					assertThat(attempts.get(attempts.size() - 1).outcome()).isEqualTo("DELIVERED");
					for (int n = 1; n < attempts.size(); n++) {
						Attempt before = attempts.get(n - 1);
						assertThat(before.outcome()).isEqualTo("RETRY_SCHEDULED");
						assertThat(before.error()).startsWith("Connection refused");
						// Retry n waits at least 100 ms x 2^(n-1) after attempt n finished.
						Instant finished = before.startedAt().plusMillis(before.durationMillis());
						assertThat(Duration.between(finished, attempts.get(n).startedAt()))
							.as("wait before retry %d of delivery %d", n, delivery.id())
							.isGreaterThanOrEqualTo(Duration.ofMillis((100L << (n - 1)) - 2));
					}
				}
			}
		});
	}

	@Test
	void retriesStopAfterTheLastAttemptAndTheDeliveryCanBeReplayed() {
		CreatedEndpoint created = endpoint("/down", "order.approved");
		receiver.always("/down", Reply.status(503));
		publishCommitted(OrderApproved.sample("o-9"));
		await().atMost(WAIT).untilAsserted(() -> assertThat(
				deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0).status())
			.isEqualTo(DeliveryStatus.FAILED));
		assertThat(receiver.received("/down")).hasSize(4); // first attempt + max-retries 3
		Delivery failed = deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0);
		assertThat(failed.attemptCount()).isEqualTo(4);
		assertThat(failed.lastStatusCode()).isEqualTo(503);

		receiver.always("/down", Reply.status(204));
		assertThat(deliveries().replay(failed.id())).isTrue();
		await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries().find(failed.id()).orElseThrow().status())
			.isEqualTo(DeliveryStatus.DELIVERED));
		List<Received> requests = receiver.received("/down");
		assertThat(requests).hasSize(5);
		assertThat(requests.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
		assertThat(deliveries().attempts(failed.id())).extracting(Attempt::attemptNumber)
			.containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void aReplayedDeliveryKeepsEverySuccessInItsAttemptLog() {
		CreatedEndpoint created = endpoint("/twice", "order.approved");
		receiver.always("/twice", Reply.status(200).withBody("{\"first\":true}"));
		publishCommitted(OrderApproved.sample("o-11"));
		awaitRequests("/twice", 1);
		await().atMost(WAIT).untilAsserted(() -> assertThat(
				deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0).status())
			.isEqualTo(DeliveryStatus.DELIVERED));
		Delivery delivered = deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0);
		// the usual success is kept in the delivery's own row, and still shown as its attempt
		assertThat(deliveries().attempts(delivered.id())).singleElement().satisfies(attempt -> {
			assertThat(attempt.attemptNumber()).isEqualTo(1);
			assertThat(attempt.statusCode()).isEqualTo(200);
			assertThat(attempt.outcome()).isEqualTo("DELIVERED");
			assertThat(attempt.responseExcerpt()).isEqualTo("{\"first\":true}");
			assertThat(attempt.requestHeaders()).contains(receiver.received("/twice").get(0).header("webhook-id"));
		});

		receiver.always("/twice", Reply.status(202).withBody("{\"second\":true}"));
		assertThat(deliveries().replay(delivered.id())).isTrue();
		awaitRequests("/twice", 2);
		await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries().attempts(delivered.id()))
			.extracting(Attempt::attemptNumber, Attempt::statusCode, Attempt::responseExcerpt)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, 200, "{\"first\":true}"),
					org.assertj.core.groups.Tuple.tuple(2, 202, "{\"second\":true}")));
		assertThat(deliveries().find(delivered.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
	}

	@Test
	void recoverReplaysFailedDeliveriesOfAnEndpointSinceAnInstant() {
		CreatedEndpoint created = endpoint("/recover", "order.approved");
		receiver.always("/recover", Reply.status(500));
		Instant since = Instant.now().minusSeconds(1);
		publishCommitted(OrderApproved.sample("r-1"));
		publishCommitted(OrderApproved.sample("r-2"));
		await().atMost(WAIT).until(() -> deliveries().countByStatus(created.endpoint().id())
			.getOrDefault(DeliveryStatus.FAILED, 0L) == 2);
		receiver.always("/recover", Reply.status(200));
		assertThat(deliveries().recover(created.endpoint().id(), since)).isEqualTo(2);
		await().atMost(WAIT).until(() -> deliveries().countByStatus(created.endpoint().id())
			.getOrDefault(DeliveryStatus.DELIVERED, 0L) == 2);
	}

	@Test
	void retryAfterIsHonoured() {
		CreatedEndpoint created = endpoint("/busy", "order.approved");
		receiver.script("/busy", Reply.status(429).withHeader("Retry-After", "2"), Reply.status(200));
		publishCommitted(OrderApproved.sample("o-10"));
		List<Received> requests = awaitRequests("/busy", 2);
		assertThat(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos())
			.isGreaterThanOrEqualTo(Duration.ofMillis(1900).toNanos());
		await().atMost(WAIT).until(() -> deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id()))
			.get(0)
			.status() == DeliveryStatus.DELIVERED);
	}

	@Test
	void goneDisablesTheEndpoint() {
		CreatedEndpoint created = endpoint("/gone", "order.approved");
		receiver.always("/gone", Reply.status(410));
		publishCommitted(OrderApproved.sample("o-11"));
		await().atMost(WAIT).untilAsserted(() -> {
			Endpoint endpoint = endpoints().get(created.endpoint().id());
			assertThat(endpoint.enabled()).isFalse();
			assertThat(endpoint.disabledReason()).contains("410");
		});
		assertThat(deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0).status())
			.isEqualTo(DeliveryStatus.FAILED);
		publishCommitted(OrderApproved.sample("o-12"));
		holdsFor(Duration.ofMillis(500), () -> receiver.received("/gone").size() == 1);
		assertThat(receiver.received("/gone")).hasSize(1);
	}

	@Test
	void endpointIsDisabledAfterConsecutiveFailedDeliveries() {
		withStrictShop(strict -> {
			CreatedEndpoint created = strict.getBean(EndpointService.class)
				.create(EndpointDefinition.signed("strict", receiver.url("/strict"), List.of("order.approved")));
			receiver.always("/strict", Reply.status(500));
			for (int i = 0; i < 2; i++) {
				new TransactionTemplate(strict.getBean(PlatformTransactionManager.class)).executeWithoutResult(
						s -> strict.publishEvent(OrderApproved.sample("f")));
			}
			await().atMost(WAIT).untilAsserted(() -> {
				Endpoint endpoint = strict.getBean(EndpointService.class).get(created.endpoint().id());
				assertThat(endpoint.enabled()).isFalse();
				assertThat(endpoint.disabledReason()).contains("2 deliveries in a row failed");
			});
		});
	}

	/**
	 * Run with a second shop that disables an endpoint after two failed deliveries in a row
	 * and never retries, this class's shop not delivering meanwhile.
	 */
	private void withStrictShop(java.util.function.Consumer<ConfigurableApplicationContext> test) {
		ConfigurableApplicationContext strict = TestShops.start(dataSource,
				"shophooks.webhook.delivery.disable-after-failed-deliveries=2", "shophooks.webhook.retry.max-retries=0");
		try {
			shop.getBean(Dispatcher.class).stop();
			test.accept(strict);
		}
		finally {
			strict.close();
			shop.getBean(Dispatcher.class).start();
		}
	}

	@Test
	void aSuccessBetweenFailuresStartsTheCountInARowAgain() {
		withStrictShop(strict -> {
			EndpointService service = strict.getBean(EndpointService.class);
			CreatedEndpoint created = service
				.create(EndpointDefinition.signed("in-a-row", receiver.url("/in-a-row"), List.of("order.approved")));
			receiver.script("/in-a-row", Reply.status(500), Reply.status(200), Reply.status(500), Reply.status(200),
					Reply.status(500), Reply.status(500));
			// failed, delivered, failed, delivered, failed: never two failures in a row (a wrong
			// count disables the endpoint, and the next event then never reaches the receiver)
			for (int i = 1; i <= 5; i++) {
				publishAndAwaitRecorded(strict, created, i);
				assertThat(service.get(created.endpoint().id()).enabled()).as("enabled after delivery " + i).isTrue();
			}
			publishAndAwaitRecorded(strict, created, 6);
			await().atMost(WAIT).untilAsserted(() -> assertThat(service.get(created.endpoint().id()).disabledReason())
				.contains("2 deliveries in a row failed"));
		});
	}

	private void publishAndAwaitRecorded(ConfigurableApplicationContext app, CreatedEndpoint created, int count) {
		new TransactionTemplate(app.getBean(PlatformTransactionManager.class))
			.executeWithoutResult(s -> app.publishEvent(OrderApproved.sample("in-a-row-" + count)));
		await().atMost(WAIT).until(() -> deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id()))
			.stream()
			.filter(d -> d.status() != DeliveryStatus.PENDING)
			.count() == count);
	}

	@Test
	void hostileReceiversAreEachHandledAsDocumentedWhileAHealthyOneGetsEverything() {
		// Four that never answer (more slots than the instance has, if nothing shared them out),
		// and one of every other kind of broken receiver.
		Map<String, Reply> hostile = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 4; i++) {
			hostile.put("/hangs-" + i, Reply.hang(3_000));
		}
		hostile.put("/fails", Reply.status(500).withBody("boom"));
		hostile.put("/gone-away", Reply.status(410));
		hostile.put("/slow-down", Reply.status(429).withHeader("Retry-After", "3600"));
		hostile.put("/moved", Reply.redirect("http://169.254.169.254/latest/meta-data/"));
		hostile.forEach((path, reply) -> {
			receiver.always(path, reply);
			endpoint(path, "order.approved");
		});
		CreatedEndpoint healthy = endpoint("/healthy", "order.approved");
		for (int i = 0; i < 30; i++) {
			publishCommitted(OrderApproved.sample("zoo-" + i));
		}
		await().atMost(WAIT).until(() -> receiver.received("/healthy").size() >= 30);
		List<Delivery> hangingStill = endpoints().list()
			.stream()
			.filter(endpoint -> endpoint.url().contains("/hangs-"))
			.flatMap(endpoint -> deliveries().list(DeliveryFilter.forEndpoint(endpoint.id())).stream())
			.filter(delivery -> delivery.status() == DeliveryStatus.PENDING)
			.toList();
		// The healthy endpoint got everything while the hanging ones are still being retried.
		assertThat(hangingStill).isNotEmpty();
		assertThat(receiver.received("/healthy")).hasSize(30);
		// each healthy delivery went out once; the last answers may still be being recorded
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(deliveries().list(DeliveryFilter.forEndpoint(healthy.endpoint().id())))
				.allSatisfy(delivery -> assertThat(delivery.attemptCount()).isEqualTo(1)));

		await().atMost(WAIT).untilAsserted(() -> {
			Map<String, Endpoint> byPath = endpoints().list()
				.stream()
				.collect(Collectors.toMap(endpoint -> endpoint.url().substring(endpoint.url().lastIndexOf('/')),
						endpoint -> endpoint));
			assertThat(byPath.get("/gone-away").enabled()).isFalse();
			assertThat(lastError(byPath.get("/fails"))).isEqualTo("Receiver answered 500");
			assertThat(lastError(byPath.get("/moved")))
				.isEqualTo("Redirect to http://169.254.169.254/latest/meta-data/ not followed");
			assertThat(lastError(byPath.get("/hangs-0"))).contains("within 1000 ms");
			// 429 with an hour's Retry-After: one attempt, the next one waits for the hour.
			Delivery throttled = deliveries().list(DeliveryFilter.forEndpoint(byPath.get("/slow-down").id())).get(0);
			assertThat(throttled.attemptCount()).isEqualTo(1);
			assertThat(throttled.nextAttemptAt()).isAfter(Instant.now().plusSeconds(3000));
		});
		assertThat(receiver.received("/slow-down")).hasSize(30);
	}

	/**
	 * The error of the newest delivery to an endpoint that has been attempted. Not simply
	 * the newest delivery: an endpoint disabled after failures in a row never attempts
	 * the deliveries still queued behind them.
	 */
	private String lastError(Endpoint endpoint) {
		return deliveries().list(DeliveryFilter.forEndpoint(endpoint.id()))
			.stream()
			.filter(delivery -> delivery.attemptCount() > 0)
			.findFirst()
			.map(Delivery::lastError)
			.orElse(null);
	}

	@Test
	void orderedEndpointSendsEachOrdersEventsInOrderWhileAFailingOrderHoldsBackOnlyItself() {
		endpoints().create(EndpointDefinition.signed("Ordered", receiver.url("/ordered"), List.of("order.approved"))
			.withOrderedDelivery(true));
		endpoint("/unordered", "order.approved");
		// Events of orders A and B interleaved; each event names its step in the email field.
		// A's first event fails three times before it is accepted.
		receiver.scriptWhere("/ordered", "\"email\":\"A-1\"", Reply.status(500), Reply.status(503),
				Reply.status(500));
		for (String step : List.of("A-1", "B-1", "A-2", "B-2", "A-3", "B-3")) {
			publishCommitted(new OrderApproved(step.substring(0, 1), step, new java.math.BigDecimal("10"), "EUR",
					List.of()));
		}
		awaitRequests("/ordered", 9);
		List<String> ordered = receiver.received("/ordered").stream().map(AbstractDeliveryIntegrationTests::step).toList();
		assertThat(ordered.stream().filter(id -> id.startsWith("A")))
			.containsExactly("A-1", "A-1", "A-1", "A-1", "A-2", "A-3");
		assertThat(ordered.stream().filter(id -> id.startsWith("B"))).containsExactly("B-1", "B-2", "B-3");
		// Order B was not held back by order A's failures.
		assertThat(ordered.indexOf("B-3")).isLessThan(ordered.lastIndexOf("A-1"));
		// The unordered endpoint got everything at once, A-2 and A-3 included.
		List<String> unordered = receiver.received("/unordered").stream().map(AbstractDeliveryIntegrationTests::step).toList();
		assertThat(unordered).containsExactlyInAnyOrder("A-1", "B-1", "A-2", "B-2", "A-3", "B-3");
		long lastUnordered = receiver.received("/unordered").stream().mapToLong(Received::arrivedNanos).max().orElseThrow();
		long orderedA2 = receiver.received("/ordered").stream().filter(r -> step(r).equals("A-2"))
			.mapToLong(Received::arrivedNanos).min().orElseThrow();
		assertThat(lastUnordered).isLessThan(orderedA2);
	}

	private static String step(Received request) {
		return request.body().replaceAll(".*\"email\":\"([^\"]+)\".*", "$1");
	}

	private static String orderId(Received request) {
		return request.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
	}

	@Test
	void filterDropsExactlyTheEventsThatDoNotMatchAndCreatesNoDeliveryForThem() {
		CreatedEndpoint filtered = endpoints().create(
				EndpointDefinition.signed("Big EUR or USD orders", receiver.url("/big"), List.of("order.approved"))
					.withFilter("total >= 100 and currency in ['EUR', 'USD']"));
		CreatedEndpoint all = endpoint("/all", "order.approved");
		publishCommitted(new OrderApproved("small-eur", "a@example.com", new java.math.BigDecimal("39.98"), "EUR", List.of()));
		publishCommitted(new OrderApproved("big-eur", "a@example.com", new java.math.BigDecimal("150"), "EUR", List.of()));
		publishCommitted(new OrderApproved("big-vnd", "a@example.com", new java.math.BigDecimal("150000"), "VND", List.of()));
		publishCommitted(new OrderApproved("exact-usd", "a@example.com", new java.math.BigDecimal("100.00"), "USD", List.of()));
		awaitRequests("/all", 4);
		awaitRequests("/big", 2);
		holdsFor(Duration.ofMillis(300), () -> receiver.received("/big").size() == 2);
		assertThat(receiver.received("/big").stream().map(AbstractDeliveryIntegrationTests::orderId))
			.containsExactlyInAnyOrder("big-eur", "exact-usd");
		assertThat(deliveries().list(DeliveryFilter.forEndpoint(filtered.endpoint().id()))).hasSize(2);
		assertThat(deliveries().list(DeliveryFilter.forEndpoint(all.endpoint().id()))).hasSize(4);
	}

	@Test
	void selectedFieldsAndThinPayloadsAreExact() throws Exception {
		endpoints().create(EndpointDefinition.signed("Fields", receiver.url("/fields"), List.of("order.approved"))
			.withIncludeFields(List.of("orderId", "total", "missing.field")));
		endpoints().create(EndpointDefinition.signed("Thin", receiver.url("/thin"), List.of("order.approved"))
			.withPayload(io.shophooks.webhook.endpoint.PayloadMode.THIN));
		publishCommitted(OrderApproved.sample("o-77"));
		Received fields = awaitRequests("/fields", 1).get(0);
		Received thin = awaitRequests("/thin", 1).get(0);
		String data = fields.body().substring(fields.body().indexOf("\"data\":") + 7, fields.body().length() - 1);
		assertThat(data).isEqualTo("{\"orderId\":\"o-77\",\"total\":39.98}");
		String thinData = thin.body().substring(thin.body().indexOf("\"data\":") + 7, thin.body().length() - 1);
		assertThat(thinData).isEqualTo("{\"id\":\"o-77\",\"url\":\"https://shop.example.com/api/orders/o-77\"}");
		assertThat(thin.body()).startsWith("{\"type\":\"order.approved\",\"version\":1,\"timestamp\":");
	}

	@Test
	void invalidFilterOrFieldsAreRefusedWithThePositionAndNothingIsSaved() {
		assertThatThrownBy(() -> endpoints().create(
				EndpointDefinition.signed("Bad", receiver.url("/bad"), List.of("order.approved"))
					.withFilter("total > 100 and getClass().forName('x')")
					.withIncludeFields(List.of("lines[0]"))))
			.isInstanceOfSatisfying(io.shophooks.webhook.endpoint.InvalidEndpointException.class, ex -> {
				assertThat(ex.getErrors().get("filter"))
					.isEqualTo("Function and method calls are not allowed (at position 17)");
				assertThat(ex.getErrors().get("includeFields")).contains("'lines[0]' is not a field path");
			});
		assertThat(endpoints().list()).isEmpty();
	}

	@Test
	void redirectIsNotFollowed() {
		CreatedEndpoint created = endpoint("/moved", "order.approved");
		receiver.always("/moved", Reply.redirect(receiver.url("/elsewhere")));
		publishCommitted(OrderApproved.sample("o-13"));
		awaitRequests("/moved", 1);
		await().atMost(WAIT).until(() -> !deliveries()
			.attempts(deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0).id())
			.isEmpty());
		Attempt attempt = deliveries()
			.attempts(deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0).id())
			.get(0);
		assertThat(attempt.statusCode()).isEqualTo(302);
		assertThat(attempt.outcome()).isEqualTo("RETRY_SCHEDULED");
		assertThat(attempt.error()).contains("not followed");
		assertThat(receiver.received("/elsewhere")).isEmpty();
	}

	@Test
	void hangingReceiverTimesOutWithoutBlockingOtherEndpoints() {
		CreatedEndpoint hanging = endpoints().create(EndpointDefinition
			.signed("hanging", receiver.url("/hang"), List.of("order.approved"))
			.withMaxConcurrency(1));
		receiver.always("/hang", Reply.hang(10_000));
		endpoint("/healthy", "order.approved");
		for (int i = 0; i < 5; i++) {
			publishCommitted(OrderApproved.sample("h-" + i));
		}
		awaitRequests("/healthy", 5);
		assertThat(receiver.received("/hang")).hasSizeLessThanOrEqualTo(2);
		await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			Delivery first = deliveries().list(DeliveryFilter.forEndpoint(hanging.endpoint().id())).stream()
				.filter(d -> d.attemptCount() > 0)
				.findFirst()
				.orElseThrow();
			Attempt attempt = deliveries().attempts(first.id()).get(0);
			assertThat(attempt.statusCode()).isNull();
			assertThat(attempt.error()).containsAnyOf("within 1000 ms");
			assertThat(attempt.durationMillis()).isLessThan(5000);
		});
	}

	@Test
	void anEndpointsConcurrencyLimitHoldsWhenManyEventsArriveAtOnce() {
		CreatedEndpoint limited = endpoints().create(EndpointDefinition
			.signed("limited", receiver.url("/limited"), List.of("order.approved"))
			.withMaxConcurrency(2));
		receiver.always("/limited", Reply.hang(150));
		// One commit of twelve events: fan-out writes twelve deliveries in one round, and may
		// lease the ones this instance can send at once to itself without a claim.
		new TransactionTemplate(shop.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
			for (int i = 0; i < 12; i++) {
				shop.publishEvent(OrderApproved.sample("limit-" + i));
			}
		});
		awaitRequests("/limited", 12);
		await().atMost(WAIT).until(() -> deliveries().list(DeliveryFilter.forEndpoint(limited.endpoint().id()))
			.stream()
			.allMatch(d -> d.status() == DeliveryStatus.DELIVERED));
		assertThat(receiver.mostAtOnce("/limited")).isEqualTo(2);
		assertThat(receiver.received("/limited")).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates()
			.hasSize(12);
	}

	@Test
	void testEventReturnsTheAttemptAtOnce() {
		CreatedEndpoint created = endpoint("/test", "order.approved");
		// What the receiver answers is kept exactly, whatever characters it holds.
		String answer = "thanks, \"quoted\" {a,b} back\\slash NULL\nnext line ü";
		receiver.always("/test", Reply.status(202).withBody(answer));
		Attempt attempt = deliveries().sendTestEvent(created.endpoint().id());
		assertThat(attempt.statusCode()).isEqualTo(202);
		assertThat(attempt.responseExcerpt()).isEqualTo(answer);
		Delivery stored = deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id())).get(0);
		assertThat(deliveries().attempts(stored.id())).singleElement()
			.satisfies(a -> assertThat(a.responseExcerpt()).isEqualTo(answer))
			.satisfies(a -> assertThat(a.requestHeaders()).contains("webhook-id: ").contains("\n"));
		assertThat(attempt.outcome()).isEqualTo("DELIVERED");
		Received request = receiver.received("/test").get(0);
		assertThat(request.header("webhook-event-type")).isEqualTo("webhook.test");
		assertThat(request.body()).contains("\"type\":\"webhook.test\"");
		// the data is the catalog's example for webhook.test, the timestamp has millisecond precision like every event
		tools.jackson.databind.JsonNode body = tools.jackson.databind.json.JsonMapper.shared().readTree(request.body());
		String example = shop.getBean(io.shophooks.webhook.capture.EventTypeRegistry.class)
			.find("webhook.test")
			.orElseThrow()
			.example();
		assertThat(body.get("data")).isEqualTo(tools.jackson.databind.json.JsonMapper.shared().readTree(example));
		assertThat(body.get("timestamp").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");
	}

	@Test
	void invalidEndpointIsRejectedAndNothingIsSaved() {
		assertThatThrownBy(() -> endpoints()
			.create(EndpointDefinition.signed("bad", "ftp://example.com/hook", List.of("order.approved"))))
			.isInstanceOf(InvalidWebhookException.class)
			.hasMessageContaining("http:// or https://");
		assertThatThrownBy(() -> endpoints()
			.create(EndpointDefinition.signed("bad", receiver.url("/x"), List.of("order.shipped"))))
			.hasMessageContaining("Unknown event type 'order.shipped'");
		assertThatThrownBy(() -> endpoints()
			.create(EndpointDefinition.signed("bad", "https://user:pw@example.com/", List.of("order.approved"))))
			.hasMessageContaining("user name");
		assertThat(endpoints().list()).isEmpty();
	}

	@Test
	void expiredLeaseOfADeadInstanceIsTakenOver() {
		Dispatcher dispatcher = shop.getBean(Dispatcher.class);
		dispatcher.stop();
		try {
			CreatedEndpoint created = endpoint("/takeover", "order.approved");
			publishCommitted(OrderApproved.sample("lease"));
			DeliveryRepository repository = shopRepository();
			Instant leaseEnd = Instant.now().plusSeconds(2);
			assertThat(repository.claim("dead-instance", Instant.now(), leaseEnd, 10, 10, Set.of())).hasSize(1);
			dispatcher.start();
			// The dead instance's claim holds until it expires, then another dispatcher takes over.
			holdsFor(Duration.ofMillis(1000), () -> receiver.received("/takeover").isEmpty());
			awaitRequests("/takeover", 1);
			assertThat(Instant.now()).isAfterOrEqualTo(leaseEnd);
			await().atMost(WAIT).until(() -> deliveries().list(DeliveryFilter.forEndpoint(created.endpoint().id()))
				.get(0)
				.status() == DeliveryStatus.DELIVERED);
		}
		finally {
			dispatcher.start();
		}
	}

	@Test
	void twoInstancesDeliverAThousandEventsNoneLostNoneTwice() throws Exception {
		ConfigurableApplicationContext second = TestShops.start(dataSource);
		try {
			endpoint("/bulk", "order.approved");
			Thread other = new Thread(() -> publishMany(second, 0, 500));
			other.start();
			publishMany(shop, 500, 1000);
			other.join();
			await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received("/bulk").size() >= 1000);
			holdsFor(Duration.ofMillis(500), () -> receiver.received("/bulk").size() == 1000);
			List<String> ids = receiver.received("/bulk").stream().map(r -> r.header("webhook-id")).toList();
			Set<String> distinct = new HashSet<>(ids);
			assertThat(distinct).hasSize(1000);
			assertThat(ids).hasSize(1000);
			Set<String> orders = receiver.received("/bulk")
				.stream()
				.map(r -> r.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1"))
				.collect(Collectors.toSet());
			assertThat(orders).hasSize(1000);
		}
		finally {
			second.close();
		}
	}

	/**
	 * Each instance keeps the subscriptions in memory, yet a change committed on another
	 * instance counts for the very next event published here: an endpoint created,
	 * resubscribed or disabled there is seen without waiting for any cache to expire.
	 */
	@Test
	void subscriptionChangesOnAnotherInstanceCountForTheNextEventPublishedHere() {
		ConfigurableApplicationContext other = TestShops.start(dataSource);
		try {
			CreatedEndpoint early = endpoint("/early", "order.approved");
			// this instance has the subscriptions cached now
			publishCommitted(OrderApproved.sample("before"));
			awaitRequests("/early", 1);
			EndpointService there = other.getBean(EndpointService.class);
			CreatedEndpoint late = there
				.create(EndpointDefinition.signed("/late", receiver.url("/late"), List.of("order.approved")));
			there.disable(early.endpoint().id(), "Closed on the other instance");
			publishCommitted(OrderApproved.sample("after"));
			awaitRequests("/late", 1);
			assertThat(receiver.received("/late").get(0).body()).contains("after");
			there.update(late.endpoint().id(), EndpointDefinition.signed("/late", receiver.url("/late"),
					List.of("customer.created")));
			publishCommitted(OrderApproved.sample("after-resubscribing"));
			holdsFor(Duration.ofMillis(500),
					() -> receiver.received("/late").size() == 1 && receiver.received("/early").size() == 1);
			assertThat(receiver.received("/late")).as("requests after resubscribing elsewhere").hasSize(1);
			assertThat(receiver.received("/early")).as("requests after disabling elsewhere").hasSize(1);
			assertThat(deliveries().list(DeliveryFilter.forEndpoint(early.endpoint().id())))
				.as("deliveries written for the disabled endpoint")
				.hasSize(1);
		}
		finally {
			other.close();
		}
	}

	private static void publishMany(ConfigurableApplicationContext context, int from, int to) {
		TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		ApplicationEventPublisher publisher = context;
		for (int i = from; i < to; i++) {
			String id = "bulk-" + i;
			transactions.executeWithoutResult(status -> publisher.publishEvent(OrderApproved.sample(id)));
		}
	}

}
