package io.shophooks.webhook.outbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.Internal;

/**
 * An event as stored in the outbox.
 *
 * @param id the webhook id
 * @param type the event type
 * @param payload the payload JSON
 * @param createdAt when it was written
 * @param orderingKey the id of the aggregate it is about, or {@code null}
 * @param version the payload version it was published with
 */
@Internal
public record StoredEvent(String id, String type, String payload, Instant createdAt,
		@Nullable String orderingKey, int version) {
}
