package io.shophooks.webhook.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookEventMapper;
import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.actuate.MicrometerDeliveryObserver;
import io.shophooks.webhook.actuate.OwnerAlerts;
import io.shophooks.webhook.actuate.WebhooksHealthIndicator;
import io.shophooks.webhook.actuate.WebhooksInfoContributor;
import io.shophooks.webhook.capture.EventTypeDescriptor;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.capture.JdbcWebhookPublisher;
import io.shophooks.webhook.capture.WebhookEventCapture;
import io.shophooks.webhook.capture.WebhookEventCapture.MapperRegistration;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.deliveries.PauseControl;
import io.shophooks.webhook.dispatch.DeliveryObserver;
import io.shophooks.webhook.dispatch.Dispatcher;
import io.shophooks.webhook.dispatch.PauseSwitch;
import io.shophooks.webhook.dispatch.PostgresWakeUp;
import io.shophooks.webhook.dispatch.PublishFanOut;
import io.shophooks.webhook.dispatch.Retention;
import io.shophooks.webhook.dispatch.RetryPolicy;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.endpoint.SecretCipher;
import io.shophooks.webhook.endpoint.TargetPolicy;
import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.H2Durability;
import io.shophooks.webhook.jdbc.SchemaInitializer;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.outbox.DeliveryRepository;
import io.shophooks.webhook.send.BodyRenderer;
import io.shophooks.webhook.send.HttpClientWebhookSender;
import io.shophooks.webhook.send.WebhookRequestFactory;
import io.shophooks.webhook.send.WebhookSender;

/**
 * Auto-configuration of ShopHooks: captures webhook events into a JDBC outbox in the
 * shop's transaction and delivers them to subscribed endpoints.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
		"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ JdbcTemplate.class, JsonMapper.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "shophooks.webhook.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebhookProperties.class)
public final class WebhookAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WebhookAutoConfiguration.class);

	@Bean
	WebhookInfrastructure webhookInfrastructure(DataSource dataSource, WebhookProperties properties,
			ObjectProvider<JsonMapper> jsonMapper) {
		SettingsValidation.validate(properties);
		DatabaseType databaseType = DatabaseType.of(dataSource);
		if (databaseType == DatabaseType.H2) {
			H2Durability.warning(dataSource).ifPresent(logger::warn);
		}
		Tables tables = new Tables(properties.getJdbc().getTablePrefix());
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		return new WebhookInfrastructure(new JdbcTemplate(dataSource), tables, databaseType, transactions,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	Clock webhookClock() {
		return Clock.systemUTC();
	}

	@Bean
	SchemaInitializer webhookSchemaInitializer(DataSource dataSource, WebhookInfrastructure infrastructure,
			WebhookProperties properties, ConfigurableListableBeanFactory beanFactory) {
		DatabaseInitializationMode mode = properties.getJdbc().getInitializeSchema();
		if (mode == null) {
			mode = migrationToolPresent(beanFactory) ? DatabaseInitializationMode.NEVER : DatabaseInitializationMode.ALWAYS;
		}
		return new SchemaInitializer(dataSource, infrastructure.databaseType(), infrastructure.tables(), mode);
	}

	private static boolean migrationToolPresent(ConfigurableListableBeanFactory beanFactory) {
		return hasBeanOfType(beanFactory, "org.flywaydb.core.Flyway")
				|| hasBeanOfType(beanFactory, "liquibase.integration.spring.SpringLiquibase");
	}

	private static boolean hasBeanOfType(ConfigurableListableBeanFactory beanFactory, String className) {
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		if (!ClassUtils.isPresent(className, classLoader)) {
			return false;
		}
		return beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(className, classLoader), false,
				false).length > 0;
	}

	@Bean
	@DependsOnDatabaseInitialization
	SecretCipher webhookSecretCipher(WebhookInfrastructure infrastructure, SchemaInitializer schema,
			WebhookProperties properties) {
		return EncryptionKeys.cipher(properties.getSecurity().getEncryptionKey(),
				properties.getSecurity().getPreviousEncryptionKeys(), infrastructure);
	}

	@Bean
	@ConditionalOnMissingBean
	TargetPolicy webhookTargetPolicy(WebhookProperties properties,
			org.springframework.beans.factory.ObjectProvider<io.shophooks.webhook.endpoint.HostResolver> resolvers) {
		// A name lookup is part of connecting: it gets the connect timeout.
		return new TargetPolicy(properties.getSecurity().isRequireHttps(),
				properties.getSecurity().isAllowPrivateNetworks(),
				resolvers.getIfAvailable(() -> io.shophooks.webhook.endpoint.HostResolver.SYSTEM),
				properties.getDelivery().getConnectTimeout());
	}

	@Bean
	EventTypeRegistry webhookEventTypeRegistry(WebhookInfrastructure infrastructure, BeanFactory beanFactory,
			WebhookProperties properties, ObjectProvider<io.shophooks.webhook.WebhookEventPackages> scanned,
			org.springframework.core.io.ResourceLoader resourceLoader) {
		EventTypeRegistry registry = new EventTypeRegistry(infrastructure.jsonMapper());
		// the application's packages, then those named by @WebhookEventScan and the property
		Set<String> packages = new LinkedHashSet<>();
		if (AutoConfigurationPackages.has(beanFactory)) {
			packages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		scanned.ifAvailable(more -> packages.addAll(more.packages()));
		packages.addAll(properties.getEvents().getPackages());
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.setResourceLoader(resourceLoader);
		scanner.addIncludeFilter(new AnnotationTypeFilter(WebhookEvent.class));
		for (String basePackage : packages) {
			scanner.findCandidateComponents(basePackage).forEach(candidate -> {
				String className = candidate.getBeanClassName();
				if (className != null && registry.find(typeOf(className, resourceLoader)).isEmpty()) {
					registry.register(ClassUtils.resolveClassName(className, resourceLoader.getClassLoader()));
				}
			});
		}
		return registry;
	}

	private static String typeOf(String className, org.springframework.core.io.ResourceLoader resourceLoader) {
		WebhookEvent annotation = ClassUtils.resolveClassName(className, resourceLoader.getClassLoader())
			.getAnnotation(WebhookEvent.class);
		return (annotation != null) ? annotation.value() : "";
	}

	@Bean
	@DependsOnDatabaseInitialization
	EndpointService webhookEndpointService(WebhookInfrastructure infrastructure, SecretCipher cipher,
			TargetPolicy targetPolicy, EventTypeRegistry registry, Clock clock, WebhookProperties properties,
			ApplicationEventPublisher events) {
		EndpointService service = new EndpointService(infrastructure.jdbc(), infrastructure.tables(), cipher,
				targetPolicy, registry, infrastructure.transactions(), clock,
				properties.getDelivery().getEndpointConcurrency(), properties.getSecurity().getSecretRotationOverlap());
		service.setEventPublisher(events);
		try {
			// secrets written under a previous key move to the current one; unreadable ones are named
			service.reencryptSecrets();
		}
		catch (RuntimeException ex) {
			LogFactory.getLog(EndpointService.class)
				.warn("ShopHooks could not check the stored endpoint secrets at start-up: " + ex.getMessage());
		}
		return service;
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookSender webhookSender(TargetPolicy targetPolicy, WebhookProperties properties) {
		WebhookProperties.Delivery delivery = properties.getDelivery();
		return new HttpClientWebhookSender(targetPolicy, delivery.getConnectTimeout(), delivery.getRequestTimeout(),
				(int) delivery.getResponseExcerptSize().toBytes(), delivery.getConcurrency() * 2);
	}

	@Bean
	@ConditionalOnMissingBean
	RetryPolicy webhookRetryPolicy(WebhookProperties properties) {
		WebhookProperties.Retry retry = properties.getRetry();
		return new RetryPolicy(retry.getInitialInterval(), retry.getMultiplier(), retry.getMaxInterval(),
				retry.getJitter(), retry.getMaxRetries());
	}

	@Bean
	@ConditionalOnMissingBean
	OwnerAlerts webhookOwnerAlerts(WebhookProperties properties, ObjectProvider<OwnerAlerts.Mail> mail,
			WebhookSender sender, WebhookRequestFactory requests, TargetPolicy targetPolicy, Clock clock) {
		WebhookProperties.Alerts alerts = properties.getAlerts();
		String url = alerts.getWebhookUrl();
		if (url != null && !url.isBlank()) {
			String secret = alerts.getWebhookSecret();
			if (secret == null || !secret.startsWith("whsec_")) {
				throw new IllegalStateException("shophooks.webhook.alerts.webhook-url is set, so "
						+ "shophooks.webhook.alerts.webhook-secret must be too: a signing secret that starts with "
						+ "whsec_ (the receiver verifies the operational webhooks with it).");
			}
			try {
				targetPolicy.validateUrl(url);
			}
			catch (io.shophooks.webhook.InvalidWebhookException ex) {
				throw new IllegalStateException("shophooks.webhook.alerts.webhook-url cannot be used: " + ex.getMessage(),
						ex);
			}
		}
		return new OwnerAlerts(alerts.getEmailTo().isEmpty() ? null : mail.getIfAvailable(), url,
				alerts.getWebhookSecret(), sender, requests, clock, alerts.getAdminUrl());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.mail.javamail.JavaMailSender")
	static class AlertMailConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OwnerAlerts.Mail webhookAlertMail(
				ObjectProvider<org.springframework.mail.javamail.JavaMailSender> senders, WebhookProperties properties) {
			return (subject, text) -> {
				org.springframework.mail.javamail.JavaMailSender sender = senders.getIfAvailable();
				if (sender == null) {
					LogFactory.getLog(OwnerAlerts.class)
						.warn("shophooks.webhook.alerts.email-to is set but the application sends no mail "
								+ "(set spring.mail.host): alert not sent: " + subject);
					return;
				}
				org.springframework.mail.SimpleMailMessage message = new org.springframework.mail.SimpleMailMessage();
				message.setFrom(properties.getAlerts().getEmailFrom());
				message.setTo(properties.getAlerts().getEmailTo().toArray(String[]::new));
				message.setSubject(subject);
				message.setText(text);
				sender.send(message);
			};
		}

	}

	@Bean
	WebhookRequestFactory webhookRequestFactory(WebhookInfrastructure infrastructure, Clock clock,
			WebhookProperties properties) {
		WebhookRequestFactory factory = new WebhookRequestFactory(new BodyRenderer(infrastructure.jsonMapper()), clock,
				"ShopHooks/" + io.shophooks.webhook.ShopHooksVersion.get());
		factory.setThinPayloadUrlTemplate(properties.getDelivery().getThinPayloadUrl());
		return factory;
	}

	@Bean
	@DependsOnDatabaseInitialization
	PauseSwitch webhookPauseSwitch(WebhookInfrastructure infrastructure, WebhookProperties properties) {
		return new PauseSwitch(infrastructure.jdbc(), infrastructure.tables(), properties.getDelivery().isPaused());
	}

	/** The one repository of deliveries and attempts, shared by the dispatcher and the service. */
	@Bean
	DeliveryRepository webhookDeliveryRepository(WebhookInfrastructure infrastructure) {
		return new DeliveryRepository(infrastructure.jdbc(), infrastructure.tables(), infrastructure.databaseType(),
				infrastructure.transactions());
	}

	@Bean
	@DependsOnDatabaseInitialization
	Dispatcher webhookDispatcher(DataSource dataSource, PauseSwitch pauseSwitch, WebhookInfrastructure infrastructure,
			DeliveryRepository repository, EndpointService endpoints,
			WebhookRequestFactory requests, WebhookSender sender, RetryPolicy retryPolicy, Clock clock,
			WebhookProperties properties) {
		WebhookProperties.Delivery delivery = properties.getDelivery();
		Dispatcher dispatcher = new Dispatcher(repository, endpoints, requests, sender, retryPolicy, clock,
				new Dispatcher.Settings(delivery.isEnabled(), delivery.getConcurrency(), delivery.getBatchSize(),
						delivery.getPollInterval(), delivery.getLease(), delivery.getShutdownTimeout(),
						delivery.getDisableAfterFailedDeliveries()));
		dispatcher.setPauseSwitch(pauseSwitch);
		WebhookProperties.Retention retention = properties.getRetention();
		if (retention.isEnabled()) {
			dispatcher.setRetention(new Retention(infrastructure.jdbc(), infrastructure.tables(),
					retention.getDelivered(), retention.getFailed(), retention.getBatchSize()),
					retention.getInterval());
		}
		if (infrastructure.databaseType() == DatabaseType.POSTGRESQL && delivery.isNotify()) {
			dispatcher.setWakeUpListener(new PostgresWakeUp(dataSource, wakeUpChannel(infrastructure)));
			// The instance that delivers tells the others once per fan-out, outside the shop's
			// transactions (NOTIFY serialises the commits that carry it).
			String notify = PostgresWakeUp.notifyStatement(wakeUpChannel(infrastructure));
			dispatcher.setAfterFanOut(() -> infrastructure.jdbc().execute(notify));
		}
		return dispatcher;
	}

	static String wakeUpChannel(WebhookInfrastructure infrastructure) {
		return infrastructure.tables().sql("shophooks_wakeup");
	}

	@Bean
	DeliveryService webhookDeliveryService(DeliveryRepository repository, WebhookInfrastructure infrastructure,
			EndpointService endpoints, Dispatcher dispatcher, WebhookRequestFactory requests, Clock clock,
			WebhookProperties properties) {
		return new DeliveryService(repository, infrastructure.jdbc(), infrastructure.tables(), endpoints, dispatcher,
				requests, clock,
				properties.getDelivery().getLease());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	WebhookPublisher webhookPublisher(WebhookInfrastructure infrastructure, EventTypeRegistry registry,
			Dispatcher dispatcher, DeliveryRepository repository, EndpointService endpoints, Clock clock,
			WebhookProperties properties, SchemaInitializer schema) {
		PublishFanOut writer = new PublishFanOut(repository, endpoints, dispatcher, clock);
		JdbcWebhookPublisher publisher = new JdbcWebhookPublisher(infrastructure.jdbc(), infrastructure.jsonMapper(),
				registry, writer, clock, properties.getDelivery().getMaxPayloadSize().toBytes(),
				infrastructure.transactions());
		// An instance that delivers sends what it leased itself and wakes the others, after
		// the commit, only for what it did not lease; one that does not deliver wakes them from
		// the publishing transaction.
		if (infrastructure.databaseType() == DatabaseType.POSTGRESQL && properties.getDelivery().isNotify()
				&& !properties.getDelivery().isEnabled()) {
			publisher.setNotifyStatement(PostgresWakeUp.notifyStatement(wakeUpChannel(infrastructure)));
		}
		return publisher;
	}

	@Bean
	PauseControl webhookPauseControl(PauseSwitch pauseSwitch, Dispatcher dispatcher) {
		return new PauseControl(pauseSwitch, dispatcher);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "webhooksHealthIndicator")
		WebhooksHealthIndicator webhooksHealthIndicator(Dispatcher dispatcher, DeliveryService deliveries,
				EndpointService endpoints, WebhookSender sender, WebhookProperties properties) {
			return new WebhooksHealthIndicator(dispatcher, deliveries, endpoints, sender,
					properties.getHealth().getBacklogThreshold(), properties.getDelivery().isEnabled());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
	static class InfoConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "webhooksInfoContributor")
		WebhooksInfoContributor webhooksInfoContributor(EndpointService endpoints, EventTypeRegistry registry) {
			return new WebhooksInfoContributor(endpoints, registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(MicrometerDeliveryObserver.class)
		@ConditionalOnBean(io.micrometer.core.instrument.MeterRegistry.class)
		MicrometerDeliveryObserver webhookDeliveryObserver(io.micrometer.core.instrument.MeterRegistry registry,
				ObjectProvider<io.micrometer.observation.ObservationRegistry> observations, DeliveryService deliveries,
				WebhookProperties properties) {
			return new MicrometerDeliveryObserver(registry, observations.getIfAvailable(),
					properties.getMetrics().isEndpointTag(), deliveries);
		}

	}

	/** Every observer of the application, the starter's own included, once all beans exist. */
	@Bean
	static org.springframework.beans.factory.SmartInitializingSingleton webhookDeliveryObservers(
			ObjectProvider<Dispatcher> dispatcher, ObjectProvider<DeliveryObserver> observers) {
		return () -> dispatcher.ifAvailable(d -> d.setObserver(DeliveryObserver.all(observers.orderedStream().toList())));
	}

	@Bean
	@DependsOnDatabaseInitialization
	io.shophooks.webhook.deliveries.DeliveryFigures webhookDeliveryFigures(WebhookInfrastructure infrastructure) {
		return new io.shophooks.webhook.deliveries.DeliveryFigures(infrastructure.jdbc(), infrastructure.tables(),
				infrastructure.databaseType(), infrastructure.transactions());
	}

	@Bean
	static WebhookEventCaptureFactory webhookEventCapture() {
		return new WebhookEventCaptureFactory();
	}

	/**
	 * Creates the listener once the publisher and the mapper beans exist, reading each
	 * mapper's event class from its bean definition (lambdas keep no type arguments).
	 */
	static final class WebhookEventCaptureFactory
			implements org.springframework.beans.factory.FactoryBean<WebhookEventCapture>,
			org.springframework.beans.factory.BeanFactoryAware {

		private @Nullable ConfigurableListableBeanFactory beanFactory;

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
		}

		@Override
		public WebhookEventCapture getObject() {
			ConfigurableListableBeanFactory factory = Objects.requireNonNull(this.beanFactory);
			EventTypeRegistry registry = factory.getBean(EventTypeRegistry.class);
			List<MapperRegistration> mappers = new ArrayList<>();
			for (String name : factory.getBeanNamesForType(WebhookEventMapper.class)) {
				WebhookEventMapper<?> mapper = factory.getBean(name, WebhookEventMapper.class);
				Class<?> eventClass = (mapper.eventClass() != null) ? mapper.eventClass()
						: factory.getMergedBeanDefinition(name)
							.getResolvableType()
							.as(WebhookEventMapper.class)
							.resolveGeneric(0);
				if (eventClass == null) {
					eventClass = ResolvableType.forClass(mapper.getClass()).as(WebhookEventMapper.class).resolveGeneric(0);
				}
				if (eventClass == null) {
					throw new IllegalStateException("Cannot tell which event the WebhookEventMapper bean '" + name
							+ "' maps: declare its type argument, e.g. WebhookEventMapper<OrderSubmittedEvent>");
				}
				for (WebhookEventMapper.EventTypeDefinition definition : mapper.eventTypes()) {
					String example = (definition.example() != null) ? factory.getBean(WebhookInfrastructure.class)
						.jsonMapper()
						.writerWithDefaultPrettyPrinter()
						.writeValueAsString(definition.example()) : null;
					registry.register(new EventTypeDescriptor(definition.type(), definition.description(), null,
							example));
				}
				mappers.add(new MapperRegistration(eventClass, mapper));
			}
			return new WebhookEventCapture(factory.getBean(WebhookPublisher.class), registry, mappers);
		}

		@Override
		public Class<?> getObjectType() {
			return WebhookEventCapture.class;
		}

	}

}
