package io.shophooks.webhook.delivery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.shophooks.webhook.capture.OutboxListener;
import io.shophooks.webhook.delivery.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.delivery.DeliveryRepository.FanOut;
import io.shophooks.webhook.delivery.DeliveryRepository.Lease;
import io.shophooks.webhook.delivery.WebhookRequestFactory.StoredEvent;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * Fan-out in the publishing transaction: the event's deliveries are written by the same
 * transaction (one statement per event), those this instance has a free worker for
 * already leased to it. Once the transaction commits they go to the workers from memory,
 * with no claim query; if it rolls back there is nothing to send and the reserved
 * workers are free again. A crash between the commit and the hand-off leaves leased
 * deliveries whose lease nobody renews: any instance claims them when it runs out (the
 * lease, 5 s by default). Deliveries written without a lease (no free worker, an ordered
 * endpoint, delivery paused or disabled here) are claimed by the dispatcher's loop.
 */
public class PublishFanOut implements OutboxListener {

	private final DeliveryRepository repository;

	private final EndpointService endpoints;

	private final Dispatcher dispatcher;

	private final java.time.Clock clock;

	public PublishFanOut(DeliveryRepository repository, EndpointService endpoints, Dispatcher dispatcher,
			java.time.Clock clock) {
		this.repository = repository;
		this.endpoints = endpoints;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	@Override
	public void eventWritten(String id, String type, String payload, @Nullable String orderingKey,
			Instant createdAt, int version) {
		boolean synchronizing = TransactionSynchronizationManager.isSynchronizationActive();
		Pending pending = synchronizing ? pending() : null;
		// Subscriptions as committed when this transaction first published: an endpoint
		// created or changed on another instance a moment ago counts at once.
		long subscriptions;
		if (pending == null || pending.subscriptions < 0) {
			subscriptions = this.endpoints.subscriptionsVersion();
			if (pending != null) {
				pending.subscriptions = subscriptions;
			}
		}
		else {
			subscriptions = pending.subscriptions;
		}
		List<Long> subscribers = this.endpoints.subscribers(subscriptions, type, () -> payload);
		if (subscribers.isEmpty()) {
			return;
		}
		StoredEvent event = new StoredEvent(id, type, payload, createdAt, orderingKey, version);
		// Whole milliseconds, as every time the claims compare with.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		if (pending == null) {
			// No way to learn of the commit: nothing leased, the loop claims them.
			if (this.repository.insertDeliveries(event, subscribers, List.of(), Lease.NONE, now).unleased() > 0) {
				this.dispatcher.unleasedCommitted();
			}
			return;
		}
		List<Dispatcher.Slot> slots = this.dispatcher.reserve(subscribers);
		pending.slots.addAll(slots);
		Lease lease = slots.isEmpty() ? Lease.NONE : this.dispatcher.publishLease();
		if (!slots.isEmpty() && (pending.leaseUntil == null || lease.until().isBefore(pending.leaseUntil))) {
			pending.leaseUntil = lease.until();
		}
		FanOut written = this.repository.insertDeliveries(event, subscribers,
				slots.stream().map(slot -> slot.target().id()).toList(), lease, now);
		pending.claimed.addAll(written.claimed());
		pending.unleased += written.unleased();
	}

	/** This transaction's deliveries so far, registered for its completion on first use. */
	private Pending pending() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof Pending pending && pending.owner() == this) {
				return pending;
			}
		}
		Pending pending = new Pending();
		TransactionSynchronizationManager.registerSynchronization(pending);
		return pending;
	}

	/** The deliveries one transaction wrote, handed to the dispatcher when it ends. */
	private final class Pending implements TransactionSynchronization {

		final List<Dispatcher.Slot> slots = new ArrayList<>();

		final List<ClaimedDelivery> claimed = new ArrayList<>();

		int unleased;

		long subscriptions = -1;

		@Nullable Instant leaseUntil;

		PublishFanOut owner() {
			return PublishFanOut.this;
		}

		@Override
		public void afterCompletion(int status) {
			Dispatcher target = PublishFanOut.this.dispatcher;
			if (status != STATUS_COMMITTED) {
				target.cancel(this.slots);
				return;
			}
			target.handOff(this.claimed, this.slots, (this.leaseUntil != null) ? this.leaseUntil : Instant.EPOCH);
			if (this.unleased > 0) {
				target.unleasedCommitted();
			}
		}

	}

}
