package io.shophooks.webhook.testapp;

import org.springframework.context.ApplicationEvent;

/** An event of a platform the shop does not own: not annotated, mapped by a bean. */
public class PlatformOrderSubmitted extends ApplicationEvent {

	private final long orderId;

	public PlatformOrderSubmitted(Object source, long orderId) {
		super(source);
		this.orderId = orderId;
	}

	public long getOrderId() {
		return this.orderId;
	}

}
