/**
 * Delivery: fan-out, claims with leases, signing, sending, retries and the attempt log.
 */
@NullMarked
package io.shophooks.webhook.delivery;

import org.jspecify.annotations.NullMarked;
