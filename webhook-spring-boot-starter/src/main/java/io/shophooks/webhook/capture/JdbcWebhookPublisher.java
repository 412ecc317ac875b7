package io.shophooks.webhook.capture;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
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

	/** Payload classes already named as having no readable properties (named once each). */
	private final java.util.Set<Class<?>> emptyPayloads = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private @Nullable String notifyStatement;

	private volatile boolean warnedOutside;

	private static final Log logger = LogFactory.getLog(JdbcWebhookPublisher.class);

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
		if ("{}".equals(payload) && !(message.data() instanceof java.util.Map)
				&& this.emptyPayloads.add(message.data().getClass())) {
			logger.warn("The '" + message.type() + "' webhook's payload class " + message.data().getClass().getName()
					+ " has no readable properties, so its webhooks carry an empty data object: make it a record, "
					+ "or give it getters or public fields");
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
			warnIfOutsideTheShopsTransaction(message.type());
			write(id, message, payload, key, now);
		}
		return id;
	}

	/**
	 * A transaction is active, but is it one that manages ShopHooks' data source? When the
	 * shop's transaction manager runs on another data source object (a wrapper of the same
	 * pool, a second database), the connection ShopHooks gets is in auto-commit mode: the
	 * event and its deliveries then commit on their own, whatever the shop's transaction
	 * does. Said once, as a warning; the connection is the one the write uses next.
	 */
	private void warnIfOutsideTheShopsTransaction(String type) {
		DataSource dataSource = this.jdbc.getDataSource();
		if (this.warnedOutside || dataSource == null || TransactionSynchronizationManager.hasResource(dataSource)) {
			return;
		}
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			if (connection.getAutoCommit()) {
				this.warnedOutside = true;
				logger.warn("ShopHooks published a '" + type + "' event inside a transaction that does not manage "
						+ "ShopHooks' DataSource (its connection commits each statement by itself), so the event and "
						+ "its deliveries are committed at once, not with the shop's writes, and stay if the shop's "
						+ "transaction rolls back. Give ShopHooks the DataSource bean your transaction manager uses "
						+ "(the same object, not a wrapper of it). Said once.");
			}
		}
		catch (SQLException ex) {
			// the write that follows reports a broken connection
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	private void write(String id, WebhookMessage message, String payload, @Nullable String key, long now) {
		this.writer.write(id, message.type(), payload, key, Instant.ofEpochMilli(now),
				this.registry.version(message.type()));
		if (this.notifyStatement != null) {
			this.jdbc.execute(this.notifyStatement);
		}
	}

}
