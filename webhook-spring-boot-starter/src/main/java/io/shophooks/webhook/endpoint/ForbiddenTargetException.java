package io.shophooks.webhook.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A host resolved to an address webhooks may not be sent to. An
 * {@link UnknownHostException} so that an HTTP client's resolver can throw it and no
 * connection is opened.
 */
public class ForbiddenTargetException extends UnknownHostException {

	public ForbiddenTargetException(String host, InetAddress address) {
		this(host, address.getHostAddress());
	}

	public ForbiddenTargetException(String host, String what) {
		super("Refused to connect to " + host + " (" + what
				+ "): loopback, private, link-local and metadata addresses are blocked"
				+ " (shophooks.webhook.security.allow-private-networks)");
	}

}
