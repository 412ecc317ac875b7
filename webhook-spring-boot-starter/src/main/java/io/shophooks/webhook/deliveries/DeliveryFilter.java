package io.shophooks.webhook.deliveries;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.InvalidWebhookException;

/**
 * Which deliveries to list, newest first.
 *
 * @param endpointId only this endpoint's, or {@code null}
 * @param status only in this status, or {@code null}
 * @param eventType only of this type, or {@code null}
 * @param since only created at or after this instant, or {@code null}
 * @param beforeId only older than this id (for paging), or {@code null}
 * @param limit the most to return (1 to 500)
 */
public record DeliveryFilter(@Nullable Long endpointId, @Nullable DeliveryStatus status, @Nullable String eventType,
		@Nullable Instant since, @Nullable Long beforeId, int limit) {

	public DeliveryFilter {
		TimeLimits.check("since", since);
		if (eventType != null && (eventType.length() > 200
				|| eventType.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c)))) {
			throw new InvalidWebhookException("type", "An event type has at most 200 characters and no control characters");
		}
		if (limit < 1 || limit > 1001) {
			throw new InvalidWebhookException("limit", "A page holds 1 to 1000 deliveries");
		}
	}


	public static DeliveryFilter forEndpoint(long endpointId) {
		return new DeliveryFilter(endpointId, null, null, null, null, 50);
	}

	public static DeliveryFilter all() {
		return new DeliveryFilter(null, null, null, null, null, 50);
	}

	public DeliveryFilter withStatus(@Nullable DeliveryStatus status) {
		return new DeliveryFilter(this.endpointId, status, this.eventType, this.since, this.beforeId, this.limit);
	}

	public DeliveryFilter withLimit(int limit) {
		return new DeliveryFilter(this.endpointId, this.status, this.eventType, this.since, this.beforeId, limit);
	}

}
