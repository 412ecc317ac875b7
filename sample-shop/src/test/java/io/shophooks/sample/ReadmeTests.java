package io.shophooks.sample;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table lists every ShopHooks property the starter and the
 * admin UI declare (from their generated metadata), and the test command it gives is
 * the one CI runs.
 */
class ReadmeTests {

	private final String readme = read(Path.of("..", "README.md"));

	@Test
	void everyPropertyIsInTheConfigurationTable() throws Exception {
		List<String> missing = new ArrayList<>();
		int seen = 0;
		for (URL url : Collections.list(getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			JsonNode metadata = JsonMapper.builder().build().readTree(url.openStream());
			for (JsonNode property : metadata.get("properties")) {
				String name = property.get("name").asString();
				if (name.startsWith("shophooks.")) {
					seen++;
					if (!this.readme.contains("| `" + name + "` |")) {
						missing.add(name);
					}
				}
			}
		}
		assertThat(seen).isGreaterThan(30);
		assertThat(missing).as("properties missing from the README's configuration table").isEmpty();
	}

	/** Properties with no default on purpose, each for the reason the README gives. */
	private static final java.util.Set<String> NO_DEFAULT = java.util.Set.of(
			// a secret: never defaulted; generated and stored on H2, required elsewhere
			"shophooks.webhook.security.encryption-key",
			// optional link, off unless set
			"shophooks.webhook.delivery.thin-payload-url",
			// alerts: an operational webhook and a link, off unless set; its secret never defaulted
			"shophooks.webhook.alerts.webhook-url", "shophooks.webhook.alerts.webhook-secret",
			"shophooks.webhook.alerts.admin-url",
			// always, or never when Flyway or Liquibase is present: decided at start-up
			"shophooks.webhook.jdbc.initialize-schema");

	@Test
	void everyPropertyHasADescriptionAndADefaultInTheGeneratedMetadata() throws Exception {
		List<String> wrong = new ArrayList<>();
		int seen = 0;
		for (URL url : Collections.list(getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			JsonNode metadata = JsonMapper.builder().build().readTree(url.openStream());
			for (JsonNode property : metadata.get("properties")) {
				String name = property.get("name").asString();
				if (!name.startsWith("shophooks.")) {
					continue;
				}
				seen++;
				if (!property.has("description") || property.get("description").asString().isBlank()) {
					wrong.add(name + ": no description (write a Javadoc comment on its field)");
				}
				if (!property.has("defaultValue") && !NO_DEFAULT.contains(name)) {
					wrong.add(name + ": no default in the metadata");
				}
			}
		}
		assertThat(seen).isGreaterThan(30);
		assertThat(wrong).isEmpty();
	}

	@Test
	void ciRunsTheReadmeTestCommand() {
		assertThat(this.readme).contains("./mvnw -B verify");
		assertThat(read(Path.of("..", ".ci", "run"))).contains("./mvnw -B verify");
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
