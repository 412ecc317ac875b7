/**
 * The HTTP side of a delivery: the request factory, body rendering, signing, the pooled client
 * and its guarded DNS resolver. Users may replace {@link WebhookSender} (with
 * {@link OutgoingRequest} and {@link SendResult}); everything else is internal.
 */
@NullMarked
package io.shophooks.webhook.send;

import org.jspecify.annotations.NullMarked;

