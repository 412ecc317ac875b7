package io.shophooks.webhook.capture;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.shophooks.webhook.InvalidWebhookException;
import io.shophooks.webhook.WebhookMessage;
import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.jdbc.Tables;

/**
 * Writes webhooks to the outbox table, joining the caller's transaction through the
 * shared {@code DataSource}: one insert for the event and one for its deliveries (see
 * {@link OutboxListener}), which commit or roll back with the shop's own writes. Called
 * outside a transaction, it opens one of its own for the two.
 */
public class JdbcWebhookPublisher implements WebhookPublisher {

	private static final String INSERT = """
			INSERT INTO shophooks_event (id, event_type, payload, ordering_key, created_at, payload_version, fanned_out)
			VALUES (?, ?, ?, ?, ?, ?, TRUE)
			""";

	private static final String NOT_FANNED_OUT = "UPDATE shophooks_event SET fanned_out = FALSE WHERE id = ?";

	private static final Log logger = LogFactory.getLog(JdbcWebhookPublisher.class);

	private final JdbcTemplate jdbc;

	private final JsonMapper jsonMapper;

	private final EventTypeRegistry registry;

	private final OutboxListener listener;

	private final Clock clock;

	private final long maxPayloadBytes;

	private final String insert;

	private final String notFannedOut;

	private final TransactionTemplate transactions;

	private @Nullable String notifyStatement;

	public JdbcWebhookPublisher(JdbcTemplate jdbc, Tables tables, JsonMapper jsonMapper, EventTypeRegistry registry,
			OutboxListener listener, Clock clock, long maxPayloadBytes, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.jsonMapper = jsonMapper;
		this.registry = registry;
		this.listener = listener;
		this.clock = clock;
		this.maxPayloadBytes = maxPayloadBytes;
		this.insert = tables.sql(INSERT);
		this.notFannedOut = tables.sql(NOT_FANNED_OUT);
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
		Instant createdAt = Instant.ofEpochMilli(now);
		int version = this.registry.version(message.type());
		this.jdbc.update(this.insert, id, message.type(), payload, key,
				OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC), version);
		try {
			this.listener.eventWritten(id, message.type(), payload, key, createdAt, version);
		}
		catch (RuntimeException ex) {
			// Where the database lets the transaction go on (H2), leave the event to the
			// dispatcher's fan-out instead of failing the shop's transaction; where it does not
			// (PostgreSQL aborts it), the shop's commit fails and nothing was published.
			try {
				this.jdbc.update(this.notFannedOut, id);
			}
			catch (RuntimeException notMarked) {
				ex.addSuppressed(notMarked);
				throw ex;
			}
			logger.warn("ShopHooks could not write the deliveries of event " + id + " with it; the dispatcher "
					+ "fans it out within a poll: " + ex.getMessage());
		}
		if (this.notifyStatement != null) {
			this.jdbc.execute(this.notifyStatement);
		}
	}

}
