/**
 * Capturing events: the outbox writer, the listener that recognises webhook events, and
 * the event type registry.
 */
@NullMarked
package io.shophooks.webhook.capture;

import org.jspecify.annotations.NullMarked;
