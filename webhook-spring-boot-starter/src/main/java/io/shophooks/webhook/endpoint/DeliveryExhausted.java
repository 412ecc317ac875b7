package io.shophooks.webhook.endpoint;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Published (as a Spring application event) when a delivery gives up: its last retry
 * failed and it is now failed, waiting for the store owner to replay or recover it (what
 * Svix calls {@code message.attempt.exhausted}).
 *
 * @param deliveryId the delivery
 * @param endpointId its endpoint
 * @param endpointName the endpoint's name
 * @param eventId the event (the {@code webhook-id})
 * @param eventType the event's type
 * @param attempts how many attempts were made
 * @param error what the last attempt got
 * @param at when it gave up
 */
public record DeliveryExhausted(long deliveryId, long endpointId, String endpointName, String eventId,
		String eventType, int attempts, @Nullable String error, Instant at) {

}
