package io.shophooks.webhook.send;

import org.jspecify.annotations.Nullable;

/**
 * Sends one webhook request. The default uses Apache HttpClient 5 with connection
 * pooling, timeouts, no redirects and an address guard; declare a bean of this type to
 * bring your own (for example to go through a proxy).
 */
@FunctionalInterface
public interface WebhookSender {

	/**
	 * Send one request. Implementations never throw for network errors; they report them
	 * in the result.
	 * @param request the request
	 * @return the result
	 */
	SendResult send(OutgoingRequest request);

	/**
	 * Why no request can be sent at all right now (for example the HTTP client could not
	 * be rebuilt), or {@code null} while sending works; health reports it as DOWN.
	 * @return the reason, or {@code null}
	 */
	default @Nullable String unavailableReason() {
		return null;
	}

}
