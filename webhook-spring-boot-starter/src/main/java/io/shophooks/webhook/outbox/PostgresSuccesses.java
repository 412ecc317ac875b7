package io.shophooks.webhook.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.DeliveryRepository.Completion;
import io.shophooks.webhook.outbox.DeliveryRepository.NewAttempt;
import io.shophooks.webhook.outbox.DeliveryRepository.Outcome;

import static io.shophooks.webhook.jdbc.SqlTimes.utc;

/**
 * PostgreSQL: a small batch of successes recorded in one statement, one round trip and
 * one commit. Below saturation the recorder's batches hold one or two deliveries, and
 * recording them as the general path does (relax the commit, update the rows, add to the
 * minute's figures, commit) costs four round trips and four statements per batch; here a
 * data-modifying {@code WITH} does all of it at once, as its own transaction when the
 * connection commits automatically (the default).
 * <p>
 * What it writes is what {@link AttemptRecords#completeAll} writes: the deliveries
 * still leased to the owner become delivered, each success whose lease another instance
 * took over is kept as an attempt row of its own, and every attempt is added to its
 * endpoint's minute ({@link AttemptMinutes}); the commit does not wait for the disk, as in
 * every bookkeeping transaction ({@code DatabaseType#bookkeepingCommit}). Larger batches,
 * and batches with failures, take the general path, whose JDBC batch costs less per row
 * there (docs/performance.md).
 */
final class PostgresSuccesses {

	/** The most successes recorded this way; more go through the JDBC batch. */
	static final int MOST = 8;

	/** The columns of one finished attempt, with their SQL types. */
	private static final String[][] DONE = { { "id", "BIGINT" }, { "status", "VARCHAR" },
			{ "attempt_count", "INT" }, { "retry_count", "INT" }, { "next_attempt_at", "TIMESTAMPTZ" },
			{ "last_status_code", "INT" }, { "last_error", "VARCHAR" }, { "updated_at", "TIMESTAMPTZ" },
			{ "success_at", "TIMESTAMPTZ" }, { "success_duration_ms", "BIGINT" }, { "success_request_url", "VARCHAR" },
			{ "success_request_headers", "TEXT" }, { "success_response_headers", "TEXT" },
			{ "success_response_excerpt", "TEXT" }, { "attempt_number", "INT" }, { "attempt_status_code", "INT" },
			{ "attempt_error", "VARCHAR" }, { "outcome", "VARCHAR" } };

	private static final int[] JDBC_TYPES = Arrays.stream(DONE).mapToInt(column -> switch (column[1]) {
		case "BIGINT" -> Types.BIGINT;
		case "INT" -> Types.INTEGER;
		case "TIMESTAMPTZ" -> Types.TIMESTAMP_WITH_TIMEZONE;
		default -> Types.VARCHAR;
	}).toArray();

	private final JdbcTemplate jdbc;

	private final Tables tables;

	/** The statement per number of successes and of minute rows. */
	private final Map<Integer, String> statements = new ConcurrentHashMap<>();

	PostgresSuccesses(JdbcTemplate jdbc, Tables tables) {
		this.jdbc = jdbc;
		this.tables = tables;
	}

	/**
	 * Whether a batch is recorded here.
	 * @param items the batch
	 * @return whether it is small and holds successes only
	 */
	static boolean fits(List<Completion> items) {
		if (items.isEmpty() || items.size() > MOST) {
			return false;
		}
		for (Completion item : items) {
			// a test event adds no minute figures, which this one statement always writes
			if (item.outcome().status() != DeliveryStatus.DELIVERED
					|| EventTypeRegistry.TEST_EVENT_TYPE.equals(item.delivery().event().type())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Record a batch that {@link #fits}.
	 * @param items the successes
	 * @param order the indexes of the items in delivery id order
	 * @param owner the owner that claimed the deliveries
	 * @return for each item, whether its claim was still held
	 */
	boolean[] record(List<Completion> items, Integer[] order, String owner) {
		List<Map.Entry<AttemptMinutes.Key, AttemptMinutes.Minute>> minutes = AttemptMinutes.rows(items);
		String sql = this.statements.computeIfAbsent(items.size() * 100 + minutes.size(),
				key -> this.tables.sql(statement(items.size(), minutes.size())));
		Set<Long> held = this.jdbc.execute((Connection connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			try {
				Set<Long> written = new HashSet<>();
				try (PreparedStatement statement = connection.prepareStatement(sql)) {
					int parameter = 1;
					for (int index : order) {
						Object[] row = row(items.get(index));
						for (int column = 0; column < row.length; column++) {
							if (row[column] == null) {
								statement.setNull(parameter++, JDBC_TYPES[column]);
							}
							else {
								statement.setObject(parameter++, row[column]);
							}
						}
					}
					statement.setString(parameter++, owner);
					for (Map.Entry<AttemptMinutes.Key, AttemptMinutes.Minute> minute : minutes) {
						for (Object value : AttemptMinutes.values(minute.getKey(), minute.getValue())) {
							statement.setObject(parameter++, value);
						}
					}
					try (ResultSet rs = statement.executeQuery()) {
						while (rs.next()) {
							written.add(rs.getLong(1));
						}
					}
				}
				if (!autoCommit) {
					connection.commit();
				}
				return written;
			}
			catch (SQLException | RuntimeException ex) {
				if (!autoCommit) {
					connection.rollback();
				}
				throw ex;
			}
		});
		boolean[] result = new boolean[items.size()];
		for (int i = 0; i < result.length; i++) {
			result[i] = held != null && held.contains(items.get(i).delivery().id());
		}
		return result;
	}

	private static Object[] row(Completion item) {
		NewAttempt a = item.attempt();
		Outcome o = item.outcome();
		return new Object[] { item.delivery().id(), o.status().name(), item.delivery().attemptCount() + 1,
				o.retryCount(), utc(o.nextAttemptAt()), o.statusCode(),
				o.error(), utc(o.updatedAt()),
				utc(a.startedAt()), a.durationMillis(), a.requestUrl(),
				a.requestHeaders(), a.responseHeaders(), a.responseExcerpt(), a.attemptNumber(), a.statusCode(),
				a.error(), a.outcome() };
	}

	/**
	 * The statement: the settings, the finished attempts as a {@code VALUES} list, the
	 * update of the rows still leased to the owner (which returns their ids, in the
	 * result), the attempt rows of successes whose lease was lost, the minutes' upsert.
	 * The result's second branch only makes sure the setting is evaluated (a
	 * {@code WITH} query that nothing reads is not); it returns no row.
	 */
	static String statement(int successes, int minuteRows) {
		String columns = Arrays.stream(DONE).map(column -> column[0]).collect(Collectors.joining(", "));
		String values = IntStream.range(0, successes)
			.mapToObj(i -> Arrays.stream(DONE)
				.map(column -> "CAST(? AS " + column[1] + ")")
				.collect(Collectors.joining(", ", "(", ")")))
			.collect(Collectors.joining(",\n    "));
		return """
				WITH relaxed AS (SELECT %s AS setting),
				done (%s) AS (VALUES
				    %s),
				written AS (
				    UPDATE shophooks_delivery d SET status = done.status, attempt_count = done.attempt_count,
				        retry_count = done.retry_count, next_attempt_at = done.next_attempt_at, lease_owner = NULL,
				        lease_expires_at = NULL, last_status_code = done.last_status_code, last_error = done.last_error,
				        updated_at = done.updated_at, success_at = done.success_at,
				        success_duration_ms = done.success_duration_ms, success_request_url = done.success_request_url,
				        success_request_headers = done.success_request_headers,
				        success_response_headers = done.success_response_headers,
				        success_response_excerpt = done.success_response_excerpt
				    FROM done WHERE d.id = done.id AND d.lease_owner = ?
				    RETURNING d.id),
				kept AS (
				    INSERT INTO shophooks_attempt (delivery_id, attempt_number, started_at, duration_ms, request_url,
				        request_headers, status_code, response_headers, response_excerpt, error, outcome)
				    SELECT d.id, done.attempt_number, done.success_at, done.success_duration_ms, done.success_request_url,
				        done.success_request_headers, done.attempt_status_code, done.success_response_headers,
				        done.success_response_excerpt, done.attempt_error, done.outcome
				    FROM done JOIN shophooks_delivery d ON d.id = done.id
				    WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.id = done.id)),
				counted AS (%s)
				SELECT id FROM written
				UNION ALL SELECT NULL FROM relaxed WHERE setting IS NULL
				""".formatted(DatabaseType.POSTGRESQL_RELAXED_COMMIT, columns, values, AttemptMinutes.Postgres.upsert(minuteRows));
	}

}
