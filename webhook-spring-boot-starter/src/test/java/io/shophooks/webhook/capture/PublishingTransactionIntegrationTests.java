package io.shophooks.webhook.capture;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.WebhookMessage;
import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.TestShops;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event is written in the shop's transaction only when that transaction manages the
 * data source ShopHooks writes with. When it does not (here: a transaction manager on the
 * pool itself, while ShopHooks was given a wrapper of it), the event commits on its own,
 * and the shop developer is told so once, at WARN, instead of finding out from a delivery
 * of a rolled-back order.
 */
@ExtendWith(OutputCaptureExtension.class)
class PublishingTransactionIntegrationTests {

	private static final String WARNING = "inside a transaction that does not manage ShopHooks' DataSource";

	@Test
	void aTransactionThatDoesNotManageShopHooksDataSourceIsNamedOnce(CapturedOutput output) {
		DataSource pool = Databases.newH2("publishing_tx");
		try (ConfigurableApplicationContext shop = TestShops.start(pool, "shophooks.webhook.delivery.enabled=false")) {
			WebhookPublisher publisher = shop.getBean(WebhookPublisher.class);
			JdbcTemplate jdbc = new JdbcTemplate(pool);

			// the shop's own transaction manager: a rollback leaves nothing, and nothing is said
			new TransactionTemplate(shop.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
				publisher.publish(WebhookMessage.of("order.approved", Map.of("orderId", "rolled-back")));
				status.setRollbackOnly();
			});
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_event", Integer.class)).isZero();
			assertThat(output).doesNotContain(WARNING);

			// a transaction manager on another data source object: the events commit on their own
			TransactionTemplate elsewhere = new TransactionTemplate(new DataSourceTransactionManager(pool));
			for (int i = 0; i < 2; i++) {
				String order = "elsewhere-" + i;
				elsewhere.executeWithoutResult(status -> {
					publisher.publish(WebhookMessage.of("order.approved", Map.of("orderId", order)));
					status.setRollbackOnly();
				});
			}
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_event", Integer.class)).isEqualTo(2);
			assertThat(output.getOut().split(java.util.regex.Pattern.quote(WARNING), -1)).hasSize(2);
		}
		finally {
			Databases.close(pool);
		}
	}

}
