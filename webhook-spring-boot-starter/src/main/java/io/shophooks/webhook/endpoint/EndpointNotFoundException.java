package io.shophooks.webhook.endpoint;

/**
 * No endpoint has the given id.
 */
public class EndpointNotFoundException extends RuntimeException {

	public EndpointNotFoundException(long id) {
		super("No webhook endpoint with id " + id);
	}

}
