package io.shophooks.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The sample shop in a JVM of its own, started the way an operator starts an instance
 * (its own {@code application.properties}, a working directory of its own), so a test can
 * start several at once or kill one with SIGKILL.
 */
final class ShopProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final int port;

	private ShopProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Start a shop; it may not be ready yet ({@link #awaitUp()}).
	 * @param workDir its working directory (where {@code ./data} of the H2 default goes)
	 * @param log the file its output goes to
	 * @param arguments more command-line arguments
	 */
	static ShopProcess start(Path workDir, Path log, String... arguments) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ShopApplication.class.getName());
		command.add("--server.port=" + port);
		command.add("--spring.main.banner-mode=off");
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new ShopProcess(process, log, port);
	}

	int port() {
		return this.port;
	}

	/** Wait until its health endpoint answers; fail with its log if it stopped. */
	ShopProcess awaitUp() {
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The shop stopped:\n" + Files.readString(this.log));
			}
			try {
				return http.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
		return this;
	}

	/** SIGKILL: no shutdown hook, nothing closed. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		kill();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
