package io.shophooks.webhook.support;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.awaitility.Awaitility.await;

/**
 * The lifecycle the integration test bases share: a shop on a fresh database with a real
 * receiver on loopback, emptied before each test and closed with its database after the
 * class.
 *
 * @param dataSource the shop's database
 * @param shop the running shop
 * @param receiver the loopback receiver
 */
public record ShopRig(DataSource dataSource, ConfigurableApplicationContext shop, TestReceiver receiver)
		implements AutoCloseable {

	private static final List<String> TABLES = List.of("attempt_minute", "attempt", "delivery", "event", "endpoint");

	/**
	 * Start a shop on the database given.
	 * @param database a fresh database
	 * @param properties extra properties, {@code name=value}
	 * @return the rig
	 * @throws Exception when the receiver cannot start
	 */
	public static ShopRig start(DataSource database, String... properties) throws Exception {
		TestReceiver receiver = new TestReceiver();
		return new ShopRig(database, TestShops.start(database, properties), receiver);
	}

	/**
	 * Empty ShopHooks' tables and forget what the receiver got. The dispatcher may still be
	 * recording the previous test's last sends: a deadlock between that and these deletes is
	 * retried.
	 */
	public void cleanUp() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		await().atMost(Duration.ofSeconds(20)).ignoreException(PessimisticLockingFailureException.class).until(() -> {
			for (String table : TABLES) {
				jdbc.update("DELETE FROM shophooks_" + table);
			}
			return true;
		});
		this.receiver.reset();
	}

	/**
	 * Publish an application event in a transaction that commits.
	 * @param event the event
	 */
	public void publishCommitted(Object event) {
		new TransactionTemplate(this.shop.getBean(PlatformTransactionManager.class))
			.executeWithoutResult(status -> this.shop.publishEvent(event));
	}

	@Override
	public void close() {
		this.shop.close();
		this.receiver.close();
		Databases.close(this.dataSource);
	}

}
