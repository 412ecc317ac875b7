/**
 * Spring Boot auto-configuration of ShopHooks.
 */
@NullMarked
package io.shophooks.webhook.autoconfigure;

import org.jspecify.annotations.NullMarked;
