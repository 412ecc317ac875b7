package io.shophooks.webhook.delivery;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.endpoint.EndpointTarget;

/**
 * Watches deliveries for metrics and tracing. The starter registers a Micrometer one
 * when a {@code MeterRegistry} is present.
 */
public interface DeliveryObserver {

	/** Watches nothing. */
	DeliveryObserver NONE = new DeliveryObserver() {
	};

	/**
	 * Wrap one HTTP send (e.g. in an {@code Observation}, so tracing sees it). Headers
	 * added to the request's header map before {@code send} runs are sent.
	 * @param target the endpoint
	 * @param request the request
	 * @param eventType the event type
	 * @param send performs the send
	 * @return the result
	 */
	default SendResult observeSend(EndpointTarget target, OutgoingRequest request, String eventType,
			Supplier<SendResult> send) {
		return send.get();
	}

	/**
	 * One attempt finished.
	 * @param target the endpoint
	 * @param eventType the event type
	 * @param outcome {@code DELIVERED}, {@code RETRY_SCHEDULED} or {@code FAILED}
	 * @param result what happened
	 * @param sinceCommit from the event's commit to now, when it was delivered
	 */
	default void attempted(EndpointTarget target, String eventType, String outcome, SendResult result,
			@Nullable Duration sinceCommit) {
	}

}
