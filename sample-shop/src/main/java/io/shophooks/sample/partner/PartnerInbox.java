package io.shophooks.sample.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.shophooks.sample.ShopProperties;
import io.shophooks.webhook.jdbc.ColumnText;

/**
 * A demo receiver, like RequestBin, doing what an integrator's endpoint should: verify
 * the Standard Webhooks signature with the shared secret, check the Basic credentials
 * and the URL token, and process each {@code webhook-id} once. Anyone may post to it, so
 * it keeps only the newest {@code shop.partner.inbox-max-entries} requests and refuses
 * bodies over {@code shop.partner.inbox-max-body-size}.
 */
@Service
public class PartnerInbox {

	private final JdbcClient jdbc;

	private final ShopProperties.Partner partner;

	/** The secret this inbox verifies with: the configured one until the owner gives it a new one. */
	private final AtomicReference<String> secret;

	PartnerInbox(JdbcClient jdbc, ShopProperties properties) {
		this.jdbc = jdbc;
		this.partner = properties.getPartner();
		this.secret = new AtomicReference<>(this.partner.getSecret());
	}

	/**
	 * Verify with another secret from now on, as a partner does when the shop's owner hands
	 * it the secret a rotation made (kept until the shop restarts; then
	 * {@code shop.partner.secret} counts again).
	 * @param newSecret a {@code whsec_} secret
	 * @throws IllegalArgumentException if it is not one
	 */
	public void useSecret(String newSecret) {
		String candidate = (newSecret != null) ? newSecret.strip() : "";
		try {
			new Webhook(candidate);
			if (!candidate.startsWith("whsec_") || Base64.getDecoder().decode(candidate.substring(6)).length < 24) {
				throw new IllegalArgumentException("too short");
			}
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Paste the whole secret the webhook admin showed, starting with whsec_");
		}
		this.secret.set(candidate);
	}

	/**
	 * The start of the secret the inbox verifies with, to compare with the admin's hint.
	 * @return the first ten characters and an ellipsis
	 */
	public String secretHint() {
		return this.secret.get().substring(0, Math.min(10, this.secret.get().length())) + "…";
	}

	/**
	 * Receive one request.
	 * @param headers the request headers, names in lower case
	 * @param body the raw body
	 * @param token the {@code token} query parameter, or {@code null}
	 * @return the stored entry
	 */
	@Transactional
	public InboxEntry receive(Map<String, List<String>> headers, String body, @Nullable String token) {
		List<String> problems = new ArrayList<>();
		boolean signatureOk;
		try {
			new Webhook(this.secret.get()).verify(body, headers);
			signatureOk = true;
		}
		catch (WebhookVerificationException | RuntimeException ex) {
			signatureOk = false;
			problems.add("signature: " + ex.getMessage());
		}
		boolean basicOk = constantTimeEquals(first(headers, "authorization"), "Basic " + Base64.getEncoder()
			.encodeToString((this.partner.getUsername() + ":" + this.partner.getPassword())
				.getBytes(StandardCharsets.UTF_8)));
		if (!basicOk) {
			problems.add("basic credentials missing or wrong");
		}
		boolean tokenOk = constantTimeEquals(token, this.partner.getToken());
		if (!tokenOk) {
			problems.add("URL token missing or wrong");
		}
		// as stored: every text the partner sent fits its column (the id compared is the id kept)
		String webhookId = ColumnText.fit(first(headers, "webhook-id"), 100);
		boolean duplicate = signatureOk && webhookId != null && this.jdbc
			.sql("SELECT COUNT(*) FROM partner_inbox WHERE webhook_id = ? AND signature_ok = TRUE AND duplicate = FALSE")
			.param(webhookId)
			.query(Long.class)
			.single() > 0;
		String verdict = !problems.isEmpty() ? "REJECTED: " + String.join("; ", problems)
				: duplicate ? "VERIFIED, duplicate of an earlier delivery: ignored" : "VERIFIED";
		StringBuilder headerText = new StringBuilder();
		headers.forEach((name, values) -> headerText.append(name)
			.append(": ")
			.append(name.equals("authorization") ? "Basic ****" : String.join(", ", values))
			.append('\n'));
		Instant now = Instant.now();
		this.jdbc.sql("""
				INSERT INTO partner_inbox (webhook_id, event_type, received_at, headers, body, signature_ok, basic_ok,
				    token_ok, duplicate, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(webhookId, ColumnText.fit(first(headers, "webhook-event-type"), 200), now.atOffset(ZoneOffset.UTC),
					ColumnText.fit(headerText.toString(), 8000), ColumnText.fit(body, 100000), signatureOk, basicOk,
					tokenOk, duplicate, ColumnText.fit(verdict, 500))
			.update();
		// bounded: anyone may POST here, so only the newest entries are kept
		this.jdbc.sql("""
				DELETE FROM partner_inbox WHERE id < (SELECT MIN(id) FROM (SELECT id FROM partner_inbox
				    ORDER BY id DESC LIMIT ?) newest)
				""").param(Math.max(1, this.partner.getInboxMaxEntries())).update();
		return entries(1).get(0);
	}

	public List<InboxEntry> entries(int limit) {
		return this.jdbc.sql("""
				SELECT id, webhook_id, event_type, received_at, headers, body, signature_ok, basic_ok, token_ok,
				       duplicate, verdict FROM partner_inbox ORDER BY id DESC LIMIT ?
				""")
			.param(limit)
			.query((rs, row) -> new InboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6),
					rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9), rs.getBoolean(10), rs.getString(11)))
			.list();
	}

	private static @Nullable String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	private static boolean constantTimeEquals(@Nullable String actual, String expected) {
		return actual != null && MessageDigest.isEqual(actual.getBytes(StandardCharsets.UTF_8),
				expected.getBytes(StandardCharsets.UTF_8));
	}

}
