package io.shophooks.webhook;

/**
 * Thrown when input to ShopHooks is rejected: a malformed or forbidden URL, an unknown
 * event type, an oversized payload. Nothing was changed when it is thrown.
 */
public class InvalidWebhookException extends IllegalArgumentException {

	private final String field;

	public InvalidWebhookException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The name of the input that was rejected, e.g. {@code url} or {@code eventTypes}.
	 * @return the field name
	 */
	public String getField() {
		return this.field;
	}

}
