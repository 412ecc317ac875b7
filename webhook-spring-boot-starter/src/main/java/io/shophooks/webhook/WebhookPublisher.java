package io.shophooks.webhook;

/**
 * Publishes webhooks programmatically. Joins the caller's transaction when there is
 * one (the webhook exists if and only if it commits), otherwise writes at once.
 */
public interface WebhookPublisher {

	/**
	 * Write one webhook to the outbox.
	 * @param message the webhook
	 * @return the webhook id ({@code webhook-id} header), stable across retries
	 * @throws InvalidWebhookException if the type is malformed or the payload too large
	 */
	String publish(WebhookMessage message);

	/**
	 * Write one webhook to the outbox.
	 * @param type the event type
	 * @param data the payload
	 * @return the webhook id
	 */
	default String publish(String type, Object data) {
		return publish(WebhookMessage.of(type, data));
	}

}
