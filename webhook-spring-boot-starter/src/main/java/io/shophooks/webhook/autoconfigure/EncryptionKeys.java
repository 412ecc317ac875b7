package io.shophooks.webhook.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.BadSqlGrammarException;

import io.shophooks.webhook.endpoint.SecretCipher;

/**
 * Finds the key that encrypts endpoint secrets. Outside an embedded database it must be
 * configured: a generated key would be lost on restart, or differ between instances.
 */
final class EncryptionKeys {

	private static final Log logger = LogFactory.getLog(EncryptionKeys.class);

	private static final String SETTING = "encryption-key";

	private EncryptionKeys() {
	}

	static SecretCipher cipher(@Nullable String configured, List<String> previous,
			WebhookInfrastructure infrastructure) {
		if (configured != null && configured.isBlank()) {
			// set but empty (an unset environment variable in a template, say): never fall back
			// to a generated key, which cannot read what the configured one wrote
			throw SecretCipher.emptyKey();
		}
		if (configured != null) {
			List<String> readable = new ArrayList<>(previous);
			// A key generated for the embedded database before one was configured still
			// reads what it wrote; the start-up re-encryption moves those to the new key.
			String generated = infrastructure.databaseType().isEmbedded() ? generatedKey(infrastructure) : null;
			if (generated != null && !generated.equals(configured.trim())) {
				readable.add(generated);
			}
			return SecretCipher.fromBase64Keys(configured, readable);
		}
		if (!infrastructure.databaseType().isEmbedded()) {
			throw new IllegalStateException("shophooks.webhook.security.encryption-key is not set. ShopHooks encrypts "
					+ "endpoint secrets at rest and needs a key that every instance shares and that survives restarts. "
					+ "Generate one with 'openssl rand -base64 32' and set it, e.g. as the environment variable "
					+ "SHOPHOOKS_WEBHOOK_SECURITY_ENCRYPTIONKEY.");
		}
		String table = infrastructure.tables().sql("shophooks_setting");
		String stored = infrastructure.transactions().execute(status -> {
			var existing = infrastructure.jdbc()
				.queryForList("SELECT setting_value FROM " + table + " WHERE name = ?", String.class, SETTING);
			if (!existing.isEmpty()) {
				return existing.get(0);
			}
			String key = SecretCipher.generateKey();
			infrastructure.jdbc().update("INSERT INTO " + table + " (name, setting_value) VALUES (?, ?)", SETTING, key);
			return key;
		});
		logger.warn("shophooks.webhook.security.encryption-key is not set: endpoint secrets are encrypted with a key "
				+ "generated for and stored in the embedded database (table " + table + "). Set the property before "
				+ "moving to a shared database.");
		return SecretCipher.fromBase64Keys(Objects.requireNonNull(stored), previous);
	}

	private static @Nullable String generatedKey(WebhookInfrastructure infrastructure) {
		String table = infrastructure.tables().sql("shophooks_setting");
		try {
			List<String> existing = infrastructure.jdbc()
				.queryForList("SELECT setting_value FROM " + table + " WHERE name = ?", String.class, SETTING);
			return existing.isEmpty() ? null : existing.get(0);
		}
		catch (BadSqlGrammarException ex) {
			return null;
		}
	}

}
