package io.shophooks.webhook.autoconfigure;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.WebhookEvent;
import io.shophooks.webhook.WebhookPublisher;

/**
 * When ShopHooks is on the class path but not active, says so instead of dropping events
 * without a word: once at start-up, and once per event type the application publishes
 * that ShopHooks would have captured, each with the reason and the fix. Switched off on
 * purpose ({@code shophooks.webhook.enabled=false}) it is said once, quietly.
 */
@Internal
@AutoConfiguration(after = WebhookAutoConfiguration.class)
@ConditionalOnMissingBean(WebhookPublisher.class)
public final class WebhooksOffAutoConfiguration {

	@Bean
	static ApplicationListener<ApplicationEvent> webhooksOffNotice(Environment environment) {
		return new Notice(!environment.getProperty("shophooks.webhook.enabled", Boolean.class, true));
	}

	/** Logs why events are not captured: at start-up and at the first event of each type. */
	static final class Notice implements ApplicationListener<ApplicationEvent> {

		private static final Log logger = LogFactory.getLog(WebhooksOffAutoConfiguration.class);

		static final String NOT_ACTIVE = "ShopHooks is not active: the application has no DataSource bean, so "
				+ "@WebhookEvent events are not captured and no webhook is sent. Add spring-boot-starter-jdbc and a "
				+ "database (H2 for development, PostgreSQL in production), or set shophooks.webhook.enabled=false "
				+ "to say that this is intended.";

		static final String SWITCHED_OFF = "ShopHooks is switched off (shophooks.webhook.enabled=false): "
				+ "@WebhookEvent events are not captured.";

		private final boolean switchedOff;

		private final Set<Class<?>> told = ConcurrentHashMap.newKeySet();

		Notice(boolean switchedOff) {
			this.switchedOff = switchedOff;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof ApplicationReadyEvent) {
				if (this.switchedOff) {
					logger.info(SWITCHED_OFF);
				}
				else {
					logger.warn(NOT_ACTIVE);
				}
				return;
			}
			if (this.switchedOff || !(event instanceof PayloadApplicationEvent<?> payload)) {
				return;
			}
			Class<?> type = payload.getPayload().getClass();
			WebhookEvent webhook = type.getAnnotation(WebhookEvent.class);
			if (webhook != null && this.told.add(type)) {
				logger.warn("A '" + webhook.value() + "' event (" + type.getSimpleName()
						+ ") was published but not captured: " + NOT_ACTIVE);
			}
		}

	}

}
