package io.shophooks.webhook.broadleaf;

import org.broadleafcommerce.profile.core.domain.Customer;
import org.broadleafcommerce.profile.core.service.listener.PostRegistrationObserver;

import io.shophooks.webhook.WebhookMessage;
import io.shophooks.webhook.WebhookPublisher;

/**
 * Sends {@code customer.created} when Broadleaf registers a customer. Broadleaf calls its
 * post-registration observers inside {@code registerCustomer}'s transaction, so the
 * webhook commits or rolls back with the customer.
 */
public class WebhookRegistrationObserver implements PostRegistrationObserver {

	private final WebhookPublisher publisher;

	public WebhookRegistrationObserver(WebhookPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void processRegistrationEvent(Customer customer) {
		this.publisher.publish(new WebhookMessage("customer.created", BroadleafPayloads.customer(customer),
				(customer.getId() != null) ? customer.getId().toString() : null));
	}

}
