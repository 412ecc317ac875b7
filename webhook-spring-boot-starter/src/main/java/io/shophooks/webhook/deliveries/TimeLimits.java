package io.shophooks.webhook.deliveries;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.InvalidWebhookException;

/**
 * The instants a query may name: those both databases can compare with a stored time,
 * from 1970 to the end of year 9999. Anything beyond (year +999999999, say) is refused
 * with the field's name before the database sees it.
 */
final class TimeLimits {

	static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private TimeLimits() {
	}

	static @Nullable Instant check(String field, @Nullable Instant instant) {
		if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
			throw new InvalidWebhookException(field, "The time must be between " + EARLIEST + " and " + LATEST);
		}
		return instant;
	}

}
