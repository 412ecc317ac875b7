package io.shophooks.webhook.endpoint;

import java.util.Map;
import java.util.stream.Collectors;

import io.shophooks.webhook.InvalidWebhookException;

/**
 * An endpoint definition was rejected; {@link #getErrors()} gives one message per field
 * so a form can show each next to its input. Nothing was saved.
 */
public class InvalidEndpointException extends InvalidWebhookException {

	private final Map<String, String> errors;

	public InvalidEndpointException(Map<String, String> errors) {
		super(errors.keySet().iterator().next(), errors.entrySet()
			.stream()
			.map(entry -> entry.getKey() + ": " + entry.getValue())
			.collect(Collectors.joining("; ")));
		this.errors = Map.copyOf(errors);
	}

	/**
	 * Messages by field name ({@code name}, {@code url}, {@code eventTypes}, ...).
	 * @return the errors
	 */
	public Map<String, String> getErrors() {
		return this.errors;
	}

}
