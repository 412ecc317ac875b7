package io.shophooks.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.support.Databases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three shop instances (JVMs of their own) started at the same moment on an empty
 * PostgreSQL database all start: the shop's {@code schema.sql} and ShopHooks' schema run
 * one instance at a time, and the demo endpoint is created once, not three times. Before,
 * one instance died on {@code duplicate key value violates unique constraint
 * "pg_type_typname_nsp_index"} from the concurrent {@code CREATE TABLE IF NOT EXISTS}.
 */
class ShopInstancesStartTogetherIntegrationTests {

	@Test
	void threeInstancesStartTogetherOnAnEmptyPostgresDatabase(@TempDir Path workDir) throws Exception {
		HikariDataSource fresh = Databases.newPostgres("shop_start_together");
		List<ShopProcess> shops = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				shops.add(ShopProcess.start(workDir, workDir.resolve("shop-" + i + ".log"),
						"--spring.datasource.url=" + fresh.getJdbcUrl(), "--spring.datasource.username=postgres",
						"--spring.datasource.password=postgres",
						"--shophooks.webhook.security.encryption-key=q9xZ0H8W3v1n0m5Jc2e4Yk7bR6tU8iO9pA1sD3fG5hE=",
						"--shophooks.webhook.delivery.enabled=false"));
			}
			for (ShopProcess shop : shops) {
				shop.awaitUp();
			}
			assertThat(new JdbcTemplate(fresh).queryForObject(
					"SELECT COUNT(*) FROM shophooks_endpoint WHERE name = 'Partner inbox (demo)'", Integer.class))
				.isEqualTo(1);
		}
		finally {
			for (ShopProcess shop : shops) {
				shop.close();
			}
			Databases.close(fresh);
		}
	}

	/**
	 * The same race made certain: three instances' schema initializers (each on a pool of
	 * its own) run the shop's {@code schema.sql} at the same instant, on five fresh
	 * databases. Separate JVMs rarely collide this exactly, but in production they do.
	 */
	@Test
	void shopSchemaSetUpAtTheSameInstantByThreeInstancesSucceeds() throws Exception {
		SqlInitializationProperties always = new SqlInitializationProperties();
		always.setMode(DatabaseInitializationMode.ALWAYS);
		ExecutorService instances = Executors.newFixedThreadPool(3);
		try {
			for (int round = 0; round < 5; round++) {
				HikariDataSource fresh = Databases.newPostgres("shop_schema_race_" + round);
				List<HikariDataSource> pools = new ArrayList<>();
				List<Future<?>> starts = new ArrayList<>();
				CyclicBarrier together = new CyclicBarrier(3);
				try {
					for (int i = 0; i < 3; i++) {
						HikariDataSource pool = Databases.pool(fresh.getJdbcUrl(), "postgres", "postgres");
						pools.add(pool);
						var initializer = new ShopSchemaConfiguration().dataSourceScriptDatabaseInitializer(pool, always);
						starts.add(instances.submit(() -> {
							pool.getConnection().close();
							together.await();
							return initializer.initializeDatabase();
						}));
					}
					for (Future<?> start : starts) {
						start.get(60, TimeUnit.SECONDS);
					}
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
