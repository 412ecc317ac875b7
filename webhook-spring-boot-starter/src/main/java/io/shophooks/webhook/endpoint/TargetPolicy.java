package io.shophooks.webhook.endpoint;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.InvalidWebhookException;

/**
 * Decides which URLs and addresses webhooks may be sent to. Save-time checks give the
 * store owner a clear message; the same address check runs again on every address the
 * HTTP client actually connects to, so DNS rebinding cannot reach a forbidden network.
 */
public class TargetPolicy {

	private final boolean requireHttps;

	private final boolean allowPrivateNetworks;

	public TargetPolicy(boolean requireHttps, boolean allowPrivateNetworks) {
		this.requireHttps = requireHttps;
		this.allowPrivateNetworks = allowPrivateNetworks;
	}

	public boolean allowsPrivateNetworks() {
		return this.allowPrivateNetworks;
	}

	/**
	 * Check a URL a store owner entered.
	 * @param url the URL
	 * @return the parsed URL
	 * @throws InvalidWebhookException (field {@code url}) when it may not be used
	 */
	public URI validateUrl(@Nullable String url) {
		if (url == null || url.isBlank()) {
			throw new InvalidWebhookException("url", "Enter the URL that receives the webhooks");
		}
		if (url.length() > 2000) {
			throw new InvalidWebhookException("url", "The URL is longer than 2000 characters");
		}
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw new InvalidWebhookException("url", "The URL is malformed: " + ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!uri.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))) {
			throw new InvalidWebhookException("url", "The URL must start with http:// or https://");
		}
		if (this.requireHttps && !"https".equals(scheme)) {
			throw new InvalidWebhookException("url", "The URL must use https (shophooks.webhook.security.require-https is on)");
		}
		if (uri.getRawUserInfo() != null) {
			throw new InvalidWebhookException("url",
					"The URL must not contain a user name or password; use HTTP Basic authentication instead");
		}
		if (uri.getRawFragment() != null) {
			throw new InvalidWebhookException("url", "The URL must not contain a fragment (#...)");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new InvalidWebhookException("url", "The URL has no valid host name");
		}
		if (!this.allowPrivateNetworks) {
			checkHostAtSave(host);
		}
		return uri;
	}

	private void checkHostAtSave(String host) {
		String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		String lower = bare.toLowerCase(Locale.ROOT);
		if (lower.equals("localhost") || lower.endsWith(".localhost") || lower.endsWith(".local")
				|| lower.endsWith(".internal")) {
			throw forbidden(host);
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(bare);
		}
		catch (UnknownHostException ex) {
			// A name that does not resolve yet is accepted; every connection is checked again.
			return;
		}
		for (InetAddress address : addresses) {
			if (isForbidden(address)) {
				throw forbidden(host);
			}
		}
	}

	private InvalidWebhookException forbidden(String host) {
		return new InvalidWebhookException("url", "The host " + host
				+ " is a loopback, private, link-local or metadata address; webhooks may not be sent there");
	}

	/**
	 * Whether a resolved address may not be connected to.
	 * @param address the address
	 * @return whether it is forbidden by this policy
	 */
	public boolean isForbidden(InetAddress address) {
		return !this.allowPrivateNetworks && isInternal(address);
	}

	/**
	 * Whether an address belongs to a loopback, private, link-local, shared, metadata or
	 * otherwise non-public range.
	 * @param address the address
	 * @return whether the address is internal
	 */
	public static boolean isInternal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			return first == 0 // this network
					|| (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
					|| (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
					|| (first == 198 && (second == 18 || second == 19)) // benchmarking
					|| first >= 240; // reserved and broadcast
		}
		if (address instanceof Inet6Address) {
			int first = b[0] & 0xff;
			if ((first & 0xfe) == 0xfc) { // unique local fc00::/7 (includes fd00:ec2::254)
				return true;
			}
			if (isEmbeddedIpv4(b)) {
				try {
					return isInternal(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
				}
				catch (UnknownHostException ex) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean isEmbeddedIpv4(byte[] b) {
		// ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64)
		boolean zeroPrefix = true;
		for (int i = 0; i < 12; i++) {
			zeroPrefix &= b[i] == 0;
		}
		boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
				&& (b[3] & 0xff) == 0x9b;
		return zeroPrefix || nat64;
	}

}
