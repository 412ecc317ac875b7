package io.shophooks.webhook.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The limits of an endpoint's stored text, checked before the database sees it: each
 * column's length, and no control characters (NUL, line breaks) or unpaired surrogates,
 * which some databases refuse with an error and which no header or URL can carry.
 */
final class TextLimits {

	/** Most characters stored for the event types, one space between each. */
	static final int EVENT_TYPES = 4000;

	/** Most characters stored for the included fields, one space between each. */
	static final int INCLUDE_FIELDS = 2000;

	/** Most characters of one event type pattern or one field path. */
	static final int ONE_ITEM = 200;

	/** Most characters of a filter expression. */
	static final int FILTER = 1000;

	/** Most characters of the URL token's parameter name. */
	static final int TOKEN_PARAMETER = 100;

	/** Most characters of a signing secret. */
	static final int SECRET = 200;

	private TextLimits() {
	}

	/**
	 * What is wrong with a text, or {@code null} if nothing is.
	 * @param what the field as the message names it ("The name")
	 * @param value the value, or {@code null}
	 * @param max the most characters it may hold
	 * @return the message, or {@code null}
	 */
	static @Nullable String problem(String what, @Nullable String value, int max) {
		if (value == null) {
			return null;
		}
		if (value.length() > max) {
			return what + " may hold " + max + " characters at most (it has " + value.length() + ")";
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\r' || c == '\n') {
				return what + " must not contain a line break";
			}
			if (Character.isISOControl(c)) {
				return what + " must not contain control characters such as NUL";
			}
			if (Character.isSurrogate(c)) {
				if (!(Character.isHighSurrogate(c) && i + 1 < value.length()
						&& Character.isLowSurrogate(value.charAt(i + 1)))) {
					return what + " is not valid Unicode text (an unpaired surrogate)";
				}
				i++;
			}
		}
		return null;
	}

	/**
	 * What is wrong with a list stored as one text, or {@code null} if nothing is.
	 * @param what the field as the message names it
	 * @param items the items, or {@code null}
	 * @param max the most characters the stored text may hold
	 * @return the message, or {@code null}
	 */
	static @Nullable String listProblem(String what, @Nullable List<String> items, int max) {
		if (items == null) {
			return null;
		}
		int stored = Math.max(0, items.size() - 1);
		for (String item : items) {
			if (item == null) {
				return what + " must not contain null";
			}
			String problem = problem(what + " '" + shortened(item) + "'", item, ONE_ITEM);
			if (problem != null) {
				return problem;
			}
			stored += (item != null) ? item.length() : 0;
		}
		if (stored > max) {
			return what + " may hold " + max + " characters at most, all together (they have " + stored + ")";
		}
		return null;
	}

	private static String shortened(@Nullable String item) {
		if (item == null) {
			return "null";
		}
		String visible = item.codePoints()
			.map(c -> Character.isISOControl(c) || Character.isSurrogate((char) c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (visible.length() > 40) ? visible.substring(0, 40) + "..." : visible;
	}

}
