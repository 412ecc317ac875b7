package io.shophooks.webhook.jdbc;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;

import io.shophooks.webhook.Internal;

/**
 * Whether an H2 database keeps every commit it acknowledged. H2 writes a commit to its
 * file up to {@code WRITE_DELAY} milliseconds (500 by default) after acknowledging it, so
 * a process killed in that window loses events the shop was told were saved. Only
 * {@code WRITE_DELAY=0} writes each commit before the acknowledgement.
 */
@Internal
public final class H2Durability {

	private H2Durability() {
	}

	/**
	 * The warning to log for a database that can lose acknowledged commits.
	 * @param dataSource an H2 data source
	 * @return the warning, or empty if every commit is written before it is acknowledged
	 * (or the database is in memory, where nothing outlives the process anyway)
	 */
	public static Optional<String> warning(DataSource dataSource) {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, metaData -> {
				String url = metaData.getURL();
				if (url == null || url.startsWith("jdbc:h2:mem:")) {
					return Optional.<String>empty();
				}
				long delay = 0;
				try (Statement statement = metaData.getConnection().createStatement();
						ResultSet settings = statement.executeQuery(
								"SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
					while (settings.next()) {
						delay = Math.max(delay, Long.parseLong(settings.getString(1).trim()));
					}
				}
				if (delay == 0) {
					return Optional.<String>empty();
				}
				return Optional.of("The H2 database " + url + " writes commits to its file up to " + delay
						+ " ms after acknowledging them (WRITE_DELAY): if the process is killed in that window,"
						+ " events the shop was told were saved are lost and their webhooks never sent."
						+ " Add ;WRITE_DELAY=0 to spring.datasource.url, or use PostgreSQL in production.");
			});
		}
		catch (Exception ex) {
			return Optional.empty();
		}
	}

}
