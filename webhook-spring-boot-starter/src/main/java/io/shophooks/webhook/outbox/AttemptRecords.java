package io.shophooks.webhook.outbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.DeliveryRepository.Completion;
import io.shophooks.webhook.outbox.DeliveryRepository.NewAttempt;
import io.shophooks.webhook.outbox.DeliveryRepository.Outcome;

import static io.shophooks.webhook.jdbc.SqlTimes.utc;

/**
 * Recording finished attempts: each delivery's new state (a success kept in the delivery's
 * own row, with no attempt row), an attempt row for each failure and for a success whose
 * claim another instance took over, and the endpoints' figures of the minute
 * ({@link AttemptMinutes}), all in one transaction per batch. On PostgreSQL a small batch
 * of successes outside any caller's transaction is one statement
 * ({@link PostgresSuccesses}).
 */
final class AttemptRecords {

	/** A delivery's new state; a success is kept in the row itself (no attempt row). */
	private static final String COMPLETE = """
			UPDATE shophooks_delivery SET status = ?, attempt_count = ?, retry_count = ?, next_attempt_at = ?,
			    lease_owner = NULL, lease_expires_at = NULL, last_status_code = ?, last_error = ?, updated_at = ?,
			    success_at = ?, success_duration_ms = ?, success_request_url = ?, success_request_headers = ?,
			    success_response_headers = ?, success_response_excerpt = ?
			WHERE id = ? AND lease_owner = ?
			""";

	private static final String INSERT_ATTEMPT = """
			INSERT INTO shophooks_attempt (delivery_id, attempt_number, started_at, duration_ms, request_url,
			    request_headers, status_code, response_headers, response_excerpt, error, outcome)
			SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM shophooks_delivery WHERE id = ?
			""";

	private final JdbcTemplate jdbc;

	private final Tables tables;

	private final DatabaseType databaseType;

	private final TransactionTemplate transactions;

	private final AttemptMinutes minutes;

	/** PostgreSQL's one-statement recording of small batches of successes; {@code null} elsewhere. */
	private final @Nullable PostgresSuccesses successes;

	AttemptRecords(JdbcTemplate jdbc, Tables tables, DatabaseType databaseType, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.databaseType = databaseType;
		this.transactions = transactions;
		this.minutes = AttemptMinutes.of(databaseType, jdbc, tables);
		this.successes = (databaseType == DatabaseType.POSTGRESQL) ? new PostgresSuccesses(jdbc, tables) : null;
	}

	/**
	 * Record many attempts and their deliveries' new states in one transaction: one
	 * commit for a whole batch of finished sends, which also adds the attempts to their
	 * endpoints' figures of the minute ({@link AttemptMinutes}).
	 * @param items the finished attempts
	 * @param owner the owner that claimed the deliveries
	 * @return for each item, whether its claim was still held
	 */
	boolean[] completeAll(List<Completion> items, String owner) {
		// Rows are written in id order, the order other multi-row statements lock them in.
		Integer[] order = new Integer[items.size()];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, Comparator.comparingLong(i -> items.get(i).delivery().id()));
		// One statement that commits on its own, so only where no caller's transaction would
		// be committed with it (the recorder's thread never has one); inside one, the general
		// path joins the caller's transaction
		if (this.successes != null && PostgresSuccesses.fits(items)
				&& !TransactionSynchronizationManager.isActualTransactionActive()) {
			return this.successes.record(items, order, owner);
		}
		boolean[] held = this.transactions.execute(status -> {
			this.databaseType.relaxCommit(this.jdbc, status);
			List<Object[]> attempts = new ArrayList<>(items.size());
			List<Object[]> updates = new ArrayList<>(items.size());
			for (int index : order) {
				Completion item = items.get(index);
				NewAttempt a = item.attempt();
				Outcome o = item.outcome();
				boolean success = o.status() == DeliveryStatus.DELIVERED;
				if (!success) {
					attempts.add(attemptRow(item));
				}
				updates.add(new Object[] { o.status().name(), item.delivery().attemptCount() + 1, o.retryCount(),
						utc(o.nextAttemptAt()), o.statusCode(), o.error(), utc(o.updatedAt()),
						success ? utc(a.startedAt()) : null, success ? a.durationMillis() : null,
						success ? a.requestUrl() : null, success ? a.requestHeaders() : null,
						success ? a.responseHeaders() : null, success ? a.responseExcerpt() : null,
						item.delivery().id(), owner });
			}
			if (!attempts.isEmpty()) {
				this.jdbc.batchUpdate(sql(INSERT_ATTEMPT), attempts);
			}
			int[] counts = this.jdbc.batchUpdate(sql(COMPLETE), updates);
			// A success whose claim another instance took over was still sent: it stays in
			// the attempt log as a row of its own (the delivery's row belongs to the other).
			List<Object[]> unheldSuccesses = new ArrayList<>();
			boolean[] result = new boolean[items.size()];
			for (int i = 0; i < order.length; i++) {
				Completion item = items.get(order[i]);
				result[order[i]] = counts[i] != 0;
				if (counts[i] == 0 && item.outcome().status() == DeliveryStatus.DELIVERED) {
					unheldSuccesses.add(attemptRow(item));
				}
			}
			if (!unheldSuccesses.isEmpty()) {
				this.jdbc.batchUpdate(sql(INSERT_ATTEMPT), unheldSuccesses);
			}
			this.minutes.add(items);
			return result;
		});
		return (held != null) ? held : new boolean[items.size()];
	}

	private String sql(String sql) {
		return this.tables.sql(sql);
	}

	private static Object[] attemptRow(Completion item) {
		NewAttempt a = item.attempt();
		return new Object[] { a.attemptNumber(), utc(a.startedAt()), a.durationMillis(), a.requestUrl(),
				a.requestHeaders(), a.statusCode(), a.responseHeaders(), a.responseExcerpt(), a.error(),
				a.outcome(), item.delivery().id() };
	}

}
