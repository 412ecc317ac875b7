package io.shophooks.sample.partner;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.shophooks.sample.ShopProperties;
import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * On first start, points an endpoint at the partner inbox, subscribed to the shop's
 * three events and secured every way at once (HMAC, Basic, URL token), so the loop works
 * with no setup. Then prints where to look.
 */
@Component
class PartnerEndpointSetup {

	static final String NAME = "Partner inbox (demo)";

	private static final Log logger = LogFactory.getLog(PartnerEndpointSetup.class);

	private final EndpointService endpoints;

	private final ShopProperties properties;

	private final Environment environment;

	PartnerEndpointSetup(EndpointService endpoints, ShopProperties properties, Environment environment) {
		this.endpoints = endpoints;
		this.properties = properties;
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		String base = "http://localhost:" + this.environment.getProperty("local.server.port", "8080");
		String url = base + "/partner/inbox";
		if (this.properties.getPartner().isCreateEndpoint()) {
			ShopProperties.Partner partner = this.properties.getPartner();
			EndpointDefinition definition = new EndpointDefinition(NAME, url,
					List.of("customer.created", "product.created", "order.approved"), BodyFormat.JSON, "token",
					partner.getToken(), partner.getUsername(), partner.getPassword(), true, partner.getSecret(), null);
			Endpoint existing = this.endpoints.list().stream().filter(e -> e.name().equals(NAME)).findFirst()
				.orElse(null);
			if (existing == null) {
				this.endpoints.create(definition);
				logger.info("Created the endpoint '" + NAME + "' -> " + url);
			}
			else if (!existing.url().equals(url)) {
				this.endpoints.update(existing.id(), definition);
			}
		}
		logger.info("""

				  ShopHooks sample shop is ready
				    Shop:           %1$s/
				    Webhook admin:  %1$s/admin/webhooks
				    Partner inbox:  %1$s/partner/inbox
				    JSON API:       %1$s/api/customers, /api/products, /api/orders (HTTP Basic)
				    Logins:         %2$s / %3$s (store owner: shop + webhook admin)
				                    %4$s / %5$s (clerk: shop only)
				""".formatted(base, this.properties.getOwner().getUsername(), this.properties.getOwner().getPassword(),
				this.properties.getClerk().getUsername(), this.properties.getClerk().getPassword()));
	}

}
