package io.shophooks.webhook.broadleaf;

import org.broadleafcommerce.profile.core.service.CustomerService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.shophooks.webhook.WebhookPublisher;
import io.shophooks.webhook.autoconfigure.WebhookAutoConfiguration;
import io.shophooks.webhook.capture.EventTypeRegistry;

/**
 * Registers the Broadleaf event types and the three adapters. The customer observer is
 * attached to Broadleaf's {@code CustomerService} when there is one; the checkout
 * activity and the admin event handler are merged into Broadleaf's own lists (see the
 * README's Broadleaf section).
 */
@AutoConfiguration(after = WebhookAutoConfiguration.class)
@ConditionalOnClass(name = "org.broadleafcommerce.profile.core.service.listener.PostRegistrationObserver")
@ConditionalOnBean(WebhookPublisher.class)
@ConditionalOnBooleanProperty(name = "shophooks.webhook.broadleaf.enabled", matchIfMissing = true)
public final class BroadleafWebhookAutoConfiguration {

	@Bean
	static SmartInitializingSingleton shophooksBroadleafEventTypes(ObjectProvider<EventTypeRegistry> registry) {
		return () -> registry.ifAvailable(types -> {
			types.register(BroadleafPayloads.CustomerCreated.class);
			types.register(BroadleafPayloads.ProductCreated.class);
			types.register(BroadleafPayloads.OrderApproved.class);
		});
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookRegistrationObserver shophooksRegistrationObserver(WebhookPublisher publisher) {
		return new WebhookRegistrationObserver(publisher);
	}

	@Bean
	SmartInitializingSingleton shophooksRegistrationObserverAttachment(ObjectProvider<CustomerService> customers,
			WebhookRegistrationObserver observer) {
		return () -> customers.orderedStream().forEach(service -> service.addPostRegisterListener(observer));
	}

	@Bean
	@ConditionalOnMissingBean
	WebhookCheckoutActivity shophooksCheckoutActivity(WebhookPublisher publisher) {
		return new WebhookCheckoutActivity(publisher);
	}

	@Bean
	@ConditionalOnClass(name = OrderSubmittedEventMapper.EVENT_CLASS)
	@ConditionalOnMissingBean
	OrderSubmittedEventMapper shophooksOrderSubmittedEventMapper(org.springframework.context.ApplicationContext context) {
		return new OrderSubmittedEventMapper(context.getClassLoader());
	}

	@Bean
	@ConditionalOnClass(name = "org.broadleafcommerce.openadmin.server.service.persistence.PersistenceManagerEventHandlerAdapter")
	@ConditionalOnMissingBean
	WebhookProductEventHandler shophooksProductEventHandler(WebhookPublisher publisher) {
		return new WebhookProductEventHandler(publisher);
	}

}
