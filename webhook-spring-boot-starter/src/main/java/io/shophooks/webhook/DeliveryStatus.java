package io.shophooks.webhook;

/**
 * Where a delivery stands.
 */
public enum DeliveryStatus {

	/** Waiting for its next attempt (or being attempted now). */
	PENDING,

	/** A 2xx answer arrived. */
	DELIVERED,

	/** All attempts failed, or the receiver answered 410 Gone; can be replayed. */
	FAILED

}
