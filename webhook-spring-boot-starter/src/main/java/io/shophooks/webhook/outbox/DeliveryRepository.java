package io.shophooks.webhook.outbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.Internal;
import io.shophooks.webhook.jdbc.ColumnText;
import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.Tables;

import static io.shophooks.webhook.jdbc.SqlTimes.utc;

/**
 * Deliveries after they are written: fan-out of events left without deliveries, claims
 * (through {@link Claims}), leases (renewal, release), outcomes and attempts (through
 * {@link AttemptRecords}), replay and recovery, test events. Claims carry an owner and a
 * lease expiry so that another instance can take over work whose owner died. The writes
 * of publishing transactions are in {@link EventWrites}.
 */
@Internal
public class DeliveryRepository {

	// --- leases --------------------------------------------------------------------

	// A delivery leased at its commit is due at its lease's end (see EventWrites); given back,
	// it is due at once.
	private static final String GIVE_BACK = """
			UPDATE shophooks_delivery SET lease_owner = NULL, lease_expires_at = NULL,
			    next_attempt_at = CASE WHEN next_attempt_at > ? THEN ? ELSE next_attempt_at END
			""";

	private static final String RELEASE = GIVE_BACK + "WHERE id = ? AND lease_owner = ?";

	private static final String RELEASE_ALL = GIVE_BACK + "WHERE lease_owner = ?";

	// --- replay and recovery: a delivery due again ------------------------------------

	private static final String REPLAY = """
			UPDATE shophooks_delivery SET status = 'PENDING', retry_count = 0, next_attempt_at = ?, updated_at = ?
			WHERE id = ? AND status <> 'PENDING'
			""";

	/**
	 * The success a delivery row keeps, as the columns of an attempt row after its id, in
	 * their order: {@code delivery_id, attempt_number, started_at, duration_ms, request_url,
	 * request_headers, status_code, response_headers, response_excerpt, error, outcome}.
	 * Read from {@code shophooks_delivery} rows {@code WHERE success_at IS NOT NULL}.
	 */
	public static final String SUCCESS_AS_ATTEMPT = """
			id, attempt_count, success_at, success_duration_ms, success_request_url, success_request_headers,
			    last_status_code, success_response_headers, success_response_excerpt, CAST(NULL AS VARCHAR(1000)),
			    'DELIVERED'""";

	/** A replayed delivery's success becomes an attempt row, so that the next one can take its place. */
	private static final String KEEP_SUCCESS = """
			INSERT INTO shophooks_attempt (delivery_id, attempt_number, started_at, duration_ms, request_url,
			    request_headers, status_code, response_headers, response_excerpt, error, outcome)
			SELECT %s
			FROM shophooks_delivery WHERE id = ? AND success_at IS NOT NULL
			""".formatted(SUCCESS_AS_ATTEMPT);

	private static final String CLEAR_SUCCESS = """
			UPDATE shophooks_delivery SET success_at = NULL, success_duration_ms = NULL, success_request_url = NULL,
			    success_request_headers = NULL, success_response_headers = NULL, success_response_excerpt = NULL
			WHERE id = ? AND success_at IS NOT NULL
			""";

	// Waiting for its next try and not on the wire: made due now. Ordered endpoints keep their
	// order: the claim still takes a key's deliveries one after another.
	private static final String WAITING = """
			status = 'PENDING' AND next_attempt_at > ? AND (lease_expires_at IS NULL OR lease_expires_at < ?)""";

	private static final String RETRY_NOW = "UPDATE shophooks_delivery SET next_attempt_at = ?, updated_at = ? "
			+ "WHERE id = ? AND " + WAITING;

	private static final String WAITING_DUE_NOW = "UPDATE shophooks_delivery SET next_attempt_at = ?, updated_at = ? "
			+ "WHERE endpoint_id = ? AND " + WAITING;

	private static final String RECOVER = """
			UPDATE shophooks_delivery SET status = 'PENDING', retry_count = 0, next_attempt_at = ?, updated_at = ?
			WHERE endpoint_id = ? AND status = 'FAILED' AND created_at >= ?
			""";

	private final JdbcTemplate jdbc;

	private final Tables tables;

	private final DatabaseType databaseType;

	private final TransactionTemplate transactions;

	private final Claims claims;

	private final EventWrites writes;

	private final AttemptRecords records;

	public DeliveryRepository(JdbcTemplate jdbc, Tables tables, DatabaseType databaseType,
			TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.databaseType = databaseType;
		this.transactions = transactions;
		this.claims = Claims.of(databaseType, jdbc, tables, transactions);
		this.writes = EventWrites.of(databaseType, jdbc, tables);
		this.records = new AttemptRecords(jdbc, tables, databaseType, transactions);
	}

	/**
	 * Fan out events not yet fanned out: one delivery per subscribed endpoint. Several
	 * instances may call this at once; each event is fanned out exactly once.
	 * @param limit the most events to take
	 * @param subscribers the endpoints subscribed to an event type
	 * @param now the current time
	 * @return the number of events fanned out
	 */
	public int fanOut(int limit, Subscribers subscribers, Instant now) {
		return fanOut(limit, subscribers, now, Lease.NONE).events();
	}

	/**
	 * Fan out events not yet fanned out, and write the deliveries the caller can send
	 * at once already leased to it: a fresh delivery then costs one insert instead of an
	 * insert and a claim.
	 * @param limit the most events to take
	 * @param subscribers the endpoints subscribed to an event type
	 * @param now the current time
	 * @param lease which new deliveries to write leased, and to whom
	 * @return the number of events fanned out and the deliveries leased to the caller
	 */
	public FanOut fanOut(int limit, Subscribers subscribers, Instant now, Lease lease) {
		FanOut result = this.transactions.execute(status -> {
			// On PostgreSQL the event claim's planner settings also relax this transaction's
			// commit (Claims.INDEX_SCANS_ONLY), so the fan-out needs no statement of its own for it.
			List<EventRow> events = this.claims.events(limit);
			List<ClaimedDelivery> claimed = new ArrayList<>();
			int unleased = 0;
			for (EventRow row : events) {
				List<Long> endpointIds = subscribers.endpointsFor(row.type(), row::payload);
				List<Long> leased = endpointIds.stream().filter(id -> lease.take().test(id)).toList();
				FanOut written = this.writes.insertDeliveries(row.stored(), endpointIds, leased, lease, now);
				claimed.addAll(written.claimed());
				unleased += written.unleased();
			}
			return new FanOut(events.size(), claimed, unleased);
		});
		return (result != null) ? result : new FanOut(0, List.of(), 0);
	}

	/**
	 * Which new deliveries a fan-out writes already leased, and to whom.
	 *
	 * @param owner the lease owner
	 * @param until when the lease expires
	 * @param take asked once per new delivery with its endpoint id: whether to lease it
	 */
	public record Lease(String owner, Instant until, LongPredicate take) {

		/** Lease nothing: every new delivery waits for a claim. */
		public static final Lease NONE = new Lease("", Instant.EPOCH, id -> false);

	}

	/**
	 * What a fan-out did.
	 *
	 * @param events the events fanned out
	 * @param claimed the new deliveries leased to the caller, to send now
	 * @param unleased the new deliveries written without a lease, waiting for a claim
	 */
	public record FanOut(int events, List<ClaimedDelivery> claimed, int unleased) {
	}

	/**
	 * Who gets an event.
	 */
	@FunctionalInterface
	public interface Subscribers {

		/**
		 * The endpoints that get an event.
		 * @param eventType the event type
		 * @param payload reads the payload, for filters that need it
		 * @return the endpoint ids
		 */
		List<Long> endpointsFor(String eventType, Supplier<String> payload);

	}

	record EventRow(String id, String type, @Nullable String orderingKey, OffsetDateTime createdAt,
			String payload, int version) {

		StoredEvent stored() {
			return new StoredEvent(this.id, this.type, this.payload, this.createdAt.toInstant(), this.orderingKey,
					this.version);
		}

	}

	/**
	 * Claim due deliveries of enabled endpoints.
	 * @param owner this instance's owner id
	 * @param now the current time
	 * @param leaseUntil when the claim expires
	 * @param limit the most to claim
	 * @param perEndpoint the most to claim of any one endpoint
	 * @param excludedEndpoints endpoints this instance is already sending its maximum to
	 * @return the claimed deliveries with their events
	 */
	public List<ClaimedDelivery> claim(String owner, Instant now, Instant leaseUntil, int limit, int perEndpoint,
			Collection<Long> excludedEndpoints) {
		return this.claims.deliveries(owner, now, leaseUntil, limit, perEndpoint, excludedEndpoints);
	}

	/**
	 * Extend the leases an owner still holds (the heartbeat of a live instance). Rows
	 * another instance took over, or already finished, are left alone.
	 * @param ids the deliveries the owner believes it holds
	 * @param owner the owner
	 * @param leaseUntil the new expiry
	 * @return how many leases were extended
	 */
	public int renewLeases(Collection<Long> ids, String owner, Instant leaseUntil) {
		if (ids.isEmpty()) {
			return 0;
		}
		OffsetDateTime until = utc(leaseUntil);
		Integer renewed = this.transactions.execute(status -> {
			this.databaseType.relaxCommit(this.jdbc, status);
			return this.claims.renew(ids, owner, until);
		});
		return (renewed != null) ? renewed : 0;
	}

	/**
	 * Give a claimed delivery back without attempting it: due at once.
	 * @param id the delivery
	 * @param owner the owner that claimed it
	 * @param now the current time
	 */
	public void release(long id, String owner, Instant now) {
		OffsetDateTime at = utc(now);
		this.jdbc.update(sql(RELEASE), at, at, id, owner);
	}

	/**
	 * Give back every delivery an owner holds: due at once.
	 * @param owner the owner
	 * @param now the current time
	 * @return how many were released
	 */
	public int releaseAll(String owner, Instant now) {
		OffsetDateTime at = utc(now);
		return this.jdbc.update(sql(RELEASE_ALL), at, at, owner);
	}

	/**
	 * Which of these deliveries no longer exist: deleted with their endpoint (or by hand)
	 * while they were being sent. Asked only about deliveries whose claim was not held when
	 * their attempt was recorded, to tell that apart from a lease another instance took over.
	 * @param ids the deliveries
	 * @return those not found
	 */
	public Set<Long> missing(Collection<Long> ids) {
		Set<Long> missing = new LinkedHashSet<>(ids);
		this.claims.query(sql("SELECT id FROM shophooks_delivery WHERE id = ANY(?)"), (rs, row) -> rs.getLong(1), ids)
			.forEach(missing::remove);
		return missing;
	}

	/**
	 * Record an attempt and the delivery's new state in one transaction.
	 * @param claimed the claimed delivery
	 * @param owner the owner that claimed it
	 * @param outcome the new state
	 * @param attempt the attempt
	 * @return whether the claim was still held (if not, another instance took it over)
	 */
	public boolean complete(ClaimedDelivery claimed, String owner, Outcome outcome, NewAttempt attempt) {
		// The kind only steers the dispatcher's endpoint bookkeeping, which the caller does itself.
		return completeAll(List.of(new Completion(claimed, outcome, attempt, claimed.endpointId(),
				Completion.Kind.RETRY)), owner)[0];
	}

	/**
	 * Record many attempts and their deliveries' new states in one transaction: one
	 * commit for a whole batch of finished sends, which also adds the attempts to their
	 * endpoints' figures of the minute (see {@link AttemptRecords}).
	 * @param items the finished attempts
	 * @param owner the owner that claimed the deliveries
	 * @return for each item, whether its claim was still held
	 */
	public boolean[] completeAll(List<Completion> items, String owner) {
		return this.records.completeAll(items, owner);
	}

	/**
	 * A finished attempt waiting to be written.
	 *
	 * @param delivery the claimed delivery
	 * @param outcome its new state
	 * @param attempt the attempt
	 * @param endpointId the endpoint
	 * @param kind what it means for the endpoint
	 */
	public record Completion(ClaimedDelivery delivery, Outcome outcome, NewAttempt attempt, long endpointId,
			Kind kind) {

		/** What a finished attempt means for its endpoint. */
		public enum Kind {

			/** Delivered: the endpoint's failures in a row start again. */
			SUCCESS,

			/** Will be retried: nothing to do. */
			RETRY,

			/** Failed after every retry: one more failure in a row. */
			FINAL_FAILURE,

			/** 410 Gone: disable the endpoint. */
			GONE

		}

	}

	/**
	 * Write a test event and its delivery, already claimed by the caller.
	 * @param event the event
	 * @param endpointId the endpoint
	 * @param owner the owner
	 * @param leaseUntil the lease expiry
	 * @return the claimed delivery
	 */
	public ClaimedDelivery insertClaimed(StoredEvent event, long endpointId, String owner, Instant leaseUntil) {
		ClaimedDelivery result = this.transactions.execute(status -> {
			OffsetDateTime at = utc(event.createdAt());
			this.jdbc.update(sql("""
					INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at)
					VALUES (?, ?, ?, TRUE, ?)
					"""), event.id(), event.type(), event.payload(), at);
			GeneratedKeyHolder keys = new GeneratedKeyHolder();
			this.jdbc.update(connection -> {
				var ps = connection.prepareStatement(sql("""
						INSERT INTO shophooks_delivery (event_id, endpoint_id, event_type, status, next_attempt_at,
						    lease_owner, lease_expires_at, created_at, updated_at)
						VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?)
						"""), new String[] { "id" });
				ps.setString(1, event.id());
				ps.setLong(2, endpointId);
				ps.setString(3, event.type());
				ps.setObject(4, at);
				ps.setString(5, owner);
				ps.setObject(6, utc(leaseUntil));
				ps.setObject(7, at);
				ps.setObject(8, at);
				return ps;
			}, keys);
			return new ClaimedDelivery(keys.getKey().longValue(), endpointId, 0, 0, event);
		});
		return Objects.requireNonNull(result);
	}

	public boolean replay(long id, Instant now) {
		Boolean replayed = this.transactions.execute(status -> {
			if (this.jdbc.update(sql(REPLAY), utc(now), utc(now), id) != 1) {
				return false;
			}
			// the row is locked by this transaction from here: no other replay copies it too
			this.jdbc.update(sql(KEEP_SUCCESS), id);
			this.jdbc.update(sql(CLEAR_SUCCESS), id);
			return true;
		});
		return Boolean.TRUE.equals(replayed);
	}

	/**
	 * Make a delivery that waits for its next try due now.
	 * @param id the delivery
	 * @param now the time now
	 * @return whether it was waiting (not delivered, failed or on the wire)
	 */
	public boolean retryNow(long id, Instant now) {
		OffsetDateTime at = utc(now);
		return this.jdbc.update(sql(RETRY_NOW), at, at, id, at, at) == 1;
	}

	/**
	 * Make every delivery of an endpoint that waits for its next try due now.
	 * @param endpointId the endpoint
	 * @param now the time now
	 * @return how many
	 */
	public int waitingDueNow(long endpointId, Instant now) {
		OffsetDateTime at = utc(now);
		return this.jdbc.update(sql(WAITING_DUE_NOW), at, at, endpointId, at, at);
	}

	public int recover(long endpointId, Instant since, Instant now) {
		return this.jdbc.update(sql(RECOVER), utc(now), utc(now), endpointId, utc(since));
	}

	/**
	 * The event and delivery writes of publishing transactions, for this database.
	 * @return the writes
	 */
	public EventWrites eventWrites() {
		return this.writes;
	}

	private String sql(String sql) {
		return this.tables.sql(sql);
	}

	/**
	 * A delivery this instance holds a lease on, with its event.
	 *
	 * @param id the delivery id
	 * @param endpointId the endpoint
	 * @param attemptCount attempts made before this one
	 * @param retryCount retries made since the first attempt or the last replay
	 * @param event the event
	 */
	public record ClaimedDelivery(long id, long endpointId, int attemptCount, int retryCount, StoredEvent event) {
	}

	/**
	 * The state a delivery moves to after an attempt.
	 */
	public record Outcome(DeliveryStatus status, int retryCount, Instant nextAttemptAt, @Nullable Integer statusCode,
			@Nullable String error, Instant updatedAt) {

		/** Every text as its column holds it (see {@link ColumnText}). */
		public Outcome {
			error = ColumnText.fit(error, ERROR_LENGTH);
		}

	}

	/** {@code last_error} and {@code error}: VARCHAR(1000). */
	static final int ERROR_LENGTH = 1000;

	/** {@code request_url} and {@code success_request_url}: VARCHAR(2000). */
	static final int URL_LENGTH = 2000;

	/** {@code outcome}: VARCHAR(20). */
	static final int OUTCOME_LENGTH = 20;

	/**
	 * An attempt to record.
	 */
	public record NewAttempt(int attemptNumber, Instant startedAt, long durationMillis, String requestUrl,
			String requestHeaders, @Nullable Integer statusCode, @Nullable String responseHeaders,
			@Nullable String responseExcerpt, @Nullable String error, String outcome) {

		/**
		 * Every text as its column holds it: a URL grown by its token, a receiver's NUL
		 * bytes or an endless error never fail the batch it is recorded in.
		 */
		public NewAttempt {
			requestUrl = Objects.requireNonNull(ColumnText.fit(requestUrl, URL_LENGTH));
			requestHeaders = Objects.requireNonNull(ColumnText.storable(requestHeaders));
			responseHeaders = ColumnText.storable(responseHeaders);
			responseExcerpt = ColumnText.storable(responseExcerpt);
			error = ColumnText.fit(error, ERROR_LENGTH);
			outcome = Objects.requireNonNull(ColumnText.fit(outcome, OUTCOME_LENGTH));
		}

		/**
		 * This attempt without what a receiver sent, for a row that could not be recorded
		 * in full.
		 * @param why what the database said
		 * @return the attempt, smaller
		 */
		public NewAttempt stripped(String why) {
			return new NewAttempt(this.attemptNumber, this.startedAt, this.durationMillis,
					this.requestUrl.substring(0, Math.min(200, this.requestUrl.length())), "", this.statusCode, null,
					null, "ShopHooks could not record this attempt in full (" + why + ")"
							+ ((this.error != null) ? ": " + this.error : ""),
					this.outcome);
		}

	}

}
