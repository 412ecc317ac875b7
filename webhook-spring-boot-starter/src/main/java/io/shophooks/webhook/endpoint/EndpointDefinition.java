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
 * @param options ordering, filter, field selection and payload mode
 */
public record EndpointDefinition(String name, String url, List<String> eventTypes, @Nullable BodyFormat format,
		@Nullable String urlTokenParameter, @Nullable String urlToken, @Nullable String basicUsername,
		@Nullable String basicPassword, boolean signing, @Nullable String secret, @Nullable Integer maxConcurrency,
		boolean propagateTrace, DeliveryOptions options) {

	public EndpointDefinition {
		options = (options != null) ? options : DeliveryOptions.DEFAULT;
	}

	public EndpointDefinition(String name, String url, List<String> eventTypes, @Nullable BodyFormat format,
			@Nullable String urlTokenParameter, @Nullable String urlToken, @Nullable String basicUsername,
			@Nullable String basicPassword, boolean signing, @Nullable String secret, @Nullable Integer maxConcurrency,
			boolean propagateTrace) {
		this(name, url, eventTypes, format, urlTokenParameter, urlToken, basicUsername, basicPassword, signing, secret,
				maxConcurrency, propagateTrace, DeliveryOptions.DEFAULT);
	}

	public EndpointDefinition(String name, String url, List<String> eventTypes, @Nullable BodyFormat format,
			@Nullable String urlTokenParameter, @Nullable String urlToken, @Nullable String basicUsername,
			@Nullable String basicPassword, boolean signing, @Nullable String secret,
			@Nullable Integer maxConcurrency) {
		this(name, url, eventTypes, format, urlTokenParameter, urlToken, basicUsername, basicPassword, signing, secret,
				maxConcurrency, false);
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

	public EndpointDefinition withTracePropagation(boolean propagateTrace) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter, this.urlToken, this.basicUsername, this.basicPassword, this.signing, this.secret, this.maxConcurrency, propagateTrace, this.options);
	}

	public EndpointDefinition withFormat(BodyFormat format) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, format, this.urlTokenParameter, this.urlToken, this.basicUsername, this.basicPassword, this.signing, this.secret, this.maxConcurrency, this.propagateTrace, this.options);
	}

	public EndpointDefinition withUrlToken(String parameter, String token) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, parameter, token, this.basicUsername, this.basicPassword, this.signing, this.secret, this.maxConcurrency, this.propagateTrace, this.options);
	}

	public EndpointDefinition withBasicAuth(String username, String password) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter, this.urlToken, username, password, this.signing, this.secret, this.maxConcurrency, this.propagateTrace, this.options);
	}

	public EndpointDefinition withSigning(boolean signing, @Nullable String secret) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter, this.urlToken, this.basicUsername, this.basicPassword, signing, secret, this.maxConcurrency, this.propagateTrace, this.options);
	}

	public EndpointDefinition withMaxConcurrency(int maxConcurrency) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter, this.urlToken, this.basicUsername, this.basicPassword, this.signing, this.secret, maxConcurrency, this.propagateTrace, this.options);
	}

	public EndpointDefinition withOptions(DeliveryOptions options) {
		return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter, this.urlToken, this.basicUsername, this.basicPassword, this.signing, this.secret, this.maxConcurrency, this.propagateTrace, options);
	}

	/** Deliveries with the same ordering key go out one after another, in publishing order. */
	public EndpointDefinition withOrderedDelivery(boolean ordered) {
		return withOptions(this.options.withOrdered(ordered));
	}

	/** Only events whose payload matches the condition ({@link io.shophooks.webhook.filter.WebhookFilter}). */
	public EndpointDefinition withFilter(@Nullable String filter) {
		return withOptions(this.options.withFilter(filter));
	}

	/** Only these payload fields (dotted paths) are sent. */
	public EndpointDefinition withIncludeFields(List<String> fields) {
		return withOptions(this.options.withIncludeFields(fields));
	}

	/** Full snapshots (the default) or thin notifications. */
	public EndpointDefinition withPayload(PayloadMode payload) {
		return withOptions(this.options.withPayload(payload));
	}

}
