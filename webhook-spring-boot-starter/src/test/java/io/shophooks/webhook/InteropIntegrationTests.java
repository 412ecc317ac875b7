package io.shophooks.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.endpoint.CreatedEndpoint;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestShops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries in every body format verify with third-party Standard Webhooks libraries, as
 * an integrator runs them: the Java {@code com.standardwebhooks} library, and the npm
 * {@code standardwebhooks} and {@code svix} packages (installed at their pinned versions
 * by the test, run with Node.js). A body changed by one byte is refused by every library.
 * The npm libraries parse the payload as JSON after checking the signature; for XML and
 * form bodies {@code standardwebhooks} is told {@code { jsonParse: false }}, as the README
 * shows, and {@code svix} (which has no such switch) fails only in that parse, after the
 * signature matched.
 */
class InteropIntegrationTests {

	static final String STANDARDWEBHOOKS_NPM = "standardwebhooks@1.1.1";

	static final String SVIX_NPM = "svix@1.99.1";

	static DataSource dataSource;

	static ConfigurableApplicationContext shop;

	static TestReceiver receiver;

	static final Map<BodyFormat, String> secrets = new LinkedHashMap<>();

	@BeforeAll
	static void deliverOneOrderInEveryFormat() throws IOException {
		dataSource = Databases.newH2("interop");
		receiver = new TestReceiver();
		shop = TestShops.start(dataSource, "shophooks.webhook.security.allow-private-networks=true");
		for (BodyFormat format : BodyFormat.values()) {
			CreatedEndpoint created = shop.getBean(EndpointService.class)
				.create(EndpointDefinition.signed(format.name(), receiver.url("/" + format), List.of("order.approved"))
					.withFormat(format));
			secrets.put(format, created.secret());
		}
		shop.getBean(WebhookPublisher.class)
			.publish("order.approved", Map.of("orderId", "o-7", "total", new java.math.BigDecimal("12345678.90"),
					"note", "Zoë & <Bob> \"quoted\"", "lines",
					List.of(Map.of("sku", "MUG-1", "price", new java.math.BigDecimal("9.50")))));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> secrets.keySet().stream().allMatch(f -> !receiver.received("/" + f).isEmpty()));
	}

	@AfterAll
	static void stop() {
		shop.close();
		receiver.close();
		Databases.close(dataSource);
	}

	private static Map<String, String> headers(TestReceiver.Received request) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
			headers.put(name, request.header(name));
		}
		return headers;
	}

	@Test
	void javaLibraryVerifiesEveryFormatAndRefusesAChangedBody() throws Exception {
		for (BodyFormat format : secrets.keySet()) {
			TestReceiver.Received request = receiver.received("/" + format).get(0);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			headers(request).forEach((name, value) -> headers.put(name, List.of(value)));
			new Webhook(secrets.get(format)).verify(request.body(), headers);
			String tampered = request.body().replace("o-7", "o-8");
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> new Webhook(secrets.get(format)).verify(tampered, headers))
				.as(format.name())
				.isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
		}
	}

	@Test
	void npmLibrariesVerifyEveryFormatAndRefuseAChangedBody() throws Exception {
		Path work = Path.of("target", "interop").toAbsolutePath();
		Files.createDirectories(work);
		run(work, List.of("npm", "install", "--no-audit", "--no-fund", "--no-save", STANDARDWEBHOOKS_NPM, SVIX_NPM));
		Files.copy(InteropIntegrationTests.class.getResourceAsStream("/interop/verify.js"), work.resolve("verify.js"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Files.writeString(work.resolve("requests.json"), JsonMapper.shared().writeValueAsString(requests()));
		String output = run(work, List.of("node", "verify.js", "requests.json"));
		Map<String, JsonNode> results = new LinkedHashMap<>();
		for (String line : output.strip().split("\n")) {
			JsonNode result = JsonMapper.shared().readTree(line);
			results.put(result.get("name").asString(), result);
		}
		assertThat(results).hasSize(6);
		for (BodyFormat format : secrets.keySet()) {
			JsonNode good = results.get(format.name());
			JsonNode changed = results.get(format + " changed");
			for (String library : List.of("standardDefault", "standardRaw", "svix")) {
				assertThat(good.get(library).get("verified").asBoolean()).as(format + " " + library + ": " + good).isTrue();
				assertThat(changed.get(library).get("verified").asBoolean()).as(format + " changed, " + library).isFalse();
			}
			// the pitfall: by default the npm libraries parse the body as JSON after the signature matched
			boolean json = format == BodyFormat.JSON;
			assertThat(good.get("standardDefault").has("error")).as(format + " standardwebhooks default").isEqualTo(!json);
			assertThat(good.get("standardRaw").has("error")).as(format + " standardwebhooks jsonParse:false").isFalse();
		}
	}

	@Test
	void thePythonExampleOfTheReadmeVerifiesEveryFormatAndRefusesAChangedBody() throws Exception {
		Path work = Path.of("target", "interop-python").toAbsolutePath();
		Files.createDirectories(work);
		Files.copy(InteropIntegrationTests.class.getResourceAsStream("/interop/verify.py"), work.resolve("verify.py"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Files.writeString(work.resolve("requests.json"), JsonMapper.shared().writeValueAsString(requests()));
		String output = run(work, List.of("python3", "verify.py", "requests.json"));
		for (String line : output.strip().split("\n")) {
			JsonNode result = JsonMapper.shared().readTree(line);
			assertThat(result.get("verified").asBoolean()).as(line).isEqualTo(!result.get("name").asString().endsWith("changed"));
		}
		assertThat(output.strip().split("\n")).hasSize(6);
	}

	/** Each format's delivery as received, and the same with its body changed by one byte. */
	private static List<Map<String, Object>> requests() {
		List<Map<String, Object>> requests = new ArrayList<>();
		for (BodyFormat format : secrets.keySet()) {
			TestReceiver.Received request = receiver.received("/" + format).get(0);
			for (boolean tampered : new boolean[] { false, true }) {
				String body = tampered ? request.body().replace("o-7", "o-8") : request.body();
				requests.add(Map.of("name", format + (tampered ? " changed" : ""), "secret", secrets.get(format),
						"headers", headers(request), "body",
						Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))));
			}
		}
		return requests;
	}

	private static String run(Path directory, List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
		return output;
	}

}
