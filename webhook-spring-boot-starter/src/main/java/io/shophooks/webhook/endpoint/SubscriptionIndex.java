package io.shophooks.webhook.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.endpoint.EndpointRepository.StoredEndpoint;
import io.shophooks.webhook.filter.EventTypePatterns;
import io.shophooks.webhook.filter.WebhookFilter;

/**
 * Who gets which events, in memory: the enabled endpoints with their subscriptions,
 * filters and decrypted credentials. A change made on this instance counts at once; one
 * made on another instance counts for a publishing transaction as soon as it reads the
 * new version (see {@link Subscriptions}), and for everything else within two seconds.
 */
final class SubscriptionIndex {

	private static final long TARGET_CACHE_NANOS = Duration.ofSeconds(2).toNanos();

	private final EndpointRepository repository;

	private final EndpointRecords records;

	private final Map<Long, CachedTarget> targets = new ConcurrentHashMap<>();

	private final AtomicLong changes = new AtomicLong();

	SubscriptionIndex(EndpointRepository repository, EndpointRecords records) {
		this.repository = repository;
		this.records = records;
	}

	/** An endpoint changed on this instance: forget what is cached. */
	void changed(long id) {
		this.targets.remove(id);
		this.changes.incrementAndGet();
	}

	/**
	 * The enabled endpoints that get an event: subscribed to its type and, where an
	 * endpoint has a filter, matching it. The payload is read only if a filter needs it.
	 * @param eventType the event type
	 * @param payload the event's payload JSON
	 * @return the endpoint ids
	 */
	List<Long> subscribers(String eventType, Supplier<String> payload) {
		return subscribers(enabledTargets(), eventType, payload);
	}

	/**
	 * The subscriptions as this instance last loaded them, with their version: loaded now
	 * if it never did or changed an endpoint itself since. A publishing transaction
	 * writes with them on the condition that the version is still the committed one, and
	 * asks for {@link #subscriptions(long) newer ones} if it is not.
	 * @return the subscriptions
	 */
	Subscriptions subscriptions() {
		CachedTargets cached = this.allTargets;
		if (cached != null && cached.generation() == this.changes.get()) {
			return new Subscriptions(cached.version(), cached.targets());
		}
		long version = this.repository.version();
		return new Subscriptions(version, loadTargets(version));
	}

	/**
	 * Subscriptions at least as new as a version read in the caller's transaction: every
	 * change committed before that read is in them.
	 * @param version the version
	 * @return the subscriptions
	 */
	Subscriptions subscriptions(long version) {
		CachedTargets cached = this.allTargets;
		if (cached != null && cached.version() >= version && cached.generation() == this.changes.get()) {
			return new Subscriptions(cached.version(), cached.targets());
		}
		return new Subscriptions(version, loadTargets(version));
	}

	static List<Long> subscribers(List<EndpointTarget> targets, String eventType,
			Supplier<String> payload) {
		List<Long> ids = new ArrayList<>();
		tools.jackson.databind.JsonNode parsed = null;
		for (EndpointTarget target : targets) {
			if (!EventTypePatterns.matchesAny(target.eventTypes(), eventType)) {
				continue;
			}
			WebhookFilter filter = target.filter();
			if (filter != null) {
				if (parsed == null) {
					parsed = tools.jackson.databind.json.JsonMapper.shared().readTree(payload.get());
				}
				if (!filter.matches(parsed)) {
					continue;
				}
			}
			ids.add(target.id());
		}
		return ids;
	}

	private volatile @Nullable CachedTargets allTargets;

	/**
	 * The ids of the enabled endpoints, from the same short-lived cache as
	 * {@link #subscribers}.
	 * @return the ids
	 */
	List<Long> enabledEndpointIds() {
		return enabledTargets().stream().map(EndpointTarget::id).toList();
	}

	private List<EndpointTarget> enabledTargets() {
		CachedTargets cached = this.allTargets;
		long now = System.nanoTime();
		if (cached != null && now - cached.loadedAt() < TARGET_CACHE_NANOS && cached.generation() == this.changes.get()) {
			return cached.targets();
		}
		return loadTargets(this.repository.version());
	}

	/** Load the enabled endpoints, which are at least as new as {@code version} (read before). */
	private List<EndpointTarget> loadTargets(long version) {
		long now = System.nanoTime();
		long generation = this.changes.get();
		List<EndpointTarget> loaded = this.repository.findAll()
			.stream()
			.filter(StoredEndpoint::enabled)
			.map(this.records::toTarget)
			.toList();
		this.allTargets = new CachedTargets(loaded, now, generation, version);
		return loaded;
	}

	/**
	 * The endpoint with secrets decrypted, for the sender, cached for two seconds.
	 * @param id the endpoint id
	 * @return the target, or empty when the endpoint was deleted
	 */
	Optional<EndpointTarget> target(long id) {
		long now = System.nanoTime();
		CachedTarget cached = this.targets.get(id);
		if (cached != null && now - cached.loadedAt() < TARGET_CACHE_NANOS) {
			return Optional.of(cached.target());
		}
		Optional<EndpointTarget> target = this.repository.find(id).map(this.records::toTarget);
		target.ifPresentOrElse(t -> this.targets.put(id, new CachedTarget(t, now)), () -> this.targets.remove(id));
		return target;
	}

	private record CachedTarget(EndpointTarget target, long loadedAt) {
	}

	private record CachedTargets(List<EndpointTarget> targets, long loadedAt, long generation, long version) {
	}

}
