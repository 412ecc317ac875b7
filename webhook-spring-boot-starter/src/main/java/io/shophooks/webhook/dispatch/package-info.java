/**
 * Internal: the delivery loop. Wake-ups, send slots and fair share, the attempt runner, outcome
 * rules (retry, gone, disable), the completion writer and retention. Users may replace
 * {@link RetryPolicy} and add {@link DeliveryObserver}s; everything else may change without notice.
 */
@NullMarked
package io.shophooks.webhook.dispatch;

import org.jspecify.annotations.NullMarked;

