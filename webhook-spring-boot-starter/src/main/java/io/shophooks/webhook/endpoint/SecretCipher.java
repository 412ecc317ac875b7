package io.shophooks.webhook.endpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.Internal;

/**
 * Encrypts endpoint secrets at rest with AES-GCM. Each value gets a random 96-bit nonce;
 * the stored form is {@code v1:<base64(nonce || ciphertext || tag)>}. New values are
 * encrypted with the current key; values written under a previous key (listed while a
 * key is rotated) are still read, and {@link #isCurrent} tells which to re-encrypt.
 */
@Internal
public final class SecretCipher {

	/** The property of the current key. */
	public static final String KEY_PROPERTY = "shophooks.webhook.security.encryption-key";

	/** The property of the keys being rotated out. */
	public static final String PREVIOUS_KEYS_PROPERTY = "shophooks.webhook.security.previous-encryption-keys";

	private static final String PREFIX = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int TAG_BYTES = TAG_BITS / 8;

	private final List<SecretKeySpec> keys;

	private final SecureRandom random = new SecureRandom();

	private SecretCipher(List<SecretKeySpec> keys) {
		this.keys = keys;
	}

	/**
	 * Create a cipher from a base64 key of 16, 24 or 32 bytes.
	 * @param base64Key the key
	 * @return the cipher
	 * @throws InvalidEncryptionKeyException with the property name if the key is malformed
	 */
	public static SecretCipher fromBase64Key(String base64Key) {
		return fromBase64Keys(base64Key, List.of());
	}

	/**
	 * Create a cipher that encrypts with the current key and also reads values written
	 * with any of the previous keys.
	 * @param current the current key, base64
	 * @param previous keys being rotated out, base64
	 * @return the cipher
	 * @throws InvalidEncryptionKeyException with the property name if a key is malformed
	 */
	public static SecretCipher fromBase64Keys(String current, List<String> previous) {
		List<SecretKeySpec> keys = new ArrayList<>();
		keys.add(key(current, KEY_PROPERTY));
		for (int i = 0; i < previous.size(); i++) {
			keys.add(key(previous.get(i), PREVIOUS_KEYS_PROPERTY + "[" + i + "]"));
		}
		return new SecretCipher(List.copyOf(keys));
	}

	/**
	 * The error for a key property that is set but empty.
	 * @return the exception
	 */
	public static InvalidEncryptionKeyException emptyKey() {
		return new InvalidEncryptionKeyException(KEY_PROPERTY, "is set but empty (unset it on an embedded "
				+ "database to use the generated key)");
	}

	private static SecretKeySpec key(String base64Key, String property) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64Key.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEncryptionKeyException(property, "is not valid base64");
		}
		if (key.length != 16 && key.length != 24 && key.length != 32) {
			throw new InvalidEncryptionKeyException(property,
					"must decode to 16, 24 or 32 bytes, not " + key.length);
		}
		return new SecretKeySpec(key, "AES");
	}

	/**
	 * The most UTF-8 bytes a value may have to fit a column once encrypted and stored.
	 * @param columnLength the column's length in characters
	 * @return the largest plain length in bytes
	 */
	public static int largestStorable(int columnLength) {
		return (columnLength - PREFIX.length()) / 4 * 3 - NONCE_BYTES - TAG_BYTES;
	}

	/**
	 * How many characters a value takes once encrypted and stored.
	 * @param plain the value
	 * @return its stored length
	 */
	public static int storedLength(String plain) {
		int bytes = NONCE_BYTES + plain.getBytes(StandardCharsets.UTF_8).length + TAG_BYTES;
		return PREFIX.length() + 4 * ((bytes + 2) / 3);
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
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
			byte[] encrypted = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			ByteBuffer out = ByteBuffer.allocate(nonce.length + encrypted.length).put(nonce).put(encrypted);
			return PREFIX + Base64.getEncoder().encodeToString(out.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt an endpoint secret", ex);
		}
	}

	/**
	 * Decrypt a stored value with the current key or, failing that, a previous one.
	 * @param stored the stored value
	 * @return the value
	 * @throws UnreadableSecretException if no configured key reads it
	 */
	public @Nullable String decrypt(@Nullable String stored) {
		if (stored == null) {
			return null;
		}
		for (SecretKeySpec key : this.keys) {
			String plain = decrypt(stored, key);
			if (plain != null) {
				return plain;
			}
		}
		throw new UnreadableSecretException("A stored endpoint secret cannot be decrypted with "
				+ KEY_PROPERTY + ((this.keys.size() > 1) ? " or " + PREVIOUS_KEYS_PROPERTY : "")
				+ ": if the key was changed, list the old key in " + PREVIOUS_KEYS_PROPERTY
				+ ", or enter the endpoint's secrets again");
	}

	/**
	 * Whether a stored value can be read.
	 * @param stored the stored value
	 * @return whether a configured key decrypts it ({@code true} for {@code null})
	 */
	public boolean canRead(@Nullable String stored) {
		if (stored == null) {
			return true;
		}
		for (SecretKeySpec key : this.keys) {
			if (decrypt(stored, key) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a stored value is encrypted with the current key.
	 * @param stored the stored value
	 * @return whether the current key decrypts it ({@code true} for {@code null})
	 */
	public boolean isCurrent(@Nullable String stored) {
		return stored == null || decrypt(stored, this.keys.get(0)) != null;
	}

	private static @Nullable String decrypt(String stored, SecretKeySpec key) {
		if (!stored.startsWith(PREFIX)) {
			return null;
		}
		try {
			byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
			if (all.length < NONCE_BYTES + TAG_BYTES) {
				return null;
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
			return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return null;
		}
	}

}
