package io.shophooks.webhook.jdbc;

import java.nio.charset.StandardCharsets;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.util.StreamUtils;

/**
 * Creates ShopHooks' tables at start-up from the schema file of the database in use.
 * The scripts only use {@code CREATE ... IF NOT EXISTS}, so running them again is safe.
 */
public class SchemaInitializer implements InitializingBean {

	private static final Log logger = LogFactory.getLog(SchemaInitializer.class);

	private final DataSource dataSource;

	private final DatabaseType databaseType;

	private final Tables tables;

	private final boolean enabled;

	public SchemaInitializer(DataSource dataSource, DatabaseType databaseType, Tables tables, boolean enabled) {
		this.dataSource = dataSource;
		this.databaseType = databaseType;
		this.tables = tables;
		this.enabled = enabled;
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
		if (!this.enabled) {
			return;
		}
		Resource script = new DefaultResourceLoader().getResource(this.databaseType.schemaLocation());
		String sql = this.tables.sql(StreamUtils.copyToString(script.getInputStream(), StandardCharsets.UTF_8));
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
				new ByteArrayResource(sql.getBytes(StandardCharsets.UTF_8)));
		populator.setSqlScriptEncoding(StandardCharsets.UTF_8.name());
		// one instance at a time: concurrent CREATE ... IF NOT EXISTS can fail on PostgreSQL
		SchemaLock.run(this.dataSource, "shophooks-schema:" + this.tables.prefix(),
				() -> populator.execute(this.dataSource));
		logger.debug("ShopHooks schema ensured (" + this.databaseType + ", prefix " + this.tables.prefix() + ")");
	}

}
