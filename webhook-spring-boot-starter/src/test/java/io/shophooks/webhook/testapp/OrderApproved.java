package io.shophooks.webhook.testapp;

import java.math.BigDecimal;
import java.util.List;

import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookOrderingKey;

@WebhookEvent(value = "order.approved", description = "An order was approved")
public record OrderApproved(@WebhookOrderingKey String orderId, String email, BigDecimal total, String currency,
		List<Line> lines) {

	public record Line(String sku, int quantity, BigDecimal price) {
	}

	public static OrderApproved sample(String orderId) {
		return new OrderApproved(orderId, "ann@example.com", new BigDecimal("39.98"), "EUR",
				List.of(new Line("SKU-1", 2, new BigDecimal("19.99"))));
	}

}
