package org.broadleafcommerce.common.event;

import org.springframework.context.ApplicationEvent;

/**
 * Stands in for Broadleaf 4.0+'s event of the same name and shape (the public registry
 * serves Broadleaf only up to 3.1, which lacks it), so the class-presence mapping can be
 * exercised.
 */
public class OrderSubmittedEvent extends ApplicationEvent {

	private final Long orderId;

	private final String orderNumber;

	public OrderSubmittedEvent(Object source, Long orderId, String orderNumber) {
		super(source);
		this.orderId = orderId;
		this.orderNumber = orderNumber;
	}

	public Long getOrderId() {
		return this.orderId;
	}

	public String getOrderNumber() {
		return this.orderNumber;
	}

}
