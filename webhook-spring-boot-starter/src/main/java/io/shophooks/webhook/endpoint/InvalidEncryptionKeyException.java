package io.shophooks.webhook.endpoint;

/**
 * A configured encryption key that is not a base64 AES key; thrown at start-up and
 * explained by a failure analyzer that names the property and the fix.
 */
public class InvalidEncryptionKeyException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String property;

	InvalidEncryptionKeyException(String property, String message) {
		super(property + " " + message + ". Generate a key with: openssl rand -base64 32");
		this.property = property;
	}

	/**
	 * @return the property that holds the malformed key
	 */
	public String getProperty() {
		return this.property;
	}

}
