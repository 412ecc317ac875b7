package io.shophooks.webhook.broadleaf;

import org.broadleafcommerce.core.checkout.service.workflow.CheckoutSeed;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.workflow.BaseActivity;
import org.broadleafcommerce.core.workflow.ProcessContext;

import io.shophooks.webhook.WebhookMessage;
import io.shophooks.webhook.WebhookPublisher;

/**
 * A checkout workflow activity that sends {@code order.approved}. Order it after
 * Broadleaf's complete-order activity: if an earlier activity fails, it never runs; if a
 * later one fails, the checkout transaction rolls the webhook back with it.
 */
public class WebhookCheckoutActivity extends BaseActivity<ProcessContext<CheckoutSeed>> {

	/** Broadleaf 3.1's complete-order activity has order 7000; this runs right after it. */
	public static final int DEFAULT_ORDER = 7100;

	private final WebhookPublisher publisher;

	public WebhookCheckoutActivity(WebhookPublisher publisher) {
		this.publisher = publisher;
		setOrder(DEFAULT_ORDER);
	}

	@Override
	public ProcessContext<CheckoutSeed> execute(ProcessContext<CheckoutSeed> context) throws Exception {
		Order order = context.getSeedData().getOrder();
		this.publisher.publish(new WebhookMessage("order.approved", BroadleafPayloads.order(order),
				(order.getId() != null) ? order.getId().toString() : null));
		return context;
	}

}
