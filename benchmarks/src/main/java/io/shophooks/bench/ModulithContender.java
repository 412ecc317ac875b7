package io.shophooks.bench;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.client.RestClient;

/**
 * Spring Modulith's way: the event publication registry (JDBC) records each event in the
 * publishing transaction; an asynchronous {@code @ApplicationModuleListener} posts it
 * with {@code RestClient} after commit and marks the publication completed.
 */
final class ModulithContender {

	private ModulithContender() {
	}

	/** The event the Modulith listener reacts to. */
	record ModulithOrder(String orderId, String body) {
	}

	/** Switches on asynchronous listeners in the Modulith context only. */
	@EnableAsync
	static class AsyncConfiguration {

	}

	/** Posts each order after commit. */
	static class Listener {

		private final RestClient rest = RestClient.create();

		private final String url;

		private final byte[] key;

		Listener(String url, byte[] key) {
			this.url = url;
			this.key = key;
		}

		@ApplicationModuleListener
		void on(ModulithOrder order) throws Exception {
			long timestamp = System.currentTimeMillis() / 1000;
			this.rest.post()
				.uri(this.url)
				.header("Content-Type", "application/json")
				.header("webhook-id", order.orderId())
				.header("webhook-timestamp", Long.toString(timestamp))
				.header("webhook-signature", Signing.sign(this.key, order.orderId(), timestamp, order.body()))
				.body(order.body())
				.retrieve()
				.toBodilessEntity();
		}

	}

}
