package io.shophooks.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.json.JsonMapper;

import io.shophooks.webhook.endpoint.SigningSecrets;

/**
 * How every contender that posts by hand posts, set up as its best user would: one
 * pooled Apache HttpClient 5 (as ShopHooks uses) with at least as many connections per
 * route as posting threads, one {@code Mac} per thread, and the body and Standard
 * Webhooks headers ShopHooks sends (the same envelope, serialized by Jackson per event).
 */
final class WebhookPost implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CloseableHttpClient client;

	private final URI uri;

	private final ThreadLocal<Mac> macs;

	/**
	 * @param url the receiver
	 * @param connections the pool's connections per route (and in all)
	 */
	WebhookPost(String url, int connections) {
		this.uri = URI.create(url);
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(connections)
				.setMaxConnPerRoute(connections)
				.build())
			.build();
		byte[] key = SigningSecrets.key(SigningSecrets.generate());
		this.macs = ThreadLocal.withInitial(() -> {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(key, "HmacSHA256"));
				return mac;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** The envelope ShopHooks sends: type, version, timestamp and the event as data. */
	record Envelope(String type, int version, String timestamp, Object data) {
	}

	/**
	 * The JSON body of one order event, as ShopHooks renders it.
	 * @param order the event
	 * @param committedAt when it was committed
	 * @return the body's bytes
	 */
	static byte[] body(Object order, Instant committedAt) {
		return JSON.writeValueAsBytes(new Envelope("order.approved", 1, committedAt.toString(), order));
	}

	/** The webhook id the hand-written contenders give an order's event. */
	static String id(String orderId) {
		return "msg_" + orderId;
	}

	/**
	 * The headers of one request: content type, user agent, the three Standard Webhooks
	 * headers and the event type, as ShopHooks sends them.
	 * @param id the webhook id
	 * @param body the body
	 * @return the headers
	 */
	Map<String, String> headers(String id, byte[] body) {
		long timestamp = System.currentTimeMillis() / 1000;
		Mac mac = this.macs.get();
		mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
		String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json; charset=utf-8");
		headers.put("User-Agent", "bench/1");
		headers.put("webhook-id", id);
		headers.put("webhook-timestamp", Long.toString(timestamp));
		headers.put("webhook-signature", signature);
		headers.put("webhook-event-type", "order.approved");
		return headers;
	}

	/**
	 * A signed request, ready to post.
	 * @param id the webhook id
	 * @param body the body
	 * @return the request
	 */
	HttpPost request(String id, byte[] body) {
		HttpPost post = new HttpPost(this.uri);
		headers(id, body).forEach(post::setHeader);
		post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
		return post;
	}

	/**
	 * Post one request and read the answer.
	 * @param request the request
	 * @return whether the receiver answered 2xx
	 */
	boolean send(HttpPost request) {
		try {
			return this.client.execute(request, response -> {
				EntityUtils.consume(response.getEntity());
				return response.getCode() / 100 == 2;
			});
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Sign and post one event; see {@link #send(HttpPost)}. */
	boolean send(String id, byte[] body) {
		return send(request(id, body));
	}

	/** The pooled client, for contenders that post through a Spring {@code RestClient}. */
	CloseableHttpClient client() {
		return this.client;
	}

	String url() {
		return this.uri.toString();
	}

	@Override
	public void close() {
		try {
			this.client.close();
		}
		catch (IOException ex) {
			// closing a loopback client
		}
	}

}
