package io.shophooks.webhook.endpoint;

import org.jspecify.annotations.Nullable;

/**
 * A newly created endpoint and its signing secret, which is shown this once.
 *
 * @param endpoint the endpoint
 * @param secret the signing secret ({@code whsec_...}), or {@code null} when not signing
 */
public record CreatedEndpoint(Endpoint endpoint, @Nullable String secret) {

	@Override
	public String toString() {
		return "CreatedEndpoint[endpoint=" + this.endpoint + ", secret=" + (this.secret != null ? "****" : null) + "]";
	}

}
