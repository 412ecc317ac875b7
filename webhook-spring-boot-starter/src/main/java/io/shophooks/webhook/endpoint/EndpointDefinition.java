package io.shophooks.webhook.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a store owner enters to create or change an endpoint.
 * <p>
 * On update, a {@code null} URL token, Basic password or signing secret keeps the stored
 * one; an empty string removes it.
 *
 * @param name a name for people
 * @param url an absolute http(s) URL, without user-info or fragment
 * @param eventTypes subscribed event types: exact, {@code prefix.*} or {@code *}
 * @param format the body format, JSON when {@code null}
 * @param urlTokenParameter the query parameter carrying the URL token, {@code token} when
 * {@code null} and a token is given
 * @param urlToken the URL token, or {@code null}
 * @param basicUsername the HTTP Basic username, or {@code null} for no Basic auth
 * @param basicPassword the HTTP Basic password
 * @param signing whether to sign requests with HMAC (Standard Webhooks)
 * @param secret a signing secret ({@code whsec_<base64>}) to use instead of a generated
 * one, or {@code null}
 * @param maxConcurrency the most requests in flight to this endpoint per instance, the
 * configured default when {@code null}
 * @param propagateTrace whether requests carry the trace context ({@code traceparent})
 */
public record EndpointDefinition(String name, String url, List<String> eventTypes, @Nullable BodyFormat format,
		@Nullable String urlTokenParameter, @Nullable String urlToken, @Nullable String basicUsername,
		@Nullable String basicPassword, boolean signing, @Nullable String secret, @Nullable Integer maxConcurrency,
		boolean propagateTrace) {

	public EndpointDefinition(String name, String url, List<String> eventTypes, @Nullable BodyFormat format,
			@Nullable String urlTokenParameter, @Nullable String urlToken, @Nullable String basicUsername,
			@Nullable String basicPassword, boolean signing, @Nullable String secret,
			@Nullable Integer maxConcurrency) {
		this(name, url, eventTypes, format, urlTokenParameter, urlToken, basicUsername, basicPassword, signing, secret,
				maxConcurrency, false);
	}

	public EndpointDefinition withTracePropagation(boolean propagateTrace) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter,
				this.urlToken, this.basicUsername, this.basicPassword, this.signing, this.secret, this.maxConcurrency,
				propagateTrace);
	}

	/**
	 * A JSON, signed endpoint with a generated secret.
	 * @param name the name
	 * @param url the URL
	 * @param eventTypes the subscribed event types
	 * @return the definition
	 */
	public static EndpointDefinition signed(String name, String url, List<String> eventTypes) {
		return new EndpointDefinition(name, url, eventTypes, BodyFormat.JSON, null, null, null, null, true, null, null);
	}

	public EndpointDefinition withFormat(BodyFormat format) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, format, this.urlTokenParameter,
				this.urlToken, this.basicUsername, this.basicPassword, this.signing, this.secret, this.maxConcurrency);
	}

	public EndpointDefinition withUrlToken(String parameter, String token) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, parameter, token,
				this.basicUsername, this.basicPassword, this.signing, this.secret, this.maxConcurrency);
	}

	public EndpointDefinition withBasicAuth(String username, String password) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter,
				this.urlToken, username, password, this.signing, this.secret, this.maxConcurrency);
	}

	public EndpointDefinition withSigning(boolean signing, @Nullable String secret) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter,
				this.urlToken, this.basicUsername, this.basicPassword, signing, secret, this.maxConcurrency);
	}

	public EndpointDefinition withMaxConcurrency(int maxConcurrency) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter,
				this.urlToken, this.basicUsername, this.basicPassword, this.signing, this.secret, maxConcurrency);
	}

}
