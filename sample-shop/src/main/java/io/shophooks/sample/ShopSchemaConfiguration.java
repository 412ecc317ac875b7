package io.shophooks.sample;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.AbstractScriptDatabaseInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.shophooks.webhook.jdbc.SchemaLock;

/**
 * The shop's {@code schema.sql} runs at every start ({@code spring.sql.init.mode=always})
 * under ShopHooks' schema lock, so instances starting together on an empty PostgreSQL
 * database do not fail on each other's {@code CREATE TABLE IF NOT EXISTS}. Spring Boot's
 * own initializer steps aside for this one and is otherwise unchanged.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SqlInitializationProperties.class)
class ShopSchemaConfiguration {

	@Bean
	ApplicationDataSourceScriptDatabaseInitializer dataSourceScriptDatabaseInitializer(DataSource dataSource,
			SqlInitializationProperties properties) {
		return new ApplicationDataSourceScriptDatabaseInitializer(dataSource, properties) {

			@Override
			protected void runScripts(AbstractScriptDatabaseInitializer.Scripts scripts) {
				SchemaLock.run(getDataSource(), "sample-shop-schema", () -> super.runScripts(scripts));
			}

		};
	}

}
