package io.shophooks.webhook.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.SqlTimes;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.DeliveryRepository.ClaimedDelivery;
import io.shophooks.webhook.outbox.DeliveryRepository.EventRow;

/**
 * Claims: events waiting to be fanned out (written without their deliveries) and due
 * deliveries, with a lease, so several instances share the work without taking the same
 * row. One implementation per database, chosen once at start-up: {@link Postgres} with
 * {@code FOR UPDATE SKIP LOCKED} in one round trip, {@link Portable} (H2) with a select
 * and updates that re-check the claim condition under the row lock. Lists of ids are
 * bound as arrays, never written into the SQL.
 */
@Internal
public abstract class Claims {

	static final String PENDING_EVENTS = """
			SELECT id, event_type, ordering_key, created_at, payload, payload_version FROM shophooks_event
			WHERE fanned_out = FALSE ORDER BY created_at, id LIMIT ?
			""";

	static final String MARK_FANNED_OUT = """
			UPDATE shophooks_event SET fanned_out = TRUE WHERE id = ? AND fanned_out = FALSE
			""";

	// PostgreSQL claims take the ids first (an ordered index scan that stops at LIMIT), then
	// update those rows through the primary key; they run with sequential scans disabled
	// (see withIndexScans), because right after a burst the statistics still describe a
	// nearly empty table and the planner would read the whole table for a handful of ids.
	static final String CLAIM_EVENTS_SKIP_LOCKED = """
			UPDATE shophooks_event SET fanned_out = TRUE
			WHERE id = ANY(ARRAY(SELECT id FROM shophooks_event WHERE fanned_out = FALSE ORDER BY created_at, id
			                     LIMIT ? FOR UPDATE SKIP LOCKED))
			RETURNING id, event_type, ordering_key, created_at, payload, payload_version
			""";

	// ... and always with a plan made for their own parameters: the JDBC driver prepares a
	// statement on the server after five uses, after which PostgreSQL may reuse a generic plan
	// that does not know which endpoints are excluded and reads a busy endpoint's whole queue
	// (seen in the claim tests as 5,000 rows fetched, depending on which pooled connection ran).
	/**
	 * Before a PostgreSQL claim, for its transaction only: index scans, a plan for the
	 * values at hand, and a commit that does not wait for the disk (see
	 * {@link DatabaseType#bookkeepingCommit()}).
	 */
	static final String INDEX_SCANS_ONLY = "SELECT set_config('enable_seqscan', 'off', true), "
			+ "set_config('plan_cache_mode', 'force_custom_plan', true), "
			+ DatabaseType.POSTGRESQL_RELAXED_COMMIT + ";\n";

	// Ordered endpoints: a delivery waits for every earlier delivery of its key to the same
	// endpoint, and for earlier events of its key that another instance is still fanning out.
	// The endpoint is read by a scalar subquery, not a join: the claim then stays one scan of
	// the due index in next_attempt_at order that stops after LIMIT rows. As a join the
	// planner may read every due delivery and sort them, which makes each claim as slow as
	// the backlog is long.
	static final String DUE = """
			d.status = 'PENDING' AND d.next_attempt_at <= ? AND (d.lease_expires_at IS NULL OR d.lease_expires_at < ?)
			AND (SELECT CASE WHEN p.enabled = FALSE THEN FALSE
			                 WHEN p.ordered = FALSE OR d.ordering_key IS NULL THEN TRUE
			                 ELSE NOT EXISTS (
			    SELECT 1 FROM shophooks_delivery o
			    WHERE o.endpoint_id = d.endpoint_id AND o.ordering_key = d.ordering_key AND o.status <> 'DELIVERED'
			      AND (o.event_created_at < d.event_created_at
			           OR (o.event_created_at = d.event_created_at AND o.event_id < d.event_id)))
			    AND NOT EXISTS (
			    SELECT 1 FROM shophooks_event pe
			    WHERE pe.fanned_out = FALSE AND pe.ordering_key = d.ordering_key AND pe.created_at < d.event_created_at)
			            END
			     FROM shophooks_endpoint p WHERE p.id = d.endpoint_id) = TRUE
			""";

	// PostgreSQL: the oldest due deliveries of each enabled endpoint, through the one
	// per-endpoint pending index, merged by due time: a claim reads about as many rows as it
	// takes, and the long queue of an endpoint at its limit (excluded) is never read. The
	// order names the endpoint too (the same order, the endpoint being fixed) so that the
	// index gives it without a sort. The endpoints come from the endpoint table (a few rows,
	// read through its primary key).
	static final String CLAIM_SKIP_LOCKED = """
			UPDATE shophooks_delivery c SET lease_owner = ?, lease_expires_at = ?
			FROM shophooks_event e
			WHERE c.id = ANY(ARRAY(
			    SELECT x.id FROM shophooks_endpoint ep
			    CROSS JOIN LATERAL (SELECT d.id, d.next_attempt_at FROM shophooks_delivery d
			                        WHERE d.endpoint_id = ep.id AND %s
			                        ORDER BY d.endpoint_id, d.next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) x
			    WHERE ep.enabled = TRUE %s
			    ORDER BY x.next_attempt_at LIMIT ?))
			  AND e.id = c.event_id
			RETURNING c.id, c.event_id, c.endpoint_id, c.event_type, c.attempt_count, c.retry_count, e.payload,
			          e.created_at AS event_created_at, e.ordering_key, e.payload_version
			""";

	static final String RENEW_LEASE = """
			UPDATE shophooks_delivery SET lease_expires_at = ?
			WHERE id = ? AND lease_owner = ? AND status = 'PENDING'
			""";

	// One statement for every lease held; the subquery locks the rows in id order.
	static final String RENEW_LEASES = """
			UPDATE shophooks_delivery SET lease_expires_at = ?
			WHERE id IN (SELECT id FROM shophooks_delivery
			             WHERE id = ANY(?) AND lease_owner = ? AND status = 'PENDING' ORDER BY id FOR UPDATE)
			""";

	static final String CLAIM_ONE = """
			UPDATE shophooks_delivery SET lease_owner = ?, lease_expires_at = ?
			WHERE id = ? AND status = 'PENDING' AND next_attempt_at <= ?
			  AND (lease_expires_at IS NULL OR lease_expires_at < ?)
			""";

	static final String CLAIMED = """
			SELECT c.id, c.event_id, c.endpoint_id, c.event_type, c.attempt_count, c.retry_count, e.payload,
			       e.created_at AS event_created_at, e.ordering_key, e.payload_version
			FROM shophooks_delivery c JOIN shophooks_event e ON e.id = c.event_id
			WHERE c.lease_owner = ? AND c.id = ANY(?)
			""";

	final JdbcTemplate jdbc;

	final Tables tables;

	Claims(JdbcTemplate jdbc, Tables tables) {
		this.jdbc = jdbc;
		this.tables = tables;
	}

	static Claims of(DatabaseType type, JdbcTemplate jdbc, Tables tables, TransactionTemplate transactions) {
		return type.supportsSkipLocked() ? new Postgres(jdbc, tables) : new Portable(jdbc, tables, transactions);
	}

	/**
	 * Take events not yet fanned out, marking them fanned out in the caller's transaction.
	 * @param limit the most to take
	 * @return the events taken
	 */
	abstract List<EventRow> events(int limit);

	/**
	 * Claim due deliveries of enabled endpoints.
	 * @param owner this instance's owner id
	 * @param now the current time
	 * @param leaseUntil when the claim expires
	 * @param limit the most to claim
	 * @param excludedEndpoints endpoints this instance is already sending its maximum to
	 * @return the claimed deliveries with their events
	 */
	abstract List<ClaimedDelivery> deliveries(String owner, Instant now, Instant leaseUntil, int limit,
			int perEndpoint, Collection<Long> excludedEndpoints);

	/**
	 * Extend leases this owner still holds, in the caller's transaction, locking the rows in
	 * id order: the order the completion writer locks them in (in any other order the two
	 * could deadlock; PostgreSQL once aborted a renewal in the harness).
	 * @param ids the deliveries the owner believes it holds
	 * @param owner the owner
	 * @param until the new expiry
	 * @return how many leases were extended
	 */
	int renew(Collection<Long> ids, String owner, OffsetDateTime until) {
		int[] counts = this.jdbc.batchUpdate(sql(RENEW_LEASE),
				ids.stream().sorted().map(id -> new Object[] { until, id, owner }).toList());
		return Arrays.stream(counts).map(count -> Math.max(0, count)).sum();
	}

	String sql(String sql) {
		return this.tables.sql(sql);
	}

	/** Run an update with array arguments. */
	int update(String sql, Object... args) {
		Integer count = this.jdbc.execute((ConnectionCallback<Integer>) connection -> {
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				bind(connection, statement, args);
				return statement.executeUpdate();
			}
		});
		return (count != null) ? count : 0;
	}

	static final RowMapper<EventRow> EVENT_ROW = (rs, row) -> new EventRow(rs.getString(1), rs.getString(2),
			rs.getString(3), rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getInt(6));

	static ClaimedDelivery mapClaimed(ResultSet rs, int row) throws SQLException {
		StoredEvent event = new StoredEvent(rs.getString("event_id"), rs.getString("event_type"),
				rs.getString("payload"), SqlTimes.instant(rs, "event_created_at"),
				rs.getString("ordering_key"), rs.getInt("payload_version"));
		return new ClaimedDelivery(rs.getLong("id"), rs.getLong("endpoint_id"), rs.getInt("attempt_count"),
				rs.getInt("retry_count"), event);
	}

	/** Bind arguments, a {@code Collection<Long>} as a BIGINT array. */
	static void bind(Connection connection, PreparedStatement statement, Object... args) throws SQLException {
		for (int i = 0; i < args.length; i++) {
			if (args[i] instanceof Collection<?> ids) {
				statement.setArray(i + 1, connection.createArrayOf("BIGINT", ids.toArray()));
			}
			else {
				StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, args[i]);
			}
		}
	}

	/** Run a query with array arguments and map its rows. */
	<T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
		List<T> rows = this.jdbc.execute((ConnectionCallback<List<T>>) connection -> {
			List<T> mapped = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				bind(connection, statement, args);
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						mapped.add(mapper.mapRow(rs, mapped.size()));
					}
				}
			}
			return mapped;
		});
		return (rows != null) ? rows : List.of();
	}

	/** PostgreSQL: {@code FOR UPDATE SKIP LOCKED}, each claim one round trip. */
	static final class Postgres extends Claims {

		Postgres(JdbcTemplate jdbc, Tables tables) {
			super(jdbc, tables);
		}

		@Override
		int renew(Collection<Long> ids, String owner, OffsetDateTime until) {
			return update(sql(RENEW_LEASES), until, List.copyOf(ids), owner);
		}

		@Override
		List<EventRow> events(int limit) {
			return withIndexScans(sql(CLAIM_EVENTS_SKIP_LOCKED), EVENT_ROW, limit);
		}

		@Override
		List<ClaimedDelivery> deliveries(String owner, Instant now, Instant leaseUntil, int limit, int perEndpoint,
				Collection<Long> excludedEndpoints) {
			OffsetDateTime at = SqlTimes.utc(now);
			OffsetDateTime until = SqlTimes.utc(leaseUntil);
			String claim = sql(CLAIM_SKIP_LOCKED.formatted(DUE,
					excludedEndpoints.isEmpty() ? "" : "AND ep.id <> ALL(?)"));
			return excludedEndpoints.isEmpty()
					? withIndexScans(claim, Claims::mapClaimed, owner, until, at, at, perEndpoint, limit)
					: withIndexScans(claim, Claims::mapClaimed, owner, until, at, at, perEndpoint,
							List.copyOf(excludedEndpoints), limit);
		}

		/**
		 * Run a claim with PostgreSQL's sequential scans disabled for its transaction only: a
		 * claim must cost what it takes, not what the table holds, whatever the statistics
		 * say. The setting and the claim go to the server in one round trip (two statements,
		 * one sync), which on an auto-commit connection is also one transaction, so a claim
		 * costs one round trip, not the three of set, claim and commit. Inside a transaction
		 * the setting lasts until it ends, like {@code SET LOCAL}.
		 */
		private <T> List<T> withIndexScans(String claim, RowMapper<T> mapper, Object... args) {
			List<T> claimed = this.jdbc.execute((ConnectionCallback<List<T>>) connection -> {
				List<T> rows = new ArrayList<>();
				try (PreparedStatement statement = connection.prepareStatement(INDEX_SCANS_ONLY + claim)) {
					bind(connection, statement, args);
					statement.execute();
					if (!statement.getMoreResults()) {
						throw new IllegalStateException("No result of the claim after the planner setting: " + claim);
					}
					try (ResultSet rs = statement.getResultSet()) {
						while (rs.next()) {
							rows.add(mapper.mapRow(rs, rows.size()));
						}
					}
				}
				// A pool that hands out connections without auto-commit, outside a transaction of
				// the caller: nobody else commits the claim. Inside one (a fan-out), committing
				// here would split it: events marked fanned out without their deliveries. The
				// callback gets a proxy of the transaction's connection, so compare the
				// connection behind it.
				DataSource dataSource = this.jdbc.getDataSource();
				if (!connection.getAutoCommit() && dataSource != null && !DataSourceUtils
					.isConnectionTransactional(DataSourceUtils.getTargetConnection(connection), dataSource)) {
					connection.commit();
				}
				return rows;
			});
			return (claimed != null) ? claimed : List.of();
		}

	}

	/**
	 * H2 and others: candidates first, each endpoint's through its part of the due index,
	 * then conditional updates that re-check the claim.
	 */
	static final class Portable extends Claims {

		static final String ENABLED_ENDPOINTS = "SELECT id FROM shophooks_endpoint WHERE enabled = TRUE ORDER BY id";

		// H2 reads an index in order (and stops after LIMIT rows) only when ORDER BY names the
		// index's columns from its first: ordered by next_attempt_at alone, every claim read
		// each due delivery and sorted them.
		static final String ENDPOINT_CANDIDATES = """
				SELECT d.id, d.next_attempt_at FROM shophooks_delivery d
				WHERE d.endpoint_id = ? AND %s ORDER BY d.endpoint_id, d.status, d.next_attempt_at LIMIT ?
				""".formatted(DUE);

		/** A due delivery of one endpoint, to be ordered with the other endpoints'. */
		private record Candidate(long id, Instant due) {

			static final Comparator<Candidate> OLDEST_FIRST = Comparator
				.comparing(Candidate::due)
				.thenComparingLong(Candidate::id);

			static Candidate of(ResultSet rs, int row) throws SQLException {
				return new Candidate(rs.getLong("id"), SqlTimes.instant(rs, "next_attempt_at"));
			}

		}

		private final TransactionTemplate transactions;

		Portable(JdbcTemplate jdbc, Tables tables, TransactionTemplate transactions) {
			super(jdbc, tables);
			this.transactions = transactions;
		}

		@Override
		List<EventRow> events(int limit) {
			List<EventRow> candidates = this.jdbc.query(sql(PENDING_EVENTS), EVENT_ROW, limit);
			if (candidates.isEmpty()) {
				return candidates;
			}
			int[] updated = this.jdbc.batchUpdate(sql(MARK_FANNED_OUT),
					candidates.stream().map(c -> new Object[] { c.id() }).toList());
			List<EventRow> owned = new ArrayList<>();
			for (int i = 0; i < candidates.size(); i++) {
				if (updated.length > i && updated[i] != 0) {
					owned.add(candidates.get(i));
				}
			}
			return owned;
		}

		@Override
		List<ClaimedDelivery> deliveries(String owner, Instant now, Instant leaseUntil, int limit, int perEndpoint,
				Collection<Long> excludedEndpoints) {
			OffsetDateTime at = SqlTimes.utc(now);
			OffsetDateTime until = SqlTimes.utc(leaseUntil);
			List<ClaimedDelivery> claimed = this.transactions.execute(status -> {
				// each endpoint's oldest due deliveries through its part of the due index, no more
				// than it can take; then the oldest of them all
				String endpointCandidates = sql(ENDPOINT_CANDIDATES);
				List<Candidate> due = new ArrayList<>();
				for (Long endpoint : this.jdbc.queryForList(sql(ENABLED_ENDPOINTS), Long.class)) {
					if (!excludedEndpoints.contains(endpoint)) {
						due.addAll(this.jdbc.query(endpointCandidates, Candidate::of, endpoint, at, at,
								Math.min(limit, perEndpoint)));
					}
				}
				List<Long> candidates = due.stream()
					.sorted(Candidate.OLDEST_FIRST)
					.limit(limit)
					.map(Candidate::id)
					.toList();
				if (candidates.isEmpty()) {
					return List.<ClaimedDelivery>of();
				}
				int[] updated = this.jdbc.batchUpdate(sql(CLAIM_ONE),
						candidates.stream().map(id -> new Object[] { owner, until, id, at, at }).toList());
				List<Long> owned = new ArrayList<>();
				for (int i = 0; i < candidates.size(); i++) {
					if (updated[i] != 0) {
						owned.add(candidates.get(i));
					}
				}
				if (owned.isEmpty()) {
					return List.<ClaimedDelivery>of();
				}
				return query(sql(CLAIMED), Claims::mapClaimed, owner, owned);
			});
			return (claimed != null) ? claimed : List.of();
		}

	}

}
