package io.shophooks.webhook.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.capture.OutboxWriter;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.endpoint.Subscriptions;
import io.shophooks.webhook.outbox.DeliveryRepository;
import io.shophooks.webhook.outbox.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.outbox.DeliveryRepository.Lease;
import io.shophooks.webhook.outbox.EventWrites;
import io.shophooks.webhook.outbox.StoredEvent;

/**
 * Fan-out in the publishing transaction: the event and its deliveries are written by
 * the same transaction, those this instance has a free worker for already leased to it.
 * On PostgreSQL that is one round trip per event ({@link EventWrites}). Once the
 * transaction commits the leased deliveries go to the workers from memory, with no claim
 * query; if it rolls back there is nothing to send and the reserved workers are free
 * again. A crash between the commit and the hand-off leaves leased deliveries whose
 * lease nobody renews: any instance claims them when it runs out (the lease, 5 s by
 * default). Deliveries written without a lease (no free worker, an ordered endpoint,
 * delivery paused or switched off here) are claimed by the dispatcher's loop.
 * <p>
 * Subscriptions come from memory; the write checks that their version is still the
 * committed one, and when another instance changed them the missing deliveries are
 * added from the new subscriptions before the transaction goes on.
 */
@Internal
public class PublishFanOut implements OutboxWriter {

	private final EventWrites writes;

	private final EndpointService endpoints;

	private final Dispatcher dispatcher;

	private final Clock clock;

	public PublishFanOut(DeliveryRepository repository, EndpointService endpoints, Dispatcher dispatcher,
			Clock clock) {
		this.writes = repository.eventWrites();
		this.endpoints = endpoints;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	@Override
	public void write(String id, String type, String payload, @Nullable String orderingKey, Instant createdAt,
			int version) {
		StoredEvent event = new StoredEvent(id, type, payload, createdAt, orderingKey, version);
		Subscriptions subscriptions = this.endpoints.subscriptions();
		List<Long> subscribers = subscriptions.subscribers(type, () -> payload);
		// Whole milliseconds, as every time the claims compare with.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		// Without synchronization there is no way to learn of the commit: nothing is leased,
		// the loop claims them.
		Pending pending = TransactionSynchronizationManager.isSynchronizationActive() ? pending() : null;
		List<SendSlots.Slot> slots = (pending != null) ? this.dispatcher.reserve(subscribers) : List.of();
		Lease lease = slots.isEmpty() ? Lease.NONE : this.dispatcher.publishLease();
		if (pending != null) {
			pending.slots.addAll(slots);
			if (!slots.isEmpty() && (pending.leaseUntil == null || lease.until().isBefore(pending.leaseUntil))) {
				pending.leaseUntil = lease.until();
			}
		}
		EventWrites.Written written = this.writes.writeEvent(event, subscriptions.version(), subscribers,
				slots.stream().map(slot -> slot.target().id()).toList(), lease, now);
		int unleased = written.unleased();
		if (written.version() != subscriptions.version()) {
			// Another instance changed who gets what since this one last looked.
			unleased += this.writes.addDeliveries(event,
					this.endpoints.subscriptions(written.version()).subscribers(type, () -> payload), now);
		}
		if (pending == null) {
			if (unleased > 0) {
				this.dispatcher.unleasedCommitted();
			}
			return;
		}
		pending.claimed.addAll(written.claimed());
		pending.unleased += unleased;
	}

	/**
	 * This transaction's deliveries so far, registered for its completion on first use and
	 * kept as a resource of the transaction (found by a map lookup on each publish, not by
	 * reading the sorted copy of every synchronization).
	 */
	private Pending pending() {
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			pending = new Pending();
			TransactionSynchronizationManager.registerSynchronization(pending);
			TransactionSynchronizationManager.bindResource(this, pending);
		}
		return pending;
	}

	/** The deliveries one transaction wrote, handed to the dispatcher when it ends. */
	private final class Pending implements TransactionSynchronization {

		final List<SendSlots.Slot> slots = new ArrayList<>();

		final List<ClaimedDelivery> claimed = new ArrayList<>();

		int unleased;

		@Nullable Instant leaseUntil;

		/**
		 * How much had been written when each savepoint of this transaction was set (slots,
		 * deliveries, unleased); a savepoint set before the first event has none.
		 */
		private final Map<Object, int[]> savepoints = new IdentityHashMap<>();

		PublishFanOut owner() {
			return PublishFanOut.this;
		}

		@Override
		public void savepoint(Object savepoint) {
			this.savepoints.put(savepoint, new int[] { this.slots.size(), this.claimed.size(), this.unleased });
		}

		/**
		 * A nested transaction ({@code NESTED}) rolled back to its savepoint: what was
		 * written after it is gone from the database, so it is not handed over at the
		 * commit, and the workers reserved for it are free again.
		 */
		@Override
		public void savepointRollback(Object savepoint) {
			int[] mark = this.savepoints.getOrDefault(savepoint, new int[3]);
			List<SendSlots.Slot> freed = new ArrayList<>(this.slots.subList(mark[0], this.slots.size()));
			this.slots.subList(mark[0], this.slots.size()).clear();
			this.claimed.subList(mark[1], this.claimed.size()).clear();
			this.unleased = mark[2];
			PublishFanOut.this.dispatcher.cancel(freed);
		}

		/** A transaction started inside this one ({@code REQUIRES_NEW}) keeps its own deliveries. */
		@Override
		public void suspend() {
			TransactionSynchronizationManager.unbindResourceIfPossible(owner());
		}

		@Override
		public void resume() {
			TransactionSynchronizationManager.bindResource(owner(), this);
		}

		/**
		 * A transaction that took more than half a lease since its first event: its leases
		 * would run out too soon after the commit to send from memory, so they are moved to
		 * count from now, in the transaction itself (one statement, and only for such long
		 * transactions). The webhook then leaves right after the commit however long the
		 * transaction ran.
		 */
		@Override
		public void beforeCommit(boolean readOnly) {
			Instant until = this.leaseUntil;
			if (this.claimed.isEmpty() || until == null) {
				return;
			}
			Dispatcher dispatcher = PublishFanOut.this.dispatcher;
			Instant now = PublishFanOut.this.clock.instant();
			if (!dispatcher.isLate(until, now)) {
				return;
			}
			DeliveryRepository.Lease lease = dispatcher.publishLease();
			PublishFanOut.this.writes.extendLeases(this.claimed.stream().map(ClaimedDelivery::id).toList(),
					lease.owner(), lease.until());
			this.leaseUntil = lease.until();
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(owner());
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
