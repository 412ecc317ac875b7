package io.shophooks.webhook.dispatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.endpoint.EndpointTarget;

/**
 * This instance's send slots: its workers ({@code concurrency}), each endpoint's own
 * limit, and a fair share of the workers per endpoint once several are busy, so that
 * receivers that hang cannot take every worker together (the share leaves room for one
 * more endpoint than are busy). Also the claims this instance holds, sending or sent and
 * waiting to be recorded: at most four per worker, so that if recording stalls (the
 * database is away) claiming stops instead of piling up sends that would all go out
 * again once their leases expire.
 */
final class SendSlots {

	private static final int MAX_HELD_PER_WORKER = 4;

	private final int concurrency;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Map<Long, AtomicInteger> inFlightByEndpoint = new ConcurrentHashMap<>();

	private final Map<Long, Integer> endpointLimits = new ConcurrentHashMap<>();

	private final Set<Long> held = ConcurrentHashMap.newKeySet();

	SendSlots(int concurrency) {
		this.concurrency = concurrency;
	}

	/**
	 * A send slot: one of this instance's workers, counted against an endpoint's limit.
	 *
	 * @param target the endpoint
	 * @param endpointCount the endpoint's sends in flight, this one included
	 */
	record Slot(EndpointTarget target, AtomicInteger endpointCount) {
	}

	/**
	 * How many more deliveries this instance may take now.
	 * @return free workers, fewer if the claims held are at their bound
	 */
	int free() {
		return Math.min(this.concurrency - this.inFlight.get(),
				this.concurrency * MAX_HELD_PER_WORKER - this.held.size());
	}

	/**
	 * Take a slot for one send to an endpoint.
	 * @param target the endpoint
	 * @param limit the most sends to it at once, this one included
	 * @param withinWorkers whether to refuse when every worker is taken (a claim already
	 * sized to the free workers need not check)
	 * @return the slot, or {@code null} (and nothing counted) if there is no room
	 */
	@Nullable Slot take(EndpointTarget target, int limit, boolean withinWorkers) {
		if (this.inFlight.incrementAndGet() > this.concurrency && withinWorkers) {
			this.inFlight.decrementAndGet();
			return null;
		}
		this.endpointLimits.put(target.id(), target.maxConcurrency());
		AtomicInteger endpointCount = this.inFlightByEndpoint.computeIfAbsent(target.id(), id -> new AtomicInteger());
		if (endpointCount.incrementAndGet() > limit) {
			endpointCount.decrementAndGet();
			this.inFlight.decrementAndGet();
			return null;
		}
		return new Slot(target, endpointCount);
	}

	/**
	 * Sends in flight on this instance.
	 * @return how many
	 */
	int inFlight() {
		return this.inFlight.get();
	}

	/** Give a slot back. */
	void free(Slot slot) {
		slot.endpointCount().decrementAndGet();
		this.inFlight.decrementAndGet();
	}

	/**
	 * The most sends to one endpoint at once: a share that always leaves room for one more
	 * endpoint. Alone, an endpoint may use all workers but an eighth (at least two), so one
	 * whose receiver hangs can never take every worker from the others.
	 * @return the share
	 */
	int fairShare() {
		int busy = 0;
		for (AtomicInteger count : this.inFlightByEndpoint.values()) {
			busy += (count.get() > 0) ? 1 : 0;
		}
		int alone = Math.max(1, this.concurrency - Math.max(2, this.concurrency / 8));
		return (busy <= 1) ? alone : Math.max(2, this.concurrency / (busy + 1));
	}

	/**
	 * Endpoints that get no new claims now: those at their own limit, and those at their
	 * fair share.
	 * @return their ids
	 */
	Set<Long> saturated() {
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

	/**
	 * Which of a fan-out's new deliveries fit: asked once per delivery with its endpoint,
	 * it answers yes while the budget lasts and the endpoint has room within its limit and
	 * fair share (counting the ones already said yes to); never for endpoints gone,
	 * disabled or ordered. Nothing is counted: the caller takes the slots when it sends.
	 * @param budget the most deliveries to say yes to
	 * @param targets the endpoint of an id, or {@code null}
	 * @return the predicate
	 */
	LongPredicate fits(int budget, LongFunction<@Nullable EndpointTarget> targets) {
		int share = fairShare();
		Map<Long, Integer> taken = new HashMap<>();
		int[] left = { budget };
		return endpointId -> {
			if (left[0] <= 0) {
				return false;
			}
			EndpointTarget target = targets.apply(endpointId);
			if (target == null || !target.sendable() || target.options().ordered()) {
				return false;
			}
			int room = room(target, share) - taken.getOrDefault(endpointId, 0);
			if (room <= 0) {
				return false;
			}
			taken.merge(endpointId, 1, Integer::sum);
			left[0]--;
			return true;
		};
	}

	/**
	 * The most deliveries one endpoint can be given now: its limit or the fair share, less
	 * what it is sending, for the endpoint with the most room. A claim takes no more of any
	 * one endpoint, so that a backlog for an endpoint at its limit is not claimed only to be
	 * given back, row by row, round after round.
	 * @param targets the enabled endpoints
	 * @return the room, 0 when every endpoint is full
	 */
	int largestRoom(Collection<EndpointTarget> targets) {
		int share = fairShare();
		int largest = 0;
		for (EndpointTarget target : targets) {
			largest = Math.max(largest, room(target, share));
		}
		return largest;
	}

	/** How many more sends an endpoint may have now: its limit or the share, less what it is sending. */
	private int room(EndpointTarget target, int share) {
		AtomicInteger sending = this.inFlightByEndpoint.get(target.id());
		return Math.min(share, target.maxConcurrency()) - ((sending != null) ? sending.get() : 0);
	}

	/** A claim is held from here until it is recorded or given back. */
	void hold(long deliveryId) {
		this.held.add(deliveryId);
	}

	/** A claim is recorded or given back. */
	void release(long deliveryId) {
		this.held.remove(deliveryId);
	}

	/**
	 * The claims held now, for their lease renewal.
	 * @return their delivery ids
	 */
	List<Long> held() {
		return List.copyOf(this.held);
	}

	/** Forget every claim (after shutdown released them). */
	void releaseAll() {
		this.held.clear();
	}

}
