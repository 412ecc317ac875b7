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
 * for the slow-receiver runs) and records when each {@code webhook-id} first arrived, so
 * latency is measured end to end.
 */
final class FastReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

	private final AtomicLong requests = new AtomicLong();

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
			try (InputStream in = exchange.getRequestBody()) {
				in.transferTo(OutputStreamSink.INSTANCE);
			}
			if (answerAfterMillis > 0) {
				try {
					Thread.sleep(answerAfterMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			String id = exchange.getRequestHeaders().getFirst("webhook-id");
			if (id != null) {
				this.arrivals.putIfAbsent(id, System.nanoTime());
			}
			this.requests.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.start();
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
		this.arrivals.clear();
		this.requests.set(0);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** Discards bytes. */
	static final class OutputStreamSink extends java.io.OutputStream {

		static final OutputStreamSink INSTANCE = new OutputStreamSink();

		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] b, int off, int len) {
		}

	}

}
