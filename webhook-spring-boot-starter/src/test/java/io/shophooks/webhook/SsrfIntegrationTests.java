package io.shophooks.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.endpoint.HostResolver;
import io.shophooks.webhook.support.Databases;
import io.shophooks.webhook.support.TestReceiver;
import io.shophooks.webhook.support.TestReceiver.Reply;
import io.shophooks.webhook.support.TestShops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Endpoints cannot be turned against the network the shop runs in. Every target below
 * is refused when a store owner saves it, and refused again at the address actually
 * connected to when an endpoint saved earlier (while private networks were allowed, or
 * through a name that resolved elsewhere at the time) is sent to. A loopback receiver
 * listens behind every loopback spelling and must never see a request.
 */
class SsrfIntegrationTests {

	/** Every host spelling that must be refused, each followed by {@code :port}. */
	static final List<String> FORBIDDEN_HOSTS = forbiddenHosts();

	private static List<String> forbiddenHosts() {
		List<String> hosts = new ArrayList<>(List.of(
				// loopback
				"127.0.0.1", "127.1.2.3", "127.255.255.254", "localhost", "LOCALHOST", "localhost.", "LocalHost.",
				"app.localhost", "[::1]", "[0:0:0:0:0:0:0:1]",
				// this host, unspecified
				"0.0.0.0", "0", "[::]",
				// private (RFC 1918)
				"10.0.0.1", "10.255.255.254", "172.16.0.1", "172.31.255.254", "192.168.0.1", "192.168.255.254",
				// link-local and cloud metadata
				"169.254.169.254", "169.254.0.1", "[fe80::1]", "metadata.google.internal",
				// carrier-grade NAT, benchmarking, multicast, broadcast, IETF
				"100.64.0.1", "100.127.255.254", "198.18.0.1", "198.19.255.254", "224.0.0.1", "239.255.255.250",
				"255.255.255.255", "192.0.0.1",
				// the rest of the IANA IPv4 special-purpose registry that is not globally reachable
				"192.0.0.8", "192.0.0.170", "192.0.0.171", "192.0.2.1", "198.51.100.7", "203.0.113.9", "192.88.99.1",
				"240.0.0.1", "0.1.2.3",
				// the IANA IPv6 special-purpose registry that is not globally reachable
				"[100::1]", "[100:0:0:1::1]", "[2001:2::1]", "[2001:10::1]", "[2001::1]", "[2001:db8::1]",
				"[3fff::1]", "[5f00::1]", "[fec0::1]", "[ff02::1]", "[2001:1::4]",
				// IPv6 unique local
				"[fc00::1]", "[fd00:ec2::254]",
				// IPv4 inside IPv6: mapped, hexadecimal mapped, compatible, translated, NAT64, 6to4, Teredo
				"[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:10.0.0.1]", "[::ffff:169.254.169.254]",
				"[::ffff:192.168.1.1]", "[::ffff:198.51.100.7]", "[::127.0.0.1]", "[::ffff:0:7f00:1]",
				"[::ffff:0:5db8:d822]", "[64:ff9b::a9fe:a9fe]", "[64:ff9b::7f00:1]", "[64:ff9b::c000:201]",
				"[64:ff9b:1::a00:1]", "[64:ff9b:1::5db8:d822]", "[2002:7f00:1::]", "[2002:a00:1::1]",
				"[2002:a9fe:a9fe::1]", "[2002:c000:201::]", "[2001:0:4136:e378:8000:63bf:f5ff:fffe]",
				// other spellings of 127.0.0.1 and 10.0.0.1 that C libraries and browsers accept
				"2130706433", "0177.0.0.1", "0x7f000001", "017700000001", "0x7f.1", "127.1", "127.0.0.1.",
				"0x0a.0.0.1",
				// mDNS
				"printer.local",
				// names that resolve to forbidden addresses (in this test's DNS)
				"private.test", "metadata.test", "loopback.test", "v6loopback.test", "mixed.test", "doc.test"));
		// this host's own addresses, whatever their range
		try {
			for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				for (InetAddress address : Collections.list(nic.getInetAddresses())) {
					if (!address.isLinkLocalAddress()) {
						String literal = InetAddress.getByAddress(address.getAddress()).getHostAddress();
						hosts.add((address instanceof Inet6Address) ? "[" + literal + "]" : literal);
					}
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return List.copyOf(new java.util.LinkedHashSet<>(hosts));
	}

	private static final Map<String, String[]> DNS = Map.of("private.test", new String[] { "10.0.0.5" },
			"metadata.test", new String[] { "169.254.169.254" }, "loopback.test", new String[] { "127.0.0.1" },
			"v6loopback.test", new String[] { "::1" }, "mixed.test", new String[] { "93.184.216.34", "10.1.1.1" }, "doc.test", new String[] { "2001:db8::7" },
			"public.test", new String[] { "93.184.216.34" });

	private static final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

	/**
	 * This test's name server: a fixed table, {@code rebind.test} answers a public address
	 * once and loopback afterwards, {@code slow.test} never answers in time.
	 */
	static final HostResolver TEST_DNS = host -> {
		int count = lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
		if (host.equals("rebind.test")) {
			return new InetAddress[] { InetAddress.getByName((count == 1) ? "93.184.216.34" : "127.0.0.1") };
		}
		if (host.equals("slow.test")) {
			try {
				Thread.sleep(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return new InetAddress[] { InetAddress.getByName("93.184.216.34") };
		}
		String[] answers = DNS.get(host);
		if (answers == null) {
			return HostResolver.SYSTEM.resolve(host);
		}
		List<InetAddress> addresses = new ArrayList<>();
		for (String answer : answers) {
			addresses.add(InetAddress.getByName(answer));
		}
		return addresses.toArray(InetAddress[]::new);
	};

	static DataSource dataSource;

	static ConfigurableApplicationContext strict;

	static TestReceiver receiver;

	@BeforeAll
	static void start() throws Exception {
		dataSource = Databases.newH2("ssrf");
		receiver = new TestReceiver();
		strict = TestShops.start(dataSource, beans -> beans.registerBean(HostResolver.class, () -> TEST_DNS),
				"shophooks.webhook.security.allow-private-networks=false",
				"shophooks.webhook.delivery.connect-timeout=500ms", "shophooks.webhook.retry.max-retries=0");
	}

	@AfterAll
	static void stop() {
		strict.close();
		receiver.close();
		Databases.close(dataSource);
	}

	@BeforeEach
	void cleanUp() {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (String table : List.of("attempt_minute", "attempt", "delivery", "event", "endpoint")) {
				jdbc.update("DELETE FROM shophooks_" + table);
			}
		});
		receiver.reset();
		lookups.clear();
	}

	@Test
	void everyForbiddenTargetIsRefusedWhenSavedWithAClearMessageAndNothingIsSaved() {
		assertThat(FORBIDDEN_HOSTS).hasSizeGreaterThanOrEqualTo(40);
		EndpointService endpoints = strict.getBean(EndpointService.class);
		List<String> accepted = new ArrayList<>();
		for (String host : FORBIDDEN_HOSTS) {
			String url = "http://" + host + ":" + port() + "/hook";
			try {
				endpoints.create(EndpointDefinition.signed(host, url, List.of("order.approved")));
				accepted.add(url);
			}
			catch (InvalidWebhookException ex) {
				assertThat(ex.getField()).as(url).isEqualTo("url");
				assertThat(ex.getMessage()).as(url)
					.contains("not a globally reachable address; webhooks may not be sent there");
			}
		}
		assertThat(accepted).as("forbidden targets that were saved").isEmpty();
		assertThat(endpoints.list()).isEmpty();
		assertThat(receiver.received()).isEmpty();
	}

	@Test
	void endpointsSavedWhilePrivateNetworksWereAllowedAreRefusedAtTheAddressConnectedTo() {
		List<String> saved = new ArrayList<>();
		ConfigurableApplicationContext permissive = TestShops.start(dataSource,
				beans -> beans.registerBean(HostResolver.class, () -> TEST_DNS),
				"shophooks.webhook.security.allow-private-networks=true", "shophooks.webhook.delivery.enabled=false");
		try {
			EndpointService endpoints = permissive.getBean(EndpointService.class);
			for (String host : FORBIDDEN_HOSTS) {
				String url = "http://" + host + ":" + port() + "/hook";
				try {
					endpoints.create(EndpointDefinition.signed(host, url, List.of("order.approved")));
					saved.add(url);
				}
				catch (InvalidWebhookException ex) {
					// spellings java.net.URI cannot read (0x7f.1, 127.1, 127.0.0.1.) are refused anyway
					assertThat(ex.getMessage()).contains("no valid host name");
				}
			}
		}
		finally {
			permissive.close();
		}
		assertThat(saved).hasSizeGreaterThanOrEqualTo(40);

		strict.getBean(WebhookPublisher.class).publish("order.approved", Map.of("orderId", "ssrf"));

		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("SELECT COUNT(DISTINCT delivery_id) FROM shophooks_attempt",
					Integer.class) == saved.size());
		List<Map<String, Object>> attempts = jdbc.queryForList("""
				SELECT p.url, a.status_code, a.error FROM shophooks_attempt a
				JOIN shophooks_delivery d ON d.id = a.delivery_id JOIN shophooks_endpoint p ON p.id = d.endpoint_id
				WHERE a.attempt_number = 1""");
		assertThat(attempts).hasSize(saved.size());
		for (Map<String, Object> attempt : attempts) {
			assertThat(attempt.get("STATUS_CODE")).as(attempt.get("URL").toString()).isNull();
			assertThat((String) attempt.get("ERROR")).as(attempt.get("URL").toString())
				.startsWith("Refused to connect to")
				.contains("shophooks.webhook.security.allow-private-networks");
		}
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery WHERE status = 'DELIVERED'",
				Integer.class)).isZero();
		assertThat(receiver.received()).as("requests that reached the loopback receiver").isEmpty();
	}

	@Test
	void nameThatResolvesPublicWhenSavedAndLoopbackWhenSentIsRefusedAtSendTime() {
		EndpointService endpoints = strict.getBean(EndpointService.class);
		endpoints.create(EndpointDefinition.signed("Rebinding", "http://rebind.test:" + port() + "/hook",
				List.of("order.approved")));
		assertThat(lookups.get("rebind.test")).hasValue(1);

		strict.getBean(WebhookPublisher.class).publish("order.approved", Map.of("orderId", "rebind"));

		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_attempt", Integer.class) > 0);
		assertThat(jdbc.queryForObject("SELECT error FROM shophooks_attempt WHERE attempt_number = 1", String.class))
			.isEqualTo("Refused to connect to rebind.test (127.0.0.1, 127.0.0.0/8 (loopback)): only globally reachable "
					+ "addresses are allowed (shophooks.webhook.security.allow-private-networks)");
		assertThat(receiver.received()).isEmpty();
	}

	@Test
	void nameServerThatNeverAnswersIsCutOffAtTheConnectTimeout() {
		EndpointService endpoints = strict.getBean(EndpointService.class);
		// Saving does not wait for the name server: the name is checked again on every send.
		endpoints.create(EndpointDefinition.signed("Slow DNS", "http://slow.test/hook", List.of("order.approved")));

		strict.getBean(WebhookPublisher.class).publish("order.approved", Map.of("orderId", "slow-dns"));

		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_attempt", Integer.class) > 0);
		assertThat(jdbc.queryForObject("SELECT error FROM shophooks_attempt WHERE attempt_number = 1", String.class))
			.isEqualTo("Unknown host: Looking up slow.test took longer than 500 ms");
	}

	@Test
	void redirectsToInternalTargetsAreNeverFollowed() throws Exception {
		// Private networks allowed here, so the loopback receiver can answer at all: a redirect
		// is a failed attempt whatever the policy, and its target is never contacted.
		try (TestReceiver internal = new TestReceiver()) {
			ConfigurableApplicationContext permissive = TestShops.start(dataSource,
					"shophooks.webhook.security.allow-private-networks=true", "shophooks.webhook.retry.max-retries=0");
			try {
				List<String> locations = List.of("http://169.254.169.254/latest/meta-data/",
						internal.url("/admin"), "http://[::1]:" + port() + "/", "http://10.0.0.1/",
						"http://localhost:" + port() + "/internal");
				EndpointService endpoints = permissive.getBean(EndpointService.class);
				for (int i = 0; i < locations.size(); i++) {
					receiver.always("/redirect-" + i, Reply.status(307).withHeader("Location", locations.get(i)));
					endpoints.create(EndpointDefinition.signed("Redirect " + i, receiver.url("/redirect-" + i),
							List.of("order.approved")));
				}
				permissive.getBean(WebhookPublisher.class).publish("order.approved", Map.of("orderId", "redirect"));
				JdbcTemplate jdbc = new JdbcTemplate(dataSource);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM shophooks_delivery WHERE status = 'FAILED'",
							Integer.class) == locations.size());
				assertThat(jdbc.queryForList("SELECT status_code FROM shophooks_attempt", Integer.class))
					.containsOnly(307)
					.hasSize(locations.size());
				assertThat(jdbc.queryForList("SELECT error FROM shophooks_attempt", String.class))
					.containsExactlyInAnyOrderElementsOf(
							locations.stream().map(location -> "Redirect to " + location + " not followed").toList());
				assertThat(receiver.received()).hasSize(locations.size())
					.allSatisfy(request -> assertThat(request.path()).startsWith("/redirect-"));
				assertThat(internal.received()).isEmpty();
			}
			finally {
				permissive.close();
			}
		}
	}

	private static int port() {
		return Integer.parseInt(receiver.url("").replaceAll(".*:(\\d+)$", "$1"));
	}

}
