package io.shophooks.sample.customer;

import java.time.Instant;

import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookOrderingKey;

/**
 * Sent as {@code customer.created} when a customer registers.
 */
@WebhookEvent(value = "customer.created", description = "A customer registered in the shop")
public record CustomerCreated(@WebhookOrderingKey long customerId, String name, String email, Instant createdAt) {

}
