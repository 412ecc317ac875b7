package io.shophooks.webhook.endpoint;

import java.time.Instant;

import io.shophooks.webhook.InvalidWebhookException;

/**
 * A rotation asked for while the secret before the current one still signs: rotating now
 * would stop that one at once, before the end of the overlap its receivers were promised.
 * Rotate again with {@code cutShort} to do it anyway.
 */
public class SecretStillValidException extends InvalidWebhookException {

	private final Instant validUntil;

	public SecretStillValidException(Instant validUntil) {
		super("rotate", "The secret before the current one still signs until " + validUntil
				+ "; rotating again now stops it at once, and receivers that have not switched to the current"
				+ " secret yet fail verification. Rotate anyway, or wait until then.");
		this.validUntil = validUntil;
	}

	/**
	 * When the earlier secret would stop signing without this rotation.
	 * @return the end of its overlap
	 */
	public Instant getValidUntil() {
		return this.validUntil;
	}

}
