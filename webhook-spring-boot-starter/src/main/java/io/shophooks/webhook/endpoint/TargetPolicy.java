package io.shophooks.webhook.endpoint;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.InvalidWebhookException;

/**
 * Decides which URLs and addresses webhooks may be sent to. Unless private networks are
 * allowed, only globally reachable addresses are: every entry of the IANA special-purpose
 * registries that is not, IPv6 forms that carry such an IPv4 address, and this host's own
 * addresses are refused. Save-time checks give the store owner a clear message; the same
 * address check runs again on every address the HTTP client actually connects to, so DNS
 * rebinding cannot reach a forbidden network.
 */
public class TargetPolicy {

	private final boolean requireHttps;

	private final boolean allowPrivateNetworks;

	private final HostResolver resolver;

	private final Duration lookupTimeout;

	private final Supplier<Set<InetAddress>> ownAddresses;

	/** Lookups run here so that a name server that never answers cannot hold a sender. */
	private static final ExecutorService lookups = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "shophooks-dns");
		thread.setDaemon(true);
		return thread;
	});

	public TargetPolicy(boolean requireHttps, boolean allowPrivateNetworks) {
		this(requireHttps, allowPrivateNetworks, HostResolver.SYSTEM, Duration.ofSeconds(5));
	}

	/**
	 * A policy that resolves names with a resolver of its own.
	 * @param requireHttps whether only https URLs are accepted
	 * @param allowPrivateNetworks whether internal addresses may be used (development)
	 * @param resolver how host names are looked up
	 * @param lookupTimeout the longest a lookup may take before the host counts as unknown
	 */
	public TargetPolicy(boolean requireHttps, boolean allowPrivateNetworks, HostResolver resolver,
			Duration lookupTimeout) {
		this(requireHttps, allowPrivateNetworks, resolver, lookupTimeout, OwnAddresses.SYSTEM);
	}

	TargetPolicy(boolean requireHttps, boolean allowPrivateNetworks, HostResolver resolver, Duration lookupTimeout,
			Supplier<Set<InetAddress>> ownAddresses) {
		this.requireHttps = requireHttps;
		this.allowPrivateNetworks = allowPrivateNetworks;
		this.resolver = resolver;
		this.lookupTimeout = lookupTimeout;
		this.ownAddresses = ownAddresses;
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
		if (url.strip().codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c)
				|| Character.getType(c) == Character.FORMAT)) {
			throw new InvalidWebhookException("url",
					"The URL contains a space, a control character or an invisible character; percent-encode it");
		}
		URI uri;
		try {
			uri = new URI(ascii(url.trim()));
		}
		catch (URISyntaxException ex) {
			throw new InvalidWebhookException("url", "The URL is malformed: " + ex.getReason());
		}
		// What is stored and sent is the encoded form: a letter such as é takes 6 characters
		if (uri.toString().length() > 2000) {
			throw new InvalidWebhookException("url", "The URL is longer than 2000 characters once encoded (it has "
					+ uri.toString().length() + "; each non-ASCII character takes 6 to 12)");
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
			// java.net.URI gives no host for spellings such as 127.1 or 127.0.0.1. (trailing dot),
			// which other clients happily connect to: name the forbidden ones as such.
			String written = writtenHost(uri.getRawAuthority());
			if (!this.allowPrivateNetworks && written != null && !written.isEmpty()) {
				checkHostAtSave(written);
			}
			throw new InvalidWebhookException("url", "The URL has no valid host name");
		}
		if (!this.allowPrivateNetworks) {
			checkHostAtSave(host);
		}
		return uri;
	}

	/**
	 * A URL as it is stored and sent: a non-ASCII host in its IDNA (punycode) form, other
	 * non-ASCII characters percent-encoded as UTF-8, as RFC 3986 says; the rest unchanged.
	 * @param url the URL as entered (trimmed)
	 * @return the URL in ASCII
	 * @throws InvalidWebhookException (field {@code url}) if the host is not a valid
	 * internationalized name
	 */
	public static String ascii(String url) {
		if (url.chars().allMatch(c -> c < 0x80)) {
			return url;
		}
		int schemeEnd = url.indexOf("://");
		StringBuilder result = new StringBuilder();
		int restStart = 0;
		if (schemeEnd > 0) {
			int authorityStart = schemeEnd + 3;
			int authorityEnd = authorityStart;
			while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
				authorityEnd++;
			}
			String authority = url.substring(authorityStart, authorityEnd);
			int at = authority.lastIndexOf('@');
			String userInfo = (at >= 0) ? authority.substring(0, at + 1) : "";
			String hostPort = authority.substring(at + 1);
			int colon = hostPort.startsWith("[") ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.lastIndexOf(':');
			String host = (colon >= 0) ? hostPort.substring(0, colon) : hostPort;
			String port = (colon >= 0) ? hostPort.substring(colon) : "";
			try {
				host = java.net.IDN.toASCII(host, java.net.IDN.ALLOW_UNASSIGNED);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidWebhookException("url", "The host " + host + " is not a valid domain name");
			}
			result.append(url, 0, authorityStart).append(percentEncoded(userInfo)).append(host).append(percentEncoded(port));
			restStart = authorityEnd;
		}
		return result.append(percentEncoded(url.substring(restStart))).toString();
	}

	private static String percentEncoded(String text) {
		StringBuilder encoded = new StringBuilder();
		text.codePoints().forEach(c -> {
			if (c < 0x80) {
				encoded.append((char) c);
			}
			else {
				for (byte b : new String(Character.toChars(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
					encoded.append('%').append(String.format("%02X", b & 0xff));
				}
			}
		});
		return encoded.toString();
	}

	private static @Nullable String writtenHost(@Nullable String authority) {
		if (authority == null || authority.contains("@") || authority.startsWith("[")) {
			return null;
		}
		int colon = authority.lastIndexOf(':');
		return (colon >= 0) ? authority.substring(0, colon) : authority;
	}

	private void checkHostAtSave(String host) {
		try {
			resolve(host);
		}
		catch (ForbiddenTargetException ex) {
			throw forbidden(host, ex.getWhat());
		}
		catch (UnknownHostException ex) {
			// A name that does not resolve (yet, or not in time) is accepted: every connection
			// is checked again.
		}
	}

	/**
	 * Resolve a host the way the sender connects to it, refusing any answer that holds a
	 * forbidden address. Address literals are read here, including the spellings other
	 * software accepts ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}) and names
	 * with a trailing dot; names go to the {@link HostResolver}, with a time limit.
	 * @param host the host as written in the URL
	 * @return the addresses to connect to
	 * @throws ForbiddenTargetException if any address is forbidden by this policy
	 * @throws UnknownHostException if the name does not resolve in time
	 */
	public InetAddress[] resolve(String host) throws UnknownHostException {
		String name = normalize(host);
		if (!this.allowPrivateNetworks && isLocalName(name)) {
			throw new ForbiddenTargetException(host, "a name for local networks");
		}
		InetAddress[] addresses = lookUp(name);
		for (InetAddress address : addresses) {
			Optional<String> why = whyForbidden(address);
			if (why.isPresent()) {
				throw new ForbiddenTargetException(host, address.getHostAddress() + ", " + why.get());
			}
		}
		return addresses;
	}

	/** Names that only mean something inside a network: localhost (RFC 6761), mDNS, cloud metadata. */
	private static boolean isLocalName(String name) {
		return name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local")
				|| name.endsWith(".internal");
	}

	private InetAddress[] lookUp(String host) throws UnknownHostException {
		if (host.isEmpty()) {
			throw new UnknownHostException("The URL has no host");
		}
		if (host.indexOf(':') >= 0) {
			int zone = host.indexOf('%');
			return new InetAddress[] { InetAddress.getByName((zone >= 0) ? host.substring(0, zone) : host) };
		}
		InetAddress numeric = numericIpv4(host);
		if (numeric != null) {
			return new InetAddress[] { numeric };
		}
		Future<InetAddress[]> lookup = lookups.submit(() -> this.resolver.resolve(host));
		try {
			return lookup.get(this.lookupTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			lookup.cancel(true);
			throw new UnknownHostException("Looking up " + host + " took longer than "
					+ this.lookupTimeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownHostException unknown) {
				throw unknown;
			}
			throw new UnknownHostException("Could not look up " + host + ": " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnknownHostException("Interrupted while looking up " + host);
		}
	}

	private static String normalize(String host) {
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		bare = bare.toLowerCase(Locale.ROOT);
		while (bare.endsWith(".")) {
			bare = bare.substring(0, bare.length() - 1);
		}
		return bare;
	}

	/**
	 * Read an IPv4 address in any spelling the C library's {@code inet_aton} accepts: one
	 * to four parts, each decimal, octal (leading 0) or hexadecimal (leading 0x).
	 * @param host the host
	 * @return the address, or {@code null} if the host is not such a literal
	 */
	static @Nullable InetAddress numericIpv4(String host) {
		String[] parts = host.split("\\.", -1);
		if (parts.length > 4) {
			return null;
		}
		long[] values = new long[parts.length];
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			int radix = 10;
			if (part.startsWith("0x")) {
				radix = 16;
				part = part.substring(2);
			}
			else if (part.length() > 1 && part.startsWith("0")) {
				radix = 8;
				part = part.substring(1);
			}
			if (part.isEmpty() || part.length() > 12) {
				return null;
			}
			try {
				values[i] = Long.parseLong(part, radix);
			}
			catch (NumberFormatException ex) {
				return null;
			}
			if (values[i] < 0) {
				return null;
			}
		}
		long address = 0;
		for (int i = 0; i < values.length - 1; i++) {
			if (values[i] > 255) {
				return null;
			}
			address |= values[i] << (8 * (3 - i));
		}
		long last = values[values.length - 1];
		if (last >= (1L << (8 * (5 - values.length)))) {
			return null;
		}
		address |= last;
		byte[] bytes = { (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address };
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static InetAddress withoutScope(InetAddress address) {
		try {
			return InetAddress.getByAddress(address.getAddress());
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	private InvalidWebhookException forbidden(String host, String why) {
		return new InvalidWebhookException("url", "The host " + host + " is " + why
				+ ", not a globally reachable address; webhooks may not be sent there");
	}

	/**
	 * Whether a resolved address may not be connected to.
	 * @param address the address
	 * @return whether it is forbidden by this policy
	 */
	public boolean isForbidden(InetAddress address) {
		return whyForbidden(address).isPresent();
	}

	/**
	 * Why a resolved address may not be connected to.
	 * @param address the address
	 * @return the reason (the special-purpose registry entry, or this host's own address),
	 * or empty if it may be connected to
	 */
	Optional<String> whyForbidden(InetAddress address) {
		if (this.allowPrivateNetworks) {
			return Optional.empty();
		}
		Optional<String> special = SpecialPurposeAddresses.reason(address);
		if (special.isPresent()) {
			return special;
		}
		if (this.ownAddresses.get().contains(withoutScope(address))) {
			return Optional.of("an address of this host");
		}
		return Optional.empty();
	}

}
