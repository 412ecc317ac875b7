package io.shophooks.webhook.send;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.endpoint.DeliveryOptions;
import io.shophooks.webhook.endpoint.EndpointTarget;
import io.shophooks.webhook.endpoint.PayloadMode;
import io.shophooks.webhook.filter.FieldSelection;
import io.shophooks.webhook.outbox.StoredEvent;

/**
 * Builds the request for one delivery attempt: the body in the endpoint's format, the
 * Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), the event type, and the endpoint's URL token and Basic
 * credentials.
 */
@Internal
public class WebhookRequestFactory {

	/** The header that carries the event type. */
	public static final String EVENT_TYPE_HEADER = "webhook-event-type";

	private final BodyRenderer renderer;

	private final Clock clock;

	private final String userAgent;

	private @org.jspecify.annotations.Nullable String thinPayloadUrlTemplate;

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
		byte[] body = this.renderer.render(target.format(), event.type(), event.version(),
				event.createdAt().toString(), payloadFor(target, event));
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
	 * Set the link thin payloads carry; {@code {type}}, {@code {resource}} (the type up to
	 * its first dot) and {@code {id}} are replaced.
	 * @param template the URL template, or {@code null} for no link
	 */
	public void setThinPayloadUrlTemplate(@org.jspecify.annotations.Nullable String template) {
		this.thinPayloadUrlTemplate = template;
	}

	/**
	 * The {@code data} an endpoint gets: the full payload, its selected fields, or a thin
	 * notification.
	 * @param target the endpoint
	 * @param event the event
	 * @return the payload JSON
	 */
	String payloadFor(EndpointTarget target, StoredEvent event) {
		DeliveryOptions options = target.options();
		if (options.payload() == PayloadMode.THIN) {
			ObjectNode thin = JsonMapper.shared().createObjectNode();
			thin.put("id", event.orderingKey());
			if (this.thinPayloadUrlTemplate != null && event.orderingKey() != null) {
				int dot = event.type().indexOf('.');
				String resource = (dot > 0) ? event.type().substring(0, dot) : event.type();
				thin.put("url", this.thinPayloadUrlTemplate.replace("{type}", event.type())
					.replace("{resource}", resource)
					.replace("{id}", URLEncoder.encode(event.orderingKey(), StandardCharsets.UTF_8)));
			}
			return thin.toString();
		}
		if (!options.includeFields().isEmpty()) {
			JsonNode payload = JsonMapper.shared().readTree(event.payload());
			return FieldSelection.apply(payload, options.includeFields()).toString();
		}
		return event.payload();
	}

}
