package io.shophooks.webhook.deliveries;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP request of a delivery and what came back.
 *
 * @param id the attempt row's id; 0 for a success kept in its delivery's row (the usual
 * place of the success that ends a delivery, see the README's "Deliveries")
 * @param deliveryId the delivery
 * @param attemptNumber 1 for the first attempt
 * @param startedAt when it was sent
 * @param durationMillis how long it took
 * @param requestUrl the URL, URL token masked
 * @param requestHeaders the headers sent, one per line, credentials masked
 * @param statusCode the status, or {@code null} when no response arrived
 * @param responseHeaders the response headers, one per line, or {@code null}
 * @param responseExcerpt the start of the response body, capped, or {@code null}
 * @param error what went wrong, or {@code null}
 * @param outcome {@code DELIVERED}, {@code RETRY_SCHEDULED} or {@code FAILED}
 */
public record Attempt(long id, long deliveryId, int attemptNumber, Instant startedAt, long durationMillis,
		String requestUrl, String requestHeaders, @Nullable Integer statusCode, @Nullable String responseHeaders,
		@Nullable String responseExcerpt, @Nullable String error, String outcome) {

	/**
	 * Whether the receiver accepted it.
	 * @return whether the status was 2xx
	 */
	public boolean succeeded() {
		return this.statusCode != null && this.statusCode >= 200 && this.statusCode < 300;
	}

}
