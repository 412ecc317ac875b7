package io.shophooks.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.transaction.event.TransactionalEventListener;

import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookOrderingKey;

/**
 * The shop the contenders run in.
 */
@SpringBootApplication
public class BenchApp {

	/** About 1 KB of JSON once serialized. */
	@WebhookEvent(value = "order.approved", description = "benchmark order")
	public record OrderApproved(@WebhookOrderingKey String orderId, String email, String note) {
	}

	/** The event the hand-written listener reacts to. */
	public record HandOrder(String orderId, String body) {
	}

	/**
	 * The way most shops do it today: after commit, post from the publishing thread.
	 */
	public static class HandWrittenListener {

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private final String url;

		private final byte[] key;

		public HandWrittenListener(String url, byte[] key) {
			this.url = url;
			this.key = key;
		}

		@TransactionalEventListener
		public void onOrder(HandOrder order) throws Exception {
			long timestamp = System.currentTimeMillis() / 1000;
			String signature = Signing.sign(this.key, order.orderId(), timestamp, order.body());
			HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(this.url))
				.header("Content-Type", "application/json")
				.header("webhook-id", order.orderId())
				.header("webhook-timestamp", Long.toString(timestamp))
				.header("webhook-signature", signature)
				.POST(HttpRequest.BodyPublishers.ofString(order.body()))
				.build();
			this.http.send(request, HttpResponse.BodyHandlers.discarding());
		}

	}

}
