package io.shophooks.sample.partner;

import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.shophooks.sample.ShopProperties;
import io.shophooks.webhook.InvalidWebhookException;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.jdbc.SchemaLock;

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

	private final DataSource dataSource;

	PartnerEndpointSetup(EndpointService endpoints, ShopProperties properties, Environment environment,
			DataSource dataSource) {
		this.endpoints = endpoints;
		this.dataSource = dataSource;
		this.properties = properties;
		this.environment = environment;
	}

	/** Why the demo endpoint could not be created or updated, or {@code null} when it is in place. */
	private volatile @Nullable String problem;

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		String base = "http://localhost:" + this.environment.getProperty("local.server.port", "8080");
		String url = base + "/partner/inbox";
		if (this.properties.getPartner().isCreateEndpoint()) {
			try {
				// instances starting together must not each create the demo endpoint
				SchemaLock.run(this.dataSource, "sample-shop-demo-endpoint", () -> createOrUpdate(url));
			}
			catch (InvalidWebhookException ex) {
				// e.g. private networks forbidden: the shop still runs, and says why the demo is missing
				this.problem = "The demo endpoint '" + NAME + "' was not created: " + ex.getMessage()
						+ ". Set shophooks.webhook.security.allow-private-networks=true to send the demo to the"
						+ " partner inbox on this machine, or create an endpoint for a public receiver in the admin.";
				logger.warn(this.problem);
			}
		}
		logger.info("""

				  ShopHooks sample shop is ready
				    Shop:           %1$s/
				    Webhook admin:  %1$s/admin/webhooks
				    Partner inbox:  %1$s/partner/inbox
				    JSON API:       %1$s/api/customers, /api/products, /api/orders (HTTP Basic)
				    Logins:         %2$s (store owner: shop + webhook admin), %3$s (clerk: shop only);
				                    passwords: shop.owner.password, shop.clerk.password (README)
				""".formatted(base, this.properties.getOwner().getUsername(), this.properties.getClerk().getUsername()));
	}

	private void createOrUpdate(String url) {
		ShopProperties.Partner partner = this.properties.getPartner();
		EndpointDefinition definition = EndpointDefinition.builder(NAME, url)
			.eventTypes("customer.created", "product.created", "order.approved")
			.urlToken("token", partner.getToken())
			.basicAuth(partner.getUsername(), partner.getPassword())
			.signing(true, partner.getSecret())
			.build();
		Endpoint existing = this.endpoints.list().stream().filter(e -> e.name().equals(NAME)).findFirst().orElse(null);
		if (existing == null) {
			this.endpoints.create(definition);
			logger.info("Created the endpoint '" + NAME + "' -> " + url);
		}
		else if (!existing.url().equals(url) || existing.secretsUnreadable()) {
			// also after the encryption key changed: the demo's secrets come from its settings
			this.endpoints.update(existing.id(), definition);
		}
	}

	/**
	 * Why the demo endpoint is missing, for the shop's pages.
	 * @return the reason, or empty when the demo endpoint is in place (or not wanted)
	 */
	Optional<String> problem() {
		return Optional.ofNullable(this.problem);
	}

}
