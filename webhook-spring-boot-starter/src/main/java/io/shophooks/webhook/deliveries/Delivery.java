package io.shophooks.webhook.deliveries;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.DeliveryStatus;

/**
 * One event sent to one endpoint, over one or more attempts.
 *
 * @param id the id
 * @param eventId the webhook id ({@code webhook-id}), the same on every attempt
 * @param endpointId the endpoint
 * @param eventType the event type
 * @param status where it stands
 * @param attemptCount attempts made so far
 * @param nextAttemptAt when the next attempt is due (meaningful while pending)
 * @param inFlight whether an instance holds it right now
 * @param lastStatusCode the last HTTP status, or {@code null}
 * @param lastError the last error, or {@code null}
 * @param createdAt when the event was fanned out to the endpoint
 * @param updatedAt when it last changed
 */
public record Delivery(long id, String eventId, long endpointId, String eventType, DeliveryStatus status,
		int attemptCount, Instant nextAttemptAt, boolean inFlight, @Nullable Integer lastStatusCode,
		@Nullable String lastError, Instant createdAt, Instant updatedAt) {

}
