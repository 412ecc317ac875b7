package io.shophooks.webhook.endpoint;

import java.time.Instant;

/**
 * Published (as a Spring application event) when a disabled endpoint is enabled again;
 * its pending deliveries resume.
 *
 * @param endpointId the endpoint
 * @param name its name
 * @param at when
 */
public record EndpointEnabled(long endpointId, String name, Instant at) {

}
