package io.shophooks.webhook.send;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.shophooks.webhook.endpoint.TargetPolicy;

/**
 * Run in a JVM of its own with a small heap by {@link HostileReceiversIntegrationTests}:
 * receivers that never stop sending (headers, one header line, one chunk-size line, a
 * chunked body) are sent to from several threads at once while a healthy receiver is sent
 * to alongside. Prints one line per receiver with the errors its attempts got, the
 * healthy receiver's successes and failures, and the most heap found live after a
 * collection.
 */
public final class HostileReceivers {

	private HostileReceivers() {
	}

	public static void main(String[] args) throws Exception {
		long runMillis = Long.parseLong(args[0]);
		Map<String, byte[][]> hostile = new LinkedHashMap<>();
		byte[] header = "X-Endless: yes\r\n".getBytes(StandardCharsets.ISO_8859_1);
		byte[] letters = new byte[8192];
		Arrays.fill(letters, (byte) 'a');
		byte[] digits = new byte[8192];
		Arrays.fill(digits, (byte) '1');
		byte[] chunk = ("2000\r\n" + "b".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
		hostile.put("endless-headers", new byte[][] { "HTTP/1.1 200 OK\r\n".getBytes(), repeat(header, 512) });
		hostile.put("endless-header-line", new byte[][] { "HTTP/1.1 200 OK\r\nX-Long: ".getBytes(), letters });
		hostile.put("endless-chunk-size-line",
				new byte[][] { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(), digits });
		hostile.put("endless-chunked-body",
				new byte[][] { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(), chunk });
		HttpClientWebhookSender sender = new HttpClientWebhookSender(new TargetPolicy(false, true),
				Duration.ofSeconds(2), Duration.ofSeconds(60), 16 * 1024, 64);
		AtomicLong maxHeap = new AtomicLong();
		Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				long afterCollection = 0;
				for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
					if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
						afterCollection += pool.getCollectionUsage().getUsed();
					}
				}
				maxHeap.accumulateAndGet(afterCollection, Math::max);
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		sampler.setDaemon(true);
		sampler.start();
		long until = System.currentTimeMillis() + runMillis;
		Map<String, Set<String>> errors = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
		List<Thread> threads = new java.util.ArrayList<>();
		for (Map.Entry<String, byte[][]> receiver : hostile.entrySet()) {
			int port = serveForever(receiver.getValue()[0], receiver.getValue()[1]);
			errors.put(receiver.getKey(), ConcurrentHashMap.newKeySet());
			attempts.put(receiver.getKey(), new AtomicInteger());
			for (int i = 0; i < 3; i++) {
				threads.add(start(() -> {
					while (System.currentTimeMillis() < until) {
						SendResult result = sender.send(request(port));
						attempts.get(receiver.getKey()).incrementAndGet();
						errors.get(receiver.getKey()).add(result.isSuccess() ? "success" : String.valueOf(result.error()));
					}
				}));
			}
		}
		int healthyPort = serveHealthy();
		AtomicInteger delivered = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		threads.add(start(() -> {
			while (System.currentTimeMillis() < until) {
				SendResult result = sender.send(request(healthyPort));
				(result.isSuccess() ? delivered : failed).incrementAndGet();
				sleep(20);
			}
		}));
		for (Thread thread : threads) {
			thread.join(runMillis + 90_000);
		}
		for (String name : hostile.keySet()) {
			System.out.println("hostile " + name + " attempts=" + attempts.get(name) + " errors=" + errors.get(name));
		}
		System.out.println("healthy delivered=" + delivered + " failed=" + failed);
		System.out.println("maxHeapAfterCollectionMb=" + maxHeap.get() / (1024 * 1024));
		System.out.println("unavailable=" + sender.unavailableReason());
		sender.destroy();
		System.exit(0);
	}

	private static byte[] repeat(byte[] bytes, int times) {
		byte[] out = new byte[bytes.length * times];
		for (int i = 0; i < times; i++) {
			System.arraycopy(bytes, 0, out, i * bytes.length, bytes.length);
		}
		return out;
	}

	private static OutgoingRequest request(int port) {
		return new OutgoingRequest(URI.create("http://127.0.0.1:" + port + "/"), "http://127.0.0.1:" + port + "/",
				Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));
	}

	private static int serveForever(byte[] head, byte[] repeated) throws IOException {
		return serve(socket -> {
			OutputStream out = socket.getOutputStream();
			out.write(head);
			while (true) {
				out.write(repeated);
			}
		});
	}

	private static int serveHealthy() throws IOException {
		return serve(socket -> {
			OutputStream out = socket.getOutputStream();
			do {
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			while (readRequest(socket.getInputStream()));
		});
	}

	private interface Handler {

		void handle(Socket socket) throws IOException;

	}

	private static int serve(Handler handler) throws IOException {
		ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
		start(() -> {
			while (true) {
				try {
					Socket socket = server.accept();
					start(() -> {
						try (socket) {
							if (readRequest(socket.getInputStream())) {
								handler.handle(socket);
							}
						}
						catch (IOException ex) {
							// the sender hung up: what a bounded client does
						}
					});
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		return server.getLocalPort();
	}

	/** Reads one request head and its body; false at the end of the stream. */
	private static boolean readRequest(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				return false;
			}
			head.append((char) b);
		}
		String text = head.toString().toLowerCase();
		int index = text.indexOf("content-length:");
		if (index >= 0) {
			in.readNBytes(Integer.parseInt(text.substring(index + 15, text.indexOf("\r\n", index)).trim()));
		}
		return true;
	}

	private static Thread start(Runnable body) {
		Thread thread = new Thread(body);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
