package io.shophooks.webhook.endpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How an endpoint wants its events: in order per aggregate or not, which of them (a
 * filter on the payload), which fields, and full or thin payloads.
 *
 * @param ordered whether deliveries with the same ordering key are sent one after another
 * in the order their events were published; a failing delivery holds back only the
 * later deliveries of its key
 * @param filter a condition on the payload ({@link io.shophooks.webhook.filter.WebhookFilter}),
 * or {@code null} for every event of the subscribed types
 * @param includeFields the payload fields to send (dotted paths), empty for all
 * @param payload full snapshots or thin notifications
 */
public record DeliveryOptions(boolean ordered, @Nullable String filter, List<String> includeFields,
		PayloadMode payload) {

	/** Unordered, unfiltered, every field, full payloads. */
	public static final DeliveryOptions DEFAULT = new DeliveryOptions(false, null, List.of(), PayloadMode.FULL);

	public DeliveryOptions {
		// a null item is kept for validation to name, not thrown on here
		includeFields = (includeFields != null) ? Collections.unmodifiableList(new ArrayList<>(includeFields))
				: List.of();
		payload = (payload != null) ? payload : PayloadMode.FULL;
		filter = (filter != null && filter.isBlank()) ? null : filter;
	}

	public DeliveryOptions withOrdered(boolean ordered) {
		return new DeliveryOptions(ordered, this.filter, this.includeFields, this.payload);
	}

	public DeliveryOptions withFilter(@Nullable String filter) {
		return new DeliveryOptions(this.ordered, filter, this.includeFields, this.payload);
	}

	public DeliveryOptions withIncludeFields(List<String> includeFields) {
		return new DeliveryOptions(this.ordered, this.filter, includeFields, this.payload);
	}

	public DeliveryOptions withPayload(PayloadMode payload) {
		return new DeliveryOptions(this.ordered, this.filter, this.includeFields, payload);
	}

}
