package io.shophooks.webhook.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.endpoint.EndpointRepository.StoredEndpoint;
import io.shophooks.webhook.jdbc.Tables;

/**
 * Creates, changes and removes endpoints, validating every input first
 * ({@link EndpointValidation}): a rejected definition changes nothing. Secrets are
 * encrypted before they reach the database ({@link EndpointRecords}); who gets which
 * events is kept in memory ({@link SubscriptionIndex}). Also counts an endpoint's
 * failures in a row, which may disable it.
 */
public class EndpointService {

	private static final Log logger = LogFactory.getLog(EndpointService.class);

	/**
	 * How long a count of failures in a row that this instance set to zero is taken to be
	 * still zero: successes in that time write nothing (one statement per recorded batch
	 * otherwise). A failure counted here forgets it at once; one counted by another
	 * instance is reset by the first success after this time.
	 */
	private static final long FAILURES_KNOWN_ZERO_NANOS = Duration.ofSeconds(1).toNanos();

	private final Map<Long, Long> failuresKnownZero = new ConcurrentHashMap<>();

	private final EndpointRepository repository;

	private final EndpointValidation validation;

	private final EndpointRecords records;

	private final SubscriptionIndex index;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Duration rotationOverlap;

	private ApplicationEventPublisher events = event -> {
	};

	public EndpointService(JdbcTemplate jdbc, Tables tables, SecretCipher cipher, TargetPolicy targetPolicy,
			KnownEventTypes registry, TransactionTemplate transactions, Clock clock, int defaultMaxConcurrency,
			Duration rotationOverlap) {
		this.repository = new EndpointRepository(jdbc, tables, transactions);
		this.validation = new EndpointValidation(targetPolicy, registry);
		this.records = new EndpointRecords(cipher, clock, defaultMaxConcurrency);
		this.index = new SubscriptionIndex(this.repository, this.records);
		this.transactions = transactions;
		this.clock = clock;
		this.rotationOverlap = rotationOverlap;
	}

	/**
	 * Where {@link EndpointDisabled} and {@link EndpointEnabled} events go.
	 * @param events the publisher, usually the application context
	 */
	public void setEventPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * Check a definition without saving it.
	 * @param definition the definition
	 * @param existing the endpoint being edited, or {@code null} when creating
	 * @return messages by field, empty when valid
	 */
	public Map<String, String> validate(EndpointDefinition definition, @Nullable Endpoint existing) {
		return this.validation.validate(definition, existing);
	}

	/**
	 * Create an endpoint. When signing is on and no secret is given one is generated.
	 * @param definition the definition
	 * @return the endpoint and its secret, shown this once
	 * @throws InvalidEndpointException if the definition is invalid
	 */
	public CreatedEndpoint create(EndpointDefinition definition) {
		throwIfInvalid(validate(definition, null));
		String secret = null;
		if (definition.signing()) {
			secret = (definition.secret() != null && !definition.secret().isEmpty()) ? definition.secret()
					: SigningSecrets.generate();
		}
		StoredEndpoint stored = this.records.toStored(definition, null, secret);
		long id = this.repository.insert(stored, this.clock.instant());
		changed(id);
		logger.info("Webhook endpoint " + id + " created for " + stored.url());
		return new CreatedEndpoint(get(id), secret);
	}

	/**
	 * Change an endpoint. Secrets given as {@code null} are kept.
	 * @param id the endpoint id
	 * @param definition the new definition
	 * @return the endpoint
	 * @throws InvalidEndpointException if the definition is invalid
	 * @throws EndpointNotFoundException if there is no such endpoint
	 */
	public Endpoint update(long id, EndpointDefinition definition) {
		StoredEndpoint current = stored(id);
		Map<String, String> errors = new LinkedHashMap<>(validate(definition, this.records.toEndpoint(current)));
		errors.putAll(unreadableKept(definition, current));
		throwIfInvalid(errors);
		String secret = null;
		if (definition.signing()) {
			if (definition.secret() != null && !definition.secret().isEmpty()) {
				secret = definition.secret();
			}
			else if (current.secretEnc() != null) {
				secret = this.records.decrypt(current.secretEnc());
			}
			else {
				secret = SigningSecrets.generate();
			}
		}
		this.repository.update(id, this.records.toStored(definition, current, secret), this.clock.instant());
		changed(id);
		return get(id);
	}

	/**
	 * Replace the signing secret; the previous one keeps signing for
	 * {@code shophooks.webhook.security.secret-rotation-overlap}.
	 * @param id the endpoint id
	 * @return the new secret, shown this once
	 */
	public String rotateSecret(long id) {
		return rotateSecret(id, this.rotationOverlap);
	}

	/**
	 * Replace the signing secret. During the overlap both the old and the new secret sign
	 * every request (two {@code v1,} entries in {@code webhook-signature}).
	 * @param id the endpoint id
	 * @param overlap how long the previous secret keeps signing
	 * @return the new secret, shown this once
	 * @throws SecretStillValidException if the secret before the current one still signs
	 */
	public String rotateSecret(long id, Duration overlap) {
		return rotateSecret(id, overlap, false);
	}

	/**
	 * Replace the signing secret. During the overlap both the old and the new secret sign
	 * every request. Only one earlier secret is kept: while the one before the current
	 * still signs, a rotation would stop it at once, so it is refused unless cut short.
	 * @param id the endpoint id
	 * @param overlap how long the previous secret keeps signing
	 * @param cutShort whether to rotate even if that stops a still-valid earlier secret
	 * @return the new secret, shown this once
	 * @throws SecretStillValidException if an earlier secret still signs and
	 * {@code cutShort} is {@code false}
	 */
	public String rotateSecret(long id, Duration overlap, boolean cutShort) {
		StoredEndpoint current = stored(id);
		Instant now = this.clock.instant();
		if (!cutShort && current.previousSecretEnc() != null && current.previousSecretExpiresAt() != null
				&& current.previousSecretExpiresAt().isAfter(now)) {
			throw new SecretStillValidException(current.previousSecretExpiresAt());
		}
		String secret = SigningSecrets.generate();
		boolean keepPrevious = current.secretEnc() != null && this.records.readable(current.secretEnc())
				&& !overlap.isZero() && !overlap.isNegative();
		this.repository.rotate(id, Objects.requireNonNull(this.records.encrypt(secret)),
				keepPrevious ? current.secretEnc() : null, keepPrevious ? now.plus(overlap) : null, now);
		changed(id);
		logger.info("Signing secret of webhook endpoint " + id + " rotated; previous secret valid for " + overlap);
		return secret;
	}

	/**
	 * Enable an endpoint; its waiting deliveries are sent at once.
	 * @param id the endpoint id
	 */
	public void enable(long id) {
		StoredEndpoint endpoint = stored(id);
		Instant now = this.clock.instant();
		if (this.repository.setEnabled(id, true, null, now)) {
			logger.info("Webhook endpoint " + id + " enabled");
			// the dispatcher hears of it and sends what waited for it at once
			this.events.publishEvent(new EndpointEnabled(id, endpoint.name(), now));
		}
		changed(id);
	}

	/**
	 * Disable an endpoint; nothing is sent to it until it is enabled again.
	 * @param id the endpoint id
	 * @param reason why, shown to the store owner
	 */
	public void disable(long id, String reason) {
		disable(id, reason, false);
	}

	/**
	 * Disable an endpoint.
	 * @param id the endpoint id
	 * @param reason why, shown to the store owner
	 * @param automatic whether ShopHooks decided it (a 410, failures) rather than a person
	 */
	public void disable(long id, String reason, boolean automatic) {
		StoredEndpoint endpoint = stored(id);
		Instant now = this.clock.instant();
		if (this.repository.setEnabled(id, false, truncate(reason, 1000), automatic, now)) {
			logger.warn("Webhook endpoint " + id + " disabled: " + reason);
			this.events.publishEvent(new EndpointDisabled(id, endpoint.name(), endpoint.url(), reason, automatic, now));
		}
		changed(id);
	}

	/**
	 * Delete an endpoint with its deliveries and attempts.
	 * @param id the endpoint id
	 */
	public void delete(long id) {
		stored(id);
		// Stop new claims first, so the delete competes only with sends already in flight.
		this.repository.setEnabled(id, false, "Being deleted", this.clock.instant());
		changed(id);
		for (int attempt = 1;; attempt++) {
			try {
				if (!this.repository.delete(id)) {
					throw new EndpointNotFoundException(id);
				}
				break;
			}
			catch (PessimisticLockingFailureException ex) {
				// A dispatcher was recording a finished send of this endpoint at the same moment.
				if (attempt >= 5) {
					throw ex;
				}
				try {
					Thread.sleep(50L * attempt);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
		changed(id);
		logger.info("Webhook endpoint " + id + " deleted");
	}

	public Optional<Endpoint> find(long id) {
		return this.repository.find(id).map(this.records::toEndpoint);
	}

	/**
	 * @param id the endpoint id
	 * @return the endpoint
	 * @throws EndpointNotFoundException if there is no such endpoint
	 */
	public Endpoint get(long id) {
		return this.records.toEndpoint(stored(id));
	}

	public List<Endpoint> list() {
		return this.repository.findAll().stream().map(this.records::toEndpoint).toList();
	}

	/**
	 * The enabled endpoints that get an event, from the short-lived cache of
	 * {@link SubscriptionIndex}.
	 * @param eventType the event type
	 * @param payload the event's payload JSON
	 * @return the endpoint ids
	 */
	public List<Long> subscribers(String eventType, Supplier<String> payload) {
		return this.index.subscribers(eventType, payload);
	}

	/**
	 * The subscriptions as this instance last loaded them, with their version (see
	 * {@link SubscriptionIndex#subscriptions()}).
	 * @return the subscriptions
	 */
	public Subscriptions subscriptions() {
		return this.index.subscriptions();
	}

	/**
	 * Subscriptions at least as new as a version read in the caller's transaction.
	 * @param version the version
	 * @return the subscriptions
	 */
	public Subscriptions subscriptions(long version) {
		return this.index.subscriptions(version);
	}

	/**
	 * The ids of the enabled endpoints, from a cache at most two seconds old.
	 * @return the ids
	 */
	public List<Long> enabledEndpointIds() {
		return this.index.enabledEndpointIds();
	}

	/**
	 * The endpoint with secrets decrypted, for the sender, cached for two seconds.
	 * @param id the endpoint id
	 * @return the target, or empty when the endpoint was deleted
	 */
	public Optional<EndpointTarget> target(long id) {
		return this.index.target(id);
	}

	/**
	 * Record a delivery that finally failed; disables the endpoint after the configured
	 * number in a row.
	 * @param id the endpoint id
	 * @param disableAfter how many failed deliveries in a row disable the endpoint
	 * @return whether the endpoint was disabled now
	 */
	public boolean recordFailedDelivery(long id, int disableAfter) {
		this.failuresKnownZero.remove(id);
		Integer failures = this.transactions.execute(status -> this.repository.countFailure(id));
		if (disableAfter > 0 && failures != null && failures >= disableAfter) {
			disable(id, failures + " deliveries in a row failed after all retries", true);
			return true;
		}
		return false;
	}

	/**
	 * A real delivery's attempt failed (it will be retried, or it gave up): a working
	 * endpoint is now failing, and {@link EndpointFailing} is published, once, by the one
	 * instance that changed its state.
	 * @param id the endpoint id
	 * @param at when the attempt ended
	 * @param error what it got
	 * @return whether the endpoint changed to failing
	 */
	public boolean attemptFailed(long id, Instant at, @Nullable String error) {
		if (!this.repository.startFailing(id, at)) {
			return false;
		}
		changed(id);
		StoredEndpoint endpoint = this.repository.find(id).orElse(null);
		if (endpoint != null) {
			logger.warn("Webhook endpoint " + id + " (" + endpoint.name() + ") is failing: " + error);
			this.events.publishEvent(new EndpointFailing(id, endpoint.name(), endpoint.url(), at, error));
		}
		return true;
	}

	/**
	 * A real delivery succeeded: a failing endpoint works again, and
	 * {@link EndpointRecovered} is published, once.
	 * @param id the endpoint id
	 * @param at when the attempt ended
	 * @return whether the endpoint changed to working
	 */
	public boolean attemptSucceeded(long id, Instant at) {
		StoredEndpoint endpoint = this.repository.find(id).orElse(null);
		if (endpoint == null || endpoint.failingSince() == null
				|| !this.repository.stopFailing(id, endpoint.failingSince())) {
			return false;
		}
		changed(id);
		logger.info("Webhook endpoint " + id + " (" + endpoint.name() + ") delivers again");
		this.events.publishEvent(new EndpointRecovered(id, endpoint.name(), endpoint.url(),
				endpoint.failingSince(), at));
		return true;
	}

	/**
	 * Tell the host that a delivery gave up ({@link DeliveryExhausted}).
	 * @param exhausted what gave up
	 */
	public void deliveryExhausted(DeliveryExhausted exhausted) {
		this.events.publishEvent(exhausted);
	}

	/**
	 * Record a successful delivery, which resets the count of failures in a row.
	 * @param id the endpoint id
	 */
	public void recordSuccessfulDelivery(long id) {
		long now = System.nanoTime();
		Long until = this.failuresKnownZero.get(id);
		if (until != null && now - until < 0) {
			return;
		}
		this.repository.resetFailures(id);
		this.failuresKnownZero.put(id, now + FAILURES_KNOWN_ZERO_NANOS);
	}

	/**
	 * Secrets an update would keep but that cannot be decrypted with the configured keys:
	 * the owner must enter them again (or the old key be configured).
	 */
	private Map<String, String> unreadableKept(EndpointDefinition definition, StoredEndpoint current) {
		Map<String, String> errors = new LinkedHashMap<>();
		String again = " cannot be decrypted with the configured encryption key; enter it again";
		if (definition.signing() && (definition.secret() == null || definition.secret().isEmpty())
				&& !this.records.readable(current.secretEnc())) {
			errors.put("secret", "The stored signing secret" + again + " or rotate it");
		}
		if (definition.urlToken() == null && !this.records.readable(current.urlTokenEnc())) {
			errors.put("urlToken", "The stored URL token" + again);
		}
		if (definition.basicUsername() != null && !definition.basicUsername().isEmpty()
				&& definition.basicPassword() == null && !this.records.readable(current.basicPasswordEnc())) {
			errors.put("basicPassword", "The stored Basic Auth password" + again);
		}
		return errors;
	}

	/**
	 * The error for an endpoint whose secrets cannot be decrypted.
	 * @param id the endpoint id
	 * @return the exception to throw
	 */
	public UnreadableSecretException unreadable(long id) {
		return new UnreadableSecretException("The secrets of webhook endpoint " + id + " cannot be decrypted with "
				+ SecretCipher.KEY_PROPERTY + ": configure the old key in " + SecretCipher.PREVIOUS_KEYS_PROPERTY
				+ ", or enter the endpoint's secrets again. Its deliveries wait meanwhile.");
	}

	/**
	 * Re-encrypt, with the current key, every stored secret that was written with a
	 * previous one (see {@link SecretCipher#PREVIOUS_KEYS_PROPERTY}). Safe to run on
	 * several instances at once: a value is replaced only while it is still the one read.
	 * @return how many endpoints were re-encrypted
	 */
	public int reencryptSecrets() {
		int changed = 0;
		List<Long> unreadable = new ArrayList<>();
		for (StoredEndpoint endpoint : this.repository.findAll()) {
			if (!this.records.readable(endpoint)) {
				unreadable.add(endpoint.id());
			}
			if (this.repository.reencrypt(endpoint, this.records::reencrypt) > 0) {
				changed++;
				changed(endpoint.id());
			}
		}
		if (changed > 0) {
			logger.info("ShopHooks re-encrypted the secrets of " + changed + " webhook endpoint(s) with the current "
					+ SecretCipher.KEY_PROPERTY);
		}
		if (!unreadable.isEmpty()) {
			logger.warn("The secrets of webhook endpoint(s) " + unreadable + " cannot be decrypted with "
					+ SecretCipher.KEY_PROPERTY + " or " + SecretCipher.PREVIOUS_KEYS_PROPERTY
					+ "; nothing is sent to them (their deliveries wait) until the old key is configured "
					+ "or their secrets are entered again");
		}
		return changed;
	}

	private void changed(long id) {
		this.index.changed(id);
	}

	private StoredEndpoint stored(long id) {
		return this.repository.find(id).orElseThrow(() -> new EndpointNotFoundException(id));
	}

	private void throwIfInvalid(Map<String, String> errors) {
		if (!errors.isEmpty()) {
			throw new InvalidEndpointException(errors);
		}
	}

	private static String truncate(String value, int max) {
		return (value.length() <= max) ? value : value.substring(0, max);
	}

}
