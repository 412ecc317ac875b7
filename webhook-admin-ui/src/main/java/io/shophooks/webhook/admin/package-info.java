/**
 * The ShopHooks admin UI: auto-configuration, security, language and messages.
 */
@NullMarked
package io.shophooks.webhook.admin;

import org.jspecify.annotations.NullMarked;
