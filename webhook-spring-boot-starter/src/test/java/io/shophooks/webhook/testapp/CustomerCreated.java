package io.shophooks.webhook.testapp;

import io.shophooks.webhook.WebhookEvent;

@WebhookEvent(value = "customer.created", description = "A customer registered", version = 2,
		changes = { "2: name holds the full name", "1: first version" })
public record CustomerCreated(String customerId, String name, String email) {

}
