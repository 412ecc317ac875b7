package io.shophooks.webhook.endpoint;

/**
 * A stored endpoint secret (signing secret, URL token or Basic password) that none of the
 * configured encryption keys can decrypt: the key was changed without listing the old one
 * in {@code shophooks.webhook.security.previous-encryption-keys}, or the value was altered.
 * Only that endpoint is affected: its deliveries wait until the key is restored or the
 * store owner enters its secrets again.
 */
public class UnreadableSecretException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	UnreadableSecretException(String message) {
		super(message);
	}

}
