package io.shophooks.webhook.deliveries;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.capture.EventIds;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.dispatch.Dispatcher;
import io.shophooks.webhook.endpoint.EndpointNotFoundException;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.endpoint.EndpointTarget;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.DeliveryRepository;
import io.shophooks.webhook.outbox.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.outbox.DeliveryRepository.NewAttempt;
import io.shophooks.webhook.outbox.StoredEvent;
import io.shophooks.webhook.send.OutgoingRequest;
import io.shophooks.webhook.send.WebhookRequestFactory;

/**
 * What store owners do with deliveries: read them and their attempts, replay one,
 * recover an endpoint's failures, send a test event.
 */
public class DeliveryService {

	private final DeliveryRepository repository;

	private final EndpointService endpoints;

	private final Dispatcher dispatcher;

	private final Clock clock;

	private final Duration lease;

	private final WebhookRequestFactory requests;

	private final DeliveryQueries queries;

	public DeliveryService(DeliveryRepository repository, JdbcTemplate jdbc, Tables tables, EndpointService endpoints,
			Dispatcher dispatcher, WebhookRequestFactory requests, Clock clock, Duration lease) {
		this.repository = repository;
		this.queries = new DeliveryQueries(jdbc, tables, clock);
		this.requests = requests;
		this.endpoints = endpoints;
		this.dispatcher = dispatcher;
		this.clock = clock;
		this.lease = lease;
	}

	public List<Delivery> list(DeliveryFilter filter) {
		return this.queries.list(filter);
	}

	public Optional<Delivery> find(long id) {
		return this.queries.find(id);
	}

	/**
	 * The earlier delivery of the same key a pending delivery to an ordered endpoint
	 * waits for.
	 * @param deliveryId the delivery
	 * @return the delivery it waits for, if any
	 */
	public Optional<Long> heldBackBy(long deliveryId) {
		return this.queries.heldBackBy(deliveryId);
	}

	public List<Attempt> attempts(long deliveryId) {
		return this.queries.attempts(deliveryId);
	}

	/**
	 * The stored event of a delivery: type, payload and creation time.
	 * @param eventId the webhook id
	 * @return the event
	 */
	public Optional<StoredEvent> event(String eventId) {
		return this.queries.event(eventId);
	}

	/**
	 * The request a delivery sends, built now: its body in the endpoint's current format
	 * and fresh signature headers (valid for a few minutes at the receiver).
	 * @param deliveryId the delivery
	 * @return the request, or empty when the delivery, its event or endpoint is gone
	 */
	public Optional<OutgoingRequest> request(long deliveryId) {
		return this.queries.find(deliveryId)
			.flatMap(delivery -> this.queries.event(delivery.eventId())
				.flatMap(event -> this.endpoints.target(delivery.endpointId())
					.filter(target -> !target.secretsUnreadable())
					.map(target -> this.requests.create(target, event))));
	}

	/**
	 * Deliveries due and not yet sent.
	 * @return the backlog
	 */
	public long backlog() {
		return this.queries.backlog(this.clock.instant());
	}

	/**
	 * Deliveries that failed at least once and wait for their next try, per endpoint (test
	 * events not counted).
	 * @return the counts; endpoints with none are absent
	 */
	public Map<Long, Long> waitingToRetry() {
		return this.queries.waitingToRetry();
	}

	public Map<DeliveryStatus, Long> countByStatus(@Nullable Long endpointId) {
		return this.queries.countByStatus(endpointId);
	}

	/**
	 * Send a delivery again from its first retry, with the same {@code webhook-id}.
	 * @param deliveryId the delivery
	 * @return whether it was scheduled (false if it is pending already or unknown)
	 */
	public boolean replay(long deliveryId) {
		boolean scheduled = this.repository.replay(deliveryId, this.clock.instant());
		if (scheduled) {
			this.dispatcher.wake();
		}
		return scheduled;
	}

	/**
	 * Send a delivery that waits for its next try now, with the same {@code webhook-id}.
	 * @param deliveryId the delivery
	 * @return whether it was waiting (false if delivered, failed, on the wire or unknown)
	 */
	public boolean retryNow(long deliveryId) {
		boolean due = this.repository.retryNow(deliveryId, this.clock.instant());
		if (due) {
			this.dispatcher.wake();
		}
		return due;
	}

	/**
	 * Send every delivery of an endpoint that waits for its next try now (after its
	 * receiver is fixed); ordered endpoints keep their order.
	 * @param endpointId the endpoint
	 * @return how many were made due
	 * @throws io.shophooks.webhook.endpoint.EndpointNotFoundException if there is no such endpoint
	 */
	public int sendWaitingNow(long endpointId) {
		this.endpoints.get(endpointId);
		int due = this.repository.waitingDueNow(endpointId, this.clock.instant());
		if (due > 0) {
			this.dispatcher.wake();
		}
		return due;
	}

	/**
	 * Replay every failed delivery of an endpoint created since an instant.
	 * @param endpointId the endpoint
	 * @param since the earliest delivery to recover
	 * @return how many were scheduled
	 * @throws io.shophooks.webhook.InvalidWebhookException (field {@code since}) for a time
	 * outside 1970 to 9999
	 */
	public int recover(long endpointId, Instant since) {
		TimeLimits.check("since", since);
		this.endpoints.get(endpointId);
		int count = this.repository.recover(endpointId, since, this.clock.instant());
		if (count > 0) {
			this.dispatcher.wake();
		}
		return count;
	}

	/**
	 * Send a {@code webhook.test} event to one endpoint now, even if it is disabled, and
	 * return the attempt. Test events are not retried and do not count towards disabling
	 * the endpoint.
	 * @param endpointId the endpoint
	 * @return the attempt
	 * @throws io.shophooks.webhook.endpoint.UnreadableSecretException if the endpoint's
	 * secrets cannot be decrypted (nothing is sent)
	 */
	public Attempt sendTestEvent(long endpointId) {
		EndpointTarget target = this.endpoints.target(endpointId)
			.orElseThrow(() -> new EndpointNotFoundException(endpointId));
		if (target.secretsUnreadable()) {
			throw this.endpoints.unreadable(endpointId);
		}
		// millisecond timestamps, like every published event; the data is the catalog's example
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		StoredEvent event = new StoredEvent(EventIds.next(now.toEpochMilli()), EventTypeRegistry.TEST_EVENT_TYPE,
				EventTypeRegistry.TEST_EVENT_DATA, now, null, 1);
		String owner = this.dispatcher.owner();
		ClaimedDelivery claimed = this.repository.insertClaimed(event, endpointId, owner, now.plus(this.lease));
		NewAttempt attempt = this.dispatcher.attempt(claimed, target, true);
		List<Attempt> attempts = this.queries.attempts(claimed.id());
		return attempts.isEmpty() ? new Attempt(0, claimed.id(), attempt.attemptNumber(), attempt.startedAt(),
				attempt.durationMillis(), attempt.requestUrl(), attempt.requestHeaders(), attempt.statusCode(),
				attempt.responseHeaders(), attempt.responseExcerpt(), attempt.error(), attempt.outcome())
				: attempts.get(attempts.size() - 1);
	}

}
