package io.shophooks.webhook.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.shophooks.webhook.endpoint.InvalidEncryptionKeyException;

/**
 * Explains a malformed encryption key at start-up: which property, what is wrong, and
 * how to make a key (or keep the old one while rotating).
 */
final class EncryptionKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEncryptionKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEncryptionKeyException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				"Set " + cause.getProperty() + " to the base64 form of a 16, 24 or 32 byte key, e.g. the output of "
						+ "'openssl rand -base64 32' (as the environment variable "
						+ "SHOPHOOKS_WEBHOOK_SECURITY_ENCRYPTIONKEY for the current key). When you replace a key that "
						+ "already encrypted endpoint secrets, list the old one in "
						+ "shophooks.webhook.security.previous-encryption-keys until every instance has restarted.",
				cause);
	}

}
