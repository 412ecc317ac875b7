package io.shophooks.webhook.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into addresses for the {@link TargetPolicy}, both when an endpoint
 * is saved and on every connection. The default asks the operating system; declare a
 * bean to route lookups elsewhere (a DNS server of your own, a fixed table in tests).
 */
@FunctionalInterface
public interface HostResolver {

	/** The operating system's resolver ({@link InetAddress#getAllByName}). */
	HostResolver SYSTEM = InetAddress::getAllByName;

	/**
	 * Resolve a host name (never an address literal: the policy reads those itself).
	 * @param host the name, without trailing dot
	 * @return its addresses
	 * @throws UnknownHostException if the name does not resolve
	 */
	InetAddress[] resolve(String host) throws UnknownHostException;

}
