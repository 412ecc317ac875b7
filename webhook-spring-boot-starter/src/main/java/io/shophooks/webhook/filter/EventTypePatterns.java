package io.shophooks.webhook.filter;

import java.util.Collection;
import java.util.regex.Pattern;

import io.shophooks.webhook.Internal;

/**
 * Event type names and subscription patterns: {@code order.approved}, {@code order.*}
 * and {@code *}.
 */
@Internal
public final class EventTypePatterns {

	/** A valid event type: lower-case words separated by dots. */
	public static final Pattern TYPE = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+){0,9}");

	private EventTypePatterns() {
	}

	public static boolean isValidType(String type) {
		return type.length() <= 200 && TYPE.matcher(type).matches();
	}

	public static boolean isWildcard(String pattern) {
		return "*".equals(pattern) || pattern.endsWith(".*");
	}

	public static boolean isValidPattern(String pattern) {
		if ("*".equals(pattern)) {
			return true;
		}
		if (pattern.endsWith(".*")) {
			return isValidType(pattern.substring(0, pattern.length() - 2));
		}
		return isValidType(pattern);
	}

	public static boolean matches(String pattern, String type) {
		if ("*".equals(pattern)) {
			return true;
		}
		if (pattern.endsWith(".*")) {
			return type.startsWith(pattern.substring(0, pattern.length() - 1));
		}
		return pattern.equals(type);
	}

	public static boolean matchesAny(Collection<String> patterns, String type) {
		for (String pattern : patterns) {
			if (matches(pattern, type)) {
				return true;
			}
		}
		return false;
	}

}
