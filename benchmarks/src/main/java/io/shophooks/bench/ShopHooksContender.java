package io.shophooks.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;

import io.shophooks.webhook.deliveries.PauseControl;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * ShopHooks with its defaults: the starter captures each {@code @WebhookEvent} in the
 * shop's transaction and delivers it to one signed endpoint that allows 32 concurrent
 * requests (the dispatcher's default concurrency).
 */
final class ShopHooksContender implements Contender {

	static final String POSTGRESQL = "ShopHooks (PostgreSQL)";

	static final int CONCURRENCY = 32;

	private final String name;

	ShopHooksContender(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Running start(DataSource dataSource, FastReceiver receiver) {
		Running shop = new Running(context(dataSource));
		EndpointService endpoints = shop.endpoints();
		endpoints.list().forEach(e -> endpoints.delete(e.id()));
		endpoints.create(EndpointDefinition.signed("bench", receiver.url(), List.of("order.approved"))
			.withMaxConcurrency(CONCURRENCY));
		return shop;
	}

	/** A ShopHooks application on a data source, with the benchmark's settings. */
	static ConfigurableApplicationContext context(DataSource dataSource, String... properties) {
		List<String> args = new ArrayList<>(List.of("--logging.level.io.shophooks=WARN",
				"--shophooks.webhook.security.allow-private-networks=true",
				"--shophooks.webhook.security.encryption-key=q9xZ0H8W3v1n0m5Jc2e4Yk7bR6tU8iO9pA1sD3fG5hE=",
				"--shophooks.webhook.retention.enabled=false", SpringShop.NO_MODULITH));
		args.addAll(Arrays.asList(properties));
		return SpringShop.run(new Class<?>[] { BenchApp.class }, dataSource, beans -> {
		}, args.toArray(String[]::new));
	}

	/** A running ShopHooks shop, with the parts the ShopHooks-only phases drive. */
	static final class Running extends SpringShop {

		Running(ConfigurableApplicationContext context) {
			super(context);
		}

		EndpointService endpoints() {
			return context().getBean(EndpointService.class);
		}

		PauseControl pause() {
			return context().getBean(PauseControl.class);
		}

		/**
		 * With delivery paused: wait until no send is in flight or waiting to be recorded (no
		 * delivery leased) and every event has its deliveries, polling every 10 ms, at most
		 * {@code atMostMillis} (a send to a hanging receiver stays leased; the timing that
		 * follows does not wait for it). This instance sees its own pause at once.
		 */
		void awaitQuiet(long atMostMillis) throws InterruptedException {
			long deadline = System.nanoTime() + atMostMillis * 1_000_000L;
			while (System.nanoTime() < deadline && jdbc().queryForObject("SELECT "
					+ "(SELECT COUNT(*) FROM shophooks_delivery WHERE lease_owner IS NOT NULL) "
					+ "+ (SELECT COUNT(*) FROM shophooks_event WHERE fanned_out = FALSE)", Integer.class) > 0) {
				Thread.sleep(10);
			}
		}

		/** Once nothing is pending any more (at most 30 s): remove every event, delivery and attempt. */
		@Override
		public void clean() {
			long deadline = System.nanoTime() + 30_000_000_000L;
			while (System.nanoTime() < deadline && jdbc().queryForObject(
					"SELECT COUNT(*) FROM shophooks_delivery WHERE status = 'PENDING'", Integer.class) > 0) {
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			jdbc().update("DELETE FROM shophooks_attempt");
			jdbc().update("DELETE FROM shophooks_delivery");
			jdbc().update("DELETE FROM shophooks_event");
		}

	}

}
