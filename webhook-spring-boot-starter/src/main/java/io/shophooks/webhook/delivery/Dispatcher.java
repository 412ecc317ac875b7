package io.shophooks.webhook.delivery;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.shophooks.webhook.delivery.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.delivery.DeliveryRepository.Completion;
import io.shophooks.webhook.delivery.DeliveryRepository.NewAttempt;
import io.shophooks.webhook.delivery.DeliveryRepository.Outcome;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.endpoint.EndpointTarget;

/**
 * Moves webhooks from the outbox to the receivers. The publishing transaction writes an
 * event's deliveries, those this instance has room for already leased to it, and hands
 * them to the workers right after it commits ({@link PublishFanOut}): the usual
 * delivery runs no claim query. One loop thread claims, with a lease, what was not
 * handed over: retries that fall due, deliveries whose owner died, a backlog, work
 * written by other instances; a bounded pool of workers sends. Every wait between
 * retries is stored in the database, so a restart loses nothing.
 */
public class Dispatcher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private final DeliveryRepository repository;

	private final EndpointService endpoints;

	private final WebhookRequestFactory requests;

	private final WebhookSender sender;

	private final RetryPolicy retryPolicy;

	private final Clock clock;

	private final Settings settings;

	private final String owner;

	private final Semaphore wakeUp = new Semaphore(0);

	private final AtomicInteger inFlight = new AtomicInteger();

	private static final int MAX_HELD_PER_WORKER = 4;

	/**
	 * Claims this instance holds: sending, or sent and waiting to be recorded. Their
	 * leases are renewed while this instance lives (see {@link #renewLeases()}).
	 */
	private final Set<Long> held = ConcurrentHashMap.newKeySet();

	private java.util.concurrent.@Nullable ScheduledExecutorService leaseKeeper;

	private final Map<Long, AtomicInteger> inFlightByEndpoint = new ConcurrentHashMap<>();

	private final Map<Long, Integer> endpointLimits = new ConcurrentHashMap<>();

	private DeliveryObserver observer = DeliveryObserver.NONE;

	private @Nullable PauseSwitch pauseSwitch;

	private @Nullable Retention retention;

	private Duration retentionInterval = Duration.ofHours(1);

	private @Nullable PostgresWakeUp wakeUpListener;

	private @Nullable Runnable afterFanOut;

	private java.util.concurrent.@Nullable ScheduledExecutorService housekeeping;

	private final java.util.concurrent.BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();

	private volatile boolean workersDone;

	/** The last claim took as many as it asked for: older deliveries may still be due. */
	private volatile boolean dueBacklog = true;

	/**
	 * Set when deliveries may be due that this instance has not leased: a poll, a NOTIFY,
	 * a replay or resume ({@link #wake()}), a released claim, a recorded attempt of an
	 * ordered endpoint. A commit here or a finished send alone does not set it: their new
	 * deliveries are leased by the fan-out, so claiming after them would find nothing.
	 */
	private final java.util.concurrent.atomic.AtomicBoolean claimWanted = new java.util.concurrent.atomic.AtomicBoolean(true);

	/** The last claim skipped endpoints at their limit: a finished send may make room. */
	private volatile boolean endpointsHeldBack;

	/** When the earliest retry this instance scheduled falls due (epoch millis). */
	private final java.util.concurrent.atomic.AtomicLong earliestRetry = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

	/** Set when deliveries were committed here without a lease that other instances may take. */
	private final java.util.concurrent.atomic.AtomicBoolean othersToWake = new java.util.concurrent.atomic.AtomicBoolean();

	/**
	 * Set when events may wait for fan-out: written without their deliveries (by an
	 * earlier version, or when fan-out in the publishing transaction failed), seen at
	 * start, on a NOTIFY, a poll, or after a full batch.
	 */
	private final java.util.concurrent.atomic.AtomicBoolean eventsWaiting = new java.util.concurrent.atomic.AtomicBoolean(true);

	private @Nullable Thread writer;

	private volatile boolean running;

	private @Nullable Thread loop;

	private @Nullable ExecutorService workers;

	public Dispatcher(DeliveryRepository repository, EndpointService endpoints, WebhookRequestFactory requests,
			WebhookSender sender, RetryPolicy retryPolicy, Clock clock, Settings settings) {
		this.repository = repository;
		this.endpoints = endpoints;
		this.requests = requests;
		this.sender = sender;
		this.retryPolicy = retryPolicy;
		this.clock = clock;
		this.settings = settings;
		this.owner = ownerId();
	}

	private static String ownerId() {
		String name = ManagementFactory.getRuntimeMXBean().getName();
		String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
		return (id.length() > 100) ? id.substring(id.length() - 100) : id;
	}

	public void setObserver(DeliveryObserver observer) {
		this.observer = observer;
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
		Thread writerThread = new Thread(this::writeCompletions, "shophooks-record");
		writerThread.setDaemon(true);
		this.writer = writerThread;
		writerThread.start();
		Thread thread = new Thread(this::run, "shophooks-dispatcher");
		thread.setDaemon(true);
		this.loop = thread;
		thread.start();
		if (this.wakeUpListener != null) {
			this.wakeUpListener.start(this::notified);
		}
		this.leaseKeeper = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("shophooks-lease-"));
		long renewEvery = Math.max(100, this.settings.lease().toMillis() / 3);
		this.leaseKeeper.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
		Retention purge = this.retention;
		if (purge != null) {
			this.housekeeping = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
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
			Thread recorder = this.writer;
			if (recorder != null) {
				recorder.join(Math.max(1000, (deadline - System.nanoTime()) / 1_000_000));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			int released = this.repository.releaseAll(this.owner);
			if (released > 0) {
				logger.info("ShopHooks released " + released + " unfinished deliveries on shutdown");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("ShopHooks could not release its leases on shutdown; they expire after "
					+ this.settings.lease() + ": " + ex.getMessage());
		}
		// Renewed until here: sends still finishing on shutdown keep their leases.
		if (this.leaseKeeper != null) {
			this.leaseKeeper.shutdownNow();
		}
		this.held.clear();
	}

	/**
	 * The heartbeat: every third of the lease, extend the lease of every delivery this
	 * instance holds, so a live instance keeps what it is sending however long the send
	 * takes, and the lease itself can be short: a crashed instance stops renewing, and
	 * its deliveries are claimed again within one lease (5 s by default) plus a poll.
	 */
	private void renewLeases() {
		if (this.held.isEmpty()) {
			return;
		}
		try {
			this.repository.renewLeases(List.copyOf(this.held), this.owner,
					this.clock.instant().plus(this.settings.lease()));
		}
		catch (RuntimeException ex) {
			logger.warn("ShopHooks could not renew its leases; they expire after " + this.settings.lease()
					+ " unless the next renewal succeeds: " + ex.getMessage());
		}
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
		// Whole milliseconds: databases keep microseconds at most, and a delivery stored as due
		// "now" must compare as due against the same "now" in the claim that follows.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
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
		// At most `concurrency` sends at once, and at most four times that many claims held
		// in all, counting finished sends still waiting to be recorded: recording in batches
		// keeps the workers busy, and if recording stalls (the database is away) claiming stops
		// instead of piling up unrecorded sends that would all go out again once their leases
		// expire.
		int free = freeSlots();
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
		Set<Long> saturated = saturatedEndpoints();
		this.endpointsHeldBack = !saturated.isEmpty();
		List<ClaimedDelivery> claimed = this.repository.claim(this.owner, now, now.plus(this.settings.lease()),
				wanted, saturated);
		// Fewer than asked for: nothing else is due, so the next fan-out may lease its new
		// deliveries directly without overtaking older ones.
		this.dueBacklog = claimed.size() == wanted;
		for (ClaimedDelivery delivery : claimed) {
			submit(delivery);
		}
		// New deliveries may wait behind a full batch or on an endpoint's limit: look again at once.
		return fannedOut > 0 || this.eventsWaiting.get() || (claimed.size() == wanted && wanted == free);
	}

	private int freeSlots() {
		return Math.min(this.settings.concurrency() - this.inFlight.get(),
				this.settings.concurrency() * MAX_HELD_PER_WORKER - this.held.size());
	}

	/**
	 * Which of the deliveries a fan-out creates are written already leased to this
	 * instance, saving the claim: as many as there are free workers, within each
	 * endpoint's limit and fair share, never for ordered endpoints (their order is
	 * checked by the claim) and never while older deliveries are due (they go first).
	 */
	private DeliveryRepository.Lease leaseForNewDeliveries(Instant now) {
		int free = freeSlots();
		if (free <= 0 || this.dueBacklog || isPaused()) {
			return DeliveryRepository.Lease.NONE;
		}
		int share = fairShare();
		Map<Long, Integer> taken = new java.util.HashMap<>();
		int[] budget = { Math.min(free, this.settings.batchSize()) };
		return new DeliveryRepository.Lease(this.owner, now.plus(this.settings.lease()), endpointId -> {
			if (budget[0] <= 0) {
				return false;
			}
			EndpointTarget target = this.endpoints.target(endpointId).orElse(null);
			if (target == null || !target.enabled() || target.options().ordered()) {
				return false;
			}
			AtomicInteger sending = this.inFlightByEndpoint.get(endpointId);
			int room = Math.min(share, target.maxConcurrency()) - ((sending != null) ? sending.get() : 0)
					- taken.getOrDefault(endpointId, 0);
			if (room <= 0) {
				return false;
			}
			taken.merge(endpointId, 1, Integer::sum);
			budget[0]--;
			return true;
		});
	}

	/**
	 * Endpoints that get no new claims this round: those at their own limit, and those at
	 * their fair share of this instance's workers once several are busy, so that receivers
	 * that hang cannot take every worker together: the share leaves room for one more
	 * endpoint than are busy.
	 */
	private Set<Long> saturatedEndpoints() {
		int share = fairShare();
		Set<Long> saturated = new HashSet<>();
		this.inFlightByEndpoint.forEach((id, count) -> {
			int limit = Math.min(share, this.endpointLimits.getOrDefault(id, Integer.MAX_VALUE));
			if (count.get() >= limit) {
				saturated.add(id);
			}
		});
		return saturated;
	}

	private int fairShare() {
		int busy = 0;
		for (AtomicInteger count : this.inFlightByEndpoint.values()) {
			busy += (count.get() > 0) ? 1 : 0;
		}
		return (busy <= 1) ? this.settings.concurrency() : Math.max(2, this.settings.concurrency() / (busy + 1));
	}

	private void submit(ClaimedDelivery delivery) {
		Optional<EndpointTarget> found = this.endpoints.target(delivery.endpointId());
		if (found.isEmpty()) {
			giveBack(delivery);
			return;
		}
		EndpointTarget target = found.get();
		Slot slot = endpointSlot(target, target.maxConcurrency());
		if (slot == null) {
			giveBack(delivery);
			return;
		}
		this.inFlight.incrementAndGet();
		if (!start(delivery, slot)) {
			giveBack(delivery);
		}
	}

	/**
	 * Count one more send to an endpoint, within a limit.
	 * @return the slot, or {@code null} (and nothing counted) if the endpoint is at it
	 */
	private @Nullable Slot endpointSlot(EndpointTarget target, int limit) {
		this.endpointLimits.put(target.id(), target.maxConcurrency());
		AtomicInteger endpointCount = this.inFlightByEndpoint.computeIfAbsent(target.id(), id -> new AtomicInteger());
		if (endpointCount.incrementAndGet() > limit) {
			endpointCount.decrementAndGet();
			return null;
		}
		return new Slot(target, endpointCount);
	}

	/**
	 * Send on a worker, in a slot already counted.
	 * @return whether a worker took it (if not, the slot is free again)
	 */
	private boolean start(ClaimedDelivery delivery, Slot slot) {
		this.held.add(delivery.id());
		ExecutorService pool = this.workers;
		try {
			if (pool == null) {
				throw new IllegalStateException("dispatcher stopped");
			}
			pool.execute(() -> {
				boolean queued = false;
				try {
					attempt(delivery, slot.target(), false);
					queued = true;
				}
				catch (RuntimeException ex) {
					logger.error("ShopHooks could not complete delivery " + delivery.id()
							+ "; it will be retried when its lease expires", ex);
				}
				finally {
					if (!queued) {
						this.held.remove(delivery.id());
					}
					free(slot);
					wakeIfClaimsWait();
				}
			});
			return true;
		}
		catch (RuntimeException ex) {
			free(slot);
			this.held.remove(delivery.id());
			return false;
		}
	}

	private void free(Slot slot) {
		slot.endpointCount().decrementAndGet();
		this.inFlight.decrementAndGet();
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
		int share = fairShare();
		List<Slot> slots = new ArrayList<>(endpointIds.size());
		for (Long id : endpointIds) {
			if (freeSlots() <= 0) {
				break;
			}
			EndpointTarget target = this.endpoints.target(id).orElse(null);
			if (target == null || !target.enabled() || target.options().ordered()) {
				continue;
			}
			if (this.inFlight.incrementAndGet() > this.settings.concurrency()) {
				this.inFlight.decrementAndGet();
				break;
			}
			Slot slot = endpointSlot(target, Math.min(share, target.maxConcurrency()));
			if (slot == null) {
				this.inFlight.decrementAndGet();
				continue;
			}
			slots.add(slot);
		}
		return slots;
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
		boolean late = this.clock.instant().isAfter(leaseUntil.minus(this.settings.lease().dividedBy(2)));
		for (ClaimedDelivery delivery : claimed) {
			Slot slot = null;
			for (int i = 0; i < open.size() && slot == null; i++) {
				if (open.get(i).target().id() == delivery.endpointId()) {
					slot = open.remove(i);
				}
			}
			if (slot != null && (late || !this.running)) {
				free(slot);
				slot = null;
			}
			// Not sent from here: its lease runs out unrenewed, and a claim takes it then.
			if (slot == null || !start(delivery, slot)) {
				this.claimWanted.set(true);
			}
		}
		open.forEach(this::free);
		if (!open.isEmpty() || late) {
			wakeLoop();
		}
	}

	/**
	 * A publishing transaction rolled back (or its outcome is unknown): free its slots.
	 * Whatever it may have written is leased for a short while and then claimed.
	 * @param slots the slots it reserved
	 */
	void cancel(List<Slot> slots) {
		slots.forEach(this::free);
		if (!slots.isEmpty()) {
			this.claimWanted.set(true);
			wakeLoop();
		}
	}

	/** The lease new deliveries of a publishing transaction are written with. */
	DeliveryRepository.Lease publishLease() {
		return new DeliveryRepository.Lease(this.owner, this.clock.instant().plus(this.settings.lease()), id -> true);
	}

	/**
	 * A send slot: one of this instance's workers, counted against an endpoint's limit.
	 *
	 * @param target the endpoint
	 * @param endpointCount the endpoint's sends in flight, this one included
	 */
	record Slot(EndpointTarget target, AtomicInteger endpointCount) {
	}

	/** Release a claim this instance will not send; it is due again, so the next round claims. */
	private void giveBack(ClaimedDelivery delivery) {
		this.repository.release(delivery.id(), this.owner);
		this.claimWanted.set(true);
	}

	/**
	 * Send one claimed delivery and record the attempt and the delivery's new state.
	 * @param delivery the claimed delivery
	 * @param target the endpoint
	 * @param test whether this is a test event (no retries, no effect on the endpoint)
	 * @return the recorded attempt
	 */
	NewAttempt attempt(ClaimedDelivery delivery, EndpointTarget target, boolean test) {
		Instant startedAt = this.clock.instant();
		OutgoingRequest request = this.requests.create(target, delivery.event());
		SendResult result = this.observer.observeSend(target, request, delivery.event().type(),
				() -> this.sender.send(request));
		Instant finishedAt = this.clock.instant();
		int retry = delivery.retryCount() + 1;
		Outcome outcome;
		String label;
		boolean disableGone = false;
		boolean finallyFailed = false;
		if (result.isSuccess()) {
			outcome = new Outcome(DeliveryStatus.DELIVERED, delivery.retryCount(), finishedAt, result.statusCode(),
					null, finishedAt);
			label = "DELIVERED";
		}
		else {
			String error = (result.error() != null) ? result.error() : "Receiver answered " + result.statusCode();
			Duration delay = (test || isGone(result)) ? null : this.retryPolicy.delayBefore(retry, result.retryAfter());
			if (delay != null) {
				outcome = new Outcome(DeliveryStatus.PENDING, retry, finishedAt.plus(delay), result.statusCode(), error,
						finishedAt);
				label = "RETRY_SCHEDULED";
			}
			else {
				outcome = new Outcome(DeliveryStatus.FAILED, delivery.retryCount(), finishedAt, result.statusCode(),
						error, finishedAt);
				label = "FAILED";
				disableGone = !test && isGone(result);
				finallyFailed = !test && !disableGone;
			}
		}
		NewAttempt attempt = new NewAttempt(delivery.attemptCount() + 1, startedAt, result.durationMillis(),
				request.displayUrl(), headerLines(request.headers(), true), result.statusCode(),
				result.responseHeaders().isEmpty() ? null : headerLines(result.responseHeaders(), false),
				result.responseExcerpt(), result.error(), label);
		this.observer.attempted(target, delivery.event().type(), label, result,
				result.isSuccess() ? Duration.between(delivery.event().createdAt(), finishedAt) : null);
		if (test) {
			if (!this.repository.complete(delivery, this.owner, outcome, attempt)) {
				logger.warn("ShopHooks lost the claim on test delivery " + delivery.id());
			}
			return attempt;
		}
		Completion.Kind kind = result.isSuccess() ? Completion.Kind.SUCCESS
				: disableGone ? Completion.Kind.GONE
						: finallyFailed ? Completion.Kind.FINAL_FAILURE : Completion.Kind.RETRY;
		this.completions.add(new Completion(delivery, outcome, attempt, target.id(), kind));
		return attempt;
	}

	/**
	 * Writes finished attempts in batches: whatever finished while the previous batch was
	 * being written goes in the next one, in one transaction.
	 */
	private void writeCompletions() {
		List<Completion> batch = new ArrayList<>(256);
		while (this.running || !this.completions.isEmpty() || this.inFlight.get() > 0) {
			try {
				Completion first = this.completions.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					if (!this.running && this.workersDone) {
						return;
					}
					continue;
				}
				batch.add(first);
				this.completions.drainTo(batch, 255);
				try {
					writeBatch(batch);
				}
				finally {
					batch.forEach(item -> this.held.remove(item.delivery().id()));
					wakeIfClaimsWait();
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

	private void writeBatch(List<Completion> batch) throws InterruptedException {
		boolean[] held = null;
		// Keep trying through a database restart or a dropped connection, for a minute or the
		// lease if longer: a lease that ran out meanwhile only means the row says so (another
		// instance may have sent it again), which the recording checks.
		long giveUpAt = System.nanoTime() + Math.max(this.settings.lease().toNanos(), 60_000_000_000L);
		for (int attempt = 1; held == null; attempt++) {
			try {
				held = this.repository.completeAll(batch, this.owner);
			}
			catch (RuntimeException ex) {
				boolean stopping = !this.running && attempt >= 5;
				if (stopping || System.nanoTime() > giveUpAt) {
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
		java.util.Set<Long> succeeded = new HashSet<>();
		for (int i = 0; i < batch.size(); i++) {
			Completion item = batch.get(i);
			if (!held[i]) {
				logger.warn("ShopHooks lease on delivery " + item.delivery().id()
						+ " expired before the attempt finished; another instance may send it again");
				continue;
			}
			if (item.kind() == Completion.Kind.RETRY) {
				// the next whole millisecond: claims compare whole milliseconds with a stored time
				// that may carry microseconds
				long due = item.outcome().nextAttemptAt().toEpochMilli() + 1;
				if (this.earliestRetry.getAndAccumulate(due, Math::min) > due) {
					// the loop sleeps until the earliest retry it knows of: tell it of an earlier one
					wakeLoop();
				}
			}
			if (item.delivery().event().orderingKey() != null && this.endpoints.target(item.endpointId())
				.map(target -> target.options().ordered())
				.orElse(false)) {
				// the next delivery of its key may be claimed now
				this.claimWanted.set(true);
			}
			try {
				switch (item.kind()) {
					case SUCCESS -> succeeded.add(item.endpointId());
					case GONE -> this.endpoints.disable(item.endpointId(),
							"The receiver answered 410 Gone at " + item.outcome().updatedAt(), true);
					case FINAL_FAILURE -> this.endpoints.recordFailedDelivery(item.endpointId(),
							this.settings.disableAfterFailedDeliveries());
					case RETRY -> {
					}
				}
			}
			catch (RuntimeException ex) {
				logger.warn("ShopHooks could not update endpoint " + item.endpointId() + ": " + ex.getMessage());
			}
		}
		for (Long endpointId : succeeded) {
			try {
				this.endpoints.recordSuccessfulDelivery(endpointId);
			}
			catch (RuntimeException ex) {
				logger.warn("ShopHooks could not update endpoint " + endpointId + ": " + ex.getMessage());
			}
		}
	}

	private static boolean isGone(SendResult result) {
		return result.statusCode() != null && result.statusCode() == 410;
	}

	private static String headerLines(Map<String, String> headers, boolean maskCredentials) {
		StringBuilder lines = new StringBuilder();
		headers.forEach((name, value) -> {
			String shown = (maskCredentials && name.equalsIgnoreCase("Authorization"))
					? value.substring(0, Math.max(0, value.indexOf(' ') + 1)) + "****" : value;
			lines.append(name).append(": ").append(shown).append('\n');
		});
		return lines.toString();
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
