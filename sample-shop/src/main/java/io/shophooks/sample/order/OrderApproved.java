package io.shophooks.sample.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookOrderingKey;

/**
 * Sent as {@code order.approved} when an order is approved: everything a fulfilment
 * partner needs, as it was at approval.
 */
@WebhookEvent(value = "order.approved", description = "An order was approved for fulfilment")
public record OrderApproved(@WebhookOrderingKey long orderId, Customer customer, List<Line> lines, BigDecimal total,
		String currency, Instant approvedAt) {

	public record Customer(long id, String name, String email) {
	}

	public record Line(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
	}

}
