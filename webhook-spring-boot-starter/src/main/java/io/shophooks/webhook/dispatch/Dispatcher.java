package io.shophooks.webhook.dispatch;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.dispatch.SendSlots.Slot;
import io.shophooks.webhook.endpoint.EndpointEnabled;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.endpoint.EndpointTarget;
import io.shophooks.webhook.outbox.Claims;
import io.shophooks.webhook.outbox.DeliveryRepository;
import io.shophooks.webhook.outbox.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.outbox.DeliveryRepository.Completion;
import io.shophooks.webhook.outbox.DeliveryRepository.NewAttempt;
import io.shophooks.webhook.outbox.EventWrites;
import io.shophooks.webhook.send.WebhookRequestFactory;
import io.shophooks.webhook.send.WebhookSender;

/**
 * Moves webhooks from the outbox to the receivers. The publishing transaction writes an
 * event's deliveries, those this instance has room for already leased to it, and hands
 * them to the workers right after it commits ({@link PublishFanOut}): the usual
 * delivery runs no claim query. One loop thread claims, with a lease, what was not
 * handed over: retries that fall due, deliveries whose owner died, a backlog, work
 * written by other instances; a bounded pool of workers sends. Every wait between
 * retries is stored in the database, so a restart loses nothing.
 * <p>
 * This class is the loop: its wake-ups, the hand-off from publishing transactions and
 * the lifecycle. The other jobs have rooms of their own: the lease heartbeat in
 * {@link LeaseHeartbeat}; workers, endpoint limits and fair share in {@link SendSlots};
 * one attempt in
 * {@link AttemptRunner}; what its answer means (retry, gone, failed) in
 * {@link OutcomeRules}; recording in batches and the endpoints' failure counts in
 * {@link CompletionWriter}; purging in {@link Retention}; SQL in
 * {@link DeliveryRepository}, {@link Claims} and {@link EventWrites}.
 */
@Internal
public class Dispatcher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private final DeliveryRepository repository;

	private final EndpointService endpoints;

	private final Clock clock;

	private final Settings settings;

	private final String owner;

	private final Semaphore wakeUp = new Semaphore(0);

	/**
	 * Workers, endpoint limits, fair share, and the claims this instance holds (sending, or
	 * sent and waiting to be recorded), whose leases are renewed while this instance lives
	 * (see {@link LeaseHeartbeat}).
	 */
	private final SendSlots slots;

	private final CompletionWriter completionWriter;

	private final AttemptRunner runner;

	private final LeaseHeartbeat heartbeat;

	private @Nullable PauseSwitch pauseSwitch;

	private @Nullable Retention retention;

	private Duration retentionInterval = Duration.ofHours(1);

	private @Nullable PostgresWakeUp wakeUpListener;

	private @Nullable Runnable afterFanOut;

	private java.util.concurrent.@Nullable ScheduledExecutorService housekeeping;

	private volatile boolean workersDone;

	/** The last claim took as many as it asked for: older deliveries may still be due. */
	private volatile boolean dueBacklog = true;

	/**
	 * Set when deliveries may be due that this instance has not leased: a poll, a NOTIFY,
	 * a replay or resume ({@link #wake()}), a released claim, a recorded attempt of an
	 * ordered endpoint. A commit here or a finished send alone does not set it: their new
	 * deliveries are leased by the fan-out, so claiming after them would find nothing.
	 */
	private final AtomicBoolean claimWanted = new AtomicBoolean(true);

	/** The last claim skipped endpoints at their limit: a finished send may make room. */
	private volatile boolean endpointsHeldBack;

	/** When the earliest retry this instance scheduled falls due (epoch millis). */
	private final AtomicLong earliestRetry = new AtomicLong(Long.MAX_VALUE);

	/** Set when deliveries were committed here without a lease that other instances may take. */
	private final AtomicBoolean othersToWake = new AtomicBoolean();

	/**
	 * Set when events may wait for fan-out: written without their deliveries (by an
	 * earlier version, or when fan-out in the publishing transaction failed), seen at
	 * start, on a NOTIFY, a poll, or after a full batch.
	 */
	private final AtomicBoolean eventsWaiting = new AtomicBoolean(true);

	private @Nullable Thread recorder;

	private volatile boolean running;

	private @Nullable Thread loop;

	private @Nullable ExecutorService workers;

	public Dispatcher(DeliveryRepository repository, EndpointService endpoints, WebhookRequestFactory requests,
			WebhookSender sender, RetryPolicy retryPolicy, Clock clock, Settings settings) {
		this.repository = repository;
		this.endpoints = endpoints;
		this.clock = clock;
		this.settings = settings;
		this.owner = ownerId();
		this.slots = new SendSlots(settings.concurrency());
		this.heartbeat = new LeaseHeartbeat(repository, this.slots, this.owner, clock, settings.lease());
		this.completionWriter = new CompletionWriter(repository, endpoints, this.slots, this.owner, settings.lease(),
				settings.disableAfterFailedDeliveries());
		this.runner = new AttemptRunner(requests, sender, new OutcomeRules(retryPolicy), this.completionWriter,
				repository, clock, this.owner);
	}

	private static String ownerId() {
		String name = ManagementFactory.getRuntimeMXBean().getName();
		String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
		return (id.length() > 100) ? id.substring(id.length() - 100) : id;
	}

	public void setObserver(DeliveryObserver observer) {
		this.runner.setObserver(observer);
	}

	public void setPauseSwitch(PauseSwitch pauseSwitch) {
		this.pauseSwitch = pauseSwitch;
	}

	public void setRetention(Retention retention, Duration interval) {
		this.retention = retention;
		this.retentionInterval = interval;
	}

	public void setWakeUpListener(PostgresWakeUp wakeUpListener) {
		this.wakeUpListener = wakeUpListener;
	}

	/**
	 * Run after a round that fanned events out, e.g. a {@code NOTIFY} that wakes the
	 * other instances to share the new deliveries.
	 * @param afterFanOut what to run
	 */
	public void setAfterFanOut(Runnable afterFanOut) {
		this.afterFanOut = afterFanOut;
	}

	/**
	 * Whether delivery is paused on this instance.
	 * @return whether paused
	 */
	public boolean isPaused() {
		return this.pauseSwitch != null && this.pauseSwitch.isPaused();
	}

	/**
	 * The id this instance writes into the leases it holds.
	 * @return the owner id
	 */
	public String owner() {
		return this.owner;
	}

	/** Another instance committed events or deliveries it did not lease. */
	private void notified() {
		this.claimWanted.set(true);
		this.eventsWaiting.set(true);
		wakeLoop();
	}

	/**
	 * A publishing transaction committed deliveries without a lease (no room here, an
	 * ordered endpoint, delivery paused): claim them, and tell the other instances.
	 */
	void unleasedCommitted() {
		this.claimWanted.set(true);
		this.othersToWake.set(true);
		wakeLoop();
	}

	/**
	 * Ask the loop to look for work now, due deliveries included (after a replay, a
	 * resume, ...).
	 */
	public void wake() {
		this.claimWanted.set(true);
		wakeLoop();
	}

	/**
	 * An endpoint was enabled: what waited for it (while it was off, or failing) is due
	 * now, not at its next retry.
	 * @param enabled the event
	 */
	@EventListener
	public void endpointEnabled(EndpointEnabled enabled) {
		int due = this.repository.waitingDueNow(enabled.endpointId(), now());
		if (due > 0) {
			logger.info("ShopHooks sends the " + due + " deliveries that waited for endpoint "
					+ enabled.endpointId() + " now that it is enabled");
		}
		wake();
	}

	/**
	 * After a send or a recorded batch frees room: wake the loop only if a claim waits for
	 * that room. Deliveries handed over by publishing transactions need no loop at all.
	 */
	private void wakeIfClaimsWait() {
		if (this.dueBacklog || this.endpointsHeldBack || this.claimWanted.get()
				|| this.earliestRetry.get() <= this.clock.millis()) {
			wakeLoop();
		}
	}

	private void wakeLoop() {
		if (this.wakeUp.availablePermits() == 0) {
			this.wakeUp.release();
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		ThreadPoolExecutor pool = new ThreadPoolExecutor(this.settings.concurrency(), this.settings.concurrency(), 60,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new CustomizableThreadFactory("shophooks-send-"));
		pool.allowCoreThreadTimeOut(true);
		this.workers = pool;
		this.workersDone = false;
		this.eventsWaiting.set(true);
		Thread recorderThread = new Thread(() -> this.completionWriter.run(
				() -> this.running || this.slots.inFlight() > 0, () -> !this.running,
				() -> !this.running && this.workersDone, recorded()), "shophooks-record");
		recorderThread.setDaemon(true);
		this.recorder = recorderThread;
		recorderThread.start();
		Thread thread = new Thread(this::run, "shophooks-dispatcher");
		thread.setDaemon(true);
		this.loop = thread;
		thread.start();
		if (this.wakeUpListener != null) {
			this.wakeUpListener.start(this::notified);
		}
		this.heartbeat.start();
		Retention purge = this.retention;
		if (purge != null) {
			this.housekeeping = Executors.newSingleThreadScheduledExecutor(
					new CustomizableThreadFactory("shophooks-retention-"));
			long every = this.retentionInterval.toMillis();
			this.housekeeping.scheduleWithFixedDelay(() -> {
				try {
					purge.purge(this.clock.instant());
				}
				catch (RuntimeException ex) {
					logger.warn("ShopHooks retention failed; trying again in " + this.retentionInterval + ": "
							+ ex.getMessage());
				}
			}, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
		}
		logger.info("ShopHooks dispatcher started (owner " + this.owner + ", concurrency "
				+ this.settings.concurrency() + ")");
	}

	@Override
	public void stop() {
		Thread thread;
		ExecutorService pool;
		synchronized (this) {
			if (!this.running) {
				return;
			}
			this.running = false;
			thread = this.loop;
			pool = this.workers;
		}
		wake();
		if (this.wakeUpListener != null) {
			this.wakeUpListener.stop();
		}
		if (this.housekeeping != null) {
			this.housekeeping.shutdownNow();
		}
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		try {
			if (thread != null) {
				thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			}
			if (pool != null) {
				pool.shutdown();
				// In-flight sends get until the deadline to finish; what is left is released below.
				if (!pool.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					pool.shutdownNow();
				}
			}
			// Record what finished before giving back what did not.
			this.workersDone = true;
			Thread recorder = this.recorder;
			if (recorder != null) {
				recorder.join(Math.max(1000, (deadline - System.nanoTime()) / 1_000_000));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			int released = this.repository.releaseAll(this.owner, now());
			if (released > 0) {
				logger.info("ShopHooks released " + released + " unfinished deliveries on shutdown");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("ShopHooks could not release its leases on shutdown; they expire after "
					+ this.settings.lease() + ": " + ex.getMessage());
		}
		// Renewed until here: sends still finishing on shutdown keep their leases.
		this.heartbeat.stop();
		this.slots.releaseAll();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stop after the web server, so requests that publish events finish first.
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public boolean isAutoStartup() {
		return this.settings.autoStartup();
	}

	private void run() {
		int failures = 0;
		while (this.running) {
			boolean more;
			try {
				more = dispatchOnce();
				failures = 0;
			}
			catch (RuntimeException ex) {
				failures++;
				more = false;
				this.claimWanted.set(true);
				if (failures == 1 || failures % 60 == 0) {
					logger.warn("ShopHooks dispatcher could not reach the database (" + failures
							+ " times in a row); retrying: " + ex.getMessage());
				}
				sleepQuietly(Math.min(5000, 200L * failures));
			}
			if (!more && this.running) {
				try {
					// Until the next poll or the next retry this instance scheduled, whichever comes
					// first (a retry already due waits for free workers or the end of a pause).
					long poll = this.settings.pollInterval().toMillis();
					long untilRetry = this.earliestRetry.get() - this.clock.millis();
					long wait = (untilRetry > 0) ? Math.min(poll, untilRetry) : poll;
					if (!this.wakeUp.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
						// The poll: events written by another instance that sent no NOTIFY, deliveries
						// whose retry or lease time has come.
						this.eventsWaiting.set(true);
						this.claimWanted.set(true);
					}
					this.wakeUp.drainPermits();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * One round: fan out new events, then claim as many due deliveries as there are free
	 * workers.
	 * @return whether there is probably more work right away
	 */
	boolean dispatchOnce() {
		Instant now = now();
		// Rounds woken only because a send finished skip the fan-out query.
		int fannedOut = 0;
		boolean unleased = false;
		if (this.eventsWaiting.getAndSet(false)) {
			DeliveryRepository.FanOut fanOut = this.repository.fanOut(this.settings.batchSize(),
					this.endpoints::subscribers, now, leaseForNewDeliveries(now));
			fannedOut = fanOut.events();
			unleased = fanOut.unleased() > 0;
			for (ClaimedDelivery delivery : fanOut.claimed()) {
				submit(delivery);
			}
			if (fannedOut == this.settings.batchSize()) {
				this.eventsWaiting.set(true);
			}
			if (unleased) {
				this.othersToWake.set(true);
			}
		}
		// Only deliveries written without a lease are anyone else's to take.
		Runnable notifyOthers = this.afterFanOut;
		if (this.othersToWake.getAndSet(false) && notifyOthers != null) {
			try {
				notifyOthers.run();
			}
			catch (RuntimeException ex) {
				logger.debug("ShopHooks could not wake the other instances; they will poll", ex);
			}
		}
		// Free workers, within the claims this instance may hold (see SendSlots).
		int free = this.slots.free();
		if (free <= 0 || isPaused()) {
			// Unknown whether older deliveries are due: the next fan-out leases nothing, so
			// the claim that follows takes the oldest first (retries are not starved by fresh
			// traffic).
			this.dueBacklog = true;
			return false;
		}
		// Claim only where something may be due that the fan-out did not lease: at a steady
		// pace each delivery then costs one fan-out and no claim.
		boolean retryDue = this.earliestRetry.get() <= now.toEpochMilli();
		if (!(this.claimWanted.getAndSet(false) || unleased || this.dueBacklog || this.endpointsHeldBack
				|| retryDue)) {
			return this.eventsWaiting.get();
		}
		if (retryDue) {
			// A retry scheduled meanwhile for later may be forgotten here; the poll finds it.
			this.earliestRetry.set(Long.MAX_VALUE);
		}
		int wanted = Math.min(free, this.settings.batchSize());
		Set<Long> saturated = this.slots.saturated();
		this.endpointsHeldBack = !saturated.isEmpty();
		// Endpoints whose secrets cannot be read are left out too: their deliveries wait.
		List<EndpointTarget> targets = this.endpoints.subscriptions().targets();
		Set<Long> excluded = new HashSet<>(saturated);
		for (EndpointTarget target : targets) {
			if (target.secretsUnreadable()) {
				excluded.add(target.id());
			}
		}
		// No more of one endpoint than it can take now; at least one, for an endpoint this
		// instance does not know yet (those it knows to be full are excluded).
		int perEndpoint = Math.max(1, Math.min(wanted, this.slots.largestRoom(targets)));
		List<ClaimedDelivery> claimed = this.repository.claim(this.owner, now, now.plus(this.settings.lease()),
				wanted, perEndpoint, excluded);
		// Fewer than asked for, and no endpoint's share of the claim filled: nothing else is
		// due, so the next fan-out may lease its new deliveries directly without overtaking
		// older ones. Otherwise more is due: every send that ends claims again.
		boolean capped = perEndpoint < wanted && anEndpointGot(claimed, perEndpoint);
		this.dueBacklog = claimed.size() == wanted || capped;
		for (ClaimedDelivery delivery : claimed) {
			submit(delivery);
		}
		// New deliveries may wait behind a full batch: look again at once. (Those of an endpoint
		// whose share filled wait for its sends to end, which wake the loop: a claim at once
		// would find that endpoint excluded, and on H2 read the whole queue to learn it.)
		return fannedOut > 0 || this.eventsWaiting.get() || (claimed.size() == wanted && wanted == free);
	}

	/**
	 * The current time in whole milliseconds: databases keep microseconds at most, and a
	 * delivery stored as due "now" must compare as due against the same "now" in the claim
	 * that follows.
	 */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/** Whether the claim took its per-endpoint most of some endpoint (which may have more due). */
	private static boolean anEndpointGot(List<ClaimedDelivery> claimed, int perEndpoint) {
		Map<Long, Integer> counts = new HashMap<>();
		for (ClaimedDelivery delivery : claimed) {
			if (counts.merge(delivery.endpointId(), 1, Integer::sum) >= perEndpoint) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Which of the deliveries a fan-out creates are written already leased to this
	 * instance, saving the claim: as many as there are free workers, within each
	 * endpoint's limit and fair share, never for ordered endpoints (their order is
	 * checked by the claim) and never while older deliveries are due (they go first).
	 */
	private DeliveryRepository.Lease leaseForNewDeliveries(Instant now) {
		int free = this.slots.free();
		if (free <= 0 || this.dueBacklog || isPaused()) {
			return DeliveryRepository.Lease.NONE;
		}
		return new DeliveryRepository.Lease(this.owner, now.plus(this.settings.lease()), this.slots
			.fits(Math.min(free, this.settings.batchSize()), endpointId -> this.endpoints.target(endpointId).orElse(null)));
	}

	private void submit(ClaimedDelivery delivery) {
		Optional<EndpointTarget> found = this.endpoints.target(delivery.endpointId());
		if (found.isEmpty()) {
			giveBack(delivery);
			return;
		}
		EndpointTarget target = found.get();
		if (target.secretsUnreadable()) {
			// it waits, kept, until its secrets can be read; the claim leaves it out meanwhile
			this.repository.release(delivery.id(), this.owner, now());
			return;
		}
		// the claim was sized to the free workers; the endpoint's own limit and its fair share
		// can refuse (a claim reads up to the largest room of any endpoint, so it can bring
		// more of one endpoint than its share: those go back, and a hanging receiver never
		// takes every worker)
		Slot slot = this.slots.take(target, Math.min(this.slots.fairShare(), target.maxConcurrency()), false);
		if (slot == null) {
			giveBack(delivery);
			return;
		}
		if (!start(delivery, slot)) {
			giveBack(delivery);
		}
	}

	/**
	 * Send on a worker, in a slot already counted.
	 * @return whether a worker took it (if not, the slot is free again)
	 */
	private boolean start(ClaimedDelivery delivery, Slot slot) {
		this.slots.hold(delivery.id());
		ExecutorService pool = this.workers;
		try {
			if (pool == null) {
				throw new IllegalStateException("dispatcher stopped");
			}
			pool.execute(() -> {
				boolean queued = false;
				try {
					this.runner.attempt(delivery, slot.target(), false);
					queued = true;
				}
				catch (RuntimeException | Error ex) {
					// an Error too: the worker lives on, the delivery is retried, and it is logged
					logger.error("ShopHooks could not complete delivery " + delivery.id()
							+ "; it will be retried when its lease expires", ex);
				}
				finally {
					if (!queued) {
						this.slots.release(delivery.id());
					}
					this.slots.free(slot);
					wakeIfClaimsWait();
				}
			});
			return true;
		}
		catch (RuntimeException ex) {
			this.slots.free(slot);
			this.slots.release(delivery.id());
			return false;
		}
	}

	/**
	 * For a publishing transaction: take a send slot for each new delivery this instance
	 * can send at once, within its workers, each endpoint's limit and fair share; none
	 * for ordered endpoints (their order is checked by the claim), none while paused or
	 * while older deliveries are due (they go first). The slots are held until the
	 * transaction ends: {@link #handOff} sends in them, {@link #cancel} frees them.
	 * @param endpointIds the endpoints that get the new deliveries
	 * @return the slots taken, at most one per endpoint given
	 */
	List<Slot> reserve(List<Long> endpointIds) {
		if (!this.running || this.dueBacklog || isPaused()) {
			return List.of();
		}
		int share = this.slots.fairShare();
		List<Slot> taken = new ArrayList<>(endpointIds.size());
		for (Long id : endpointIds) {
			if (this.slots.free() <= 0) {
				break;
			}
			EndpointTarget target = this.endpoints.target(id).orElse(null);
			if (target == null || !target.sendable() || target.options().ordered()) {
				continue;
			}
			Slot slot = this.slots.take(target, Math.min(share, target.maxConcurrency()), true);
			if (slot != null) {
				taken.add(slot);
			}
		}
		return taken;
	}

	/**
	 * A publishing transaction committed: send its leased deliveries in the slots it
	 * reserved, from memory, without a claim. Slots left over are freed. Called on the
	 * committing thread; touches no database.
	 * @param claimed the deliveries written leased to this instance
	 * @param slots the slots reserved for them
	 * @param leaseUntil when their leases expire
	 */
	void handOff(List<ClaimedDelivery> claimed, List<Slot> slots, Instant leaseUntil) {
		if (claimed.isEmpty() && slots.isEmpty()) {
			return;
		}
		List<Slot> open = new ArrayList<>(slots);
		// A transaction that took most of the lease to commit: another instance may claim
		// these soon, so leave them to the claims rather than risk sending twice.
		boolean late = isLate(leaseUntil, this.clock.instant());
		for (ClaimedDelivery delivery : claimed) {
			Slot slot = null;
			for (int i = 0; i < open.size() && slot == null; i++) {
				if (open.get(i).target().id() == delivery.endpointId()) {
					slot = open.remove(i);
				}
			}
			if (slot != null && (late || !this.running)) {
				this.slots.free(slot);
				slot = null;
			}
			// Not sent from here: its lease runs out unrenewed, and a claim takes it then.
			if (slot == null || !start(delivery, slot)) {
				this.claimWanted.set(true);
			}
		}
		open.forEach(this.slots::free);
		if (!open.isEmpty() || late) {
			wakeLoop();
		}
	}

	/**
	 * Whether a lease is too near its end to send from memory: less than half of it left.
	 * @param leaseUntil when it ends
	 * @param now the time now
	 * @return whether it is late
	 */
	boolean isLate(Instant leaseUntil, Instant now) {
		return now.isAfter(leaseUntil.minus(this.settings.lease().dividedBy(2)));
	}

	/**
	 * A publishing transaction rolled back (or its outcome is unknown): free its slots.
	 * Whatever it may have written is leased for a short while and then claimed.
	 * @param slots the slots it reserved
	 */
	void cancel(List<Slot> slots) {
		slots.forEach(this.slots::free);
		if (!slots.isEmpty()) {
			this.claimWanted.set(true);
			wakeLoop();
		}
	}

	/** The lease new deliveries of a publishing transaction are written with. */
	DeliveryRepository.Lease publishLease() {
		return new DeliveryRepository.Lease(this.owner, this.clock.instant().plus(this.settings.lease()), id -> true);
	}

	/** Release a claim this instance will not send; it is due again, so the next round claims. */
	private void giveBack(ClaimedDelivery delivery) {
		this.repository.release(delivery.id(), this.owner, now());
		this.claimWanted.set(true);
	}

	/**
	 * Send one claimed delivery now, on the caller's thread (a test event the store owner
	 * sends waits for its answer).
	 * @param delivery the claimed delivery
	 * @param target the endpoint
	 * @param test whether this is a test event (no retries, no effect on the endpoint)
	 * @return the attempt
	 */
	public NewAttempt attempt(ClaimedDelivery delivery, EndpointTarget target, boolean test) {
		// held while it is on the wire, so the heartbeat renews its lease: a slow receiver
		// gets one request, not a second one from a claim when the lease runs out
		this.slots.hold(delivery.id());
		try {
			return this.runner.attempt(delivery, target, test);
		}
		finally {
			this.slots.release(delivery.id());
		}
	}

	/** What a recorded batch means for the loop: a retry to wake for, an ordered key to claim next. */
	private CompletionWriter.Recorded recorded() {
		return new CompletionWriter.Recorded() {

			@Override
			public void recorded(Completion item) {
				if (item.kind() == Completion.Kind.RETRY) {
					// the next whole millisecond: claims compare whole milliseconds with a stored time
					// that may carry microseconds
					long due = item.outcome().nextAttemptAt().toEpochMilli() + 1;
					if (Dispatcher.this.earliestRetry.getAndAccumulate(due, Math::min) > due) {
						// the loop sleeps until the earliest retry it knows of: tell it of an earlier one
						wakeLoop();
					}
				}
				if (item.delivery().event().orderingKey() != null && Dispatcher.this.endpoints.target(item.endpointId())
					.map(target -> target.options().ordered())
					.orElse(false)) {
					// the next delivery of its key may be claimed now
					Dispatcher.this.claimWanted.set(true);
				}
			}

			@Override
			public void batchDone() {
				wakeIfClaimsWait();
			}

		};
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How the dispatcher works.
	 *
	 * @param autoStartup whether to start delivering with the application
	 * @param concurrency the most requests in flight from this instance
	 * @param batchSize the most events or deliveries taken per round
	 * @param pollInterval how often to look for work when not woken
	 * @param lease how long a claim holds before another instance may take it over
	 * @param shutdownTimeout how long to wait for requests in flight on shutdown
	 * @param disableAfterFailedDeliveries failed deliveries in a row that disable an
	 * endpoint, 0 for never
	 */
	public record Settings(boolean autoStartup, int concurrency, int batchSize, Duration pollInterval, Duration lease,
			Duration shutdownTimeout, int disableAfterFailedDeliveries) {
	}

}
