package io.shophooks.webhook.broadleaf;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;

import com.standardwebhooks.Webhook;
import org.broadleafcommerce.common.currency.domain.BroadleafCurrencyImpl;
import org.broadleafcommerce.common.money.Money;
import org.broadleafcommerce.core.catalog.domain.SkuImpl;
import org.broadleafcommerce.core.checkout.service.workflow.CheckoutProcessContextFactory;
import org.broadleafcommerce.core.checkout.service.workflow.CheckoutSeed;
import org.broadleafcommerce.core.order.domain.DiscreteOrderItemImpl;
import org.broadleafcommerce.core.order.domain.OrderImpl;
import org.broadleafcommerce.core.order.domain.OrderItem;
import org.broadleafcommerce.core.order.service.type.OrderStatus;
import org.broadleafcommerce.core.workflow.Activity;
import org.broadleafcommerce.core.workflow.BaseActivity;
import org.broadleafcommerce.core.workflow.DefaultErrorHandler;
import org.broadleafcommerce.core.workflow.ProcessContext;
import org.broadleafcommerce.core.workflow.SequenceProcessor;
import org.broadleafcommerce.core.workflow.WorkflowException;
import org.broadleafcommerce.openadmin.dto.Entity;
import org.broadleafcommerce.openadmin.dto.PersistencePackage;
import org.broadleafcommerce.openadmin.dto.Property;
import org.broadleafcommerce.profile.core.domain.CustomerImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.broadleaf.app.BroadleafTestApplication;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.endpoint.CreatedEndpoint;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestReceiver.Received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The bridge on Broadleaf's real classes (3.1.15-GA): domain objects, the checkout
 * workflow's {@code SequenceProcessor}, the admin persistence DTOs. Webhooks go through
 * the real engine on H2 to a loopback receiver and are verified with a Standard Webhooks
 * library.
 */
class BroadleafBridgeIntegrationTests {

	static ConfigurableApplicationContext context;

	static TestReceiver receiver;

	static CreatedEndpoint endpoint;

	final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void start() throws Exception {
		receiver = new TestReceiver();
		context = new SpringApplicationBuilder(BroadleafTestApplication.class).web(WebApplicationType.NONE)
			.run("--spring.datasource.url=jdbc:h2:mem:broadleaf;DB_CLOSE_DELAY=-1", "--spring.main.banner-mode=off",
					"--shophooks.webhook.security.allow-private-networks=true",
					"--shophooks.webhook.delivery.poll-interval=100ms");
		endpoint = context.getBean(EndpointService.class)
			.create(EndpointDefinition.signed("partner", receiver.url("/bl"),
					List.of("customer.created", "product.created", "order.approved", "order.submitted")));
	}

	@AfterAll
	static void stop() {
		context.close();
		receiver.close();
	}

	@BeforeEach
	void reset() {
		receiver.reset();
	}

	private TransactionTemplate transaction() {
		return new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
	}

	private JsonNode awaitOne(String type) throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received("/bl").isEmpty());
		Received request = receiver.received("/bl").get(0);
		new Webhook(endpoint.secret()).verify(request.body(), request.headers());
		assertThat(request.header("webhook-event-type")).isEqualTo(type);
		return this.json.readTree(request.body()).get("data");
	}

	@Test
	void eventTypesAreInTheRegistryWithExamples() {
		EventTypeRegistry registry = context.getBean(EventTypeRegistry.class);
		assertThat(registry.find("order.approved")).hasValueSatisfying(type -> {
			assertThat(type.javaType()).isEqualTo(BroadleafPayloads.OrderApproved.class);
			assertThat(type.example()).contains("orderNumber");
		});
		assertThat(registry.isKnown("customer.created")).isTrue();
		assertThat(registry.isKnown("product.created")).isTrue();
	}

	@Test
	void registrationObserverSendsCustomerCreated() throws Exception {
		CustomerImpl customer = new CustomerImpl();
		customer.setId(42L);
		customer.setUsername("ann");
		customer.setEmailAddress("ann@example.com");
		customer.setFirstName("Ann");
		customer.setLastName("Lee");
		WebhookRegistrationObserver observer = context.getBean(WebhookRegistrationObserver.class);
		// Broadleaf calls the observer inside registerCustomer's transaction
		transaction().executeWithoutResult(status -> observer.processRegistrationEvent(customer));

		JsonNode data = awaitOne("customer.created");
		assertThat(data.get("customerId").asLong()).isEqualTo(42);
		assertThat(data.get("email").asString()).isEqualTo("ann@example.com");
		assertThat(data.get("firstName").asString()).isEqualTo("Ann");
		assertThat(data.get("lastName").asString()).isEqualTo("Lee");
	}

	@Test
	void registrationRolledBackSendsNothing() {
		CustomerImpl customer = new CustomerImpl();
		customer.setId(43L);
		customer.setEmailAddress("bob@example.com");
		WebhookRegistrationObserver observer = context.getBean(WebhookRegistrationObserver.class);
		transaction().executeWithoutResult(status -> {
			observer.processRegistrationEvent(customer);
			status.setRollbackOnly();
		});
		await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(receiver.received("/bl")).isEmpty();
	}

	private static OrderImpl order() {
		Currency eur = Currency.getInstance("EUR");
		CustomerImpl customer = new CustomerImpl();
		customer.setId(7L);
		customer.setUsername("ann");
		customer.setEmailAddress("ann@example.com");
		OrderImpl order = new OrderImpl();
		order.setId(1001L);
		order.setOrderNumber("O-1001");
		order.setStatus(OrderStatus.SUBMITTED);
		order.setCustomer(customer);
		BroadleafCurrencyImpl currency = new BroadleafCurrencyImpl();
		currency.setCurrencyCode("EUR");
		order.setCurrency(currency);
		SkuImpl sku = new SkuImpl();
		sku.setId(501L);
		sku.setName("Mug");
		DiscreteOrderItemImpl item = new DiscreteOrderItemImpl();
		item.setSku(sku);
		item.setName("Mug");
		item.setQuantity(2);
		item.setRetailPrice(new Money(new BigDecimal("9.50"), eur));
		item.setSalePrice(new Money(new BigDecimal("9.50"), eur));
		item.setOrder(order);
		List<OrderItem> items = new ArrayList<>();
		items.add(item);
		order.setOrderItems(items);
		order.setSubTotal(new Money(new BigDecimal("19.00"), eur));
		order.setTotal(new Money(new BigDecimal("19.00"), eur));
		return order;
	}

	private SequenceProcessor checkoutWorkflow(Activity<?>... activities) throws Exception {
		SequenceProcessor processor = new SequenceProcessor();
		processor.setBeanName("blCheckoutWorkflow");
		processor.setBeanFactory(context.getBeanFactory());
		@SuppressWarnings({ "unchecked", "rawtypes" })
		org.broadleafcommerce.core.workflow.ProcessContextFactory<Object, Object> factory = (org.broadleafcommerce.core.workflow.ProcessContextFactory) new CheckoutProcessContextFactory();
		processor.setProcessContextFactory(factory);
		processor.setDefaultErrorHandler(new DefaultErrorHandler());
		@SuppressWarnings({ "unchecked", "rawtypes" })
		List<Activity<ProcessContext<? extends Object>>> list = (List) List.of(activities);
		processor.setActivities(new ArrayList<>(list));
		processor.afterPropertiesSet();
		return processor;
	}

	/** Runs a checkout the way Broadleaf does: the whole workflow in one transaction. */
	private void checkout(SequenceProcessor workflow) {
		transaction().executeWithoutResult(status -> {
			try {
				workflow.doActivities(new CheckoutSeed(order(), new HashMap<>()));
			}
			catch (WorkflowException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	static class CompleteOrder extends BaseActivity<ProcessContext<CheckoutSeed>> {

		private final boolean fail;

		CompleteOrder(boolean fail) {
			this.fail = fail;
		}

		@Override
		public ProcessContext<CheckoutSeed> execute(ProcessContext<CheckoutSeed> context) throws Exception {
			if (this.fail) {
				throw new IllegalStateException("payment declined");
			}
			context.getSeedData().getOrder().setStatus(OrderStatus.SUBMITTED);
			return context;
		}

	}

	@Test
	void checkoutWorkflowActivitySendsOrderApproved() throws Exception {
		SequenceProcessor workflow = checkoutWorkflow(new CompleteOrder(false),
				context.getBean(WebhookCheckoutActivity.class));
		checkout(workflow);
		JsonNode data = awaitOne("order.approved");
		assertThat(data.get("orderId").asLong()).isEqualTo(1001);
		assertThat(data.get("orderNumber").asString()).isEqualTo("O-1001");
		assertThat(data.get("status").asString()).isEqualTo("SUBMITTED");
		assertThat(data.get("customer").get("email").asString()).isEqualTo("ann@example.com");
		assertThat(data.get("lines").get(0).get("skuId").asLong()).isEqualTo(501);
		assertThat(data.get("lines").get(0).get("name").asString()).isEqualTo("Mug");
		assertThat(data.get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
		assertThat(data.get("lines").get(0).get("price").decimalValue()).isEqualByComparingTo("9.50");
		assertThat(data.get("total").decimalValue()).isEqualByComparingTo("19.00");
		assertThat(data.get("currency").asString()).isEqualTo("EUR");
	}

	@Test
	void checkoutFailingInAnEarlierActivitySendsNothing() throws Exception {
		SequenceProcessor workflow = checkoutWorkflow(new CompleteOrder(true),
				context.getBean(WebhookCheckoutActivity.class));
		assertThatThrownBy(() -> checkout(workflow)).hasStackTraceContaining("payment declined");
		await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(receiver.received("/bl")).isEmpty();
	}

	@Test
	void checkoutFailingInALaterActivityRollsTheWebhookBack() throws Exception {
		SequenceProcessor workflow = checkoutWorkflow(new CompleteOrder(false),
				context.getBean(WebhookCheckoutActivity.class), new CompleteOrder(true));
		assertThatThrownBy(() -> checkout(workflow)).hasStackTraceContaining("payment declined");
		await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(receiver.received("/bl")).isEmpty();
	}

	private static Entity entity(String... nameValues) {
		Entity entity = new Entity();
		Property[] properties = new Property[nameValues.length / 2];
		for (int i = 0; i < properties.length; i++) {
			Property property = new Property();
			property.setName(nameValues[2 * i]);
			property.setValue(nameValues[2 * i + 1]);
			properties[i] = property;
		}
		entity.setProperties(properties);
		return entity;
	}

	@Test
	void adminPostAddOfAProductSendsProductCreated() throws Exception {
		Entity entity = entity("id", "301", "defaultSku.name", "Mug", "defaultSku.id", "501",
				"defaultSku.retailPrice", "9.50", "url", "/mugs/mug");
		PersistencePackage pkg = new PersistencePackage();
		pkg.setCeilingEntityFullyQualifiedClassname("org.broadleafcommerce.core.catalog.domain.Product");
		pkg.setEntity(entity);
		WebhookProductEventHandler handler = context.getBean(WebhookProductEventHandler.class);
		transaction().executeWithoutResult(status -> {
			try {
				handler.postAdd(null, entity, pkg);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		JsonNode data = awaitOne("product.created");
		assertThat(data.get("productId").asLong()).isEqualTo(301);
		assertThat(data.get("name").asString()).isEqualTo("Mug");
		assertThat(data.get("defaultSkuId").asLong()).isEqualTo(501);
		assertThat(data.get("price").decimalValue()).isEqualByComparingTo("9.50");
		assertThat(data.get("url").asString()).isEqualTo("/mugs/mug");
	}

	@Test
	void broadleaf4OrderSubmittedEventIsMappedWhereTheClassExists() throws Exception {
		transaction().executeWithoutResult(status -> context.publishEvent(
				new org.broadleafcommerce.common.event.OrderSubmittedEvent(this, 1001L, "O-1001")));
		JsonNode data = awaitOne("order.submitted");
		assertThat(data.get("orderId").asString()).isEqualTo("1001");
		assertThat(data.get("orderNumber").asString()).isEqualTo("O-1001");
	}

	@Test
	void adminPostAddOfAnythingElseSendsNothing() throws Exception {
		Entity entity = entity("id", "9", "emailAddress", "x@example.com");
		PersistencePackage pkg = new PersistencePackage();
		pkg.setCeilingEntityFullyQualifiedClassname("org.broadleafcommerce.profile.core.domain.Customer");
		context.getBean(WebhookProductEventHandler.class).postAdd(null, entity, pkg);
		await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(receiver.received("/bl")).isEmpty();
	}

}
