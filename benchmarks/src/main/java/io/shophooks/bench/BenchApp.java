package io.shophooks.bench;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookOrderingKey;

/**
 * The shop the contenders run in.
 */
@SpringBootApplication
public class BenchApp {

	/** About 1 KB of JSON once serialized; every contender publishes it. */
	@WebhookEvent(value = "order.approved", description = "benchmark order")
	public record OrderApproved(@WebhookOrderingKey String orderId, String email, String note) {
	}

}
