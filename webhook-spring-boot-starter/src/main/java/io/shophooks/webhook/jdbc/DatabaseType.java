package io.shophooks.webhook.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.transaction.TransactionStatus;

import io.shophooks.webhook.Internal;

/**
 * The databases ShopHooks supports, and what differs between them. Claiming work uses
 * {@code FOR UPDATE SKIP LOCKED ... RETURNING} on PostgreSQL and a condition-checked
 * update elsewhere.
 */
@Internal
public enum DatabaseType {

	/** H2, the embedded default. */
	H2("h2", false, true, null),

	/** PostgreSQL, the production and multi-instance database. */
	POSTGRESQL("postgresql", true, false, "SELECT " + DatabaseType.POSTGRESQL_RELAXED_COMMIT);

	/**
	 * The PostgreSQL call that relaxes the current transaction's commit (see
	 * {@link #bookkeepingCommit()}), for statements that carry it inside themselves (a
	 * claim's settings, a recorded batch's one statement) instead of running it first.
	 */
	public static final String POSTGRESQL_RELAXED_COMMIT = "set_config('synchronous_commit', 'off', true)";

	private final String schemaSuffix;

	private final boolean skipLocked;

	private final boolean embedded;

	private final @Nullable String bookkeepingCommit;

	DatabaseType(String schemaSuffix, boolean skipLocked, boolean embedded, @Nullable String bookkeepingCommit) {
		this.schemaSuffix = schemaSuffix;
		this.skipLocked = skipLocked;
		this.embedded = embedded;
		this.bookkeepingCommit = bookkeepingCommit;
	}

	/**
	 * The statement that lets the current transaction commit without waiting for its
	 * write-ahead log to reach the disk, run first in ShopHooks' own bookkeeping
	 * transactions (fan-out, claims, recorded attempts), never in the shop's. Such a
	 * commit can be lost only if the database server itself stops within a moment of it
	 * (not when the application does), and then only together with every later one, so
	 * the database comes back as it was a moment earlier: deliveries not yet fanned out,
	 * claimed or recorded, which are sent again (at least once, as always). See
	 * docs/reliability.md.
	 * @return the statement, or {@code null} where the database has no such setting
	 */
	public @Nullable String bookkeepingCommit() {
		return this.bookkeepingCommit;
	}

	/**
	 * Relax the current bookkeeping transaction's commit where the database can (see
	 * {@link #bookkeepingCommit()}); nothing elsewhere, and never when the transaction is
	 * a caller's that ShopHooks joined: the shop's own commits stay durable.
	 * @param jdbc the template running the transaction
	 * @param transaction the transaction, relaxed only if ShopHooks started it
	 */
	public void relaxCommit(JdbcOperations jdbc, TransactionStatus transaction) {
		if (this.bookkeepingCommit != null && transaction.isNewTransaction()) {
			jdbc.execute(this.bookkeepingCommit);
		}
	}

	/**
	 * Whether the database claims rows with {@code FOR UPDATE SKIP LOCKED} and
	 * {@code UPDATE ... RETURNING} in one statement.
	 * @return whether skip-locked claims are used
	 */
	public boolean supportsSkipLocked() {
		return this.skipLocked;
	}

	/**
	 * Whether the database runs inside the application (and may therefore hold a
	 * generated encryption key and have its schema created by default).
	 * @return whether the database is embedded
	 */
	public boolean isEmbedded() {
		return this.embedded;
	}

	/**
	 * The classpath location of this database's schema script.
	 * @return the schema location
	 */
	public String schemaLocation() {
		return "classpath:io/shophooks/webhook/jdbc/schema-" + this.schemaSuffix + ".sql";
	}

	/**
	 * The classpath location of the script that upgrades tables of version 0.1 to this one.
	 * @return the upgrade script's location
	 */
	public String upgradeLocation() {
		return "classpath:io/shophooks/webhook/jdbc/upgrade-0.1-" + this.schemaSuffix + ".sql";
	}

	/**
	 * Detect the database behind a data source.
	 * @param dataSource the data source
	 * @return the database type
	 * @throws IllegalStateException if the database is not supported
	 */
	public static DatabaseType of(DataSource dataSource) {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (Exception ex) {
			throw new IllegalStateException("ShopHooks could not read the database product name", ex);
		}
		return fromProductName(product);
	}

	static DatabaseType fromProductName(String product) {
		String name = product.toLowerCase(Locale.ROOT);
		if (name.contains("h2")) {
			return H2;
		}
		if (name.contains("postgres")) {
			return POSTGRESQL;
		}
		throw new IllegalStateException("ShopHooks supports H2 and PostgreSQL, not '" + product
				+ "'. Point spring.datasource.url at one of them.");
	}

	static DatabaseType of(Connection connection) throws SQLException {
		return fromProductName(connection.getMetaData().getDatabaseProductName());
	}

}
