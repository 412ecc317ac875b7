package io.shophooks.webhook.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.zip.CRC32;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Runs schema set-up one instance at a time. Several instances starting together on an
 * empty PostgreSQL database would otherwise run {@code CREATE TABLE IF NOT EXISTS} at the
 * same moment, and all but one can fail ({@code duplicate key value violates unique
 * constraint "pg_type_typname_nsp_index"}): the check and the creation are not atomic. On
 * PostgreSQL the set-up holds a session advisory lock (released when it ends, or when its
 * connection dies with a crashed instance); elsewhere it runs as it is. Applications that
 * run their own scripts at start-up can use it too.
 */
public final class SchemaLock {

	private SchemaLock() {
	}

	/**
	 * Run schema set-up while holding the lock of its name.
	 * @param dataSource the database
	 * @param name what is being set up (one lock per name)
	 * @param setUp the set-up; it may use any connection of the data source
	 */
	public static void run(DataSource dataSource, String name, Runnable setUp) {
		if (DatabaseType.of(dataSource) != DatabaseType.POSTGRESQL) {
			setUp.run();
			return;
		}
		long key = key(name);
		try (Connection connection = dataSource.getConnection()) {
			call(connection, "SELECT pg_advisory_lock(?)", key);
			try {
				setUp.run();
			}
			finally {
				call(connection, "SELECT pg_advisory_unlock(?)", key);
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not take the schema lock for " + name, ex);
		}
	}

	/** A stable 64-bit key: a fixed high word for ShopHooks, the name's CRC-32 below it. */
	static long key(String name) {
		CRC32 crc = new CRC32();
		crc.update(name.getBytes(StandardCharsets.UTF_8));
		return (0x5348L << 48) | crc.getValue();
	}

	private static void call(Connection connection, String sql, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			statement.execute();
		}
	}

}
