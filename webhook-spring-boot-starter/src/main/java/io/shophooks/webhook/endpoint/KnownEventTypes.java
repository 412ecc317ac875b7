package io.shophooks.webhook.endpoint;

import java.util.List;

import io.shophooks.webhook.Internal;

/**
 * The event types the shop publishes, as endpoint validation needs them: implemented by
 * the event catalog, so that endpoints do not depend on how events are recognised.
 */
@Internal
public interface KnownEventTypes {

	/**
	 * Whether events of this exact type are published.
	 * @param type an event type such as {@code order.approved}
	 * @return whether it is in the catalog
	 */
	boolean isKnown(String type);

	/**
	 * Every published event type, for the error that names the known ones.
	 * @return the type names
	 */
	List<String> names();

}
