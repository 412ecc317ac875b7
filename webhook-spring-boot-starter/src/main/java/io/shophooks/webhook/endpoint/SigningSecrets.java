package io.shophooks.webhook.endpoint;

import java.security.SecureRandom;
import java.util.Base64;

import io.shophooks.webhook.Internal;

/**
 * Standard Webhooks signing secrets: {@code whsec_} followed by the base64 of the key.
 */
@Internal
public final class SigningSecrets {

	/** The prefix of every signing secret. */
	public static final String PREFIX = "whsec_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private SigningSecrets() {
	}

	/**
	 * A new secret of 32 random bytes.
	 * @return the secret
	 */
	public static String generate() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/**
	 * The key bytes of a secret.
	 * @param secret the secret, with or without the {@code whsec_} prefix
	 * @return the key
	 * @throws IllegalArgumentException if the secret is not base64 of 24 to 64 bytes
	 */
	public static byte[] key(String secret) {
		String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
		byte[] key;
		try {
			key = Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("A signing secret must be whsec_ followed by base64");
		}
		if (key.length < 24 || key.length > 64) {
			throw new IllegalArgumentException("A signing secret must hold 24 to 64 bytes, not " + key.length);
		}
		return key;
	}

	/**
	 * What the UI may show of a secret.
	 * @param secret the secret
	 * @return the prefix and four characters, then an ellipsis
	 */
	public static String hint(String secret) {
		int shown = Math.min(secret.length(), PREFIX.length() + 4);
		return secret.substring(0, shown) + "…";
	}

}
