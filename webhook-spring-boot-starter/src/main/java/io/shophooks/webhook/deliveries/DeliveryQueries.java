package io.shophooks.webhook.deliveries;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.DeliveryRepository;
import io.shophooks.webhook.outbox.StoredEvent;

import static io.shophooks.webhook.jdbc.SqlTimes.instant;
import static io.shophooks.webhook.jdbc.SqlTimes.nullableInstant;
import static io.shophooks.webhook.jdbc.SqlTimes.utc;

/**
 * What the store owner reads about deliveries (through {@link DeliveryService}): the
 * delivery log with its filters, one delivery, its attempts and event, counts by status,
 * the backlog, and which earlier delivery an ordered one waits for. Every value is bound,
 * none written into the SQL.
 */
final class DeliveryQueries {

	private static final String DELIVERY_COLUMNS = """
			id, event_id, endpoint_id, event_type, status, attempt_count, next_attempt_at, lease_owner, lease_expires_at,
			last_status_code, last_error, created_at, updated_at
			""";

	private static final String ATTEMPT_COLUMNS = """
			id, delivery_id, attempt_number, started_at, duration_ms, request_url, request_headers, status_code,
			response_headers, response_excerpt, error, outcome
			""";

	private static final String KEPT_SUCCESS = "SELECT 0, " + DeliveryRepository.SUCCESS_AS_ATTEMPT
			+ "\nFROM shophooks_delivery WHERE id = ? AND success_at IS NOT NULL";

	private final JdbcTemplate jdbc;

	private final Tables tables;

	private final Clock clock;

	DeliveryQueries(JdbcTemplate jdbc, Tables tables, Clock clock) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.clock = clock;
	}

	Optional<Delivery> find(long id) {
		return this.jdbc
			.query(sql("SELECT " + DELIVERY_COLUMNS + " FROM shophooks_delivery WHERE id = ?"), this::mapDelivery, id)
			.stream()
			.findFirst();
	}

	List<Delivery> list(DeliveryFilter filter) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		List<Object> args = new ArrayList<>();
		if (filter.endpointId() != null) {
			where.append(" AND endpoint_id = ?");
			args.add(filter.endpointId());
		}
		if (filter.status() != null) {
			where.append(" AND status = ?");
			args.add(filter.status().name());
		}
		if (filter.eventType() != null) {
			where.append(" AND event_type = ?");
			args.add(filter.eventType());
		}
		if (filter.since() != null) {
			where.append(" AND created_at >= ?");
			args.add(utc(filter.since()));
		}
		if (filter.beforeId() != null) {
			where.append(" AND id < ?");
			args.add(filter.beforeId());
		}
		args.add(Math.max(1, Math.min(filter.limit(), 500)));
		return this.jdbc.query(sql("SELECT " + DELIVERY_COLUMNS + " FROM shophooks_delivery" + where
				+ " ORDER BY id DESC LIMIT ?"), this::mapDelivery, args.toArray());
	}

	Map<DeliveryStatus, Long> countByStatus(@Nullable Long endpointId) {
		Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
		org.springframework.jdbc.core.RowCallbackHandler add = rs -> {
			counts.put(DeliveryStatus.valueOf(rs.getString(1)), rs.getLong(2));
		};
		if (endpointId != null) {
			this.jdbc.query(sql("SELECT status, COUNT(*) FROM shophooks_delivery WHERE endpoint_id = ? GROUP BY status"),
					add, endpointId);
		}
		else {
			this.jdbc.query(sql("SELECT status, COUNT(*) FROM shophooks_delivery GROUP BY status"), add);
		}
		return Collections.unmodifiableMap(counts);
	}

	/**
	 * Deliveries due now and not yet sent.
	 * @param now the current time
	 * @return the backlog
	 */
	long backlog(Instant now) {
		Long count = this.jdbc.queryForObject(
				sql("SELECT COUNT(*) FROM shophooks_delivery WHERE status = 'PENDING' AND next_attempt_at <= ?"),
				Long.class, utc(now));
		return (count != null) ? count : 0;
	}

	/**
	 * Deliveries that failed at least once and wait for their next try, per endpoint.
	 * @return the counts, endpoints without any absent
	 */
	Map<Long, Long> waitingToRetry() {
		Map<Long, Long> counts = new java.util.HashMap<>();
		this.jdbc.query(sql("SELECT endpoint_id, COUNT(*) FROM shophooks_delivery WHERE status = 'PENDING' "
				+ "AND attempt_count > 0 AND event_type <> 'webhook.test' GROUP BY endpoint_id"),
				(org.springframework.jdbc.core.RowCallbackHandler) rs -> counts.put(rs.getLong(1), rs.getLong(2)));
		return counts;
	}

	/**
	 * For a pending delivery to an ordered endpoint: the earliest undelivered delivery of
	 * the same key it waits for.
	 * @param deliveryId the delivery
	 * @return the delivery it waits for, if any
	 */
	Optional<Long> heldBackBy(long deliveryId) {
		return this.jdbc.queryForList(sql("""
				SELECT o.id FROM shophooks_delivery d
				JOIN shophooks_endpoint p ON p.id = d.endpoint_id
				JOIN shophooks_delivery o ON o.endpoint_id = d.endpoint_id AND o.ordering_key = d.ordering_key
				WHERE d.id = ? AND d.status = 'PENDING' AND p.ordered = TRUE AND o.status <> 'DELIVERED'
				  AND (o.event_created_at < d.event_created_at
				       OR (o.event_created_at = d.event_created_at AND o.event_id < d.event_id))
				ORDER BY o.event_created_at, o.event_id
				"""), Long.class, deliveryId).stream().findFirst();
	}

	List<Attempt> attempts(long deliveryId) {
		// the attempt rows, and the success its delivery row keeps (id 0: it has no row of its own)
		return this.jdbc.query(sql("SELECT " + ATTEMPT_COLUMNS + " FROM shophooks_attempt WHERE delivery_id = ?\n"
				+ "UNION ALL\n" + KEPT_SUCCESS + "\nORDER BY 3, 4"), this::mapAttempt, deliveryId, deliveryId);
	}

	Optional<StoredEvent> event(String eventId) {
		return this.jdbc
			.query(sql("SELECT id, event_type, payload, created_at, ordering_key, payload_version FROM shophooks_event "
					+ "WHERE id = ?"),
					(rs, row) -> new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3),
							instant(rs, "created_at"), rs.getString(5), rs.getInt(6)),
					eventId)
			.stream()
			.findFirst();
	}

	private Delivery mapDelivery(ResultSet rs, int row) throws SQLException {
		Instant leaseExpires = nullableInstant(rs, "lease_expires_at");
		boolean inFlight = rs.getString("lease_owner") != null && leaseExpires != null
				&& leaseExpires.isAfter(this.clock.instant());
		return new Delivery(rs.getLong("id"), rs.getString("event_id"), rs.getLong("endpoint_id"),
				rs.getString("event_type"), DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempt_count"),
				instant(rs, "next_attempt_at"), inFlight, (Integer) rs.getObject("last_status_code", Integer.class),
				rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private Attempt mapAttempt(ResultSet rs, int row) throws SQLException {
		return new Attempt(rs.getLong("id"), rs.getLong("delivery_id"), rs.getInt("attempt_number"),
				instant(rs, "started_at"), rs.getLong("duration_ms"), rs.getString("request_url"),
				rs.getString("request_headers"), rs.getObject("status_code", Integer.class),
				rs.getString("response_headers"), rs.getString("response_excerpt"), rs.getString("error"),
				rs.getString("outcome"));
	}

	private String sql(String sql) {
		return this.tables.sql(sql);
	}

}
