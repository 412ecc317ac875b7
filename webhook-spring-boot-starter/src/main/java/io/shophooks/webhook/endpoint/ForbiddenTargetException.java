package io.shophooks.webhook.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A host resolved to an address webhooks may not be sent to. An
 * {@link UnknownHostException} so that an HTTP client's resolver can throw it and no
 * connection is opened.
 */
public class ForbiddenTargetException extends UnknownHostException {

	private final String what;

	public ForbiddenTargetException(String host, InetAddress address) {
		this(host, address.getHostAddress());
	}

	/**
	 * @param host the host as written in the URL
	 * @param what the address and why it is refused
	 */
	public ForbiddenTargetException(String host, String what) {
		super("Refused to connect to " + host + " (" + what
				+ "): only globally reachable addresses are allowed"
				+ " (shophooks.webhook.security.allow-private-networks)");
		this.what = what;
	}

	/**
	 * The address and why it is refused.
	 * @return the reason
	 */
	public String getWhat() {
		return this.what;
	}

}
