package io.shophooks.webhook.capture;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.shophooks.webhook.InvalidWebhookException;
import io.shophooks.webhook.WebhookMessage;
import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.jdbc.Tables;

/**
 * Writes webhooks to the outbox table with one insert, joining the caller's transaction
 * through the shared {@code DataSource}. Fan-out to endpoints happens later, in the
 * dispatcher, so the cost to the shop does not grow with the number of endpoints.
 */
public class JdbcWebhookPublisher implements WebhookPublisher {

	private static final String INSERT = """
			INSERT INTO shophooks_event (id, event_type, payload, ordering_key, created_at, payload_version)
			VALUES (?, ?, ?, ?, ?, ?)
			""";

	private static final Object WAKE_REGISTERED = new Object();

	private final JdbcTemplate jdbc;

	private final JsonMapper jsonMapper;

	private final EventTypeRegistry registry;

	private final OutboxListener listener;

	private final Clock clock;

	private final long maxPayloadBytes;

	private final String insert;

	private @Nullable String notifyStatement;

	public JdbcWebhookPublisher(JdbcTemplate jdbc, Tables tables, JsonMapper jsonMapper, EventTypeRegistry registry,
			OutboxListener listener, Clock clock, long maxPayloadBytes) {
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
		this.registry = registry;
		this.listener = listener;
		this.clock = clock;
		this.maxPayloadBytes = maxPayloadBytes;
		this.insert = tables.sql(INSERT);
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
		OffsetDateTime createdAt = OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(now), ZoneOffset.UTC);
		this.jdbc.update(this.insert, id, message.type(), payload, key, createdAt, this.registry.version(message.type()));
		if (this.notifyStatement != null) {
			this.jdbc.execute(this.notifyStatement);
		}
		wakeAfterCommit();
		return id;
	}

	private void wakeAfterCommit() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| !TransactionSynchronizationManager.isSynchronizationActive()) {
			this.listener.eventsCommitted();
			return;
		}
		if (TransactionSynchronizationManager.hasResource(WAKE_REGISTERED)) {
			return;
		}
		TransactionSynchronizationManager.bindResource(WAKE_REGISTERED, Boolean.TRUE);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				JdbcWebhookPublisher.this.listener.eventsCommitted();
			}

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(WAKE_REGISTERED);
			}

		});
	}

}
