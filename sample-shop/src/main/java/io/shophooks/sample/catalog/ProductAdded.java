package io.shophooks.sample.catalog;

import java.math.BigDecimal;

import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookOrderingKey;

/**
 * Sent as {@code product.created} when a product is added to the catalog.
 */
@WebhookEvent(value = "product.created", description = "A product was added to the catalog")
public record ProductAdded(long productId, @WebhookOrderingKey String sku, String name, BigDecimal price,
		String currency) {

}
