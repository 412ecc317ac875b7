package io.shophooks.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.shophooks.webhook.endpoint.EndpointService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the shop starts, as an operator reads it: with private networks forbidden it still
 * starts and says, in the log and on its pages, why the demo endpoint is missing; its
 * start-up log names the demo users but never prints a password, token or secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShopStartIntegrationTests {

	@Test
	void startsWithPrivateNetworksForbiddenAndSaysWhyTheDemoEndpointIsMissing(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext shop = start("--shophooks.webhook.security.allow-private-networks=false")) {
			assertThat(shop.isRunning()).isTrue();
			assertThat(shop.getBean(EndpointService.class).list()).isEmpty();
			assertThat(output).contains("The demo endpoint 'Partner inbox (demo)' was not created")
				.contains("The host localhost is a name for local networks, not a globally reachable address")
				.contains("allow-private-networks=true");
			HttpResponse<String> home = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(shop) + "/"))
					.header("Authorization",
							"Basic " + Base64.getEncoder().encodeToString("owner:owner-pass".getBytes()))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(home.statusCode()).isEqualTo(200);
			assertThat(home.body()).contains("id=\"demo-problem\"")
				.contains("The demo endpoint &#39;Partner inbox (demo)&#39; was not created");
		}
	}

	@Test
	void startUpLogNamesTheUsersButPrintsNoPasswordTokenOrSecret(CapturedOutput output) {
		try (ConfigurableApplicationContext shop = start()) {
			assertThat(shop.getBean(EndpointService.class).list()).hasSize(1);
			assertThat(output).contains("ShopHooks sample shop is ready")
				.contains("owner (store owner")
				.doesNotContain("owner-pass", "clerk-pass", "partner-pass", "demo-token-123",
						"c2FtcGxlLXNob3AtcGFydG5lci1pbmJveC1zZWNyZXQhIQ");
		}
	}

	private static ConfigurableApplicationContext start(String... more) {
		String[] args = { "--server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--shophooks.webhook.delivery.enabled=false" };
		String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(ShopApplication.class).run(all);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
