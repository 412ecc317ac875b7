package io.shophooks.webhook.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;

/**
 * The databases ShopHooks supports, and what differs between them. Claiming work uses
 * {@code FOR UPDATE SKIP LOCKED ... RETURNING} on PostgreSQL and a condition-checked
 * update elsewhere.
 */
public enum DatabaseType {

	/** H2, the embedded default. */
	H2("h2", false, true),

	/** PostgreSQL, the production and multi-instance database. */
	POSTGRESQL("postgresql", true, false);

	private final String schemaSuffix;

	private final boolean skipLocked;

	private final boolean embedded;

	DatabaseType(String schemaSuffix, boolean skipLocked, boolean embedded) {
		this.schemaSuffix = schemaSuffix;
		this.skipLocked = skipLocked;
		this.embedded = embedded;
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
