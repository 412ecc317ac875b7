package io.shophooks.webhook.autoconfigure;

import java.time.Duration;

/**
 * Fails start-up on settings that cannot work, naming the property and the fix.
 */
final class SettingsValidation {

	private static final Duration MINIMUM_LEASE = Duration.ofSeconds(1);

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
		// A live instance renews its leases every third of the lease, however long a request
		// takes; below a second, a moment's pause of the instance or the database would let
		// a lease run out under a send that is still going, and it would be sent twice.
		if (delivery.getLease().compareTo(MINIMUM_LEASE) < 0) {
			throw new IllegalStateException("shophooks.webhook.delivery.lease (" + delivery.getLease()
					+ ") must be at least " + MINIMUM_LEASE.toSeconds() + "s: leases are renewed every third of it, "
					+ "and a shorter one runs out under a moment's pause. Raise the lease.");
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
