/**
 * Broadleaf Commerce bridge: customer, product and order webhooks from Broadleaf's
 * post-registration observer, checkout workflow and admin persistence hooks.
 */
@NullMarked
package io.shophooks.webhook.broadleaf;

import org.jspecify.annotations.NullMarked;
