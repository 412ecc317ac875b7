package io.shophooks.webhook.capture;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Fans an event out to its endpoints in the transaction that wrote it, so its deliveries
 * commit or roll back with it, and starts delivery once that transaction commits.
 */
@FunctionalInterface
public interface OutboxListener {

	/**
	 * An event was written in the current transaction: write its deliveries in the same
	 * transaction.
	 * @param id the event id
	 * @param type the event type
	 * @param payload the payload JSON
	 * @param orderingKey the ordering key, if any
	 * @param createdAt when the event was created
	 * @param version the payload version
	 */
	void eventWritten(String id, String type, String payload, @Nullable String orderingKey, Instant createdAt,
			int version);

}
