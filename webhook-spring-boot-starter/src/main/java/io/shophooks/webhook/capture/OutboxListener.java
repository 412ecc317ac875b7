package io.shophooks.webhook.capture;

/**
 * Told when events have been committed to the outbox, so delivery starts at once rather
 * than at the next poll.
 */
@FunctionalInterface
public interface OutboxListener {

	void eventsCommitted();

}
