package io.shophooks.webhook.endpoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.jdbc.Tables;

/**
 * Endpoint rows. Secrets arrive here already encrypted.
 */
class EndpointRepository {

	private static final String COLUMNS = """
			id, name, url, event_types, body_format, url_token_parameter, url_token_enc, basic_username,
			basic_password_enc, signing, secret_enc, previous_secret_enc, previous_secret_expires_at, enabled,
			disabled_reason, disabled_at, max_concurrency, propagate_trace, consecutive_failures, created_at, updated_at,
			ordered, filter_expression, include_fields, payload_mode, failing_since, disabled_automatically
			""";

	private static final String INSERT = """
			INSERT INTO shophooks_endpoint (name, url, event_types, body_format, url_token_parameter, url_token_enc,
			    basic_username, basic_password_enc, signing, secret_enc, enabled, max_concurrency, propagate_trace,
			    created_at, updated_at, ordered, filter_expression, include_fields, payload_mode)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	private static final String UPDATE = """
			UPDATE shophooks_endpoint SET name = ?, url = ?, event_types = ?, body_format = ?, url_token_parameter = ?,
			    url_token_enc = ?, basic_username = ?, basic_password_enc = ?, signing = ?, secret_enc = ?,
			    max_concurrency = ?, propagate_trace = ?, updated_at = ?, ordered = ?, filter_expression = ?,
			    include_fields = ?, payload_mode = ?
			WHERE id = ?
			""";

	private static final String ROTATE = """
			UPDATE shophooks_endpoint SET secret_enc = ?, previous_secret_enc = ?, previous_secret_expires_at = ?,
			    signing = TRUE, updated_at = ?
			WHERE id = ?
			""";

	// One instance wins each change of state, so the owner is told once.
	private static final String START_FAILING = """
			UPDATE shophooks_endpoint SET failing_since = ? WHERE id = ? AND failing_since IS NULL
			""";

	private static final String STOP_FAILING = """
			UPDATE shophooks_endpoint SET failing_since = NULL WHERE id = ? AND failing_since = ?
			""";

	// Only while the values are still those read: another instance may re-encrypt at once.
	private static final String REENCRYPT = """
			UPDATE shophooks_endpoint SET url_token_enc = ?, basic_password_enc = ?, secret_enc = ?,
			    previous_secret_enc = ?
			WHERE id = ? AND url_token_enc IS NOT DISTINCT FROM ? AND basic_password_enc IS NOT DISTINCT FROM ?
			  AND secret_enc IS NOT DISTINCT FROM ? AND previous_secret_enc IS NOT DISTINCT FROM ?
			""";

	private static final String SET_ENABLED = """
			UPDATE shophooks_endpoint SET enabled = ?, disabled_reason = ?, disabled_at = ?, consecutive_failures = 0,
			    updated_at = ?, disabled_automatically = ?
			WHERE id = ? AND enabled <> ?
			""";

	private static final String COUNT_FAILURE = """
			UPDATE shophooks_endpoint SET consecutive_failures = consecutive_failures + 1 WHERE id = ?
			""";

	private static final String RESET_FAILURES = """
			UPDATE shophooks_endpoint SET consecutive_failures = 0 WHERE id = ? AND consecutive_failures <> 0
			""";

	/**
	 * A counter every instance can read in one small query: raised in the transaction of
	 * every change to who gets which events (an endpoint created, changed, enabled,
	 * disabled or deleted), so a publishing transaction knows whether its cached
	 * subscriptions are still those committed.
	 */
	private static final String VERSION = Subscriptions.VERSION_SETTING;

	private static final String READ_VERSION = "SELECT " + Subscriptions.VERSION_SQL;

	private static final String RAISE_VERSION = "UPDATE shophooks_setting SET setting_value = "
			+ "CAST(CAST(setting_value AS BIGINT) + 1 AS VARCHAR(1000)) WHERE name = '" + VERSION + "'";

	private static final String FIRST_VERSION = "INSERT INTO shophooks_setting (name, setting_value) VALUES ('"
			+ VERSION + "', '1')";

	private final JdbcTemplate jdbc;

	private final Tables tables;

	private final TransactionTemplate transactions;

	EndpointRepository(JdbcTemplate jdbc, Tables tables, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.transactions = transactions;
	}

	/**
	 * The subscriptions' version as committed now (0 before the first change).
	 * @return the version
	 */
	long version() {
		return Long.parseLong(this.jdbc.queryForObject(this.tables.sql(READ_VERSION), String.class));
	}

	/** Run a change of subscriptions and raise the version, in one transaction. */
	private <T> T changing(Supplier<T> change) {
		return Objects.requireNonNull(this.transactions.execute(status -> {
			T result = change.get();
			if (this.jdbc.update(this.tables.sql(RAISE_VERSION)) == 0) {
				this.jdbc.update(this.tables.sql(FIRST_VERSION));
			}
			return result;
		}));
	}

	long insert(StoredEndpoint e, Instant now) {
		return changing(() -> insertRow(e, now));
	}

	private long insertRow(StoredEndpoint e, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			var ps = connection.prepareStatement(this.tables.sql(INSERT), new String[] { "id" });
			ps.setString(1, e.name());
			ps.setString(2, e.url());
			ps.setString(3, String.join(" ", e.eventTypes()));
			ps.setString(4, e.format().name());
			ps.setString(5, e.urlTokenParameter());
			ps.setString(6, e.urlTokenEnc());
			ps.setString(7, e.basicUsername());
			ps.setString(8, e.basicPasswordEnc());
			ps.setBoolean(9, e.signing());
			ps.setString(10, e.secretEnc());
			ps.setInt(11, e.maxConcurrency());
			ps.setBoolean(12, e.propagateTrace());
			ps.setObject(13, utc(now));
			ps.setObject(14, utc(now));
			ps.setBoolean(15, e.options().ordered());
			ps.setString(16, e.options().filter());
			ps.setString(17, includeFields(e.options()));
			ps.setString(18, e.options().payload().name());
			return ps;
		}, keys);
		return keys.getKey().longValue();
	}

	boolean update(long id, StoredEndpoint e, Instant now) {
		return changing(() -> this.jdbc.update(this.tables.sql(UPDATE), e.name(), e.url(), String.join(" ", e.eventTypes()),
				e.format().name(), e.urlTokenParameter(), e.urlTokenEnc(), e.basicUsername(), e.basicPasswordEnc(),
				e.signing(), e.secretEnc(), e.maxConcurrency(), e.propagateTrace(), utc(now), e.options().ordered(),
				e.options().filter(), includeFields(e.options()), e.options().payload().name(), id) == 1);
	}

	private static @Nullable String includeFields(DeliveryOptions options) {
		return options.includeFields().isEmpty() ? null : String.join(" ", options.includeFields());
	}

	boolean rotate(long id, String secretEnc, @Nullable String previousEnc, @Nullable Instant previousExpires,
			Instant now) {
		return this.jdbc.update(this.tables.sql(ROTATE), secretEnc, previousEnc,
				(previousExpires != null) ? utc(previousExpires) : null, utc(now), id) == 1;
	}

	/**
	 * Mark an endpoint as failing, unless it is already.
	 * @param id the endpoint
	 * @param since when its deliveries started failing
	 * @return whether this call changed its state
	 */
	boolean startFailing(long id, Instant since) {
		return changing(() -> this.jdbc.update(this.tables.sql(START_FAILING), utc(since), id) == 1);
	}

	/**
	 * Mark a failing endpoint as working again.
	 * @param id the endpoint
	 * @param since when it started failing, as read
	 * @return whether this call changed its state
	 */
	boolean stopFailing(long id, Instant since) {
		return changing(() -> this.jdbc.update(this.tables.sql(STOP_FAILING), id, utc(since)) == 1);
	}

	/**
	 * Replace an endpoint's encrypted values by what the function gives for them.
	 * @param e the endpoint as read
	 * @param reencrypt a value's new form, or {@code null} to keep it
	 * @return rows changed (0 when nothing needed it or another instance did it first)
	 */
	int reencrypt(StoredEndpoint e, UnaryOperator<@Nullable String> reencrypt) {
		String token = reencrypt.apply(e.urlTokenEnc());
		String password = reencrypt.apply(e.basicPasswordEnc());
		String secret = reencrypt.apply(e.secretEnc());
		String previous = reencrypt.apply(e.previousSecretEnc());
		if (token == null && password == null && secret == null && previous == null) {
			return 0;
		}
		return this.jdbc.update(this.tables.sql(REENCRYPT), (token != null) ? token : e.urlTokenEnc(),
				(password != null) ? password : e.basicPasswordEnc(), (secret != null) ? secret : e.secretEnc(),
				(previous != null) ? previous : e.previousSecretEnc(), e.id(), e.urlTokenEnc(), e.basicPasswordEnc(),
				e.secretEnc(), e.previousSecretEnc());
	}

	boolean setEnabled(long id, boolean enabled, @Nullable String reason, Instant now) {
		return setEnabled(id, enabled, reason, false, now);
	}

	boolean setEnabled(long id, boolean enabled, @Nullable String reason, boolean automatic, Instant now) {
		return changing(() -> this.jdbc.update(this.tables.sql(SET_ENABLED), enabled, enabled ? null : reason,
				enabled ? null : utc(now), utc(now), !enabled && automatic, id, enabled) == 1);
	}

	int countFailure(long id) {
		this.jdbc.update(this.tables.sql(COUNT_FAILURE), id);
		Integer count = this.jdbc.queryForObject(
				this.tables.sql("SELECT consecutive_failures FROM shophooks_endpoint WHERE id = ?"), Integer.class, id);
		return (count != null) ? count : 0;
	}

	void resetFailures(long id) {
		this.jdbc.update(this.tables.sql(RESET_FAILURES), id);
	}

	boolean delete(long id) {
		return changing(() -> {
			boolean deleted = this.jdbc.update(this.tables.sql("DELETE FROM shophooks_endpoint WHERE id = ?"), id) == 1;
			// Its figures too (they have no foreign key, so that recording a batch of attempts never
			// fails on an endpoint deleted while they were in flight), after its deliveries: a batch
			// being recorded locks deliveries, then figures, and so does this transaction (through
			// the cascade), so neither waits for the other in a circle.
			this.jdbc.update(this.tables.sql("DELETE FROM shophooks_attempt_minute WHERE endpoint_id = ?"), id);
			return deleted;
		});
	}

	Optional<StoredEndpoint> find(long id) {
		return this.jdbc
			.query(this.tables.sql("SELECT " + COLUMNS + " FROM shophooks_endpoint WHERE id = ?"), this::map, id)
			.stream()
			.findFirst();
	}

	List<StoredEndpoint> findAll() {
		return this.jdbc.query(this.tables.sql("SELECT " + COLUMNS + " FROM shophooks_endpoint ORDER BY id"),
				this::map);
	}

	private StoredEndpoint map(ResultSet rs, int row) throws SQLException {
		return new StoredEndpoint(rs.getLong("id"), rs.getString("name"), rs.getString("url"),
				Arrays.asList(rs.getString("event_types").split(" ")), BodyFormat.valueOf(rs.getString("body_format")),
				rs.getString("url_token_parameter"), rs.getString("url_token_enc"), rs.getString("basic_username"),
				rs.getString("basic_password_enc"), rs.getBoolean("signing"), rs.getString("secret_enc"),
				rs.getString("previous_secret_enc"), instant(rs, "previous_secret_expires_at"),
				rs.getBoolean("enabled"), rs.getString("disabled_reason"), instant(rs, "disabled_at"),
				rs.getInt("max_concurrency"), rs.getBoolean("propagate_trace"), rs.getInt("consecutive_failures"),
				instant(rs, "created_at"), instant(rs, "updated_at"), options(rs), instant(rs, "failing_since"),
				rs.getBoolean("disabled_automatically"));
	}

	private static DeliveryOptions options(ResultSet rs) throws SQLException {
		String fields = rs.getString("include_fields");
		return new DeliveryOptions(rs.getBoolean("ordered"), rs.getString("filter_expression"),
				(fields != null) ? Arrays.asList(fields.split(" ")) : List.of(),
				PayloadMode.valueOf(rs.getString("payload_mode")));
	}

	static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * An endpoint row as stored, secrets encrypted.
	 */
	record StoredEndpoint(long id, String name, String url, List<String> eventTypes, BodyFormat format,
			@Nullable String urlTokenParameter, @Nullable String urlTokenEnc, @Nullable String basicUsername,
			@Nullable String basicPasswordEnc, boolean signing, @Nullable String secretEnc,
			@Nullable String previousSecretEnc, @Nullable Instant previousSecretExpiresAt, boolean enabled,
			@Nullable String disabledReason, @Nullable Instant disabledAt, int maxConcurrency,
			boolean propagateTrace, int consecutiveFailures, @Nullable Instant createdAt, @Nullable Instant updatedAt,
			DeliveryOptions options, @Nullable Instant failingSince, boolean disabledAutomatically) {
	}

}
