package io.shophooks.webhook.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.dispatch.Dispatcher;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.send.HttpClientWebhookSender;
import io.shophooks.webhook.send.SendResult;
import io.shophooks.webhook.send.WebhookSender;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class WebhookAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, WebhookAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"shophooks.webhook.delivery.enabled=false");

	@Test
	void providesTheEngineOnH2WithoutAnyConfiguration() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WebhookPublisher.class)
				.hasSingleBean(EndpointService.class)
				.hasSingleBean(Dispatcher.class);
			assertThat(context.getBean(WebhookSender.class)).isInstanceOf(HttpClientWebhookSender.class);
			Integer tables = new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'SHOPHOOKS_%'", Integer.class);
			assertThat(tables).isEqualTo(6);
		});
	}

	@Test
	void backsOffWhenUserDefinesSender() {
		this.runner.withUserConfiguration(CustomSender.class).run(context -> {
			assertThat(context).hasSingleBean(WebhookSender.class);
			assertThat(context.getBean(WebhookSender.class)).isSameAs(context.getBean("customSender"));
		});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("shophooks.webhook.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(WebhookPublisher.class)
				.doesNotHaveBean(Dispatcher.class));
	}

	@Test
	void backsOffWithoutADataSource() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebhookAutoConfiguration.class))
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WebhookPublisher.class));
	}

	/**
	 * Without a DataSource ShopHooks cannot work: it says so, with the fix, at start-up and
	 * at the first published event of each type, instead of dropping events without a word.
	 */
	@Test
	void withoutADataSourceItSaysSoOnceAtStartUpAndOncePerEventType(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(WebhookAutoConfiguration.class, WebhooksOffAutoConfiguration.class))
			.run(context -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(WebhookPublisher.class);
				context.publishEvent(new org.springframework.boot.context.event.ApplicationReadyEvent(
						new org.springframework.boot.SpringApplication(), new String[0], context, Duration.ZERO));
				context.publishEvent(io.shophooks.webhook.testapp.OrderApproved.sample("o-1"));
				context.publishEvent(io.shophooks.webhook.testapp.OrderApproved.sample("o-2"));
			});
		assertThat(output).contains("ShopHooks is not active: the application has no DataSource bean")
			.contains("spring-boot-starter-jdbc");
		assertThat(output.toString().split("A 'order.approved' event \\(OrderApproved\\) was published but not captured",
				-1)).hasSize(2);
	}

	/** An event class with nothing Jackson can read is named once, with the fix. */
	@Test
	void aPayloadClassWithNoReadablePropertiesIsNamedOnce(CapturedOutput output) {
		this.runner.run(context -> {
			context.publishEvent(new NothingReadable());
			context.publishEvent(new NothingReadable());
		});
		assertThat(output.toString().split("payload class .*NothingReadable has no readable properties", -1))
			.hasSize(2);
		assertThat(output).contains("make it a record, or give it getters or public fields");
	}

	/** An event whose state Jackson cannot see: private fields, no getters. */
	@io.shophooks.webhook.WebhookEvent("thing.hidden")
	static final class NothingReadable {

		@SuppressWarnings("unused")
		private final String secret = "s";

	}

	@Test
	void switchedOffOnPurposeItSaysSoQuietlyOnce(CapturedOutput output) {
		this.runner.withPropertyValues("shophooks.webhook.enabled=false")
			.withConfiguration(AutoConfigurations.of(WebhooksOffAutoConfiguration.class))
			.run(context -> {
				context.publishEvent(new org.springframework.boot.context.event.ApplicationReadyEvent(
						new org.springframework.boot.SpringApplication(), new String[0], context, Duration.ZERO));
				context.publishEvent(io.shophooks.webhook.testapp.OrderApproved.sample("o-1"));
			});
		assertThat(output).contains("ShopHooks is switched off (shophooks.webhook.enabled=false)")
			.doesNotContain("was published but not captured");
	}

	@Test
	void customTablePrefix() {
		this.runner.withPropertyValues("shophooks.webhook.jdbc.table-prefix=hooks_").run(context -> {
			assertThat(context).hasNotFailed();
			Integer tables = new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'HOOKS_%'", Integer.class);
			assertThat(tables).isEqualTo(6);
		});
	}

	@Test
	void schemaLeftAloneWhenInitializationIsOff() {
		this.runner.withPropertyValues("shophooks.webhook.jdbc.initialize-schema=never").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("tables are missing")
				.hasStackTraceContaining("schema-h2.sql");
		});
	}

	@Test
	void failsFastOnAMalformedEncryptionKey() {
		this.runner.withPropertyValues("shophooks.webhook.security.encryption-key=not-a-key").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("shophooks.webhook.security.encryption-key");
		});
	}

	@Test
	void aMalformedEncryptionKeyIsExplainedWithThePropertyAndTheFix() {
		this.runner.withPropertyValues("shophooks.webhook.security.encryption-key=not-a-key").run(context -> {
			org.springframework.boot.diagnostics.FailureAnalysis analysis = new EncryptionKeyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("shophooks.webhook.security.encryption-key");
			assertThat(analysis.getAction()).contains("openssl rand -base64 32")
				.contains("shophooks.webhook.security.previous-encryption-keys");
		});
	}

	@Test
	void failsFastOnALeaseTooShortToRenew() {
		this.runner.withPropertyValues("shophooks.webhook.delivery.lease=500ms").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("shophooks.webhook.delivery.lease")
				.hasMessageContaining("at least 1s");
		});
	}

	@Test
	void aLeaseShorterThanARequestIsFineNowThatLeasesAreRenewed() {
		this.runner
			.withPropertyValues("shophooks.webhook.delivery.lease=2s", "shophooks.webhook.delivery.request-timeout=30s")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void failsFastOnAnInvalidTablePrefix() {
		this.runner.withPropertyValues("shophooks.webhook.jdbc.table-prefix=drop table;").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("shophooks.webhook.jdbc.table-prefix");
		});
	}

	@Test
	void generatedKeyOfAnEmbeddedDatabaseSurvivesARestart() {
		String url = "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		String[] secret = new String[1];
		this.runner.withPropertyValues(url).run(context -> {
			EndpointService endpoints = context.getBean(EndpointService.class);
			secret[0] = endpoints.create(io.shophooks.webhook.endpoint.EndpointDefinition.signed("a",
					"https://93.184.216.34/hook", java.util.List.of("*"))).secret();
		});
		this.runner.withPropertyValues(url).run(context -> {
			EndpointService endpoints = context.getBean(EndpointService.class);
			long id = endpoints.list().get(0).id();
			assertThat(endpoints.target(id).orElseThrow().signingSecrets()).containsExactly(secret[0]);
		});
	}

	@Test
	void warnsWhenAnH2FileDatabaseCanLoseAcknowledgedCommits(@TempDir Path data, CapturedOutput output) {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:file:" + data.resolve("lossy").toAbsolutePath())
			.run(context -> assertThat(context).hasNotFailed());
		assertThat(output).contains("writes commits to its file up to 500 ms after acknowledging them")
			.contains(";WRITE_DELAY=0");
	}

	@Test
	void staysQuietWhenEveryH2CommitIsWrittenBeforeItIsAcknowledged(@TempDir Path data, CapturedOutput output) {
		this.runner
			.withPropertyValues(
					"spring.datasource.url=jdbc:h2:file:" + data.resolve("durable").toAbsolutePath() + ";WRITE_DELAY=0")
			.run(context -> assertThat(context).hasNotFailed());
		this.runner.run(context -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("WRITE_DELAY");
	}

	@Test
	void callsEveryDeliveryObserverTheApplicationDefinesNextToTheMetricsOne() throws Exception {
		try (io.shophooks.webhook.support.TestReceiver receiver = new io.shophooks.webhook.support.TestReceiver()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, WebhookAutoConfiguration.class))
				.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
						"shophooks.webhook.security.allow-private-networks=true",
						"shophooks.webhook.delivery.poll-interval=100ms")
				.withUserConfiguration(UserObservers.class)
				.run(context -> {
					assertThat(context).hasNotFailed();
					context.getBean(EndpointService.class)
						.create(io.shophooks.webhook.endpoint.EndpointDefinition.signed("observed", receiver.url("/o"),
								java.util.List.of("*")));
					context.getBean(WebhookPublisher.class).publish("order.approved", java.util.Map.of("orderId", "o-1"));
					org.awaitility.Awaitility.await()
						.atMost(java.time.Duration.ofSeconds(20))
						.until(() -> context.getBean(UserObservers.class).attempts.size() == 2);
					assertThat(context.getBean(UserObservers.class).attempts).containsExactlyInAnyOrder("first DELIVERED",
							"second DELIVERED");
					assertThat(context.getBean(UserObservers.class).sends).hasValue(2);
					org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
							context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
								.find("shophooks.webhook.attempts")
								.counters()).isNotEmpty());
				});
		}
	}

	/**
	 * The decision: webhook bodies are written with the application's own {@code JsonMapper}
	 * bean, so its modules, naming strategy and annotations shape the data integrators get.
	 */
	@Test
	void theApplicationsJsonMapperShapesWebhookBodies() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
			.withBean(tools.jackson.databind.json.JsonMapper.class,
				() -> tools.jackson.databind.json.JsonMapper.builder()
					.propertyNamingStrategy(tools.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
					.build())
			.run(context -> {
				context.getBean(WebhookPublisher.class).publish("order.shipped", new Shipped("o-1", "TRACK-9"));
				assertThat(new JdbcTemplate(context.getBean(DataSource.class))
					.queryForObject("SELECT payload FROM shophooks_event", String.class))
					.isEqualTo("{\"order_id\":\"o-1\",\"tracking_number\":\"TRACK-9\"}");
			});
		this.runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
			.run(context -> {
			context.getBean(WebhookPublisher.class).publish("order.shipped", new Shipped("o-1", "TRACK-9"));
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("SELECT payload FROM shophooks_event", String.class))
				.isEqualTo("{\"orderId\":\"o-1\",\"trackingNumber\":\"TRACK-9\"}");
		});
	}

	record Shipped(String orderId, String trackingNumber) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserObservers {

		final java.util.List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();

		final java.util.concurrent.atomic.AtomicInteger sends = new java.util.concurrent.atomic.AtomicInteger();

		@Bean
		io.micrometer.core.instrument.MeterRegistry meterRegistry() {
			return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
		}

		@Bean
		io.shophooks.webhook.dispatch.DeliveryObserver first() {
			return observer("first");
		}

		@Bean
		io.shophooks.webhook.dispatch.DeliveryObserver second() {
			return observer("second");
		}

		private io.shophooks.webhook.dispatch.DeliveryObserver observer(String name) {
			return new io.shophooks.webhook.dispatch.DeliveryObserver() {

				@Override
				public SendResult observeSend(io.shophooks.webhook.endpoint.EndpointTarget target,
						io.shophooks.webhook.send.OutgoingRequest request, String eventType,
						java.util.function.Supplier<SendResult> send) {
					UserObservers.this.sends.incrementAndGet();
					return send.get();
				}

				@Override
				public void attempted(io.shophooks.webhook.endpoint.EndpointTarget target, String eventType,
						String outcome, SendResult result, java.time.Duration sinceCommit) {
					UserObservers.this.attempts.add(name + " " + outcome);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomSender {

		@Bean
		WebhookSender customSender() {
			return request -> SendResult.failed("not sending in this test", 0);
		}

	}

}
