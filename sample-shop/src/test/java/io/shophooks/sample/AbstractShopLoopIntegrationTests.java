package io.shophooks.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import io.shophooks.sample.partner.InboxEntry;
import io.shophooks.sample.partner.PartnerInbox;
import io.shophooks.webhook.endpoint.CreatedEndpoint;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestReceiver.Received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole shop on a random port, as a user runs it, with a real receiver on loopback
 * next to the built-in partner inbox. One subclass per database.
 */
abstract class AbstractShopLoopIntegrationTests {

	static ConfigurableApplicationContext shop;

	static TestReceiver receiver;

	static DataSource dataSource;

	static void startShop(DataSource database) throws Exception {
		dataSource = database;
		receiver = new TestReceiver();
		DataSource shared = new DelegatingDataSource(database);
		shop = new SpringApplicationBuilder(ShopApplication.class)
			.initializers(context -> ((GenericApplicationContext) context).registerBean("dataSource",
					DataSource.class, () -> shared))
			.run("--server.port=0", "--spring.main.banner-mode=off",
					"--shophooks.webhook.security.encryption-key=q9xZ0H8W3v1n0m5Jc2e4Yk7bR6tU8iO9pA1sD3fG5hE=",
					"--shophooks.webhook.delivery.poll-interval=200ms");
	}

	@AfterAll
	static void stopShop() {
		shop.close();
		receiver.close();
		io.shophooks.webhook.support.Databases.close(dataSource);
	}

	int port() {
		return Integer.parseInt(shop.getEnvironment().getProperty("local.server.port"));
	}

	@Test
	void customerProductAndApprovedOrderArriveSignedOnceEachAndAFailedApprovalSendsNothing() throws Exception {
		CreatedEndpoint endpoint = shop.getBean(EndpointService.class)
			.create(EndpointDefinition.signed("Integrator", receiver.url("/hooks"), List.of("*")));
		ShopClient api = new ShopClient(port(), "owner", "owner-pass");

		long customer = api.postForId("/api/customers", "{\"name\":\"Ann Lee\",\"email\":\"ann@example.com\"}");
		api.postForId("/api/products", "{\"sku\":\"MUG-1\",\"name\":\"Mug\",\"price\":9.50}");
		long order = api.postForId("/api/orders",
				"{\"customerId\":" + customer + ",\"lines\":[{\"sku\":\"MUG-1\",\"quantity\":2}]}");
		assertThat(api.post("/api/orders/" + order + "/approve", null).statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received("/hooks").size() >= 3);
		long bad = api.postForId("/api/orders",
				"{\"customerId\":" + customer + ",\"lines\":[{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}]}");
		HttpResponse<String> refused = api.post("/api/orders/" + bad + "/approve", null);
		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("unknown product NO-SUCH-SKU").contains("\"status\":422");
		await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);

		List<Received> requests = receiver.received("/hooks");
		assertThat(requests).hasSize(3);
		for (Received request : requests) {
			new Webhook(endpoint.secret()).verify(request.body(), request.headers());
		}
		assertThat(requests.stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet())).hasSize(3);
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> bodies = new ArrayList<>();
		for (Received request : requests) {
			bodies.add(json.readTree(request.body()));
		}
		assertThat(bodies.stream().map(b -> b.get("type").asString()).collect(Collectors.toSet()))
			.isEqualTo(Set.of("customer.created", "product.created", "order.approved"));
		JsonNode approved = bodies.stream().filter(b -> b.get("type").asString().equals("order.approved"))
			.findFirst().orElseThrow().get("data");
		assertThat(approved.get("orderId").asLong()).isEqualTo(order);
		assertThat(approved.get("customer").get("email").asString()).isEqualTo("ann@example.com");
		assertThat(approved.get("lines").get(0).get("sku").asString()).isEqualTo("MUG-1");
		assertThat(approved.get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
		assertThat(approved.get("total").decimalValue()).isEqualByComparingTo("19.00");
		assertThat(approved.get("currency").asString()).isEqualTo("EUR");
		JsonNode product = bodies.stream().filter(b -> b.get("type").asString().equals("product.created"))
			.findFirst().orElseThrow().get("data");
		assertThat(product.get("price").decimalValue()).isEqualByComparingTo("9.50");

		// The built-in partner inbox got the same three, verified (signature, Basic, token)
		await().atMost(Duration.ofSeconds(20)).until(() -> shop.getBean(PartnerInbox.class).entries(10).size() >= 3);
		List<InboxEntry> inbox = shop.getBean(PartnerInbox.class).entries(10);
		assertThat(inbox).hasSize(3).allMatch(InboxEntry::verified).noneMatch(InboxEntry::duplicate);
	}

	@Test
	void invalidApiInputIsAProblemDetailAndChangesNothing() throws Exception {
		ShopClient api = new ShopClient(port(), "owner", "owner-pass");
		int before = receiver.received().size();
		HttpResponse<String> response = api.post("/api/customers", "{\"name\":\"\",\"email\":\"not-an-email\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"errors\"").contains("\"email\"").contains("\"name\"");
		assertThat(api.post("/api/products", "{\"sku\":").statusCode()).isEqualTo(400);
		ShopClient clerkWithWrongPassword = new ShopClient(port(), "clerk", "nope");
		assertThat(clerkWithWrongPassword.post("/api/customers", "{}").statusCode()).isEqualTo(401);
		await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(receiver.received()).hasSize(before);
	}

}
