package io.shophooks.webhook.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import io.shophooks.webhook.endpoint.TargetPolicy;

/**
 * Resolves host names for the HTTP client and refuses any answer that holds a forbidden
 * address, so the check applies to the address actually connected to (no DNS rebinding
 * past a save-time check).
 */
class GuardedDnsResolver implements DnsResolver {

	private final DnsResolver delegate;

	private final TargetPolicy policy;

	GuardedDnsResolver(TargetPolicy policy) {
		this(SystemDefaultDnsResolver.INSTANCE, policy);
	}

	GuardedDnsResolver(DnsResolver delegate, TargetPolicy policy) {
		this.delegate = delegate;
		this.policy = policy;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] addresses = this.delegate.resolve(host);
		for (InetAddress address : addresses) {
			if (this.policy.isForbidden(address)) {
				throw new ForbiddenAddressException(host, address);
			}
		}
		return addresses;
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return this.delegate.resolveCanonicalHostname(host);
	}

	/**
	 * A host resolved to an address webhooks may not be sent to.
	 */
	static class ForbiddenAddressException extends UnknownHostException {

		ForbiddenAddressException(String host, InetAddress address) {
			super("Refused to connect to " + host + " (" + address.getHostAddress()
					+ "): loopback, private, link-local and metadata addresses are blocked"
					+ " (shophooks.webhook.security.allow-private-networks)");
		}

	}

}
