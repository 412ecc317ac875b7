package io.shophooks.webhook.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.NonTransientDataAccessException;

import io.shophooks.webhook.endpoint.DeliveryExhausted;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.endpoint.EndpointTarget;
import io.shophooks.webhook.outbox.DeliveryRepository;
import io.shophooks.webhook.outbox.DeliveryRepository.Completion;

/**
 * Records finished attempts in batches on one thread ({@code shophooks-record}):
 * whatever finished while the previous batch was being written goes in the next one, in
 * one transaction ({@link DeliveryRepository#completeAll}). Through a database restart or
 * a dropped connection it keeps trying, for a minute or the lease if longer. Then it
 * tells the endpoints what the batch meant for them (a success resets the failures in a
 * row, a final failure adds one, 410 Gone disables), and the dispatcher what may now be
 * claimed.
 */
final class CompletionWriter {

	private static final Log logger = LogFactory.getLog(CompletionWriter.class);

	/** What the dispatcher learns from a recorded batch. */
	interface Recorded {

		/**
		 * One finished attempt was recorded, its claim still held.
		 * @param item the attempt
		 */
		void recorded(Completion item);

		/**
		 * A batch is written (or given up on); its claims are no longer held.
		 */
		void batchDone();

	}

	private final BlockingQueue<Completion> queue = new LinkedBlockingQueue<>();

	private final DeliveryRepository repository;

	private final EndpointService endpoints;

	private final SendSlots slots;

	private final String owner;

	private final Duration lease;

	private final int disableAfterFailedDeliveries;

	CompletionWriter(DeliveryRepository repository, EndpointService endpoints, SendSlots slots, String owner,
			Duration lease, int disableAfterFailedDeliveries) {
		this.repository = repository;
		this.endpoints = endpoints;
		this.slots = slots;
		this.owner = owner;
		this.lease = lease;
		this.disableAfterFailedDeliveries = disableAfterFailedDeliveries;
	}

	/** Queue a finished attempt for the next batch. */
	void add(Completion completion) {
		this.queue.add(completion);
	}

	/**
	 * Write batches until no more can come.
	 * @param more whether attempts may still finish (the dispatcher runs, or sends are in flight)
	 * @param stopping whether the dispatcher is stopping (a failing batch is then given up sooner)
	 * @param finished whether the workers are done and the dispatcher stopped
	 * @param listener told about each batch
	 */
	void run(BooleanSupplier more, BooleanSupplier stopping, BooleanSupplier finished, Recorded listener) {
		List<Completion> batch = new ArrayList<>(256);
		while (more.getAsBoolean() || !this.queue.isEmpty()) {
			try {
				Completion first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					if (finished.getAsBoolean()) {
						return;
					}
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, 255);
				try {
					write(batch, stopping, listener);
				}
				finally {
					batch.forEach(item -> this.slots.release(item.delivery().id()));
					listener.batchDone();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Of the attempts whose claim was not held, those whose delivery is gone altogether;
	 * {@code null} when the database could not tell.
	 */
	private @Nullable Set<Long> deleted(List<Completion> batch, boolean[] held) {
		List<Long> lost = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			if (!held[i]) {
				lost.add(batch.get(i).delivery().id());
			}
		}
		if (lost.isEmpty()) {
			return Set.of();
		}
		try {
			return this.repository.missing(lost);
		}
		catch (RuntimeException ex) {
			logger.debug("ShopHooks could not tell deleted deliveries from lost leases", ex);
			return null;
		}
	}

	/** The owner hears once when an endpoint starts failing, not at every failure. */
	private void attemptFailed(Completion item) {
		if (!this.endpoints.target(item.endpointId()).map(EndpointTarget::failing).orElse(true)) {
			this.endpoints.attemptFailed(item.endpointId(), item.outcome().updatedAt(), problem(item));
		}
	}

	private DeliveryExhausted exhausted(Completion item) {
		String name = this.endpoints.find(item.endpointId()).map(Endpoint::name).orElse("#" + item.endpointId());
		return new DeliveryExhausted(item.delivery().id(), item.endpointId(), name, item.delivery().event().id(),
				item.delivery().event().type(), item.attempt().attemptNumber(), problem(item),
				item.outcome().updatedAt());
	}

	private static String problem(Completion item) {
		String error = item.attempt().error();
		Integer status = item.attempt().statusCode();
		return (error != null) ? error : (status != null) ? "HTTP " + status : "failed";
	}

	/**
	 * Record each attempt of a refused batch on its own; one refused again is recorded
	 * without what the receiver sent, and if even that fails it is left to its lease.
	 */
	private boolean[] rowByRow(List<Completion> batch, RuntimeException cause) {
		logger.warn("ShopHooks could not record a batch of " + batch.size() + " finished deliveries ("
				+ NestedExceptionUtils.getMostSpecificCause(cause).getMessage() + "); recording them one by one");
		boolean[] held = new boolean[batch.size()];
		for (int i = 0; i < batch.size(); i++) {
			Completion item = batch.get(i);
			try {
				held[i] = this.repository.completeAll(List.of(item), this.owner)[0];
			}
			catch (RuntimeException ex) {
				String why = String.valueOf(NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
				logger.warn("ShopHooks could not record delivery " + item.delivery().id() + " in full; recording it "
						+ "without the response: " + why);
				Completion smaller = new Completion(item.delivery(), item.outcome(),
						item.attempt().stripped(why.substring(0, Math.min(200, why.length()))), item.endpointId(),
						item.kind());
				try {
					held[i] = this.repository.completeAll(List.of(smaller), this.owner)[0];
				}
				catch (RuntimeException again) {
					logger.error("ShopHooks could not record delivery " + item.delivery().id()
							+ "; it will be sent again when its lease expires", again);
				}
			}
		}
		return held;
	}

	private void write(List<Completion> batch, BooleanSupplier stopping, Recorded listener) throws InterruptedException {
		boolean[] held = null;
		// A lease that ran out meanwhile only means the row says so (another instance may
		// have sent it again), which the recording checks.
		long giveUpAt = System.nanoTime() + Math.max(this.lease.toNanos(), 60_000_000_000L);
		for (int attempt = 1; held == null; attempt++) {
			try {
				held = this.repository.completeAll(batch, this.owner);
			}
			catch (NonTransientDataAccessException ex) {
				// A row the database refuses (not a database that is away): one at a time, so
				// that only that row is affected and the others are not sent again.
				held = rowByRow(batch, ex);
			}
			catch (RuntimeException ex) {
				if ((stopping.getAsBoolean() && attempt >= 5) || System.nanoTime() > giveUpAt) {
					logger.warn("ShopHooks could not record " + batch.size() + " finished deliveries; they will be "
							+ "sent again when their leases expire: " + ex.getMessage());
					return;
				}
				if (attempt == 1) {
					logger.warn("ShopHooks could not record " + batch.size() + " finished deliveries; retrying: "
							+ ex.getMessage());
				}
				Thread.sleep(Math.min(2000L, 200L * attempt));
			}
		}
		@Nullable Set<Long> deleted = deleted(batch, held);
		Map<Long, Instant> succeeded = new HashMap<>();
		for (int i = 0; i < batch.size(); i++) {
			Completion item = batch.get(i);
			if (!held[i]) {
				if (deleted == null) {
					logger.warn("ShopHooks delivery " + item.delivery().id() + " was deleted, or its lease expired, "
							+ "before the attempt finished; if the lease expired another instance may send it again");
				}
				else if (deleted.contains(item.delivery().id())) {
					logger.info("ShopHooks delivery " + item.delivery().id() + " was deleted (with its endpoint) while "
							+ "it was being sent; there is nothing to record it in");
				}
				else {
					logger.warn("ShopHooks lease on delivery " + item.delivery().id()
							+ " expired before the attempt finished; another instance may send it again");
				}
				continue;
			}
			listener.recorded(item);
			try {
				switch (item.kind()) {
					case SUCCESS -> succeeded.put(item.endpointId(), item.outcome().updatedAt());
					case GONE -> this.endpoints.disable(item.endpointId(),
							"The receiver answered 410 Gone at " + item.outcome().updatedAt(), true);
					case FINAL_FAILURE -> {
						attemptFailed(item);
						this.endpoints.deliveryExhausted(exhausted(item));
						this.endpoints.recordFailedDelivery(item.endpointId(), this.disableAfterFailedDeliveries);
					}
					case RETRY -> attemptFailed(item);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("ShopHooks could not update endpoint " + item.endpointId() + ": " + ex.getMessage());
			}
		}
		for (Long endpointId : succeeded.keySet()) {
			try {
				this.endpoints.recordSuccessfulDelivery(endpointId);
				if (this.endpoints.target(endpointId).map(EndpointTarget::failing).orElse(false)) {
					this.endpoints.attemptSucceeded(endpointId, succeeded.get(endpointId));
				}
			}
			catch (RuntimeException ex) {
				logger.warn("ShopHooks could not update endpoint " + endpointId + ": " + ex.getMessage());
			}
		}
	}

}
