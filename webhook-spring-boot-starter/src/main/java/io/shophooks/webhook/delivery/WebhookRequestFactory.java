package io.shophooks.webhook.delivery;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.shophooks.webhook.endpoint.EndpointTarget;

/**
 * Builds the request for one delivery attempt: the body in the endpoint's format, the
 * Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), the event type, and the endpoint's URL token and Basic
 * credentials.
 */
public class WebhookRequestFactory {

	/** The header that carries the event type. */
	public static final String EVENT_TYPE_HEADER = "webhook-event-type";

	private final BodyRenderer renderer;

	private final Clock clock;

	private final String userAgent;

	public WebhookRequestFactory(BodyRenderer renderer, Clock clock, String userAgent) {
		this.renderer = renderer;
		this.clock = clock;
		this.userAgent = userAgent;
	}

	/**
	 * @param target the endpoint
	 * @param event the event
	 * @return the request
	 */
	public OutgoingRequest create(EndpointTarget target, StoredEvent event) {
		byte[] body = this.renderer.render(target.format(), event.type(), event.createdAt().toString(), event.payload());
		long timestamp = this.clock.instant().getEpochSecond();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", target.format().contentType() + "; charset=utf-8");
		headers.put("User-Agent", this.userAgent);
		headers.put("webhook-id", event.id());
		headers.put("webhook-timestamp", Long.toString(timestamp));
		if (!target.signingSecrets().isEmpty()) {
			headers.put("webhook-signature", WebhookSigner.sign(target.signingSecrets(), event.id(), timestamp, body));
		}
		headers.put(EVENT_TYPE_HEADER, event.type());
		if (target.basicUsername() != null && target.basicPassword() != null) {
			String credentials = target.basicUsername() + ":" + target.basicPassword();
			headers.put("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		URI uri = URI.create(target.url());
		String displayUrl = target.url();
		if (target.urlToken() != null && target.urlTokenParameter() != null) {
			String separator = (uri.getRawQuery() == null) ? "?" : "&";
			String parameter = URLEncoder.encode(target.urlTokenParameter(), StandardCharsets.UTF_8);
			uri = URI.create(target.url() + separator + parameter + "="
					+ URLEncoder.encode(target.urlToken(), StandardCharsets.UTF_8));
			displayUrl = target.url() + separator + parameter + "=****";
		}
		return new OutgoingRequest(uri, displayUrl, headers, body);
	}

	/**
	 * An event as stored in the outbox.
	 *
	 * @param id the webhook id
	 * @param type the event type
	 * @param payload the payload JSON
	 * @param createdAt when it was written
	 */
	public record StoredEvent(String id, String type, String payload, Instant createdAt) {
	}

}
