package io.shophooks.webhook.endpoint;

import java.time.Instant;

/**
 * Published (as a Spring application event) once when a failing endpoint (see
 * {@link EndpointFailing}) delivers successfully again.
 *
 * @param endpointId the endpoint
 * @param name its name
 * @param url its URL
 * @param failingSince when it had started failing
 * @param at when the successful attempt ended
 */
public record EndpointRecovered(long endpointId, String name, String url, Instant failingSince, Instant at) {

}
