package io.shophooks.webhook.endpoint;

import java.time.Instant;

/**
 * Published (as a Spring application event) when an endpoint is disabled: by the store
 * owner, by a 410 Gone, or after too many failed deliveries in a row. Listen to it to
 * send an email or page someone.
 *
 * @param endpointId the endpoint
 * @param name its name
 * @param url its URL
 * @param reason why, as shown to the store owner
 * @param automatic whether ShopHooks disabled it (410 or failures) rather than a person
 * @param at when
 */
public record EndpointDisabled(long endpointId, String name, String url, String reason, boolean automatic,
		Instant at) {

}
