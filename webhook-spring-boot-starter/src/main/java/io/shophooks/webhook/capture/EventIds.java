package io.shophooks.webhook.capture;

import java.security.SecureRandom;

import io.shophooks.webhook.Internal;

/**
 * Webhook ids: {@code msg_} and 26 characters of Crockford base32 holding 48 bits of
 * milliseconds and 80 random bits, so ids sort by creation time.
 */
@Internal
public final class EventIds {

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private EventIds() {
	}

	private static long lastMillis = -1;

	private static long lastHigh;

	private static long lastLow;

	/**
	 * A new id. Ids made by this JVM always increase, also within one millisecond (the
	 * random part is incremented, as in ULID's monotonic mode), so events published one
	 * after another, in one transaction too, sort in publishing order.
	 * @param epochMillis the time of the event
	 * @return the id
	 */
	public static synchronized String next(long epochMillis) {
		long high;
		long low;
		if (epochMillis <= lastMillis) {
			epochMillis = lastMillis;
			high = lastHigh;
			low = lastLow + 1;
			if (low >= (1L << 40)) {
				low = 0;
				high++;
				if (high >= (1L << 40)) {
					epochMillis++;
					high = 0;
				}
			}
		}
		else {
			byte[] random = new byte[10];
			RANDOM.nextBytes(random);
			high = 0;
			for (int i = 0; i < 5; i++) {
				high = (high << 8) | (random[i] & 0xff);
			}
			low = 0;
			for (int i = 5; i < 10; i++) {
				low = (low << 8) | (random[i] & 0xff);
			}
			// Leave room to count up within the millisecond.
			low &= (1L << 39) - 1;
		}
		lastMillis = epochMillis;
		lastHigh = high;
		lastLow = low;
		char[] out = new char[26];
		long time = epochMillis & 0xFFFFFFFFFFFFL;
		for (int i = 9; i >= 0; i--) {
			out[i] = ALPHABET[(int) (time & 31)];
			time >>>= 5;
		}
		for (int i = 17; i >= 10; i--) {
			out[i] = ALPHABET[(int) (high & 31)];
			high >>>= 5;
		}
		for (int i = 25; i >= 18; i--) {
			out[i] = ALPHABET[(int) (low & 31)];
			low >>>= 5;
		}
		return "msg_" + new String(out);
	}

}
