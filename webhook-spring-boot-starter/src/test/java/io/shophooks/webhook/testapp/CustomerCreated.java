package io.shophooks.webhook.testapp;

import io.shophooks.webhook.WebhookEvent;

@WebhookEvent(value = "customer.created", description = "A customer registered")
public record CustomerCreated(String customerId, String name, String email) {

}
