package io.shophooks.webhook.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.shophooks.webhook.Internal;

/**
 * How the admin's screens write a time: always UTC, with the zone said. To the minute
 * where a time is a schedule or a window (the next try, a chart's span), to the second
 * where it is a moment that happened (an attempt, a delivery's creation, a secret's
 * expiry).
 */
@Internal
public final class AdminTimes {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private AdminTimes() {
	}

	/**
	 * A time to the minute ({@code 2026-12-01 15:41 UTC}).
	 * @param instant the time
	 * @return the text
	 */
	public static String minute(Instant instant) {
		return MINUTE.format(instant);
	}

	/**
	 * A time to the second ({@code 2026-12-01 15:41:04 UTC}).
	 * @param instant the time
	 * @return the text
	 */
	public static String second(Instant instant) {
		return SECOND.format(instant);
	}

}
