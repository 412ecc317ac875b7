package io.shophooks.webhook.jpa;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.TestReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A JPA shop: the entity is saved through {@link JpaTransactionManager} and the webhook
 * event published in the same transaction. Commit means one delivery, rollback means none;
 * an event published from a {@code @TransactionalEventListener} before commit is
 * delivered once too.
 */
class JpaIntegrationTests {

	static ConfigurableApplicationContext shop;

	static TestReceiver receiver;

	@BeforeAll
	static void start() throws Exception {
		receiver = new TestReceiver();
		shop = new SpringApplicationBuilder(JpaShopApplication.class).run("--spring.main.banner-mode=off",
				"--spring.autoconfigure.exclude=", "--spring.main.web-application-type=none",
				"--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--spring.jpa.hibernate.ddl-auto=create-drop", "--shophooks.webhook.security.allow-private-networks=true",
				"--shophooks.webhook.delivery.poll-interval=200ms");
		shop.getBean(EndpointService.class)
			.create(EndpointDefinition.signed("JPA partner", receiver.url("/products"), List.of("product.added")));
	}

	@AfterAll
	static void stop() {
		shop.close();
		receiver.close();
	}

	@Test
	void theShopRunsOnJpasTransactionManager() {
		assertThat(shop.getBean(PlatformTransactionManager.class)).isInstanceOf(JpaTransactionManager.class);
	}

	@Test
	void commitMeansOneDeliveryAndRollbackMeansNone() {
		JpaShopApplication.Catalog catalog = shop.getBean(JpaShopApplication.Catalog.class);
		assertThatThrownBy(() -> catalog.addAndFail("ROLLED-BACK")).hasMessage("out of stock");
		long committed = catalog.add("COMMITTED");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> receiver.received("/products").stream().anyMatch(r -> r.body().contains("\"COMMITTED\"")));
		assertThat(receiver.received("/products")).filteredOn(r -> r.body().contains("\"COMMITTED\""))
			.singleElement()
			.satisfies(r -> assertThat(r.body()).contains("\"productId\":" + committed));
		// the rolled-back product left neither a row nor a webhook
		assertThat(receiver.received("/products")).noneMatch(r -> r.body().contains("ROLLED-BACK"));
		assertThat(shop.getBean(jakarta.persistence.EntityManagerFactory.class)
			.createEntityManager()
			.createQuery("select count(p) from JpaShopApplication$Product p where p.sku = 'ROLLED-BACK'", Long.class)
			.getSingleResult()).isZero();
	}

	@Test
	void anEventPublishedByATransactionalEventListenerIsDeliveredOnce() {
		long id = shop.getBean(JpaShopApplication.Catalog.class).importProduct("IMPORTED");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> receiver.received("/products").stream().anyMatch(r -> r.body().contains("\"IMPORTED\"")));
		assertThat(receiver.received("/products")).filteredOn(r -> r.body().contains("\"IMPORTED\""))
			.singleElement()
			.satisfies(r -> assertThat(r.body()).contains("\"productId\":" + id));
	}

}
