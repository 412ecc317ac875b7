package io.shophooks.webhook.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.PersistenceContext;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookOrderingKey;

/**
 * A shop built on JPA, as the README's JPA section shows: an entity saved through the
 * {@code JpaTransactionManager} Spring Boot sets up, and a webhook event published in the
 * same transaction.
 */
@SpringBootApplication
public class JpaShopApplication {

	/** A product, stored by Hibernate. */
	@Entity
	public static class Product {

		@Id
		@GeneratedValue
		private Long id;

		private String sku;

		protected Product() {
		}

		Product(String sku) {
			this.sku = sku;
		}

		public Long getId() {
			return this.id;
		}

		public String getSku() {
			return this.sku;
		}

	}

	/** The webhook: one per product that was really added. */
	@WebhookEvent(value = "product.added", description = "A product was added to the catalog")
	public record ProductAdded(@WebhookOrderingKey long productId, String sku) {
	}

	/** A domain event of the shop's own, turned into a webhook by a listener. */
	public record ProductImported(long productId, String sku) {
	}

	@Service
	public static class Catalog {

		@PersistenceContext
		private EntityManager entities;

		private final ApplicationEventPublisher events;

		Catalog(ApplicationEventPublisher events) {
			this.events = events;
		}

		/** The entity and the webhook in one transaction. */
		@Transactional
		public long add(String sku) {
			Product product = new Product(sku);
			this.entities.persist(product);
			this.entities.flush();
			this.events.publishEvent(new ProductAdded(product.getId(), sku));
			return product.getId();
		}

		/** Fails after publishing: the transaction rolls back, and the webhook with it. */
		@Transactional
		public void addAndFail(String sku) {
			add(sku);
			throw new IllegalStateException("out of stock");
		}

		/** Publishes the shop's own event; a listener turns it into a webhook. */
		@Transactional
		public long importProduct(String sku) {
			Product product = new Product(sku);
			this.entities.persist(product);
			this.entities.flush();
			this.events.publishEvent(new ProductImported(product.getId(), sku));
			return product.getId();
		}

	}

	/** Turns the shop's own event into a webhook before its transaction commits. */
	@Component
	static class ImportListener {

		private final ApplicationEventPublisher events;

		ImportListener(ApplicationEventPublisher events) {
			this.events = events;
		}

		@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
		void imported(ProductImported event) {
			this.events.publishEvent(new ProductAdded(event.productId(), event.sku()));
		}

	}

}
