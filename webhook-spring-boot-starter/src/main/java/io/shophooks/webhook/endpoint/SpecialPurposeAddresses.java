package io.shophooks.webhook.endpoint;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The addresses webhooks may not be sent to, from the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries (every entry whose "Globally Reachable" is not {@code True}), plus
 * multicast and, for IPv6, everything outside global unicast {@code 2000::/3}. The IPv6
 * forms that carry an IPv4 address (mapped, NAT64 well-known prefix, 6to4) are judged by
 * the address inside; Teredo, NAT64 local-use and IPv4-translated addresses are refused
 * whole, as the registry marks them.
 */
final class SpecialPurposeAddresses {

	/** A registry entry: a prefix and its name. */
	record Block(String cidr, String name, byte[] network, int length) {

		static Block of(String cidr, String name) {
			int slash = cidr.indexOf('/');
			try {
				return new Block(cidr, name, InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
						Integer.parseInt(cidr.substring(slash + 1)));
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException(cidr, ex);
			}
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int whole = this.length / 8;
			for (int i = 0; i < whole; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.length % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (address[whole] & mask) == (this.network[whole] & mask);
		}

		String describe() {
			return this.cidr + " (" + this.name + ")";
		}

	}

	/** IPv4 entries that are globally reachable inside a larger entry that is not. */
	static final List<Block> IPV4_REACHABLE = List.of(Block.of("192.0.0.9/32", "Port Control Protocol Anycast"),
			Block.of("192.0.0.10/32", "Traversal Using Relays around NAT Anycast"));

	/** IPv4 entries that are not globally reachable, and multicast. */
	static final List<Block> IPV4_REFUSED = List.of(Block.of("0.0.0.0/8", "this network"),
			Block.of("10.0.0.0/8", "private-use"), Block.of("100.64.0.0/10", "shared address space, carrier-grade NAT"),
			Block.of("127.0.0.0/8", "loopback"), Block.of("169.254.0.0/16", "link-local, cloud metadata"),
			Block.of("172.16.0.0/12", "private-use"), Block.of("192.0.0.0/24", "IETF protocol assignments"),
			Block.of("192.0.2.0/24", "documentation, TEST-NET-1"),
			Block.of("192.88.99.0/24", "deprecated 6to4 relay anycast"), Block.of("192.168.0.0/16", "private-use"),
			Block.of("198.18.0.0/15", "benchmarking"), Block.of("198.51.100.0/24", "documentation, TEST-NET-2"),
			Block.of("203.0.113.0/24", "documentation, TEST-NET-3"), Block.of("224.0.0.0/4", "multicast"),
			Block.of("240.0.0.0/4", "reserved"), Block.of("255.255.255.255/32", "limited broadcast"));

	/** IPv6 entries that are globally reachable inside a larger entry that is not. */
	static final List<Block> IPV6_REACHABLE = List.of(Block.of("2001:1::1/128", "Port Control Protocol Anycast"),
			Block.of("2001:1::2/128", "Traversal Using Relays around NAT Anycast"),
			Block.of("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast"),
			Block.of("2001:3::/32", "AMT"), Block.of("2001:4:112::/48", "AS112-v6"),
			Block.of("2001:20::/28", "ORCHIDv2"), Block.of("2001:30::/28", "Drone Remote ID Protocol Entity Tags"));

	/** IPv6 entries that are not globally reachable, whatever they carry. */
	static final List<Block> IPV6_REFUSED = List.of(Block.of("::1/128", "loopback"),
			Block.of("::/128", "unspecified"), Block.of("::ffff:0:0:0/96", "IPv4-translated"),
			Block.of("::/96", "IPv4-compatible, deprecated"), Block.of("64:ff9b:1::/48", "NAT64 local-use"),
			Block.of("100::/64", "discard-only"), Block.of("100:0:0:1::/64", "dummy prefix"),
			Block.of("2001::/32", "Teredo"), Block.of("2001:2::/48", "benchmarking"),
			Block.of("2001:10::/28", "deprecated ORCHID"), Block.of("2001::/23", "IETF protocol assignments"),
			Block.of("2001:db8::/32", "documentation"), Block.of("3fff::/20", "documentation"),
			Block.of("5f00::/16", "segment routing SIDs"), Block.of("fc00::/7", "unique-local"),
			Block.of("fe80::/10", "link-local"), Block.of("fec0::/10", "site-local, deprecated"),
			Block.of("ff00::/8", "multicast"));

	/** Built from bytes: {@link InetAddress} turns an IPv4-mapped literal into an IPv4 address. */
	private static final Block IPV4_MAPPED = new Block("::ffff:0:0/96", "IPv4-mapped",
			new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0 }, 96);

	private static final Block NAT64 = Block.of("64:ff9b::/96", "NAT64 well-known prefix");

	private static final Block SIX_TO_FOUR = Block.of("2002::/16", "6to4");

	private static final Block GLOBAL_UNICAST = Block.of("2000::/3", "global unicast");

	private SpecialPurposeAddresses() {
	}

	/**
	 * Why an address is not globally reachable.
	 * @param address the address
	 * @return the registry entry (and, for a transition form, the address inside), or
	 * empty if the address is globally reachable
	 */
	static Optional<String> reason(InetAddress address) {
		return reason(address.getAddress());
	}

	private static Optional<String> reason(byte[] b) {
		if (b.length == 4) {
			return find(b, IPV4_REACHABLE, IPV4_REFUSED);
		}
		if (IPV4_MAPPED.contains(b)) {
			return inside(IPV4_MAPPED, b, 12);
		}
		if (NAT64.contains(b)) {
			return inside(NAT64, b, 12);
		}
		if (SIX_TO_FOUR.contains(b)) {
			return inside(SIX_TO_FOUR, b, 2);
		}
		Optional<String> listed = find(b, IPV6_REACHABLE, IPV6_REFUSED);
		if (listed.isPresent()) {
			return listed;
		}
		if (!GLOBAL_UNICAST.contains(b)) {
			return Optional.of("outside global unicast 2000::/3");
		}
		return Optional.empty();
	}

	private static Optional<String> find(byte[] address, List<Block> reachable, List<Block> refused) {
		if (reachable.stream().anyMatch(block -> block.contains(address))) {
			return Optional.empty();
		}
		return refused.stream().filter(block -> block.contains(address)).findFirst().map(Block::describe);
	}

	/** A transition form is as reachable as the IPv4 address it carries. */
	private static Optional<String> inside(Block form, byte[] b, int offset) {
		byte[] ipv4 = { b[offset], b[offset + 1], b[offset + 2], b[offset + 3] };
		return reason(ipv4).map(why -> form.describe() + " carrying " + ipv4String(ipv4) + ", " + why);
	}

	private static String ipv4String(byte[] ipv4) {
		try {
			return ((Inet4Address) InetAddress.getByAddress(ipv4)).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
