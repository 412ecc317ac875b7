package io.shophooks.webhook.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on loopback that records every request and answers as each test
 * tells it to, path by path.
 */
public final class TestReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, ConcurrentLinkedQueue<Reply>> scripted = new ConcurrentHashMap<>();

	private final Map<String, Reply> defaults = new ConcurrentHashMap<>();

	private final Map<String, ConcurrentLinkedQueue<Reply>> conditional = new ConcurrentHashMap<>();

	private final Map<String, java.util.concurrent.atomic.AtomicInteger> open = new ConcurrentHashMap<>();

	private final Map<String, java.util.concurrent.atomic.AtomicInteger> mostOpen = new ConcurrentHashMap<>();

	public TestReceiver() throws IOException {
		this(0);
	}

	/** A receiver on a given loopback port, e.g. one that was down until now. */
	public TestReceiver(int port) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** Answer the next requests to a path with these replies, in order. */
	public void script(String path, Reply... replies) {
		this.scripted.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(replies));
	}

	/** Answer the next requests to a path whose body contains a text with these replies. */
	public void scriptWhere(String path, String bodyContains, Reply... replies) {
		this.conditional.computeIfAbsent(path + "\n" + bodyContains, p -> new ConcurrentLinkedQueue<>())
			.addAll(List.of(replies));
	}

	/** Answer every request to a path with a reply, once the script is used up. */
	public void always(String path, Reply reply) {
		this.defaults.put(path, reply);
	}

	public List<Received> received() {
		return List.copyOf(this.received);
	}

	public List<Received> received(String path) {
		return this.received.stream().filter(r -> r.path().equals(path)).toList();
	}

	public void reset() {
		this.received.clear();
		this.scripted.clear();
		this.defaults.clear();
		this.conditional.clear();
		this.open.clear();
		this.mostOpen.clear();
	}

	/** The most requests to a path that were being answered at the same time. */
	public int mostAtOnce(String path) {
		java.util.concurrent.atomic.AtomicInteger most = this.mostOpen.get(path);
		return (most != null) ? most.get() : 0;
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		Map<String, List<String>> headers = new TreeMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
		String path = exchange.getRequestURI().getPath();
		java.util.concurrent.atomic.AtomicInteger answering = this.open.computeIfAbsent(path,
				p -> new java.util.concurrent.atomic.AtomicInteger());
		int now = answering.incrementAndGet();
		this.mostOpen.computeIfAbsent(path, p -> new java.util.concurrent.atomic.AtomicInteger())
			.accumulateAndGet(now, Math::max);
		this.received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
				headers, new String(body, StandardCharsets.UTF_8), System.nanoTime()));
		String text = new String(body, StandardCharsets.UTF_8);
		Reply reply = null;
		for (Map.Entry<String, ConcurrentLinkedQueue<Reply>> entry : this.conditional.entrySet()) {
			String[] key = entry.getKey().split("\n", 2);
			if (reply == null && key[0].equals(path) && text.contains(key[1])) {
				reply = entry.getValue().poll();
			}
		}
		ConcurrentLinkedQueue<Reply> queue = this.scripted.get(path);
		if (reply == null) {
			reply = (queue != null) ? queue.poll() : null;
		}
		if (reply == null) {
			reply = this.defaults.getOrDefault(path, Reply.status(200));
		}
		boolean counted = true;
		try {
			if (reply.delayMillis() > 0) {
				Thread.sleep(reply.delayMillis());
			}
			// No longer open once the answer starts: the client may send its next request as
			// soon as it has read this one, before this thread gets to its finally block.
			answering.decrementAndGet();
			counted = false;
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			byte[] responseBody = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(reply.status(), (responseBody.length == 0) ? -1 : responseBody.length);
			if (responseBody.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(responseBody);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the client gave up (timeout); nothing to answer
		}
		finally {
			if (counted) {
				answering.decrementAndGet();
			}
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * A request as it arrived.
	 */
	public record Received(String method, String path, String query, Map<String, List<String>> headers, String body,
			long arrivedNanos) {

		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

	}

	/**
	 * How to answer one request.
	 */
	public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {

		public static Reply status(int status) {
			return new Reply(status, Map.of(), "", 0);
		}

		public static Reply redirect(String location) {
			return new Reply(302, Map.of("Location", location), "", 0);
		}

		public static Reply hang(long millis) {
			return new Reply(200, Map.of(), "", millis);
		}

		public Reply withHeader(String name, String value) {
			Map<String, String> all = new TreeMap<>(this.headers);
			all.put(name, value);
			return new Reply(this.status, all, this.body, this.delayMillis);
		}

		public Reply withBody(String body) {
			return new Reply(this.status, this.headers, body, this.delayMillis);
		}

	}

}
