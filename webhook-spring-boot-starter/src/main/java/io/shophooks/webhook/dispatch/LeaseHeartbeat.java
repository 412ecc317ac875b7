package io.shophooks.webhook.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.shophooks.webhook.outbox.DeliveryRepository;

/**
 * The heartbeat: every third of the lease, extend the lease of every delivery this
 * instance holds (sending, or sent and waiting to be recorded), in one statement on
 * PostgreSQL and one JDBC batch elsewhere, so a
 * live instance keeps what it is sending however long the send takes, and the lease
 * itself can be short: a crashed instance stops renewing, and its deliveries are claimed
 * again within one lease (5 s by default) plus a poll. A renewal that fails is tried again
 * at the next beat; the leases expire only if none succeeds within a lease.
 */
final class LeaseHeartbeat {

	private static final Log logger = LogFactory.getLog(LeaseHeartbeat.class);

	private final DeliveryRepository repository;

	private final SendSlots slots;

	private final String owner;

	private final Clock clock;

	private final Duration lease;

	private @Nullable ScheduledExecutorService beats;

	LeaseHeartbeat(DeliveryRepository repository, SendSlots slots, String owner, Clock clock, Duration lease) {
		this.repository = repository;
		this.slots = slots;
		this.owner = owner;
		this.clock = clock;
		this.lease = lease;
	}

	synchronized void start() {
		if (this.beats != null) {
			return;
		}
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("shophooks-lease-"));
		long every = Math.max(100, this.lease.toMillis() / 3);
		executor.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
		this.beats = executor;
	}

	/** Stop renewing: called once sends still finishing on shutdown are recorded or given back. */
	synchronized void stop() {
		if (this.beats != null) {
			this.beats.shutdownNow();
			this.beats = null;
		}
	}

	private void renew() {
		List<Long> held = this.slots.held();
		if (held.isEmpty()) {
			return;
		}
		try {
			this.repository.renewLeases(held, this.owner, this.clock.instant().plus(this.lease));
		}
		catch (RuntimeException ex) {
			logger.warn("ShopHooks could not renew its leases; they expire after " + this.lease
					+ " unless the next renewal succeeds: " + ex.getMessage());
		}
	}

}
