package io.shophooks.webhook.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.capture.EventTypeDescriptor;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * Adds {@code webhooks} to {@code /actuator/info}: the ShopHooks version, how many
 * endpoints are enabled and disabled, and the event types.
 */
@Internal
public class WebhooksInfoContributor implements InfoContributor {

	private final EndpointService endpoints;

	private final EventTypeRegistry registry;

	public WebhooksInfoContributor(EndpointService endpoints, EventTypeRegistry registry) {
		this.endpoints = endpoints;
		this.registry = registry;
	}

	@Override
	public void contribute(Info.Builder builder) {
		List<Endpoint> all = this.endpoints.list();
		long enabled = all.stream().filter(Endpoint::enabled).count();
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("version", io.shophooks.webhook.ShopHooksVersion.get());
		info.put("endpoints", Map.of("enabled", enabled, "disabled", all.size() - enabled));
		info.put("eventTypes", this.registry.all().stream().map(EventTypeDescriptor::type).toList());
		builder.withDetail("webhooks", info);
	}

}
