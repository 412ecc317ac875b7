package io.shophooks.webhook.endpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.Internal;

/**
 * Encrypts endpoint secrets at rest with AES-GCM. Each value gets a random 96-bit nonce;
 * the stored form is {@code v1:<base64(nonce || ciphertext || tag)>}.
 */
@Internal
public final class SecretCipher {

	private static final String PREFIX = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	private SecretCipher(byte[] key) {
		this.key = new SecretKeySpec(key, "AES");
	}

	/**
	 * Create a cipher from a base64 key of 16, 24 or 32 bytes.
	 * @param base64Key the key
	 * @return the cipher
	 * @throws IllegalArgumentException with the property name if the key is malformed
	 */
	public static SecretCipher fromBase64Key(String base64Key) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64Key.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"shophooks.webhook.security.encryption-key is not valid base64. Generate one with: openssl rand -base64 32");
		}
		if (key.length != 16 && key.length != 24 && key.length != 32) {
			throw new IllegalArgumentException("shophooks.webhook.security.encryption-key must decode to 16, 24 or 32 bytes, not "
					+ key.length + ". Generate one with: openssl rand -base64 32");
		}
		return new SecretCipher(key);
	}

	/**
	 * A new random 256-bit key in base64.
	 * @return the key
	 */
	public static String generateKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	public @Nullable String encrypt(@Nullable String plain) {
		if (plain == null) {
			return null;
		}
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			byte[] encrypted = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			ByteBuffer out = ByteBuffer.allocate(nonce.length + encrypted.length).put(nonce).put(encrypted);
			return PREFIX + Base64.getEncoder().encodeToString(out.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt an endpoint secret", ex);
		}
	}

	public @Nullable String decrypt(@Nullable String stored) {
		if (stored == null) {
			return null;
		}
		if (!stored.startsWith(PREFIX)) {
			throw new IllegalStateException("A stored endpoint secret is not in a format ShopHooks knows");
		}
		try {
			byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
			return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A stored endpoint secret could not be decrypted: was "
					+ "shophooks.webhook.security.encryption-key changed since it was written?");
		}
	}

}
