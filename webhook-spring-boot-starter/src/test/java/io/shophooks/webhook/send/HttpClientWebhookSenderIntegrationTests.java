package io.shophooks.webhook.send;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shophooks.webhook.endpoint.TargetPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP sender against real, badly behaved receivers on loopback, written with raw
 * sockets so they can misbehave in ways a web server would not.
 */
class HttpClientWebhookSenderIntegrationTests {

	private final HttpClientWebhookSender sender = new HttpClientWebhookSender(new TargetPolicy(false, true),
			Duration.ofSeconds(1), Duration.ofSeconds(1), 16 * 1024, 8);

	private ServerSocket server;

	@AfterEach
	void close() throws Exception {
		this.sender.destroy();
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void forbiddenAddressIsRefusedBeforeConnecting() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		int port = serve(socket -> connections.incrementAndGet());
		HttpClientWebhookSender strict = new HttpClientWebhookSender(new TargetPolicy(false, false),
				Duration.ofSeconds(1), Duration.ofSeconds(1), 1024, 2);
		try {
			SendResult result = strict.send(request("http://127.0.0.1:" + port + "/"));
			assertThat(result.statusCode()).isNull();
			assertThat(result.error()).contains("Refused to connect").contains("127.0.0.1");
			SendResult byName = strict.send(request("http://localhost:" + port + "/"));
			assertThat(byName.error()).contains("Refused to connect");
			Thread.sleep(200);
			assertThat(connections).hasValue(0);
		}
		finally {
			strict.destroy();
		}
	}

	/**
	 * A request's deadline is dropped when its answer arrives: a busy sender does not
	 * keep every request and its body until its timeout would have passed.
	 */
	@Test
	void answeredRequestsLeaveNoDeadlineBehind() throws Exception {
		int port = serve(socket -> respond(socket, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
		for (int i = 0; i < 50; i++) {
			assertThat(this.sender.send(request("http://127.0.0.1:" + port + "/")).statusCode()).isEqualTo(200);
		}
		assertThat(this.sender.pendingDeadlines()).isZero();
	}

	/**
	 * A pool left shut down (as an {@code OutOfMemoryError} inside the client once left
	 * it) is replaced instead of failing every later delivery to every endpoint.
	 */
	@Test
	void aShutDownPoolIsReplacedAndSendingGoesOn() throws Exception {
		int port = serve(socket -> respond(socket, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
		assertThat(this.sender.send(request("http://127.0.0.1:" + port + "/")).statusCode()).isEqualTo(200);
		this.sender.shutDownPoolForTests();
		assertThat(this.sender.send(request("http://127.0.0.1:" + port + "/")).statusCode()).isEqualTo(200);
		assertThat(this.sender.unavailableReason()).isNull();
	}

	@Test
	void hugeResponseIsCappedAndDoesNotStallTheSender() throws Exception {
		int port = serve(socket -> {
			respond(socket, "HTTP/1.1 200 OK\r\nContent-Length: 10485760\r\n\r\n");
			byte[] chunk = new byte[64 * 1024];
			java.util.Arrays.fill(chunk, (byte) 'x');
			try {
				OutputStream out = socket.getOutputStream();
				for (int i = 0; i < 160; i++) {
					out.write(chunk);
				}
			}
			catch (IOException ex) {
				// the sender hung up after the excerpt: expected
			}
		});
		SendResult result = this.sender.send(request("http://127.0.0.1:" + port + "/"));
		assertThat(result.statusCode()).isEqualTo(200);
		assertThat(result.responseExcerpt()).hasSize(16 * 1024);
	}

	@Test
	void receiverThatDripsBytesIsCutOffAtTheDeadline() throws Exception {
		int port = serve(socket -> {
			respond(socket, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
			try {
				for (int i = 0; i < 1000; i++) {
					socket.getOutputStream().write('x');
					socket.getOutputStream().flush();
					Thread.sleep(200);
				}
			}
			catch (Exception ex) {
				// cut off
			}
		});
		long start = System.nanoTime();
		SendResult result = this.sender.send(request("http://127.0.0.1:" + port + "/"));
		long tookMillis = (System.nanoTime() - start) / 1_000_000;
		assertThat(tookMillis).isLessThan(5000);
		assertThat(result.error()).contains("No complete response within 1000 ms");
	}

	@Test
	void receiverThatNeverAnswersTimesOut() throws Exception {
		int port = serve(socket -> sleep(5000));
		SendResult result = this.sender.send(request("http://127.0.0.1:" + port + "/"));
		assertThat(result.statusCode()).isNull();
		assertThat(result.error()).containsAnyOf("within 1000 ms");
	}

	@Test
	void connectionResetMidResponseIsAFailure() throws Exception {
		int port = serve(socket -> {
			respond(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
			try {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			catch (IOException ex) {
				// reset sent
			}
		});
		SendResult result = this.sender.send(request("http://127.0.0.1:" + port + "/"));
		// The receiver may have crashed before it stored the webhook: retry rather than trust the status line.
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.error()).isNotBlank();
	}

	@Test
	void refusedConnectionIsReported() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		SendResult result = this.sender.send(request("http://127.0.0.1:" + port + "/"));
		assertThat(result.statusCode()).isNull();
		assertThat(result.error()).startsWith("Connection refused");
	}

	@Test
	void retryAfterHeaderIsRead() throws Exception {
		int port = serve(socket -> respond(socket,
				"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 120\r\nContent-Length: 0\r\n\r\n"));
		SendResult result = this.sender.send(request("http://127.0.0.1:" + port + "/"));
		assertThat(result.statusCode()).isEqualTo(429);
		assertThat(result.retryAfter()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void untrustedTlsCertificateIsRefusedWithAClearError(@TempDir Path dir) throws Exception {
		Path keystore = dir.resolve("self-signed.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
				"-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
			.redirectErrorStream(true)
			.start();
		assertThat(keytool.waitFor()).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, "changeit".toCharArray());
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(keys.getKeyManagers(), null, null);
		AtomicInteger requests = new AtomicInteger();
		this.server = tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			try (Socket socket = this.server.accept()) {
				readRequest(socket.getInputStream());
				requests.incrementAndGet();
			}
			catch (IOException ex) {
				// handshake refused by the client: expected
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
		SendResult result = this.sender.send(request("https://127.0.0.1:" + this.server.getLocalPort() + "/"));
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.error()).startsWith("TLS failed");
		assertThat(requests).hasValue(0);
	}

	private OutgoingRequest request(String url) {
		return new OutgoingRequest(URI.create(url), url, Map.of("Content-Type", "application/json"),
				"{}".getBytes(StandardCharsets.UTF_8));
	}

	private int serve(Consumer<Socket> handler) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread thread = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					new Thread(() -> {
						try (socket) {
							readRequest(socket.getInputStream());
							handler.accept(socket);
						}
						catch (IOException ex) {
							// client went away
						}
					}).start();
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		thread.setDaemon(true);
		thread.start();
		return this.server.getLocalPort();
	}

	private static void readRequest(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				return;
			}
			head.append((char) b);
		}
		String text = head.toString().toLowerCase();
		int index = text.indexOf("content-length:");
		if (index >= 0) {
			int length = Integer.parseInt(text.substring(index + 15, text.indexOf("\r\n", index)).trim());
			in.readNBytes(length);
		}
	}

	private static void respond(Socket socket, String raw) {
		try {
			socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
		}
		catch (IOException ex) {
			// client went away
		}
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
