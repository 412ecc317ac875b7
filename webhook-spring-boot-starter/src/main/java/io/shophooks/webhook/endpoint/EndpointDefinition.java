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

	/**
	 * Start a definition: JSON, signed with a generated secret, no URL token, no Basic
	 * authentication, the default concurrency and options.
	 * @param name the name
	 * @param url the URL
	 * @return a builder
	 */
	public static Builder builder(String name, String url) {
		return new Builder(name, url);
	}

	/**
	 * A builder holding this definition's values, to change some of them.
	 * @return a builder
	 */
	public Builder toBuilder() {
		return new Builder(this.name, this.url).eventTypes(this.eventTypes)
			.format(this.format)
			.urlToken(this.urlTokenParameter, this.urlToken)
			.basicAuth(this.basicUsername, this.basicPassword)
			.signing(this.signing, this.secret)
			.maxConcurrency(this.maxConcurrency)
			.propagateTrace(this.propagateTrace)
			.options(this.options);
	}

	/**
	 * A JSON, signed endpoint with a generated secret.
	 * @param name the name
	 * @param url the URL
	 * @param eventTypes the subscribed event types
	 * @return the definition
	 */
	public static EndpointDefinition signed(String name, String url, List<String> eventTypes) {
		return builder(name, url).eventTypes(eventTypes).build();
	}

	public EndpointDefinition withTracePropagation(boolean propagateTrace) {
		return toBuilder().propagateTrace(propagateTrace).build();
	}

	public EndpointDefinition withFormat(BodyFormat format) {
		return toBuilder().format(format).build();
	}

	public EndpointDefinition withUrlToken(String parameter, String token) {
		return toBuilder().urlToken(parameter, token).build();
	}

	public EndpointDefinition withBasicAuth(String username, String password) {
		return toBuilder().basicAuth(username, password).build();
	}

	public EndpointDefinition withSigning(boolean signing, @Nullable String secret) {
		return toBuilder().signing(signing, secret).build();
	}

	public EndpointDefinition withMaxConcurrency(int maxConcurrency) {
		return toBuilder().maxConcurrency(maxConcurrency).build();
	}

	public EndpointDefinition withOptions(DeliveryOptions options) {
		return toBuilder().options(options).build();
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

	/**
	 * Builds an {@link EndpointDefinition} one property at a time.
	 */
	public static final class Builder {

		private final String name;

		private final String url;

		private List<String> eventTypes = List.of();

		private @Nullable BodyFormat format = BodyFormat.JSON;

		private @Nullable String urlTokenParameter;

		private @Nullable String urlToken;

		private @Nullable String basicUsername;

		private @Nullable String basicPassword;

		private boolean signing = true;

		private @Nullable String secret;

		private @Nullable Integer maxConcurrency;

		private boolean propagateTrace;

		private DeliveryOptions options = DeliveryOptions.DEFAULT;

		private Builder(String name, String url) {
			this.name = name;
			this.url = url;
		}

		/** Subscribed event types: exact, {@code prefix.*} or {@code *}. */
		public Builder eventTypes(List<String> eventTypes) {
			this.eventTypes = eventTypes;
			return this;
		}

		/** Subscribed event types: exact, {@code prefix.*} or {@code *}. */
		public Builder eventTypes(String... eventTypes) {
			return eventTypes(List.of(eventTypes));
		}

		/** The body format; JSON when {@code null}. */
		public Builder format(@Nullable BodyFormat format) {
			this.format = format;
			return this;
		}

		/** A token in the URL's query: the parameter ({@code token} when {@code null}) and the value. */
		public Builder urlToken(@Nullable String parameter, @Nullable String token) {
			this.urlTokenParameter = parameter;
			this.urlToken = token;
			return this;
		}

		/** HTTP Basic credentials; a {@code null} user name means none. */
		public Builder basicAuth(@Nullable String username, @Nullable String password) {
			this.basicUsername = username;
			this.basicPassword = password;
			return this;
		}

		/** Whether to sign, and with which secret ({@code null}: generated or kept). */
		public Builder signing(boolean signing, @Nullable String secret) {
			this.signing = signing;
			this.secret = secret;
			return this;
		}

		/** Most requests in flight to this endpoint per instance; the default when {@code null}. */
		public Builder maxConcurrency(@Nullable Integer maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
			return this;
		}

		/** Whether requests carry the trace context ({@code traceparent}). */
		public Builder propagateTrace(boolean propagateTrace) {
			this.propagateTrace = propagateTrace;
			return this;
		}

		/** Ordering, filter, field selection and payload mode. */
		public Builder options(DeliveryOptions options) {
			this.options = options;
			return this;
		}

		public EndpointDefinition build() {
			return new EndpointDefinition(this.name, this.url, this.eventTypes, this.format, this.urlTokenParameter,
					this.urlToken, this.basicUsername, this.basicPassword, this.signing, this.secret,
					this.maxConcurrency, this.propagateTrace, this.options);
		}

	}

}
