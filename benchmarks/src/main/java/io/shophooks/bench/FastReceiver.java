package io.shophooks.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * The one receiver every contender posts to: answers 200 (at once, or after a set delay
 * for the slow-receiver runs) and records when each order first arrived, so latency is
 * measured end to end. Arrivals are keyed by the {@code orderId} in the body, which every
 * contender's body carries, so the load driver needs no webhook id from a contender.
 */
final class FastReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

	private final AtomicLong requests = new AtomicLong();

	private volatile String counted = "";

	FastReceiver() throws IOException {
		this(0);
	}

	/**
	 * A receiver that answers each request after a delay, like one across the internet.
	 * @param answerAfterMillis the delay, 0 to answer at once
	 */
	FastReceiver(long answerAfterMillis) throws IOException {
		this.executor = Executors.newFixedThreadPool((answerAfterMillis > 0) ? 64 : 16);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", exchange -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			if (answerAfterMillis > 0) {
				try {
					Thread.sleep(answerAfterMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			String id = orderId(body);
			if (id != null && id.startsWith(this.counted)) {
				this.arrivals.putIfAbsent(id, System.nanoTime());
			}
			this.requests.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.start();
	}

	private static final byte[] ORDER_ID = "\"orderId\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	/** The value of the first {@code "orderId":"..."} in a body, or {@code null}. */
	static String orderId(byte[] body) {
		outer: for (int i = 0; i + ORDER_ID.length <= body.length; i++) {
			for (int j = 0; j < ORDER_ID.length; j++) {
				if (body[i + j] != ORDER_ID[j]) {
					continue outer;
				}
			}
			int start = i + ORDER_ID.length;
			for (int end = start; end < body.length; end++) {
				if (body[end] == '"') {
					return new String(body, start, end - start, java.nio.charset.StandardCharsets.US_ASCII);
				}
			}
			return null;
		}
		return null;
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks";
	}

	long requests() {
		return this.requests.get();
	}

	int distinct() {
		return this.arrivals.size();
	}

	Long arrival(String id) {
		return this.arrivals.get(id);
	}

	void reset() {
		reset("");
	}

	/**
	 * Forget every arrival, and from now on count only orders whose id starts with a
	 * prefix (so stragglers of an earlier run cannot count towards the next).
	 * @param prefix the prefix of the orders to count
	 */
	void reset(String prefix) {
		this.counted = prefix;
		this.arrivals.clear();
		this.requests.set(0);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
