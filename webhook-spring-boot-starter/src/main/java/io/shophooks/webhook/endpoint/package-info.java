/**
 * Endpoints: the URLs store owners subscribe to events, how each is secured, and which
 * targets are allowed.
 */
@NullMarked
package io.shophooks.webhook.endpoint;

import org.jspecify.annotations.NullMarked;
