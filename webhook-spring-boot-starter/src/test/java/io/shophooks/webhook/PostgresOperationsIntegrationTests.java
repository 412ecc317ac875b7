package io.shophooks.webhook;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.TestShops;
import io.shophooks.webhook.testapp.OrderApproved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostgresOperationsIntegrationTests extends AbstractOperationsIntegrationTests {

	@BeforeAll
	static void start() throws Exception {
		startShop(Databases.newPostgres("operations"));
	}

	@Test
	void aDeliveringInstanceNotifiesAfterFanOutNotInTheShopsTransaction() throws Exception {
		io.shophooks.webhook.dispatch.Dispatcher dispatcher = shop.getBean(io.shophooks.webhook.dispatch.Dispatcher.class);
		// One at a time: of three events fanned out together, at least two wait for a claim.
		shop.getBean(EndpointService.class)
			.create(EndpointDefinition.signed("n", receiver.url("/wake"), List.of("order.approved"))
				.withMaxConcurrency(1));
		try (java.sql.Connection listener = dataSource.getConnection();
				java.sql.Statement statement = listener.createStatement()) {
			statement.execute("LISTEN shophooks_wakeup");
			org.postgresql.PGConnection pg = listener.unwrap(org.postgresql.PGConnection.class);
			pg.getNotifications(10);
			dispatcher.stop();
			try {
				new TransactionTemplate(shop.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
					for (String order : List.of("wake-1", "wake-2", "wake-3")) {
						shop.publishEvent(OrderApproved.sample(order));
					}
				});
				// The shop's commit carried no NOTIFY: its transaction never waits on the notify lock.
				assertThat(pg.getNotifications(1000)).isNullOrEmpty();
			}
			finally {
				dispatcher.start();
			}
			// The dispatcher fans the events out and then wakes the other instances to share them.
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				org.postgresql.PGNotification[] notifications = pg.getNotifications(200);
				return notifications != null && notifications.length > 0;
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/wake").size() == 3);
		}
	}

	@Test
	void aFanOutThatLeasesAllItsDeliveriesWakesNoOtherInstance() throws Exception {
		shop.getBean(EndpointService.class)
			.create(EndpointDefinition.signed("quiet", receiver.url("/quiet"), List.of("order.approved")));
		try (java.sql.Connection listener = dataSource.getConnection();
				java.sql.Statement statement = listener.createStatement()) {
			statement.execute("LISTEN shophooks_wakeup");
			org.postgresql.PGConnection pg = listener.unwrap(org.postgresql.PGConnection.class);
			// idle, and past a poll that found nothing due: the next fan-out leases what it writes
			await().pollDelay(Duration.ofMillis(500)).until(() -> true);
			pg.getNotifications(10);
			new TransactionTemplate(shop.getBean(PlatformTransactionManager.class))
				.executeWithoutResult(status -> shop.publishEvent(OrderApproved.sample("quiet")));
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/quiet").size() == 1);
			// This instance sent it itself: nothing was left for another instance to take.
			assertThat(pg.getNotifications(500)).isNullOrEmpty();
		}
	}

	@Test
	void notifyWakesAnIdleInstanceWithoutWaitingForItsPoll() {
		shop.getBean(io.shophooks.webhook.dispatch.Dispatcher.class).stop();
		// A publishes but does not deliver; B delivers and polls only once a minute.
		try (ConfigurableApplicationContext a = TestShops.start(dataSource, "shophooks.webhook.delivery.enabled=false",
				"shophooks.webhook.retention.enabled=false");
				ConfigurableApplicationContext b = TestShops.start(dataSource,
						"shophooks.webhook.delivery.poll-interval=60s", "shophooks.webhook.retention.enabled=false")) {
			a.getBean(EndpointService.class)
				.create(EndpointDefinition.signed("n", receiver.url("/notify"), List.of("order.approved")));
			await().pollDelay(Duration.ofSeconds(2)).until(() -> true); // B's first poll has passed
			new TransactionTemplate(a.getBean(PlatformTransactionManager.class))
				.executeWithoutResult(status -> a.publishEvent(OrderApproved.sample("notify")));
			await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received("/notify").size() == 1);
			assertThat(receiver.received("/notify").get(0).body()).contains("\"notify\"");
		}
		finally {
			shop.getBean(io.shophooks.webhook.dispatch.Dispatcher.class).start();
		}
	}

}
