package io.shophooks.webhook.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.InvalidWebhookException;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.endpoint.EndpointRepository.StoredEndpoint;
import io.shophooks.webhook.filter.FieldSelection;
import io.shophooks.webhook.filter.WebhookFilter;
import io.shophooks.webhook.jdbc.Tables;

/**
 * Creates, changes and removes endpoints, validating every input first: a rejected
 * definition changes nothing. Secrets are encrypted before they reach the database.
 */
public class EndpointService {

	private static final Log logger = LogFactory.getLog(EndpointService.class);

	private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

	private static final long TARGET_CACHE_NANOS = Duration.ofSeconds(2).toNanos();

	private final EndpointRepository repository;

	private final SecretCipher cipher;

	private final TargetPolicy targetPolicy;

	private final EventTypeRegistry registry;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final int defaultMaxConcurrency;

	private final Duration rotationOverlap;

	private ApplicationEventPublisher events = event -> {
	};

	private final Map<Long, CachedTarget> targets = new ConcurrentHashMap<>();

	private final AtomicLong changes = new AtomicLong();

	public EndpointService(JdbcTemplate jdbc, Tables tables, SecretCipher cipher, TargetPolicy targetPolicy,
			EventTypeRegistry registry, TransactionTemplate transactions, Clock clock, int defaultMaxConcurrency,
			Duration rotationOverlap) {
		this.repository = new EndpointRepository(jdbc, tables, transactions);
		this.cipher = cipher;
		this.targetPolicy = targetPolicy;
		this.registry = registry;
		this.transactions = transactions;
		this.clock = clock;
		this.defaultMaxConcurrency = defaultMaxConcurrency;
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
	/** Blank, or only zero-width and other format characters that show nothing. */
	private static boolean hasVisibleCharacter(String text) {
		return text.codePoints()
			.anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
					&& Character.getType(c) != Character.FORMAT && !Character.isISOControl(c));
	}

	public Map<String, String> validate(EndpointDefinition definition, @Nullable Endpoint existing) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (definition.name() == null || !hasVisibleCharacter(definition.name())) {
			errors.put("name", "Enter a name");
		}
		else {
			putIfProblem(errors, "name", TextLimits.problem("The name", definition.name(), 200));
		}
		DeliveryOptions options = definition.options();
		putIfProblem(errors, "filter", TextLimits.problem("The filter", options.filter(), TextLimits.FILTER));
		putIfProblem(errors, "includeFields",
				TextLimits.listProblem("The included fields", options.includeFields(), TextLimits.INCLUDE_FIELDS));
		putIfProblem(errors, "eventTypes",
				TextLimits.listProblem("The event types", definition.eventTypes(), TextLimits.EVENT_TYPES));
		putIfProblem(errors, "urlTokenParameter", TextLimits.problem("The token's parameter name",
				definition.urlTokenParameter(), TextLimits.TOKEN_PARAMETER));
		putIfProblem(errors, "urlToken", TextLimits.problem("The URL token", definition.urlToken(), 500));
		putIfProblem(errors, "basicUsername", TextLimits.problem("The user name", definition.basicUsername(), 200));
		putIfProblem(errors, "basicPassword", TextLimits.problem("The password", definition.basicPassword(), 500));
		putIfProblem(errors, "secret", TextLimits.problem("The secret", definition.secret(), TextLimits.SECRET));
		if (options.filter() != null && !errors.containsKey("filter")) {
			try {
				WebhookFilter.parse(options.filter().strip());
			}
			catch (InvalidWebhookException ex) {
				errors.put("filter", ex.getMessage());
			}
		}
		if (!errors.containsKey("includeFields")) {
			try {
				FieldSelection.validate(options.includeFields());
			}
			catch (InvalidWebhookException ex) {
				errors.put("includeFields", ex.getMessage());
			}
		}
		try {
			this.targetPolicy.validateUrl(definition.url());
		}
		catch (InvalidWebhookException ex) {
			errors.put("url", ex.getMessage());
		}
		String typesError = validateEventTypes(definition.eventTypes());
		if (typesError != null) {
			errors.putIfAbsent("eventTypes", typesError);
		}
		if (definition.urlToken() != null && !definition.urlToken().isEmpty()) {
			String parameter = definition.urlTokenParameter();
			if (parameter != null && !parameter.isEmpty() && !PARAMETER.matcher(parameter).matches()) {
				errors.put("urlTokenParameter", "Use letters, digits, '.', '_' or '-' for the token's parameter name");
			}
		}
		String username = definition.basicUsername();
		if (username != null && !username.isEmpty()) {
			if (username.contains(":")) {
				errors.putIfAbsent("basicUsername", "The user name must not contain ':'");
			}
			boolean hasStoredPassword = existing != null && existing.basicUsername() != null;
			boolean passwordGiven = definition.basicPassword() != null && !definition.basicPassword().isEmpty();
			if (!passwordGiven && !(hasStoredPassword && definition.basicPassword() == null)) {
				errors.put("basicPassword", "Enter the password for HTTP Basic authentication");
			}
		}
		if (definition.secret() != null && !definition.secret().isEmpty() && !errors.containsKey("secret")) {
			if (!definition.secret().startsWith(SigningSecrets.PREFIX)) {
				errors.put("secret", "A signing secret starts with whsec_");
			}
			else {
				try {
					SigningSecrets.key(definition.secret());
				}
				catch (IllegalArgumentException ex) {
					errors.put("secret", ex.getMessage());
				}
			}
		}
		Integer concurrency = definition.maxConcurrency();
		if (concurrency != null && (concurrency < 1 || concurrency > 256)) {
			errors.put("maxConcurrency", "Concurrency must be between 1 and 256");
		}
		return errors;
	}

	private static void putIfProblem(Map<String, String> errors, String field, @Nullable String problem) {
		if (problem != null) {
			errors.putIfAbsent(field, problem);
		}
	}

	private @Nullable String validateEventTypes(@Nullable List<String> eventTypes) {
		if (eventTypes == null || eventTypes.isEmpty()) {
			return "Choose at least one event type";
		}
		for (String type : eventTypes) {
			if (type == null || !EventTypePatterns.isValidPattern(type)) {
				return "'" + type + "' is not an event type; use e.g. order.approved, order.* or *";
			}
			if (!EventTypePatterns.isWildcard(type) && !this.registry.isKnown(type)) {
				return "Unknown event type '" + type + "'; known types: "
						+ String.join(", ", this.registry.all().stream().map(t -> t.type()).toList());
			}
		}
		return null;
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
		StoredEndpoint stored = toStored(definition, null, secret);
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
		throwIfInvalid(validate(definition, toEndpoint(current)));
		String secret = null;
		if (definition.signing()) {
			if (definition.secret() != null && !definition.secret().isEmpty()) {
				secret = definition.secret();
			}
			else if (current.secretEnc() != null) {
				secret = this.cipher.decrypt(current.secretEnc());
			}
			else {
				secret = SigningSecrets.generate();
			}
		}
		this.repository.update(id, toStored(definition, current, secret), this.clock.instant());
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
		boolean keepPrevious = current.secretEnc() != null && !overlap.isZero() && !overlap.isNegative();
		this.repository.rotate(id, Objects.requireNonNull(this.cipher.encrypt(secret)),
				keepPrevious ? current.secretEnc() : null, keepPrevious ? now.plus(overlap) : null, now);
		changed(id);
		logger.info("Signing secret of webhook endpoint " + id + " rotated; previous secret valid for " + overlap);
		return secret;
	}

	/**
	 * Enable an endpoint; its pending deliveries resume.
	 * @param id the endpoint id
	 */
	public void enable(long id) {
		StoredEndpoint endpoint = stored(id);
		Instant now = this.clock.instant();
		if (this.repository.setEnabled(id, true, null, now)) {
			logger.info("Webhook endpoint " + id + " enabled");
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
		if (this.repository.setEnabled(id, false, truncate(reason, 1000), now)) {
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
		return this.repository.find(id).map(this::toEndpoint);
	}

	/**
	 * @param id the endpoint id
	 * @return the endpoint
	 * @throws EndpointNotFoundException if there is no such endpoint
	 */
	public Endpoint get(long id) {
		return toEndpoint(stored(id));
	}

	public List<Endpoint> list() {
		return this.repository.findAll().stream().map(this::toEndpoint).toList();
	}

	/**
	 * The enabled endpoints that get an event: subscribed to its type and, where an
	 * endpoint has a filter, matching it. The payload is read only if a filter needs it.
	 * @param eventType the event type
	 * @param payload the event's payload JSON
	 * @return the endpoint ids
	 */
	public List<Long> subscribers(String eventType, java.util.function.Supplier<String> payload) {
		return subscribers(enabledTargets(), eventType, payload);
	}

	/**
	 * The subscriptions as this instance last loaded them, with their version: loaded now
	 * if it never did or changed an endpoint itself since. A publishing transaction
	 * writes with them on the condition that the version is still the committed one, and
	 * asks for {@link #subscriptions(long) newer ones} if it is not.
	 * @return the subscriptions
	 */
	public Subscriptions subscriptions() {
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
	public Subscriptions subscriptions(long version) {
		CachedTargets cached = this.allTargets;
		if (cached != null && cached.version() >= version && cached.generation() == this.changes.get()) {
			return new Subscriptions(cached.version(), cached.targets());
		}
		return new Subscriptions(version, loadTargets(version));
	}

	static List<Long> subscribers(List<EndpointTarget> targets, String eventType,
			java.util.function.Supplier<String> payload) {
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
	public List<Long> enabledEndpointIds() {
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
			.map(this::toTarget)
			.toList();
		this.allTargets = new CachedTargets(loaded, now, generation, version);
		return loaded;
	}

	/**
	 * The endpoint with secrets decrypted, for the sender, cached for two seconds.
	 * @param id the endpoint id
	 * @return the target, or empty when the endpoint was deleted
	 */
	public Optional<EndpointTarget> target(long id) {
		long now = System.nanoTime();
		CachedTarget cached = this.targets.get(id);
		if (cached != null && now - cached.loadedAt() < TARGET_CACHE_NANOS) {
			return Optional.of(cached.target());
		}
		Optional<EndpointTarget> target = this.repository.find(id).map(this::toTarget);
		target.ifPresentOrElse(t -> this.targets.put(id, new CachedTarget(t, now)), () -> this.targets.remove(id));
		return target;
	}

	/**
	 * Record a delivery that finally failed; disables the endpoint after the configured
	 * number in a row.
	 * @param id the endpoint id
	 * @param disableAfter how many failed deliveries in a row disable the endpoint
	 * @return whether the endpoint was disabled now
	 */
	public boolean recordFailedDelivery(long id, int disableAfter) {
		Integer failures = this.transactions.execute(status -> this.repository.countFailure(id));
		if (disableAfter > 0 && failures != null && failures >= disableAfter) {
			disable(id, failures + " deliveries in a row failed after all retries", true);
			return true;
		}
		return false;
	}

	/**
	 * Record a successful delivery, which resets the count of failures in a row.
	 * @param id the endpoint id
	 */
	public void recordSuccessfulDelivery(long id) {
		this.repository.resetFailures(id);
	}

	private void changed(long id) {
		this.targets.remove(id);
		this.changes.incrementAndGet();
	}

	private StoredEndpoint stored(long id) {
		return this.repository.find(id).orElseThrow(() -> new EndpointNotFoundException(id));
	}

	private void throwIfInvalid(Map<String, String> errors) {
		if (!errors.isEmpty()) {
			throw new InvalidEndpointException(errors);
		}
	}

	private StoredEndpoint toStored(EndpointDefinition d, @Nullable StoredEndpoint current, @Nullable String secret) {
		String tokenEnc = null;
		String tokenParameter = null;
		if (d.urlToken() == null && current != null) {
			tokenEnc = current.urlTokenEnc();
		}
		else if (d.urlToken() != null && !d.urlToken().isEmpty()) {
			tokenEnc = this.cipher.encrypt(d.urlToken());
		}
		if (tokenEnc != null) {
			tokenParameter = (d.urlTokenParameter() != null && !d.urlTokenParameter().isEmpty())
					? d.urlTokenParameter() : (current != null && current.urlTokenParameter() != null)
							? current.urlTokenParameter() : "token";
		}
		String username = (d.basicUsername() != null && !d.basicUsername().isEmpty()) ? d.basicUsername() : null;
		String passwordEnc = null;
		if (username != null) {
			passwordEnc = (d.basicPassword() == null && current != null) ? current.basicPasswordEnc()
					: this.cipher.encrypt(d.basicPassword());
		}
		int concurrency = (d.maxConcurrency() != null) ? d.maxConcurrency()
				: (current != null) ? current.maxConcurrency() : this.defaultMaxConcurrency;
		List<String> types = List.copyOf(new LinkedHashSet<>(d.eventTypes()));
		return new StoredEndpoint(0, d.name().trim(), TargetPolicy.ascii(d.url().trim()), types,
				(d.format() != null) ? d.format() : BodyFormat.JSON, tokenParameter, tokenEnc, username, passwordEnc,
				secret != null, (secret != null) ? this.cipher.encrypt(secret) : null, null, null, true, null, null,
				concurrency, d.propagateTrace(), 0, null, null, normalized(d.options()));
	}

	private static DeliveryOptions normalized(DeliveryOptions options) {
		String filter = (options.filter() != null) ? options.filter().strip() : null;
		return options.withFilter(filter).withIncludeFields(FieldSelection.validate(options.includeFields()));
	}

	private Endpoint toEndpoint(StoredEndpoint s) {
		String hint = (s.secretEnc() != null) ? SigningSecrets.hint(this.cipher.decrypt(s.secretEnc())) : null;
		Instant previousExpires = (s.previousSecretEnc() != null && s.previousSecretExpiresAt() != null
				&& s.previousSecretExpiresAt().isAfter(this.clock.instant())) ? s.previousSecretExpiresAt() : null;
		return new Endpoint(s.id(), s.name(), s.url(), s.eventTypes(), s.format(), s.urlTokenParameter(),
				s.basicUsername(), s.signing(), hint, previousExpires, s.enabled(), s.disabledReason(),
				s.disabledAt(), s.maxConcurrency(), s.propagateTrace(), Objects.requireNonNull(s.createdAt()),
				Objects.requireNonNull(s.updatedAt()), s.options());
	}

	private EndpointTarget toTarget(StoredEndpoint s) {
		List<String> secrets = new ArrayList<>(2);
		if (s.signing() && s.secretEnc() != null) {
			secrets.add(this.cipher.decrypt(s.secretEnc()));
			if (s.previousSecretEnc() != null && s.previousSecretExpiresAt() != null
					&& s.previousSecretExpiresAt().isAfter(this.clock.instant())) {
				secrets.add(this.cipher.decrypt(s.previousSecretEnc()));
			}
		}
		return new EndpointTarget(s.id(), s.url(), s.format(), s.urlTokenParameter(),
				this.cipher.decrypt(s.urlTokenEnc()), s.basicUsername(), this.cipher.decrypt(s.basicPasswordEnc()),
				List.copyOf(secrets), s.enabled(), s.maxConcurrency(), s.eventTypes(), s.propagateTrace(), s.options(),
				(s.options().filter() != null) ? WebhookFilter.parse(s.options().filter()) : null);
	}

	private static String truncate(String value, int max) {
		return (value.length() <= max) ? value : value.substring(0, max);
	}

	private record CachedTarget(EndpointTarget target, long loadedAt) {
	}

	private record CachedTargets(List<EndpointTarget> targets, long loadedAt, long generation, long version) {
	}

}
