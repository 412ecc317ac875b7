package io.shophooks.webhook.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.dispatch.DeliveryObserver;
import io.shophooks.webhook.endpoint.EndpointDisabled;
import io.shophooks.webhook.endpoint.EndpointTarget;
import io.shophooks.webhook.send.OutgoingRequest;
import io.shophooks.webhook.send.SendResult;

/**
 * Micrometer metrics and observations of deliveries:
 * <ul>
 * <li>{@code shophooks.webhook.attempts} (counter; tags {@code outcome}, {@code event.type}, and
 * {@code endpoint} when {@code shophooks.webhook.metrics.endpoint-tag} is on)</li>
 * <li>{@code shophooks.webhook.attempt.duration} (timer; same tags)</li>
 * <li>{@code shophooks.webhook.delivery.latency} (timer: commit to delivered; {@code event.type})</li>
 * <li>{@code shophooks.webhook.retries.scheduled} (counter; {@code event.type})</li>
 * <li>{@code shophooks.webhook.endpoints.disabled} (counter; {@code automatic})</li>
 * <li>{@code shophooks.webhook.backlog} (gauge: due deliveries, read at most every 5 seconds)</li>
 * </ul>
 * Each send also runs in an {@code Observation} named {@code shophooks.webhook.send}, so a
 * tracing bridge records it as a client span.
 */
@Internal
public class MicrometerDeliveryObserver implements DeliveryObserver {

	private final MeterRegistry registry;

	private final ObservationRegistry observations;

	private final boolean endpointTag;

	private final DeliveryService deliveries;

	private final AtomicLong backlog = new AtomicLong();

	private volatile long backlogReadAt;

	public MicrometerDeliveryObserver(MeterRegistry registry, @Nullable ObservationRegistry observations,
			boolean endpointTag, DeliveryService deliveries) {
		this.registry = registry;
		this.observations = (observations != null) ? observations : ObservationRegistry.NOOP;
		this.endpointTag = endpointTag;
		this.deliveries = deliveries;
		Gauge.builder("shophooks.webhook.backlog", this, MicrometerDeliveryObserver::readBacklog)
			.description("Deliveries due and not yet sent")
			.register(registry);
	}

	private double readBacklog() {
		long now = System.nanoTime();
		if (this.backlogReadAt == 0 || now - this.backlogReadAt > 5_000_000_000L) {
			try {
				this.backlog.set(this.deliveries.backlog());
			}
			catch (RuntimeException ex) {
				return Double.NaN;
			}
			this.backlogReadAt = now;
		}
		return this.backlog.get();
	}

	@Override
	public SendResult observeSend(EndpointTarget target, OutgoingRequest request, String eventType,
			Supplier<SendResult> send) {
		Observation observation;
		if (target.propagateTrace()) {
			// A sender context with the request's headers as carrier: the tracing bridge adds traceparent.
			RequestReplySenderContext<Map<String, String>, SendResult> context = new RequestReplySenderContext<>(
					(carrier, key, value) -> {
						if (carrier != null) {
							carrier.put(key, value);
						}
					});
			context.setCarrier(request.headers());
			context.setRemoteServiceName(request.uri().getHost());
			observation = Observation.createNotStarted("shophooks.webhook.send", () -> context, this.observations);
		}
		else {
			observation = Observation.createNotStarted("shophooks.webhook.send", this.observations);
		}
		observation.contextualName("webhook " + eventType).lowCardinalityKeyValue("event.type", eventType);
		return observation.observe(() -> {
			SendResult result = send.get();
			observation.lowCardinalityKeyValue("http.status_code",
					(result.statusCode() != null) ? Integer.toString(result.statusCode()) : "none");
			return result;
		});
	}

	@Override
	public void attempted(EndpointTarget target, String eventType, String outcome, SendResult result,
			@Nullable Duration sinceCommit) {
		Tags tags = Tags.of("outcome", outcome, "event.type", eventType);
		if (this.endpointTag) {
			tags = tags.and("endpoint", Long.toString(target.id()));
		}
		Counter.builder("shophooks.webhook.attempts").description("Webhook attempts by outcome").tags(tags)
			.register(this.registry)
			.increment();
		Timer.builder("shophooks.webhook.attempt.duration").description("Duration of one webhook request")
			.tags(tags)
			.register(this.registry)
			.record(Duration.ofMillis(result.durationMillis()));
		if (sinceCommit != null) {
			Timer.builder("shophooks.webhook.delivery.latency")
				.description("From the event's commit to its delivery")
				.tag("event.type", eventType)
				.register(this.registry)
				.record(sinceCommit.isNegative() ? Duration.ZERO : sinceCommit);
		}
		if ("RETRY_SCHEDULED".equals(outcome)) {
			Counter.builder("shophooks.webhook.retries.scheduled").tag("event.type", eventType)
				.register(this.registry)
				.increment();
		}
	}

	@EventListener
	void endpointDisabled(EndpointDisabled event) {
		Counter.builder("shophooks.webhook.endpoints.disabled")
			.description("Endpoints disabled")
			.tag("automatic", Boolean.toString(event.automatic()))
			.register(this.registry)
			.increment();
	}

}
