package io.shophooks.webhook;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One webhook to be written to the outbox: its type, the data serialized as the
 * webhook's {@code data}, and an optional ordering key.
 *
 * @param type the event type, e.g. {@code order.approved}
 * @param data the payload, serialized with Jackson
 * @param orderingKey the aggregate the event belongs to, or {@code null}
 */
public record WebhookMessage(String type, Object data, @Nullable String orderingKey) {

	public WebhookMessage {
		Assert.hasText(type, "type must not be empty");
		Assert.notNull(data, "data must not be null");
	}

	public static WebhookMessage of(String type, Object data) {
		return new WebhookMessage(type, data, null);
	}

}
