package io.shophooks.webhook.endpoint;

import java.util.List;
import java.util.function.Supplier;

import io.shophooks.webhook.Internal;

/**
 * Who gets which events, as of one version of the endpoints (see
 * {@link EndpointService#subscriptions()}).
 *
 * @param version the version: raised by every committed change of who gets what
 * @param targets the enabled endpoints
 */
@Internal
public record Subscriptions(long version, List<EndpointTarget> targets) {

	/**
	 * The {@code shophooks_setting} row that holds the version, raised in the transaction
	 * of every change of who gets which events.
	 */
	public static final String VERSION_SETTING = "endpoints.version";

	/** An SQL expression for the version as committed, {@code '0'} before the first change. */
	public static final String VERSION_SQL = "COALESCE((SELECT setting_value FROM shophooks_setting WHERE name = '"
			+ VERSION_SETTING + "'), '0')";

	/**
	 * The enabled endpoints that get an event: subscribed to its type and, where an
	 * endpoint has a filter, matching it. The payload is read only if a filter needs it.
	 * @param eventType the event type
	 * @param payload the event's payload JSON
	 * @return the endpoint ids
	 */
	public List<Long> subscribers(String eventType, Supplier<String> payload) {
		return SubscriptionIndex.subscribers(this.targets, eventType, payload);
	}

}
