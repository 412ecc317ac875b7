/**
 * Operations: the {@code webhooks} health indicator, the info contribution and the
 * Micrometer metrics and observations, each only when the application has the library.
 */
@NullMarked
package io.shophooks.webhook.actuate;

import org.jspecify.annotations.NullMarked;
