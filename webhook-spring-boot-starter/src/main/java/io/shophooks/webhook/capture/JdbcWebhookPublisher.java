package io.shophooks.webhook.capture;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.InvalidWebhookException;
import io.shophooks.webhook.WebhookMessage;
import io.shophooks.webhook.WebhookPublisher;

/**
 * Checks and serializes webhooks, then writes each with its deliveries (see
 * {@link OutboxWriter}) in the caller's transaction, joined through the shared
 * {@code DataSource}, so they commit or roll back with the shop's own writes. Called
 * outside a transaction, it opens one of its own.
 */
@Internal
public class JdbcWebhookPublisher implements WebhookPublisher {

	private final JdbcTemplate jdbc;

	private final JsonMapper jsonMapper;

	private final EventTypeRegistry registry;

	private final OutboxWriter writer;

	private final Clock clock;

	private final long maxPayloadBytes;

	private final TransactionTemplate transactions;

	private @Nullable String notifyStatement;

	public JdbcWebhookPublisher(JdbcTemplate jdbc, JsonMapper jsonMapper, EventTypeRegistry registry,
			OutboxWriter writer, Clock clock, long maxPayloadBytes, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.jsonMapper = jsonMapper;
		this.registry = registry;
		this.writer = writer;
		this.clock = clock;
		this.maxPayloadBytes = maxPayloadBytes;
	}

	/**
	 * A statement run after each insert in the same transaction, e.g. a PostgreSQL
	 * {@code NOTIFY} that wakes other instances when the transaction commits.
	 * @param notifyStatement the statement, or {@code null}
	 */
	public void setNotifyStatement(@Nullable String notifyStatement) {
		this.notifyStatement = notifyStatement;
	}

	@Override
	public String publish(WebhookMessage message) {
		this.registry.ensureRegistered(message.type());
		String payload;
		try {
			payload = this.jsonMapper.writeValueAsString(message.data());
		}
		catch (JacksonException ex) {
			throw new InvalidWebhookException("data", "The payload of a '" + message.type()
					+ "' webhook could not be serialized to JSON: " + ex.getOriginalMessage());
		}
		int size = payload.getBytes(StandardCharsets.UTF_8).length;
		if (size > this.maxPayloadBytes) {
			throw new InvalidWebhookException("data", "The payload of a '" + message.type() + "' webhook is " + size
					+ " bytes, more than shophooks.webhook.delivery.max-payload-size (" + this.maxPayloadBytes
					+ " bytes)");
		}
		String key = message.orderingKey();
		if (key != null && key.length() > 200) {
			throw new InvalidWebhookException("orderingKey", "An ordering key may hold 200 characters at most");
		}
		long now = this.clock.millis();
		String id = EventIds.next(now);
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			// The event and its deliveries commit together, or neither does.
			this.transactions.executeWithoutResult(status -> write(id, message, payload, key, now));
		}
		else {
			write(id, message, payload, key, now);
		}
		return id;
	}

	private void write(String id, WebhookMessage message, String payload, @Nullable String key, long now) {
		this.writer.write(id, message.type(), payload, key, Instant.ofEpochMilli(now),
				this.registry.version(message.type()));
		if (this.notifyStatement != null) {
			this.jdbc.execute(this.notifyStatement);
		}
	}

}
