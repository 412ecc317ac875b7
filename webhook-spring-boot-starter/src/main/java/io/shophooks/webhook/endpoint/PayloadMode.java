package io.shophooks.webhook.endpoint;

/**
 * What an endpoint receives as the event's {@code data}.
 */
public enum PayloadMode {

	/** The full snapshot the shop published, taken when its transaction committed. */
	FULL,

	/**
	 * A notification only: the id of the thing that changed and, when
	 * {@code shophooks.webhook.thin-payload.url-template} is set, a link to fetch its
	 * current state.
	 */
	THIN

}
