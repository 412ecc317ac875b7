package io.shophooks.webhook.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.InvalidWebhookException;
import io.shophooks.webhook.filter.EventTypePatterns;
import io.shophooks.webhook.filter.FieldSelection;
import io.shophooks.webhook.filter.WebhookFilter;

/**
 * Checks an endpoint definition field by field, before anything is written: every
 * problem is a message keyed by the field it belongs to, in the order of the form.
 */
final class EndpointValidation {

	private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

	private final TargetPolicy targetPolicy;

	private final KnownEventTypes registry;

	EndpointValidation(TargetPolicy targetPolicy, KnownEventTypes registry) {
		this.targetPolicy = targetPolicy;
		this.registry = registry;
	}

	/** Blank, or only zero-width and other format characters that show nothing. */
	private static boolean hasVisibleCharacter(String text) {
		return text.codePoints()
			.anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
					&& Character.getType(c) != Character.FORMAT && !Character.isISOControl(c));
	}

	Map<String, String> validate(EndpointDefinition definition, @Nullable Endpoint existing) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (definition.name() == null || !hasVisibleCharacter(definition.name())) {
			errors.put("name", "Enter a name");
		}
		else {
			putIfProblem(errors, "name", TextLimits.problem("The name", definition.name(), 200));
		}
		DeliveryOptions options = definition.options();
		putIfProblem(errors, "filter", TextLimits.problem("The filter", options.filter(), TextLimits.FILTER));
		putIfProblem(errors, "includeFields",
				TextLimits.listProblem("The included fields", options.includeFields(), TextLimits.INCLUDE_FIELDS));
		putIfProblem(errors, "eventTypes",
				TextLimits.listProblem("The event types", definition.eventTypes(), TextLimits.EVENT_TYPES));
		putIfProblem(errors, "urlTokenParameter", TextLimits.problem("The token's parameter name",
				definition.urlTokenParameter(), TextLimits.TOKEN_PARAMETER));
		putIfProblem(errors, "urlToken", TextLimits.problem("The URL token", definition.urlToken(), 500));
		putIfProblem(errors, "basicUsername", TextLimits.problem("The user name", definition.basicUsername(), 200));
		putIfProblem(errors, "basicPassword", TextLimits.problem("The password", definition.basicPassword(), 500));
		putIfProblem(errors, "secret", TextLimits.problem("The secret", definition.secret(), TextLimits.SECRET));
		if (options.filter() != null && !errors.containsKey("filter")) {
			try {
				WebhookFilter.parse(options.filter().strip());
			}
			catch (InvalidWebhookException ex) {
				errors.put("filter", ex.getMessage());
			}
		}
		if (!errors.containsKey("includeFields")) {
			try {
				FieldSelection.validate(options.includeFields());
			}
			catch (InvalidWebhookException ex) {
				errors.put("includeFields", ex.getMessage());
			}
		}
		try {
			this.targetPolicy.validateUrl(definition.url());
		}
		catch (InvalidWebhookException ex) {
			errors.put("url", ex.getMessage());
		}
		String typesError = validateEventTypes(definition.eventTypes());
		if (typesError != null) {
			errors.putIfAbsent("eventTypes", typesError);
		}
		if (definition.urlToken() != null && !definition.urlToken().isEmpty()) {
			String parameter = definition.urlTokenParameter();
			if (parameter != null && !parameter.isEmpty() && !PARAMETER.matcher(parameter).matches()) {
				errors.put("urlTokenParameter", "Use letters, digits, '.', '_' or '-' for the token's parameter name");
			}
		}
		String username = definition.basicUsername();
		if (username != null && !username.isEmpty()) {
			if (username.contains(":")) {
				errors.putIfAbsent("basicUsername", "The user name must not contain ':'");
			}
			boolean hasStoredPassword = existing != null && existing.basicUsername() != null;
			boolean passwordGiven = definition.basicPassword() != null && !definition.basicPassword().isEmpty();
			if (!passwordGiven && !(hasStoredPassword && definition.basicPassword() == null)) {
				errors.put("basicPassword", "Enter the password for HTTP Basic authentication");
			}
		}
		if (definition.secret() != null && !definition.secret().isEmpty() && !errors.containsKey("secret")) {
			if (!definition.secret().startsWith(SigningSecrets.PREFIX)) {
				errors.put("secret", "A signing secret starts with whsec_");
			}
			else {
				try {
					SigningSecrets.key(definition.secret());
				}
				catch (IllegalArgumentException ex) {
					errors.put("secret", ex.getMessage());
				}
			}
		}
		storedTooLong(errors, "urlToken", "The URL token", definition.urlToken());
		storedTooLong(errors, "basicPassword", "The password", definition.basicPassword());
		storedTooLong(errors, "secret", "The secret", definition.secret());
		Integer concurrency = definition.maxConcurrency();
		if (concurrency != null && (concurrency < 1 || concurrency > 256)) {
			errors.put("maxConcurrency", "Concurrency must be between 1 and 256");
		}
		return errors;
	}

	/**
	 * A secret is stored encrypted, which makes it longer: three-byte letters take four
	 * characters each once encrypted, so the limit is on that form, not on the letters.
	 */
	private static void storedTooLong(Map<String, String> errors, String field, String what, @Nullable String value) {
		if (value != null && !errors.containsKey(field) && SecretCipher.storedLength(value) > ENCRYPTED_COLUMN) {
			errors.put(field, what + " is too long to store encrypted: at most "
					+ SecretCipher.largestStorable(ENCRYPTED_COLUMN) + " bytes in UTF-8 (it has "
					+ value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + ")");
		}
	}

	/** {@code url_token_enc}, {@code basic_password_enc}, {@code secret_enc}: VARCHAR(1000). */
	private static final int ENCRYPTED_COLUMN = 1000;

	private static void putIfProblem(Map<String, String> errors, String field, @Nullable String problem) {
		if (problem != null) {
			errors.putIfAbsent(field, problem);
		}
	}

	private @Nullable String validateEventTypes(@Nullable List<String> eventTypes) {
		if (eventTypes == null || eventTypes.isEmpty()) {
			return "Choose at least one event type";
		}
		for (String type : eventTypes) {
			if (type == null || !EventTypePatterns.isValidPattern(type)) {
				return "'" + type + "' is not an event type; use e.g. order.approved, order.* or *";
			}
			if (!EventTypePatterns.isWildcard(type) && !this.registry.isKnown(type)) {
				return "Unknown event type '" + type + "'; known types: "
						+ String.join(", ", this.registry.names());
			}
		}
		return null;
	}

}
