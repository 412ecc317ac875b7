package io.shophooks.webhook.send;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;

import io.shophooks.webhook.endpoint.TargetPolicy;

/**
 * Resolves host names for the HTTP client through the {@link TargetPolicy}, which refuses
 * any answer that holds a forbidden address, so the check applies to the address
 * actually connected to (no DNS rebinding past a save-time check) and a lookup cannot
 * outlast the policy's time limit.
 */
class GuardedDnsResolver implements DnsResolver {

	private final TargetPolicy policy;

	GuardedDnsResolver(TargetPolicy policy) {
		this.policy = policy;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		return this.policy.resolve(host);
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return host;
	}

}
