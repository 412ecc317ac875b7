package io.shophooks.webhook.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import io.shophooks.webhook.WebhookEvent;

/**
 * Keeps integrators' contracts honest: the JSON Schema of every event type is kept as a
 * file per version next to your tests ({@code order.approved.v1.schema.json}), and a
 * test fails when a type's schema changes while its {@code @WebhookEvent(version)} stays
 * the same.
 *
 * <pre>{@code
 * @Test
 * void webhookPayloadsChangeOnlyWithANewVersion() {
 *     WebhookSchemaSnapshots.verify("com.example.shop", Path.of("src/test/resources/webhook-schemas"));
 * }
 * }</pre>
 *
 * A version seen for the first time is written to the folder (commit it); after that its
 * file is the contract.
 */
public final class WebhookSchemaSnapshots {

	private WebhookSchemaSnapshots() {
	}

	/**
	 * Check every {@link WebhookEvent} type under a package.
	 * @param basePackage the package to scan
	 * @param directory the folder with the snapshots
	 * @throws AssertionError naming every type whose schema changed without a new version
	 */
	public static void verify(String basePackage, Path directory) {
		verify(scan(basePackage), directory);
	}

	/**
	 * Check every event type of a registry that has a Java type.
	 * @param registry the registry
	 * @param directory the folder with the snapshots
	 * @throws AssertionError naming every type whose schema changed without a new version
	 */
	public static void verify(EventTypeRegistry registry, Path directory) {
		List<String> problems = new ArrayList<>();
		for (EventTypeDescriptor type : registry.all()) {
			if (type.javaType() == null || type.schema() == null) {
				continue;
			}
			Path file = directory.resolve(type.type() + ".v" + type.version() + ".schema.json");
			String schema = type.schema().strip() + "\n";
			try {
				if (!Files.exists(file)) {
					Files.createDirectories(directory);
					Files.writeString(file, schema, StandardCharsets.UTF_8);
					continue;
				}
				String kept = Files.readString(file, StandardCharsets.UTF_8);
				if (!JsonMapper.shared().readTree(kept).equals(JsonMapper.shared().readTree(schema))) {
					problems.add(type.type() + " (" + type.javaType().getName() + "): the payload schema differs from "
							+ file + " but @WebhookEvent(version) is still " + type.version() + ". Integrators rely on "
							+ "version " + type.version() + " as it was: raise the version to " + (type.version() + 1)
							+ " and say what changed in @WebhookEvent(changes), or undo the change.");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		if (!problems.isEmpty()) {
			throw new AssertionError(String.join("\n", problems));
		}
	}

	/**
	 * A registry of the {@link WebhookEvent} types under a package.
	 * @param basePackage the package
	 * @return the registry
	 */
	public static EventTypeRegistry scan(String basePackage) {
		EventTypeRegistry registry = new EventTypeRegistry(JsonMapper.shared());
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(WebhookEvent.class));
		for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
			registry.register(ClassUtils.resolveClassName(candidate.getBeanClassName(),
					WebhookSchemaSnapshots.class.getClassLoader()));
		}
		return registry;
	}

}
