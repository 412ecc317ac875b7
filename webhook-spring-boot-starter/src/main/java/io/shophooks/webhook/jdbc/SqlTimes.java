package io.shophooks.webhook.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.Internal;

/**
 * Moments to and from {@code TIMESTAMP WITH TIME ZONE} columns, always in UTC, the same on
 * every database type. Internal.
 */
@Internal
public final class SqlTimes {

	private SqlTimes() {
	}

	/**
	 * A moment as a value to bind.
	 * @param instant the moment
	 * @return it at offset UTC
	 */
	public static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * A moment read from a column that must not be null.
	 * @param rs the result set
	 * @param column the column
	 * @return the moment
	 * @throws SQLException when it cannot be read or is null
	 */
	public static Instant instant(ResultSet rs, String column) throws SQLException {
		Instant value = nullableInstant(rs, column);
		if (value == null) {
			throw new SQLException("Column " + column + " is null");
		}
		return value;
	}

	/**
	 * A moment read from a column that may be null.
	 * @param rs the result set
	 * @param column the column
	 * @return the moment, or {@code null}
	 * @throws SQLException when it cannot be read
	 */
	public static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
