package io.shophooks.webhook.autoconfigure;

import java.time.Duration;

/**
 * Fails start-up on settings that cannot work, naming the property and the fix.
 */
final class SettingsValidation {

	private SettingsValidation() {
	}

	static void validate(WebhookProperties properties) {
		WebhookProperties.Delivery delivery = properties.getDelivery();
		atLeast("shophooks.webhook.delivery.concurrency", delivery.getConcurrency(), 1, 1024);
		atLeast("shophooks.webhook.delivery.endpoint-concurrency", delivery.getEndpointConcurrency(), 1, 256);
		atLeast("shophooks.webhook.delivery.batch-size", delivery.getBatchSize(), 1, 10000);
		positive("shophooks.webhook.delivery.poll-interval", delivery.getPollInterval());
		positive("shophooks.webhook.delivery.connect-timeout", delivery.getConnectTimeout());
		positive("shophooks.webhook.delivery.request-timeout", delivery.getRequestTimeout());
		Duration minimumLease = delivery.getConnectTimeout().plus(delivery.getRequestTimeout()).multipliedBy(2);
		if (delivery.getLease().compareTo(minimumLease) < 0) {
			throw new IllegalStateException("shophooks.webhook.delivery.lease (" + delivery.getLease()
					+ ") must be at least twice connect-timeout plus request-timeout (" + minimumLease
					+ "), or a slow request could be sent twice. Raise the lease or lower the timeouts.");
		}
		if (delivery.getMaxPayloadSize().toBytes() < 1) {
			throw new IllegalStateException("shophooks.webhook.delivery.max-payload-size must be positive");
		}
		if (delivery.getResponseExcerptSize().toBytes() < 1
				|| delivery.getResponseExcerptSize().toBytes() > 1024 * 1024) {
			throw new IllegalStateException(
					"shophooks.webhook.delivery.response-excerpt-size must be between 1 byte and 1MB");
		}
	}

	private static void atLeast(String property, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalStateException(property + " is " + value + "; use a value from " + min + " to " + max);
		}
	}

	private static void positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalStateException(property + " must be a positive duration, not " + value);
		}
	}

}
