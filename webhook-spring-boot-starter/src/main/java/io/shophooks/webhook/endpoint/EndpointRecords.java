package io.shophooks.webhook.endpoint;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.endpoint.EndpointRepository.StoredEndpoint;
import io.shophooks.webhook.filter.FieldSelection;
import io.shophooks.webhook.filter.WebhookFilter;

/**
 * An endpoint's credentials between their three forms: as the owner gives them (a
 * definition), as stored (encrypted with the {@link SecretCipher}), and as the sender
 * and the screens need them (decrypted for a target; only a hint of the secret for the
 * owner's view).
 */
final class EndpointRecords {

	private final SecretCipher cipher;

	private final Clock clock;

	private final int defaultMaxConcurrency;

	EndpointRecords(SecretCipher cipher, Clock clock, int defaultMaxConcurrency) {
		this.cipher = cipher;
		this.clock = clock;
		this.defaultMaxConcurrency = defaultMaxConcurrency;
	}

	/**
	 * The encrypted form of a new signing secret.
	 * @param secret the secret
	 * @return it encrypted
	 */
	String encrypt(String secret) {
		return Objects.requireNonNull(this.cipher.encrypt(secret));
	}

	/**
	 * A stored secret decrypted.
	 * @param encrypted the stored form
	 * @return the secret
	 */
	@Nullable String decrypt(@Nullable String encrypted) {
		return this.cipher.decrypt(encrypted);
	}

	StoredEndpoint toStored(EndpointDefinition d, @Nullable StoredEndpoint current, @Nullable String secret) {
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
				concurrency, d.propagateTrace(), 0, null, null, normalized(d.options()), null, false);
	}

	private static DeliveryOptions normalized(DeliveryOptions options) {
		String filter = (options.filter() != null) ? options.filter().strip() : null;
		return options.withFilter(filter).withIncludeFields(FieldSelection.validate(options.includeFields()));
	}

	/**
	 * Whether a stored value can be decrypted.
	 * @param encrypted the stored value, or {@code null}
	 * @return whether a configured key reads it ({@code true} for {@code null})
	 */
	boolean readable(@Nullable String encrypted) {
		return this.cipher.canRead(encrypted);
	}

	/**
	 * A stored value encrypted again with the current key, when it was written with a
	 * previous one.
	 * @param encrypted the stored value
	 * @return the value under the current key, or {@code null} if it needs no change (or
	 * cannot be read at all)
	 */
	@Nullable String reencrypt(@Nullable String encrypted) {
		if (encrypted == null || this.cipher.isCurrent(encrypted) || !this.cipher.canRead(encrypted)) {
			return null;
		}
		return this.cipher.encrypt(this.cipher.decrypt(encrypted));
	}

	/**
	 * Whether every stored secret of an endpoint can be decrypted.
	 * @param s the stored endpoint
	 * @return whether all are readable
	 */
	boolean readable(StoredEndpoint s) {
		return this.cipher.canRead(s.secretEnc()) && this.cipher.canRead(s.urlTokenEnc())
				&& this.cipher.canRead(s.basicPasswordEnc());
	}

	Endpoint toEndpoint(StoredEndpoint s) {
		// each secret decrypted once: the signing secret for its hint, the others to learn
		// whether they can be read
		boolean readable = true;
		String hint = null;
		try {
			String secret = this.cipher.decrypt(s.secretEnc());
			this.cipher.decrypt(s.urlTokenEnc());
			this.cipher.decrypt(s.basicPasswordEnc());
			hint = (secret != null) ? SigningSecrets.hint(secret) : null;
		}
		catch (UnreadableSecretException ex) {
			readable = false;
		}
		Instant previousExpires = (s.previousSecretEnc() != null && s.previousSecretExpiresAt() != null
				&& s.previousSecretExpiresAt().isAfter(this.clock.instant())) ? s.previousSecretExpiresAt() : null;
		return new Endpoint(s.id(), s.name(), s.url(), s.eventTypes(), s.format(), s.urlTokenParameter(),
				s.basicUsername(), s.signing(), hint, previousExpires, s.enabled(), s.disabledReason(),
				s.disabledAt(), s.maxConcurrency(), s.propagateTrace(), Objects.requireNonNull(s.createdAt()),
				Objects.requireNonNull(s.updatedAt()), s.options(), !readable, s.failingSince(),
				s.disabledAutomatically());
	}

	/**
	 * The endpoint as the sender needs it. One whose secrets cannot be decrypted is a
	 * target without secrets, marked so that nothing is sent to it; everything else
	 * (subscriptions, fan-out, the shop's own transaction) goes on.
	 * @param s the stored endpoint
	 * @return the target
	 */
	EndpointTarget toTarget(StoredEndpoint s) {
		WebhookFilter filter = (s.options().filter() != null) ? WebhookFilter.parse(s.options().filter()) : null;
		try {
			List<String> secrets = new ArrayList<>(2);
			if (s.signing() && s.secretEnc() != null) {
				secrets.add(this.cipher.decrypt(s.secretEnc()));
				// a previous secret that cannot be read just stops signing early
				if (s.previousSecretEnc() != null && s.previousSecretExpiresAt() != null
						&& s.previousSecretExpiresAt().isAfter(this.clock.instant())
						&& this.cipher.canRead(s.previousSecretEnc())) {
					secrets.add(this.cipher.decrypt(s.previousSecretEnc()));
				}
			}
			return new EndpointTarget(s.id(), s.url(), s.format(), s.urlTokenParameter(),
					this.cipher.decrypt(s.urlTokenEnc()), s.basicUsername(), this.cipher.decrypt(s.basicPasswordEnc()),
					List.copyOf(secrets), s.enabled(), s.maxConcurrency(), s.eventTypes(), s.propagateTrace(),
					s.options(), filter, false, s.failingSince() != null);
		}
		catch (UnreadableSecretException ex) {
			return new EndpointTarget(s.id(), s.url(), s.format(), s.urlTokenParameter(), null, s.basicUsername(),
					null, List.of(), s.enabled(), s.maxConcurrency(), s.eventTypes(), s.propagateTrace(), s.options(),
					filter, true, s.failingSince() != null);
		}
	}

}
