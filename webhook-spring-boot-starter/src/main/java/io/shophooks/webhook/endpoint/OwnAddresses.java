package io.shophooks.webhook.endpoint;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The addresses of this host's own network interfaces, read again at most once every few
 * seconds (interfaces come and go: a VPN, a container network). A webhook to one of them
 * reaches a service on this host, whatever range the address is in.
 */
final class OwnAddresses implements Supplier<Set<InetAddress>> {

	/** The operating system's interfaces. */
	static final OwnAddresses SYSTEM = new OwnAddresses();

	private static final long REFRESH_NANOS = 5_000_000_000L;

	private volatile Set<InetAddress> addresses = Set.of();

	private volatile long readAt;

	private volatile boolean read;

	private OwnAddresses() {
	}

	@Override
	public Set<InetAddress> get() {
		long now = System.nanoTime();
		if (!this.read || now - this.readAt > REFRESH_NANOS) {
			this.addresses = readInterfaces();
			this.readAt = now;
			this.read = true;
		}
		return this.addresses;
	}

	private static Set<InetAddress> readInterfaces() {
		Set<InetAddress> addresses = new HashSet<>();
		try {
			for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
					// compare without the scope (fe80::1%eth0 is fe80::1)
					addresses.add(InetAddress.getByAddress(address.getAddress()));
				}
			}
		}
		catch (SocketException | java.net.UnknownHostException ex) {
			// no interface list: the registry check still applies
		}
		return Set.copyOf(addresses);
	}

}
