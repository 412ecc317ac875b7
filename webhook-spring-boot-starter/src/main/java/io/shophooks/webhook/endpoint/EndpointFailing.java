package io.shophooks.webhook.endpoint;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Published (as a Spring application event) once when an endpoint's real deliveries start
 * failing (a failed attempt after a success, or its first attempt failing); not again for
 * each further failure, and never for test events. {@link EndpointRecovered} follows when
 * a delivery succeeds again.
 *
 * @param endpointId the endpoint
 * @param name its name
 * @param url its URL
 * @param since when the first failing attempt ended
 * @param error what that attempt got (status or error), as shown to the store owner
 */
public record EndpointFailing(long endpointId, String name, String url, Instant since, @Nullable String error) {

}
