package io.shophooks.webhook.autoconfigure;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import io.shophooks.webhook.WebhookEventScan;
import io.shophooks.webhook.capture.EventTypeRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event types that live in a library jar, outside the application's packages, are found
 * when the shop names their package, with the property or with {@link WebhookEventScan}.
 * The jar is built by the test: a {@code @WebhookEvent} record compiled into
 * {@code com.example.catalog.events} and packed, then put on the application's class path.
 */
class EventDiscoveryTests {

	@TempDir
	static Path work;

	static ClassLoader withLibrary;

	@BeforeAll
	static void buildLibraryJar() throws IOException {
		Path sources = Files.createDirectories(work.resolve("src/com/example/catalog/events"));
		Files.writeString(sources.resolve("StockChanged.java"), """
				package com.example.catalog.events;

				@io.shophooks.webhook.WebhookEvent(value = "stock.changed", description = "Stock of a product changed")
				public record StockChanged(String sku, int quantity) {
				}
				""");
		Path classes = Files.createDirectories(work.resolve("classes"));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int status = compiler.run(null, null, null, "-d", classes.toString(), "-cp",
				System.getProperty("java.class.path"), sources.resolve("StockChanged.java").toString());
		assertThat(status).isZero();
		Path jar = work.resolve("catalog-events.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
				Stream<Path> files = Files.walk(classes)) {
			// directories first, with their own entries, as jar tools write them
			for (Path file : files.filter(f -> !f.equals(classes)).sorted().toList()) {
				String name = classes.relativize(file).toString().replace('\\', '/');
				out.putNextEntry(new JarEntry(Files.isDirectory(file) ? name + "/" : name));
				if (Files.isRegularFile(file)) {
					Files.copy(file, out);
				}
				out.closeEntry();
			}
		}
		withLibrary = new URLClassLoader(new URL[] { jar.toUri().toURL() }, EventDiscoveryTests.class.getClassLoader());
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withClassLoader(withLibrary)
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, WebhookAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"shophooks.webhook.delivery.enabled=false");

	@Test
	void eventTypesOfALibraryAreNotFoundUnlessTheirPackageIsNamed() {
		this.runner.run(context -> assertThat(context.getBean(EventTypeRegistry.class).isKnown("stock.changed")).isFalse());
	}

	@Test
	void thePropertyNamesTheLibrarysPackage() {
		this.runner.withPropertyValues("shophooks.webhook.events.packages=com.example.catalog")
			.run(context -> assertThat(context.getBean(EventTypeRegistry.class).find("stock.changed"))
				.hasValueSatisfying(type -> assertThat(type.description()).isEqualTo("Stock of a product changed")));
	}

	@Test
	void theAnnotationNamesTheLibrarysPackage() {
		this.runner.withUserConfiguration(ScanCatalog.class)
			.run(context -> assertThat(context.getBean(EventTypeRegistry.class).isKnown("stock.changed")).isTrue());
	}

	@Configuration(proxyBeanMethods = false)
	@WebhookEventScan("com.example.catalog.events")
	static class ScanCatalog {

	}

}
