package io.shophooks.sample.order;

/**
 * The order cannot be approved as it stands (an unknown product, already approved).
 * Nothing was changed and no webhook was sent.
 */
public class OrderNotApprovableException extends RuntimeException {

	public OrderNotApprovableException(String message) {
		super(message);
	}

}
