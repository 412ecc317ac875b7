/**
 * The API a shop uses: mark events with {@link io.shophooks.webhook.WebhookEvent}, map
 * platform events with {@link io.shophooks.webhook.WebhookEventMapper}, or publish with
 * {@link io.shophooks.webhook.WebhookPublisher}.
 */
@NullMarked
package io.shophooks.webhook;

import org.jspecify.annotations.NullMarked;
