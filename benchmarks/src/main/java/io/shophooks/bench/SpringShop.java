package io.shophooks.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A contender that runs in a Spring Boot application: the shop publishes each order's
 * event the normal Spring way, {@code ApplicationEventPublisher.publishEvent}, inside its
 * transaction.
 */
class SpringShop extends JdbcShop {

	/** Spring Modulith's auto-configurations, kept out of every context but its own. */
	static final String NO_MODULITH = "--spring.autoconfigure.exclude="
			+ "org.springframework.modulith.core.config.ApplicationModuleInitializerRuntimeVerification,"
			+ "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration,"
			+ "org.springframework.modulith.events.config.EventPublicationAutoConfiguration,"
			+ "org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration,"
			+ "org.springframework.modulith.events.jackson2.Jackson2EventSerializationConfiguration,"
			+ "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration,"
			+ "org.springframework.modulith.moments.autoconfigure.MomentsAutoConfiguration";

	private final ConfigurableApplicationContext context;

	/**
	 * The shop's side of a Spring application: its business insert runs on the
	 * application's own data source, the one its transaction manager binds connections
	 * to, so the business row and whatever the contender writes for the event commit in
	 * one transaction, as in a real shop. (Until 2026-12-02 the insert ran on the pool
	 * behind it, which Spring does not know as the same data source: the insert committed
	 * on its own, a second durable commit per business transaction for ShopHooks and
	 * Spring Modulith, and the listener's event was not tied to the business row.)
	 * @param context the running application
	 */
	SpringShop(ConfigurableApplicationContext context) {
		super(context.getBean(DataSource.class), context.getBean(PlatformTransactionManager.class));
		this.context = context;
	}

	/**
	 * Start a Spring Boot application (no web server) on a data source.
	 * @param sources its configuration classes
	 * @param dataSource the data source, registered as its {@code dataSource} bean
	 * @param beans further beans to register
	 * @param properties command-line properties
	 * @return the context
	 */
	static ConfigurableApplicationContext run(Class<?>[] sources, DataSource dataSource,
			Consumer<GenericApplicationContext> beans, String... properties) {
		DataSource shared = new DelegatingDataSource(dataSource);
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN"));
		args.addAll(Arrays.asList(properties));
		return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE).initializers(c -> {
			((GenericApplicationContext) c).registerBean("dataSource", DataSource.class, () -> shared);
			beans.accept((GenericApplicationContext) c);
		}).run(args.toArray(String[]::new));
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void publish(BenchApp.OrderApproved order) {
		this.context.publishEvent(order);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
