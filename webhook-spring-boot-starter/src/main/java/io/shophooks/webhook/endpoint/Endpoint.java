package io.shophooks.webhook.endpoint;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.filter.EventTypePatterns;

/**
 * An external URL that receives webhooks, as a store owner sees it. Secrets are never
 * part of this view; {@link #secretHint()} shows the first characters only.
 *
 * @param id the id
 * @param name a name for people
 * @param url the URL, without the URL token
 * @param eventTypes subscribed event types: exact ({@code order.approved}), a prefix
 * ({@code order.*}) or everything ({@code *})
 * @param format the body format
 * @param urlTokenParameter the query parameter that carries the URL token, or {@code null}
 * @param basicUsername the HTTP Basic username, or {@code null}
 * @param signing whether requests are signed (Standard Webhooks HMAC)
 * @param secretHint the first characters of the signing secret, e.g. {@code whsec_AbCd…}
 * @param previousSecretExpiresAt while a rotated secret still signs, when it stops
 * @param enabled whether deliveries are sent
 * @param disabledReason why the endpoint was disabled, or {@code null}
 * @param disabledAt when it was disabled, or {@code null}
 * @param maxConcurrency the most requests in flight to this endpoint per instance
 * @param propagateTrace whether requests carry the trace context ({@code traceparent})
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param options ordering, filter, field selection and payload mode
 * @param secretsUnreadable whether a stored secret (signing secret, URL token, Basic
 * password) cannot be decrypted with the configured keys: nothing is sent to the endpoint
 * until its secrets are entered again or the old key is configured
 * @param failingSince since when its real deliveries (not test events) fail, or
 * {@code null} while they succeed
 * @param disabledAutomatically whether ShopHooks disabled it (a 410 Gone, failures in a
 * row) rather than a person: an alarm, where one switched off on purpose is simply off
 */
public record Endpoint(long id, String name, String url, List<String> eventTypes, BodyFormat format,
		@Nullable String urlTokenParameter, @Nullable String basicUsername, boolean signing,
		@Nullable String secretHint, @Nullable Instant previousSecretExpiresAt, boolean enabled,
		@Nullable String disabledReason, @Nullable Instant disabledAt, int maxConcurrency, boolean propagateTrace,
		Instant createdAt, Instant updatedAt, DeliveryOptions options, boolean secretsUnreadable,
		@Nullable Instant failingSince, boolean disabledAutomatically) {

	/**
	 * Whether the store owner should look at it: it is failing while enabled, its secrets
	 * cannot be read, or ShopHooks disabled it.
	 * @return whether it needs attention
	 */
	public boolean needsAttention() {
		return (this.enabled && this.failingSince != null) || this.secretsUnreadable
				|| (!this.enabled && this.disabledAutomatically);
	}

	/**
	 * Whether the endpoint receives events of a type.
	 * @param eventType the event type
	 * @return whether one of the subscriptions matches
	 */
	public boolean subscribesTo(String eventType) {
		return EventTypePatterns.matchesAny(this.eventTypes, eventType);
	}

}
