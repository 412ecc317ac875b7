package io.shophooks.webhook.actuate;

import java.util.List;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.dispatch.Dispatcher;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.send.WebhookSender;

/**
 * The {@code webhooks} health: {@code UP} while the dispatcher runs and the backlog of
 * due deliveries stays under the threshold; {@code OUT_OF_SERVICE} while delivery is
 * paused; {@code DOWN} when the dispatcher is stopped, the sender cannot send at all, the backlog is over the threshold
 * or the database cannot be read. Details: backlog, threshold, paused, disabled endpoints.
 */
@Internal
public class WebhooksHealthIndicator extends AbstractHealthIndicator {

	private final Dispatcher dispatcher;

	private final DeliveryService deliveries;

	private final EndpointService endpoints;

	private final long backlogThreshold;

	private final boolean deliveryEnabled;

	private final WebhookSender sender;

	public WebhooksHealthIndicator(Dispatcher dispatcher, DeliveryService deliveries, EndpointService endpoints,
			WebhookSender sender, long backlogThreshold, boolean deliveryEnabled) {
		super("Webhooks health check failed");
		this.sender = sender;
		this.dispatcher = dispatcher;
		this.deliveries = deliveries;
		this.endpoints = endpoints;
		this.backlogThreshold = backlogThreshold;
		this.deliveryEnabled = deliveryEnabled;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		long backlog = this.deliveries.backlog();
		List<Endpoint> all = this.endpoints.list();
		List<String> disabled = all.stream().filter(e -> !e.enabled()).map(Endpoint::name).toList();
		List<String> failing = all.stream()
			.filter(e -> e.enabled() && e.failingSince() != null)
			.map(Endpoint::name)
			.toList();
		List<String> unreadable = all.stream().filter(Endpoint::secretsUnreadable).map(Endpoint::name).toList();
		boolean paused = this.dispatcher.isPaused();
		builder.withDetail("backlog", backlog)
			.withDetail("backlogThreshold", this.backlogThreshold)
			.withDetail("paused", paused)
			.withDetail("dispatcherRunning", this.dispatcher.isRunning())
			.withDetail("disabledEndpoints", disabled)
			.withDetail("failingEndpoints", failing)
			.withDetail("endpointsWithUnreadableSecrets", unreadable);
		String cannotSend = this.sender.unavailableReason();
		if (this.deliveryEnabled && !this.dispatcher.isRunning()) {
			builder.down().withDetail("reason", "the dispatcher is not running");
		}
		else if (this.deliveryEnabled && cannotSend != null) {
			builder.down().withDetail("reason", "no webhook can be sent: " + cannotSend);
		}
		else if (paused) {
			builder.status(Status.OUT_OF_SERVICE).withDetail("reason", "delivery is paused");
		}
		else if (backlog > this.backlogThreshold) {
			builder.down()
				.withDetail("reason", "more deliveries are due than shophooks.webhook.health.backlog-threshold");
		}
		else {
			builder.up();
		}
	}

}
