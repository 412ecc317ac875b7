package io.shophooks.webhook.admin;

import java.time.Clock;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.thymeleaf.spring6.templateresolver.SpringResourceTemplateResolver;
import org.thymeleaf.templatemode.TemplateMode;

import io.shophooks.webhook.admin.api.ApiExceptionHandler;
import io.shophooks.webhook.admin.api.DeliveryApiController;
import io.shophooks.webhook.admin.api.EndpointApiController;
import io.shophooks.webhook.admin.dashboard.DashboardController;
import io.shophooks.webhook.admin.delivery.DeliveryController;
import io.shophooks.webhook.admin.endpoint.EndpointController;
import io.shophooks.webhook.admin.eventtype.EventTypeController;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * Auto-configuration of the ShopHooks admin screens and JSON API in a servlet
 * application that uses the webhook starter.
 */
@AutoConfiguration(afterName = { "io.shophooks.webhook.autoconfigure.WebhookAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(EndpointService.class)
@ConditionalOnBooleanProperty(name = "shophooks.webhook.admin.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebhookAdminProperties.class)
@Import({ AdminSecurityConfiguration.class, AdminErrors.class, AdminErrorPages.class, AdminBanner.class, LoginController.class, DashboardController.class,
		EndpointController.class, DeliveryController.class, EventTypeController.class, EndpointApiController.class,
		DeliveryApiController.class, ApiExceptionHandler.class })
public final class WebhookAdminAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LoginThrottle webhookAdminLoginThrottle(WebhookAdminProperties properties, ObjectProvider<Clock> clock) {
		WebhookAdminProperties.LoginThrottling throttling = properties.getLoginThrottle();
		if (throttling.getMaxFailures() < 1 || throttling.getWindow().isNegative() || throttling.getWindow().isZero()) {
			throw new IllegalStateException("shophooks.webhook.admin.login-throttle.max-failures must be at least 1 and"
					+ " shophooks.webhook.admin.login-throttle.window positive");
		}
		return new LoginThrottle(throttling.getMaxFailures(), throttling.getWindow(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	WebhookAdminRequestMatcher webhookAdminRequestMatcher(WebhookAdminProperties properties) {
		return new WebhookAdminRequestMatcher(properties);
	}

	@Bean
	SpringResourceTemplateResolver webhookAdminTemplateResolver() {
		// Own prefix and patterns: the host's templates are never shadowed, nor ours by theirs.
		SpringResourceTemplateResolver resolver = new SpringResourceTemplateResolver();
		resolver.setPrefix("classpath:/META-INF/shophooks-admin/templates/");
		resolver.setSuffix(".html");
		resolver.setTemplateMode(TemplateMode.HTML);
		resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
		resolver.setResolvablePatterns(Set.of("shophooks/*"));
		resolver.setCheckExistence(true);
		resolver.setCacheable(true);
		resolver.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return resolver;
	}

	@Bean
	WebMvcConfigurer webhookAdminAssets(WebhookAdminProperties properties) {
		String path = WebhookAdminRequestMatcher.trim(properties.getPath());
		return new WebMvcConfigurer() {

			@Override
			public void addResourceHandlers(ResourceHandlerRegistry registry) {
				registry.addResourceHandler(path + "/assets/**")
					.addResourceLocations("classpath:/META-INF/shophooks-admin/static/")
					.setCachePeriod(3600);
			}

		};
	}

	@Bean("shophooksEngineText")
	EngineText webhookAdminEngineText(org.springframework.context.MessageSource messageSource) {
		return new EngineText(messageSource);
	}

	@Bean
	static AdminMessages webhookAdminMessages(ApplicationContext context) {
		return new AdminMessages(context);
	}

	@Bean
	FilterRegistrationBean<AdminLocaleFilter> webhookAdminLocaleFilter(WebhookAdminRequestMatcher matcher) {
		FilterRegistrationBean<AdminLocaleFilter> registration = new FilterRegistrationBean<>(
				new AdminLocaleFilter(matcher));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

}
