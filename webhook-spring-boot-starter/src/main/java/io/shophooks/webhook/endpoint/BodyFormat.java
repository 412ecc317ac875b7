package io.shophooks.webhook.endpoint;

/**
 * How the webhook body is rendered for an endpoint.
 */
public enum BodyFormat {

	/** {@code application/json}: {@code {"type", "timestamp", "data"}}. */
	JSON("application/json"),

	/** {@code application/xml}: {@code <webhook><type/><timestamp/><data/></webhook>}. */
	XML("application/xml"),

	/** {@code application/x-www-form-urlencoded}: {@code type}, {@code timestamp}, {@code data[field][sub]}. */
	FORM("application/x-www-form-urlencoded");

	private final String contentType;

	BodyFormat(String contentType) {
		this.contentType = contentType;
	}

	public String contentType() {
		return this.contentType;
	}

}
