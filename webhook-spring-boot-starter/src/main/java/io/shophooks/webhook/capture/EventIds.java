package io.shophooks.webhook.capture;

import java.security.SecureRandom;

/**
 * Webhook ids: {@code msg_} and 26 characters of Crockford base32 holding 48 bits of
 * milliseconds and 80 random bits, so ids sort by creation time.
 */
public final class EventIds {

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private EventIds() {
	}

	public static String next(long epochMillis) {
		byte[] random = new byte[10];
		RANDOM.nextBytes(random);
		char[] out = new char[26];
		long time = epochMillis & 0xFFFFFFFFFFFFL;
		for (int i = 9; i >= 0; i--) {
			out[i] = ALPHABET[(int) (time & 31)];
			time >>>= 5;
		}
		long high = 0;
		for (int i = 0; i < 5; i++) {
			high = (high << 8) | (random[i] & 0xff);
		}
		long low = 0;
		for (int i = 5; i < 10; i++) {
			low = (low << 8) | (random[i] & 0xff);
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
