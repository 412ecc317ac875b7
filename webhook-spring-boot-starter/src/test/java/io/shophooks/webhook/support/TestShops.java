package io.shophooks.webhook.support;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import io.shophooks.webhook.testapp.TestShopApplication;

/**
 * Starts the test shop, a real Spring Boot application with the starter, on a given
 * database. Several can share one database to act as several instances.
 */
public final class TestShops {

	public static final String ENCRYPTION_KEY = "q9xZ0H8W3v1n0m5Jc2e4Yk7bR6tU8iO9pA1sD3fG5hE=";

	private TestShops() {
	}

	public static ConfigurableApplicationContext start(DataSource dataSource, String... properties) {
		return start(dataSource, context -> {
		}, properties);
	}

	/**
	 * Start the test shop with beans of the test's own.
	 * @param dataSource the database
	 * @param beans registers further beans before the context refreshes
	 * @param properties Spring properties ({@code name=value})
	 * @return the running shop
	 */
	public static ConfigurableApplicationContext start(DataSource dataSource,
			java.util.function.Consumer<GenericApplicationContext> beans, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.banner-mode=off",
				"shophooks.webhook.security.allow-private-networks=true",
				"shophooks.webhook.security.encryption-key=" + ENCRYPTION_KEY,
				"shophooks.webhook.delivery.poll-interval=100ms", "shophooks.webhook.delivery.request-timeout=1s",
				"shophooks.webhook.delivery.connect-timeout=1s", "shophooks.webhook.delivery.lease=5s",
				"shophooks.webhook.delivery.shutdown-timeout=2s",
				"shophooks.webhook.retry.initial-interval=200ms", "shophooks.webhook.retry.multiplier=1.5",
				"shophooks.webhook.retry.jitter=0", "shophooks.webhook.retry.max-retries=3",
				"shophooks.webhook.delivery.thin-payload-url=https://shop.example.com/api/{resource}s/{id}"));
		all.addAll(List.of(properties));
		DataSource shared = new DelegatingDataSource(dataSource);
		return new SpringApplicationBuilder(TestShopApplication.class).web(WebApplicationType.NONE)
			.initializers(context -> {
				((GenericApplicationContext) context).registerBean("dataSource", DataSource.class, () -> shared);
				beans.accept((GenericApplicationContext) context);
			})
			.properties(all.toArray(String[]::new))
			.run();
	}

}
