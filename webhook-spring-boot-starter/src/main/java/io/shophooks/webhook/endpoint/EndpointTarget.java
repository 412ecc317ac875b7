package io.shophooks.webhook.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.filter.WebhookFilter;

/**
 * What the sender needs to call an endpoint, with secrets decrypted. Held in memory
 * only; {@link #toString()} never shows a secret.
 *
 * @param id the endpoint id
 * @param url the URL
 * @param format the body format
 * @param urlTokenParameter the query parameter of the URL token, or {@code null}
 * @param urlToken the URL token, or {@code null}
 * @param basicUsername the Basic username, or {@code null}
 * @param basicPassword the Basic password, or {@code null}
 * @param signingSecrets the secrets to sign with, newest first (two during rotation)
 * @param enabled whether the endpoint is enabled
 * @param maxConcurrency the most requests in flight per instance
 * @param eventTypes the subscribed event types
 * @param propagateTrace whether requests carry the trace context
 * @param options ordering, filter, field selection and payload mode
 * @param filter the parsed filter, or {@code null} for every event
 * @param secretsUnreadable whether a stored secret could not be decrypted (then the
 * secrets here are empty and nothing may be sent)
 * @param failing whether its real deliveries fail now (see {@link Endpoint#failingSince()})
 */
public record EndpointTarget(long id, String url, BodyFormat format, @Nullable String urlTokenParameter,
		@Nullable String urlToken, @Nullable String basicUsername, @Nullable String basicPassword,
		List<String> signingSecrets, boolean enabled, int maxConcurrency, List<String> eventTypes,
		boolean propagateTrace, DeliveryOptions options, @Nullable WebhookFilter filter, boolean secretsUnreadable,
		boolean failing) {

	/**
	 * Whether deliveries may be sent to this endpoint now.
	 * @return enabled and with every secret readable
	 */
	public boolean sendable() {
		return this.enabled && !this.secretsUnreadable;
	}

	@Override
	public String toString() {
		return "EndpointTarget[id=" + this.id + ", url=" + this.url + ", format=" + this.format + "]";
	}

}
