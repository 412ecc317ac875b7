package io.shophooks.webhook.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.endpoint.EndpointTarget;
import io.shophooks.webhook.send.OutgoingRequest;
import io.shophooks.webhook.send.SendResult;

/**
 * Watches deliveries for metrics and tracing. The starter registers a Micrometer one
 * when a {@code MeterRegistry} is present; every {@code DeliveryObserver} bean of the
 * application is called too, in their order.
 */
public interface DeliveryObserver {

	/** Watches nothing. */
	DeliveryObserver NONE = new DeliveryObserver() {
	};

	/**
	 * All of several observers, in order: the first wraps the send of the second, and so
	 * on; each hears of every attempt.
	 * @param observers the observers
	 * @return one observer calling them all
	 */
	static DeliveryObserver all(List<DeliveryObserver> observers) {
		if (observers.isEmpty()) {
			return NONE;
		}
		if (observers.size() == 1) {
			return observers.get(0);
		}
		List<DeliveryObserver> copy = List.copyOf(observers);
		return new DeliveryObserver() {

			@Override
			public SendResult observeSend(EndpointTarget target, OutgoingRequest request, String eventType,
					Supplier<SendResult> send) {
				Supplier<SendResult> chain = send;
				for (int i = copy.size() - 1; i >= 0; i--) {
					DeliveryObserver observer = copy.get(i);
					Supplier<SendResult> inner = chain;
					chain = () -> observer.observeSend(target, request, eventType, inner);
				}
				return chain.get();
			}

			@Override
			public void attempted(EndpointTarget target, String eventType, String outcome, SendResult result,
					@Nullable Duration sinceCommit) {
				for (DeliveryObserver observer : copy) {
					observer.attempted(target, eventType, outcome, result, sinceCommit);
				}
			}

		};
	}

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
