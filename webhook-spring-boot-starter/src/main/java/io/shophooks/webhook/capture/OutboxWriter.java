package io.shophooks.webhook.capture;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.Internal;

/**
 * Writes an event and its deliveries in the current transaction, so they commit or roll
 * back with the shop's own writes, and starts delivery once that transaction commits.
 */
@Internal
@FunctionalInterface
public interface OutboxWriter {

	/**
	 * Write an event and its deliveries in the current transaction.
	 * @param id the event id
	 * @param type the event type
	 * @param payload the payload JSON
	 * @param orderingKey the ordering key, if any
	 * @param createdAt when the event was created
	 * @param version the payload version
	 */
	void write(String id, String type, String payload, @Nullable String orderingKey, Instant createdAt, int version);

}
