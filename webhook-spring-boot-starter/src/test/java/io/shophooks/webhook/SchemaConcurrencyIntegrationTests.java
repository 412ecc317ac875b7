package io.shophooks.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.SchemaInitializer;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.support.Databases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances that start together on an empty PostgreSQL database all set up the schema
 * without failing: three instances (each with its own connection pool, as separate
 * processes have) run the schema set-up at the same instant, on five fresh databases.
 * Without the schema lock, concurrent {@code CREATE TABLE IF NOT EXISTS} fails with
 * {@code duplicate key value violates unique constraint "pg_type_typname_nsp_index"}.
 */
class SchemaConcurrencyIntegrationTests {

	@Test
	void threeInstancesSettingUpAnEmptyDatabaseAtOnceAllSucceed() throws Exception {
		ExecutorService instances = Executors.newFixedThreadPool(3);
		try {
			for (int round = 0; round < 5; round++) {
				HikariDataSource fresh = Databases.newPostgres("schema_race_" + round);
				List<HikariDataSource> pools = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					pools.add(Databases.pool(fresh.getJdbcUrl(), "postgres", "postgres"));
				}
				CyclicBarrier together = new CyclicBarrier(3);
				List<Future<?>> starts = new ArrayList<>();
				for (HikariDataSource pool : pools) {
					starts.add(instances.submit(() -> {
						pool.getConnection().close();
						together.await();
						new SchemaInitializer(pool, DatabaseType.POSTGRESQL, new Tables("shophooks_"),
								org.springframework.boot.sql.init.DatabaseInitializationMode.ALWAYS)
							.afterPropertiesSet();
						return null;
					}));
				}
				try {
					for (Future<?> start : starts) {
						start.get(60, TimeUnit.SECONDS);
					}
					assertThat(new JdbcTemplate(fresh).queryForObject(
							"SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'shophooks_%'",
							Integer.class))
						.isEqualTo(6);
				}
				finally {
					pools.forEach(Databases::close);
					Databases.close(fresh);
				}
			}
		}
		finally {
			instances.shutdownNow();
		}
	}

}
