package io.shophooks.webhook.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.testapp.TestShopApplication;

/**
 * One instance of the test shop in a JVM of its own, so a test can kill it with SIGKILL
 * the way an operating system or an orchestrator would. {@link #main} is the child's
 * entry point; {@link #launch} starts one from a test.
 */
public final class ShopNode {

	/** Printed by the child once its dispatcher runs. */
	static final String READY = "SHOP NODE READY";

	private final Process process;

	private final Path log;

	private ShopNode(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Start a child JVM running the test shop with the starter.
	 * @param log where the child's output goes
	 * @param properties Spring properties for the child ({@code name=value})
	 * @return the running child
	 */
	public static ShopNode launch(Path log, List<String> properties) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx192m");
		command.add("-XX:+UseSerialGC");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ShopNode.class.getName());
		command.addAll(properties);
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		return new ShopNode(process, log);
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Whether the child printed that it is delivering (since it was launched). */
	public boolean isReady() throws IOException {
		return Files.exists(this.log) && Files.readString(this.log).contains(READY + " " + pid());
	}

	/** SIGKILL: no shutdown hook, no release of leases, connections dropped mid-request. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/**
	 * Wait for the child to end by itself.
	 * @return its exit code
	 */
	public int awaitExit(java.time.Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException(this + " still running after " + timeout);
		}
		return this.process.exitValue();
	}

	/** SIGTERM: Spring's shutdown hook stops the dispatcher gracefully. */
	public int terminate() throws InterruptedException {
		this.process.destroy();
		return this.process.waitFor();
	}

	public static void main(String[] args) throws InterruptedException {
		List<String> properties = new ArrayList<>(List.of("spring.main.banner-mode=off"));
		properties.addAll(List.of(args));
		ConfigurableApplicationContext shop = new SpringApplicationBuilder(TestShopApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		System.out.println(READY + " " + ProcessHandle.current().pid());
		System.out.flush();
		int haltAfter = shop.getEnvironment().getProperty(HALT_AFTER_COMMITTING, Integer.class, 0);
		if (haltAfter > 0) {
			publishAndDieOnCommit(shop, haltAfter);
		}
		Thread.currentThread().join();
	}

	/**
	 * A property: publish this many {@code order.approved} events in one transaction as
	 * soon as the node runs, and die (as SIGKILL would leave it: no shutdown hook, nothing
	 * released) the moment that transaction has committed, before ShopHooks hands the
	 * deliveries to its workers.
	 */
	public static final String HALT_AFTER_COMMITTING = "test.halt-after-committing";

	private static void publishAndDieOnCommit(ConfigurableApplicationContext shop, int events) {
		WebhookPublisher publisher = shop.getBean(WebhookPublisher.class);
		new TransactionTemplate(shop.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
			for (int i = 0; i < events; i++) {
				publisher.publish("order.approved", Map.of("orderId", "halt-" + i, "total", i));
			}
			// Runs before ShopHooks' own synchronization, which hands over after completion.
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					System.out.println("COMMITTED, HALTING");
					System.out.flush();
					Runtime.getRuntime().halt(137);
				}

				@Override
				public int getOrder() {
					return Ordered.HIGHEST_PRECEDENCE;
				}

			});
		});
	}

	@Override
	public String toString() {
		return "node " + pid() + " (log " + this.log.getFileName() + ", " + new File(this.log.toString()).length()
				+ " bytes)";
	}

}
