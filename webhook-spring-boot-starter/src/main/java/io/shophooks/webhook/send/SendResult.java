package io.shophooks.webhook.send;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What happened to one request.
 *
 * @param statusCode the HTTP status, or {@code null} when no response arrived
 * @param durationMillis from sending to the end of the response (or the error)
 * @param responseHeaders the response headers
 * @param responseExcerpt the first bytes of the response body, capped
 * @param error why no usable response arrived, or {@code null}
 * @param retryAfter the receiver's {@code Retry-After}, or {@code null}
 */
public record SendResult(@Nullable Integer statusCode, long durationMillis, Map<String, String> responseHeaders,
		@Nullable String responseExcerpt, @Nullable String error, @Nullable Duration retryAfter) {

	public static SendResult failed(String error, long durationMillis) {
		return new SendResult(null, durationMillis, Map.of(), null, error, null);
	}

	/**
	 * Whether the receiver accepted the webhook (2xx).
	 * @return whether it succeeded
	 */
	public boolean isSuccess() {
		return this.statusCode != null && this.statusCode >= 200 && this.statusCode < 300;
	}

}
