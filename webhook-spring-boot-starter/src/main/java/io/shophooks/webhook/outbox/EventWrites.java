package io.shophooks.webhook.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.endpoint.Subscriptions;
import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.outbox.DeliveryRepository.FanOut;
import io.shophooks.webhook.outbox.DeliveryRepository.Lease;

/**
 * Writes an event and its deliveries in the publishing transaction, on the condition
 * that the subscriptions they were computed from are still the committed ones. The SQL
 * differs by database, chosen once at start-up: PostgreSQL writes the event and its
 * deliveries and checks the version in one statement ({@link Postgres}); other databases
 * read the version first ({@link Portable}).
 */
@Internal
public abstract class EventWrites {

	static final String INSERT_EVENT = """
			INSERT INTO shophooks_event (id, event_type, payload, ordering_key, created_at, payload_version, fanned_out)
			VALUES (?, ?, ?, ?, ?, ?, TRUE)""";

	static final String VERSION = Subscriptions.VERSION_SQL;

	// One statement per event, for the subscribed endpoints still enabled as this statement
	// sees them: an endpoint deleted on another instance a moment ago costs the shop nothing
	// instead of failing its transaction on the foreign key. The ordering key is kept only
	// for ordered endpoints, the only ones whose claims read it, so the ordering index holds
	// only their deliveries. A delivery leased to this instance (sent from memory after the
	// commit) is due when its lease ends, the moment a claim could take it anyway: claims then
	// stop before it in the pending index instead of reading past every delivery in flight.
	static final String INSERT_DELIVERIES = """
			INSERT INTO shophooks_delivery (event_id, endpoint_id, event_type, status, next_attempt_at, created_at, updated_at,
			    ordering_key, event_created_at, lease_owner, lease_expires_at)
			SELECT CAST(? AS VARCHAR(40)), p.id, CAST(? AS VARCHAR(200)), 'PENDING',
			    CASE WHEN p.id = ANY(?) THEN CAST(? AS TIMESTAMP WITH TIME ZONE) ELSE CAST(? AS TIMESTAMP WITH TIME ZONE) END,
			    CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE),
			    CASE WHEN p.ordered = TRUE THEN CAST(? AS VARCHAR(200)) END, CAST(? AS TIMESTAMP WITH TIME ZONE),
			    CASE WHEN p.id = ANY(?) THEN CAST(? AS VARCHAR(100)) END,
			    CASE WHEN p.id = ANY(?) THEN CAST(? AS TIMESTAMP WITH TIME ZONE) END
			FROM shophooks_endpoint p WHERE p.id = ANY(?) AND p.enabled = TRUE""";

	// A transaction that ran longer than half a lease: its deliveries' leases count from
	// the commit, written in the shop's own transaction (nobody else can see the rows yet).
	static final String EXTEND_LEASES = """
			UPDATE shophooks_delivery SET lease_expires_at = ?, next_attempt_at = ?
			WHERE id = ANY(?) AND lease_owner = ?""";

	final JdbcTemplate jdbc;

	final Tables tables;

	private final String insertDeliveries;

	EventWrites(JdbcTemplate jdbc, Tables tables) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.insertDeliveries = sql(INSERT_DELIVERIES);
	}

	static EventWrites of(DatabaseType type, JdbcTemplate jdbc, Tables tables) {
		return (type == DatabaseType.POSTGRESQL) ? new Postgres(jdbc, tables) : new Portable(jdbc, tables);
	}

	/**
	 * Write an event and, if the subscriptions' version is still {@code version}, its
	 * deliveries.
	 * @param event the event
	 * @param version the version the endpoints were computed from
	 * @param endpointIds the endpoints that get it under that version
	 * @param leased those whose delivery this instance sends itself
	 * @param lease the owner and expiry of those leases
	 * @param now the current time
	 * @return what was written, and the version the database had: if it is not
	 * {@code version}, deliveries may be missing; add them with {@link #addDeliveries}
	 */
	public abstract Written writeEvent(StoredEvent event, long version, List<Long> endpointIds, Collection<Long> leased,
			Lease lease, Instant now);

	/**
	 * Write deliveries of an event already written, without a lease, skipping endpoints
	 * that have one.
	 * @param event the event
	 * @param endpointIds the endpoints that get it
	 * @param now the current time
	 * @return how many were written
	 */
	public abstract int addDeliveries(StoredEvent event, List<Long> endpointIds, Instant now);

	/**
	 * Write the deliveries of an event already written in this transaction (by this
	 * class, or by an earlier version that left the fan-out to the dispatcher).
	 * @param event the event
	 * @param endpointIds the endpoints that get it
	 * @param leased those whose delivery the caller sends itself
	 * @param lease the owner and expiry of those leases
	 * @param now the current time
	 * @return the leased deliveries written and how many were written without a lease
	 */
	FanOut insertDeliveries(StoredEvent event, Collection<Long> endpointIds, Collection<Long> leased, Lease lease,
			Instant now) {
		List<ClaimedDelivery> claimed = new ArrayList<>();
		int unleased = insert(this.insertDeliveries, event, endpointIds, leased, lease, now, claimed);
		return new FanOut(1, claimed, unleased);
	}

	/**
	 * Run a delivery insert ({@link #INSERT_DELIVERIES}, perhaps with a conflict clause)
	 * and read back what it wrote.
	 * @return how many were written without a lease; the leased ones are added to
	 * {@code claimed}
	 */
	int insert(String sql, StoredEvent event, Collection<Long> endpointIds, Collection<Long> leased, Lease lease,
			Instant now, List<ClaimedDelivery> claimed) {
		if (endpointIds.isEmpty()) {
			return 0;
		}
		Integer unleased = this.jdbc.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql,
					new String[] { "id", "endpoint_id", "lease_owner" })) {
				bindDeliveries(connection, statement, 1, event, endpointIds, leased, lease, now);
				statement.executeUpdate();
				try (ResultSet rows = statement.getGeneratedKeys()) {
					return readDeliveries(rows, event, claimed);
				}
			}
		});
		return (unleased != null) ? unleased : 0;
	}

	/**
	 * What {@link #writeEvent} wrote.
	 *
	 * @param claimed the deliveries written leased to this instance
	 * @param unleased how many were written without a lease
	 * @param version the subscriptions' version the database had
	 */
	public record Written(List<ClaimedDelivery> claimed, int unleased, long version) {
	}

	String sql(String sql) {
		return this.tables.sql(sql);
	}

	/**
	 * Move the leases of deliveries written in the current transaction, just before it
	 * commits, so that they are still this instance's when it hands them to its workers.
	 * @param ids the deliveries
	 * @param owner this instance
	 * @param until the new expiry (and due time)
	 * @return how many were moved
	 */
	public int extendLeases(Collection<Long> ids, String owner, Instant until) {
		OffsetDateTime at = utc(until);
		return this.jdbc.update(connection -> {
			PreparedStatement statement = connection.prepareStatement(sql(EXTEND_LEASES));
			statement.setObject(1, at);
			statement.setObject(2, at);
			statement.setArray(3, connection.createArrayOf("BIGINT", ids.toArray(Long[]::new)));
			statement.setString(4, owner);
			return statement;
		});
	}

	static void bindEvent(PreparedStatement statement, int first, StoredEvent event) throws SQLException {
		statement.setString(first, event.id());
		statement.setString(first + 1, event.type());
		statement.setString(first + 2, event.payload());
		statement.setString(first + 3, event.orderingKey());
		statement.setObject(first + 4, utc(event.createdAt()));
		statement.setInt(first + 5, event.version());
	}

	/** Bind {@link #INSERT_DELIVERIES}'s 14 parameters from {@code first} on; returns the next index. */
	static int bindDeliveries(Connection connection, PreparedStatement statement, int first, StoredEvent event,
			Collection<Long> endpointIds, Collection<Long> leased, Lease lease, Instant now) throws SQLException {
		OffsetDateTime at = utc(now);
		java.sql.Array leasedIds = connection.createArrayOf("BIGINT", leased.toArray(Long[]::new));
		OffsetDateTime leaseUntil = utc(lease.until());
		statement.setString(first, event.id());
		statement.setString(first + 1, event.type());
		statement.setArray(first + 2, leasedIds);
		statement.setObject(first + 3, leaseUntil);
		statement.setObject(first + 4, at);
		statement.setObject(first + 5, at);
		statement.setObject(first + 6, at);
		statement.setString(first + 7, event.orderingKey());
		statement.setObject(first + 8, utc(event.createdAt()));
		statement.setArray(first + 9, leasedIds);
		statement.setString(first + 10, lease.owner());
		statement.setArray(first + 11, leasedIds);
		statement.setObject(first + 12, leaseUntil);
		statement.setArray(first + 13, connection.createArrayOf("BIGINT", endpointIds.toArray(Long[]::new)));
		return first + 14;
	}

	/** Read the rows a delivery insert returned: id, endpoint id, lease owner. */
	static int readDeliveries(ResultSet rows, StoredEvent event, List<ClaimedDelivery> claimed) throws SQLException {
		int unleased = 0;
		while (rows.next()) {
			unleased += readDelivery(rows, event, claimed);
		}
		return unleased;
	}

	/**
	 * Read the current row of a delivery insert: a leased delivery is added to
	 * {@code claimed}.
	 * @return 1 if it was written without a lease, 0 if leased
	 */
	static int readDelivery(ResultSet row, StoredEvent event, List<ClaimedDelivery> claimed) throws SQLException {
		if (row.getString(3) == null) {
			return 1;
		}
		claimed.add(new ClaimedDelivery(row.getLong(1), row.getLong(2), 0, 0, event));
		return 0;
	}

	static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * PostgreSQL: the event, its deliveries (guarded by the version) and the version
	 * read, as one statement: the inserts are data-modifying {@code WITH} clauses, and the
	 * version is read with the same snapshot as the guard, so a delivery is missing only
	 * when the version the caller gets back differs from its own.
	 */
	static final class Postgres extends EventWrites {

		private final String withDeliveries;

		private final String eventOnly;

		private final String addDeliveries;

		Postgres(JdbcTemplate jdbc, Tables tables) {
			super(jdbc, tables);
			String event = "WITH e AS (" + INSERT_EVENT + ")";
			this.withDeliveries = sql(event + ",\nd AS (" + INSERT_DELIVERIES + " AND " + VERSION
					+ " = ?\nRETURNING id, endpoint_id, lease_owner)\n"
					+ "SELECT id, endpoint_id, lease_owner, CAST(NULL AS VARCHAR(1000)) AS version FROM d\n"
					+ "UNION ALL SELECT NULL, NULL, NULL, " + VERSION);
			this.eventOnly = sql(event + "\nSELECT " + VERSION);
			this.addDeliveries = sql(INSERT_DELIVERIES + "\nON CONFLICT (event_id, endpoint_id) DO NOTHING");
		}

		@Override
		public Written writeEvent(StoredEvent event, long version, List<Long> endpointIds, Collection<Long> leased,
				Lease lease, Instant now) {
			boolean deliveries = !endpointIds.isEmpty();
			return this.jdbc.execute((Connection connection) -> {
				try (PreparedStatement statement = connection
					.prepareStatement(deliveries ? this.withDeliveries : this.eventOnly)) {
					bindEvent(statement, 1, event);
					if (deliveries) {
						int next = bindDeliveries(connection, statement, 7, event, endpointIds, leased, lease, now);
						statement.setString(next, Long.toString(version));
					}
					List<ClaimedDelivery> claimed = new ArrayList<>();
					int unleased = 0;
					long seen = -1;
					// the deliveries written (id, endpoint, lease owner) and a row with the version
					try (ResultSet rows = statement.executeQuery()) {
						int versionColumn = rows.getMetaData().getColumnCount();
						while (rows.next()) {
							String value = rows.getString(versionColumn);
							if (value != null) {
								seen = Long.parseLong(value);
							}
							else {
								unleased += readDelivery(rows, event, claimed);
							}
						}
					}
					if (seen < 0) {
						throw new IllegalStateException("No version read after writing event " + event.id());
					}
					return new Written(claimed, unleased, seen);
				}
			});
		}

		@Override
		public int addDeliveries(StoredEvent event, List<Long> endpointIds, Instant now) {
			return insert(this.addDeliveries, event, endpointIds, List.of(), Lease.NONE, now, new ArrayList<>());
		}

	}

	/**
	 * H2 and others: the version is read first, then the event and its deliveries are
	 * written, each statement on its own (in process for the embedded H2, where a
	 * statement costs microseconds).
	 */
	static final class Portable extends EventWrites {

		private static final org.apache.commons.logging.Log logger = org.apache.commons.logging.LogFactory
			.getLog(EventWrites.class);

		private final String insertEvent;

		private final String readVersion;

		private final String notFannedOut;

		Portable(JdbcTemplate jdbc, Tables tables) {
			super(jdbc, tables);
			this.insertEvent = sql(INSERT_EVENT);
			this.readVersion = sql("SELECT " + VERSION);
			this.notFannedOut = sql("UPDATE shophooks_event SET fanned_out = FALSE WHERE id = ?");
		}

		@Override
		public Written writeEvent(StoredEvent event, long version, List<Long> endpointIds, Collection<Long> leased,
				Lease lease, Instant now) {
			long seen = Long.parseLong(this.jdbc.queryForObject(this.readVersion, String.class));
			this.jdbc.update(this.insertEvent, statement -> bindEvent(statement, 1, event));
			if (seen != version || endpointIds.isEmpty()) {
				return new Written(List.of(), 0, seen);
			}
			FanOut written;
			try {
				written = insertDeliveries(event, endpointIds, leased, lease, now);
			}
			catch (RuntimeException ex) {
				// H2 lets the transaction go on after a failed statement: leave the event to the
				// dispatcher's fan-out rather than fail the shop's transaction.
				this.jdbc.update(this.notFannedOut, event.id());
				logger.warn("ShopHooks could not write the deliveries of event " + event.id() + " with it; the "
						+ "dispatcher fans it out within a poll: " + ex.getMessage());
				return new Written(List.of(), 0, seen);
			}
			return new Written(written.claimed(), written.unleased(), seen);
		}

		@Override
		public int addDeliveries(StoredEvent event, List<Long> endpointIds, Instant now) {
			// writeEvent wrote none when the version had moved, so there is nothing to skip
			return insertDeliveries(event, endpointIds, List.of(), Lease.NONE, now).unleased();
		}

	}

}
