package io.shophooks.webhook.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StreamUtils;

import io.shophooks.webhook.Internal;

/**
 * Creates ShopHooks' tables at start-up through Spring Boot's own script initializer, as
 * Spring Session JDBC does: {@code shophooks.webhook.jdbc.initialize-schema} is Boot's
 * {@link DatabaseInitializationMode} ({@code always}, {@code embedded}, {@code never}),
 * Boot decides what counts as embedded, and beans that need the tables wait for it
 * ({@code @DependsOnDatabaseInitialization}). The script of the database in use
 * ({@code schema-h2.sql}, {@code schema-postgresql.sql}) runs with the configured table
 * prefix, one instance at a time ({@link SchemaLock}); it only creates what is missing.
 * <p>
 * Whether it ran or not, the tables are then checked: missing tables, or tables of an
 * older version, stop start-up with the script that fixes them named in the message.
 */
@Internal
public class SchemaInitializer extends DataSourceScriptDatabaseInitializer {

	/** A column each table gained last; its absence means the table is from an older version. */
	private static final Map<String, String> NEWEST_COLUMNS = Map.of("shophooks_endpoint", "disabled_automatically",
			"shophooks_event", "payload_version", "shophooks_delivery", "success_response_excerpt", "shophooks_attempt", "id",
			"shophooks_setting", "name", "shophooks_attempt_minute", "gt_20000");

	private final DatabaseType databaseType;

	private final Tables tables;

	private final boolean enabled;

	/**
	 * @param dataSource the database
	 * @param databaseType its type
	 * @param tables the table names (prefix)
	 * @param mode when to run the script
	 */
	public SchemaInitializer(DataSource dataSource, DatabaseType databaseType, Tables tables,
			DatabaseInitializationMode mode) {
		super(dataSource, settings(databaseType, mode));
		this.databaseType = databaseType;
		this.tables = tables;
		this.enabled = mode == DatabaseInitializationMode.ALWAYS
				|| (mode == DatabaseInitializationMode.EMBEDDED && isEmbeddedDatabase());
	}

	private static DatabaseInitializationSettings settings(DatabaseType databaseType, DatabaseInitializationMode mode) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(List.of(databaseType.schemaLocation()));
		settings.setMode(mode);
		settings.setEncoding(StandardCharsets.UTF_8);
		return settings;
	}

	/**
	 * Whether this initializer creates the schema.
	 * @return whether it runs
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	@Override
	public void afterPropertiesSet() throws Exception {
		// an older version's tables first: the script would fail on them half way (its indexes
		// name columns they lack)
		checkVersion(false);
		super.afterPropertiesSet();
		checkVersion(true);
	}

	@Override
	protected void runScripts(Scripts scripts) {
		List<Resource> prefixed = new ArrayList<>();
		for (Resource script : scripts) {
			try {
				String sql = StreamUtils.copyToString(script.getInputStream(), StandardCharsets.UTF_8);
				prefixed.add(new ByteArrayResource(this.tables.sql(sql).getBytes(StandardCharsets.UTF_8),
						script.getDescription()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		Scripts withPrefix = new Scripts(prefixed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(StandardCharsets.UTF_8);
		// one instance at a time: concurrent CREATE ... IF NOT EXISTS can fail on PostgreSQL
		SchemaLock.run(getDataSource(), "shophooks-schema:" + this.tables.prefix(),
				() -> super.runScripts(withPrefix));
	}

	/**
	 * Refuse to start on tables of an older version, naming the upgrade script, and (once
	 * the script had its chance) on missing tables.
	 * @param required whether a missing table is an error
	 */
	private void checkVersion(boolean required) {
		JdbcTemplate jdbc = new JdbcTemplate(getDataSource());
		for (Map.Entry<String, String> table : NEWEST_COLUMNS.entrySet()) {
			String name = this.tables.sql(table.getKey());
			try {
				jdbc.queryForList("SELECT 1 FROM " + name + " WHERE 1 = 0");
			}
			catch (BadSqlGrammarException ex) {
				if (!required) {
					continue;
				}
				throw new IllegalStateException("ShopHooks' tables are missing (" + name + " not found). Let ShopHooks "
						+ "create them (shophooks.webhook.jdbc.initialize-schema=always) or add "
						+ this.databaseType.schemaLocation() + " to your Flyway or Liquibase migrations.", ex);
			}
			try {
				jdbc.queryForList("SELECT " + table.getValue() + " FROM " + name + " WHERE 1 = 0");
			}
			catch (BadSqlGrammarException ex) {
				throw new IllegalStateException("ShopHooks' tables are from an older version (" + name + " has no column "
						+ table.getValue() + "). Run " + this.databaseType.upgradeLocation()
						+ " once on this database (or add it to your Flyway or Liquibase migrations), then start again.",
						ex);
			}
		}
	}

}
