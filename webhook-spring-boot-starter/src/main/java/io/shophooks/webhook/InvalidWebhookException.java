package io.shophooks.webhook;

/**
 * Thrown when input to ShopHooks is rejected: a malformed or forbidden URL, an unknown
 * event type, an oversized payload. Nothing was changed when it is thrown.
 */
public class InvalidWebhookException extends IllegalArgumentException {

	private final String field;

	private final @org.jspecify.annotations.Nullable String code;

	private final Object[] arguments;

	public InvalidWebhookException(String field, String message) {
		this(field, null, message);
	}

	/**
	 * A refusal a screen can say in its own language.
	 * @param field the rejected input
	 * @param code what went wrong, for a message bundle (e.g. {@code filter.notClosed})
	 * @param message the English message
	 * @param arguments the values the message names, in order
	 */
	public InvalidWebhookException(String field, @org.jspecify.annotations.Nullable String code, String message,
			Object... arguments) {
		super(message);
		this.field = field;
		this.code = code;
		this.arguments = arguments.clone();
	}

	/**
	 * What went wrong, as a key a message bundle can translate, or {@code null}.
	 * @return the code
	 */
	public @org.jspecify.annotations.Nullable String getCode() {
		return this.code;
	}

	/**
	 * The values the message names, for a translation's placeholders.
	 * @return the arguments
	 */
	public Object[] getArguments() {
		return this.arguments.clone();
	}

	/**
	 * The name of the input that was rejected, e.g. {@code url} or {@code eventTypes}.
	 * @return the field name
	 */
	public String getField() {
		return this.field;
	}

}
