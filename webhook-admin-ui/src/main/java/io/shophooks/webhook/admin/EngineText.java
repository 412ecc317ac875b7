package io.shophooks.webhook.admin;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;

import io.shophooks.webhook.Internal;

/**
 * The sentences the delivery engine stores for the store owner (why an endpoint was
 * disabled, why an attempt failed) said in the user's language. The engine keeps them in
 * English in the database, where logs, the JSON API and support read them the same way;
 * here each known sentence is recognised by its shape and said again from the bundle
 * ({@code shophooks.engine.text.*}) with its details (a status, a host, the operating
 * system's own message) as arguments. A sentence of unknown shape is shown as stored.
 * Templates call it as {@code @shophooksEngineText.say(text, #locale)}, and
 * {@code @shophooksEngineText.time(instant)} for a moment to the second ({@link AdminTimes}).
 */
@Internal
public final class EngineText {

	/** A stored sentence's shape and the bundle key that says it. */
	private record Shape(Pattern pattern, String key) {
	}

	private static final List<Shape> SHAPES = List.of(
			shape("The receiver answered 410 Gone at (.+)", "gone"),
			shape("(\\d+) deliveries in a row failed after all retries", "failedInARow"),
			shape("Disabled by a store owner", "disabledByOwner"),
			shape("Disabled through the API", "disabledByApi"),
			shape("Created disabled", "createdDisabled"),
			shape("Receiver answered (\\d+)", "answered"),
			shape("Redirect to (.*) not followed", "redirect"),
			shape("No complete response within (\\d+) ms \\((.+)\\)", "incomplete"),
			shape("Receiver did not answer within (\\d+) ms", "noAnswer"),
			shape("Unknown host: (.*)", "unknownHost"),
			shape("Connect timed out: (.*)", "connectTimeout"),
			shape("Connection refused: (.*)", "refused"),
			shape("Connection closed before the response was complete: (.*)", "closed"),
			shape("TLS failed: (.*)", "tls"),
			shape("Refused to connect to (\\S+) \\((.*)\\): only globally reachable addresses are allowed \\((.+)\\)",
					"forbidden"));

	private final MessageSource messages;

	EngineText(MessageSource messages) {
		this.messages = messages;
	}

	private static Shape shape(String regex, String key) {
		return new Shape(Pattern.compile(regex, Pattern.DOTALL), "shophooks.engine.text." + key);
	}

	/**
	 * A stored sentence in the user's language.
	 * @param text what the engine stored, may be {@code null}
	 * @param locale the user's language
	 * @return the sentence said from the bundle, or as stored when its shape is unknown
	 */
	public @Nullable String say(@Nullable String text, Locale locale) {
		if (text == null) {
			return null;
		}
		for (Shape shape : SHAPES) {
			Matcher matcher = shape.pattern().matcher(text);
			if (matcher.matches()) {
				Object[] arguments = new Object[matcher.groupCount()];
				for (int i = 0; i < arguments.length; i++) {
					arguments[i] = matcher.group(i + 1);
				}
				return this.messages.getMessage(shape.key(), arguments, text, locale);
			}
		}
		return text;
	}

	/**
	 * A time as every screen shows it: UTC, to the second, without the fractions and the
	 * {@code T} and {@code Z} of the stored form ({@code 2026-12-01 15:41:04 UTC}).
	 * @param instant the time, may be {@code null}
	 * @return the text, or {@code null}
	 */
	public @Nullable String time(java.time.@Nullable Instant instant) {
		return (instant != null) ? AdminTimes.second(instant) : null;
	}

	/**
	 * The bundle keys of every shape, for the bundle tests.
	 * @return the keys
	 */
	static List<String> keys() {
		return SHAPES.stream().map(Shape::key).toList();
	}

}
