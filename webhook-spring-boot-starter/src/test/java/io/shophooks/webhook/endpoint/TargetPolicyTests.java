package io.shophooks.webhook.endpoint;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shophooks.webhook.InvalidWebhookException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetPolicyTests {

	private final TargetPolicy strict = new TargetPolicy(false, false);

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1/hook", "http://localhost:8080/", "http://10.1.2.3/",
			"http://192.168.0.10/", "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/",
			"http://[::1]/", "http://0.0.0.0/", "http://100.64.0.1/", "http://[fd00:ec2::254]/",
			"http://[::ffff:127.0.0.1]/", "http://metadata.google.internal/" })
	void internalTargetsAreRefused(String url) {
		assertThatThrownBy(() -> this.strict.validateUrl(url)).isInstanceOf(InvalidWebhookException.class)
			.hasMessageContaining("not a globally reachable address; webhooks may not be sent there");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://example.com/", "/relative", "example.com/hook", "http://", "https://a b.com/",
			"javascript:alert(1)" })
	void malformedUrlsAreRefusedWithAClearMessage(String url) {
		assertThatThrownBy(() -> this.strict.validateUrl(url)).isInstanceOf(InvalidWebhookException.class)
			.satisfies(ex -> assertThat(((InvalidWebhookException) ex).getField()).isEqualTo("url"));
	}

	@Test
	void userInfoAndFragmentsAreRefused() {
		assertThatThrownBy(() -> this.strict.validateUrl("https://user:pw@93.184.216.34/"))
			.hasMessageContaining("user name");
		assertThatThrownBy(() -> this.strict.validateUrl("https://93.184.216.34/#frag")).hasMessageContaining("fragment");
	}

	@Test
	void publicAddressIsAccepted() {
		assertThat(this.strict.validateUrl("https://93.184.216.34/hooks?shop=1").getHost()).isEqualTo("93.184.216.34");
	}

	@Test
	void httpsCanBeRequired() {
		TargetPolicy https = new TargetPolicy(true, false);
		assertThatThrownBy(() -> https.validateUrl("http://93.184.216.34/")).hasMessageContaining("require-https");
	}

	@Test
	void privateNetworksCanBeAllowedForDevelopment() throws Exception {
		TargetPolicy dev = new TargetPolicy(false, true);
		assertThat(dev.validateUrl("http://localhost:8080/partner/inbox")).isNotNull();
		assertThat(dev.isForbidden(InetAddress.getByName("127.0.0.1"))).isFalse();
		assertThat(this.strict.isForbidden(InetAddress.getByName("127.0.0.1"))).isTrue();
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource({ "2130706433, 127.0.0.1", "0177.0.0.1, 127.0.0.1", "0x7f.1, 127.0.0.1",
			"0x7f000001, 127.0.0.1", "017700000001, 127.0.0.1", "127.1, 127.0.0.1", "10.1, 10.0.0.1",
			"0, 0.0.0.0", "192.168.257, 192.168.1.1", "93.184.216.34, 93.184.216.34" })
	void numericHostsAreReadTheWayOtherSoftwareReadsThem(String host, String address) throws Exception {
		assertThat(TargetPolicy.numericIpv4(host)).isEqualTo(InetAddress.getByName(address));
	}

	@ParameterizedTest
	@ValueSource(strings = { "example.com", "1.2.3.4.5", "256.1.1.1", "08.1.1.1", "0x", "1e100.net", "127.0.0.1x" })
	void namesAndOutOfRangeNumbersAreNotNumericHosts(String host) {
		assertThat(TargetPolicy.numericIpv4(host)).isNull();
	}

	@Test
	void everyAnswerOfANameIsCheckedAndATrailingDotChangesNothing() {
		HostResolver dns = host -> new InetAddress[] { InetAddress.getByName("93.184.216.34"),
				InetAddress.getByName("10.0.0.7") };
		TargetPolicy policy = new TargetPolicy(false, false, dns, java.time.Duration.ofSeconds(1));
		assertThatThrownBy(() -> policy.resolve("partner.example.")).isInstanceOf(ForbiddenTargetException.class)
			.hasMessageContaining("10.0.0.7");
		assertThatThrownBy(() -> policy.resolve("LOCALHOST.")).isInstanceOf(ForbiddenTargetException.class);
	}

	@Test
	void everyRegistryEntryThatIsNotGloballyReachableIsRefusedAtItsFirstAndLastAddress() throws Exception {
		List<SpecialPurposeAddresses.Block> blocks = new ArrayList<>(SpecialPurposeAddresses.IPV4_REFUSED);
		blocks.addAll(SpecialPurposeAddresses.IPV6_REFUSED);
		for (SpecialPurposeAddresses.Block block : blocks) {
			byte[] first = block.network().clone();
			byte[] last = block.network().clone();
			for (int bit = block.length(); bit < last.length * 8; bit++) {
				last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
			}
			for (byte[] address : List.of(first, last)) {
				InetAddress inet = InetAddress.getByAddress(address);
				boolean reachableException = SpecialPurposeAddresses.IPV4_REACHABLE.stream()
					.anyMatch(b -> b.contains(address))
						|| SpecialPurposeAddresses.IPV6_REACHABLE.stream().anyMatch(b -> b.contains(address));
				if (!reachableException) {
					assertThat(this.strict.isForbidden(inet)).as(block.describe() + ": " + inet).isTrue();
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "93.184.216.34", "8.8.8.8", "1.1.1.1", "192.0.0.9", "192.0.0.10", "192.31.196.1",
			"192.52.193.1", "192.175.48.1", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
			"198.17.255.255", "198.20.0.0", "223.255.255.255", "2606:2800:220:1:248:1893:25c8:1946", "2001:1::1",
			"2001:1::2", "2001:1::3", "2001:3::1", "2001:4:112::1", "2001:20::1", "2001:30::1", "2620:4f:8000::1",
			"2002:5db8:d822::1", "64:ff9b::5db8:d822", "2001:200::1" })
	void globallyReachableAddressesAreAllowed(String address) throws Exception {
		assertThat(this.strict.isForbidden(InetAddress.getByName(address))).as(address).isFalse();
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
			"2002:a00:1::1 | 2002::/16 (6to4) carrying 10.0.0.1, 10.0.0.0/8 (private-use)",
			"2002:c000:201:: | 2002::/16 (6to4) carrying 192.0.2.1, 192.0.2.0/24 (documentation, TEST-NET-1)",
			"64:ff9b::7f00:1 | 64:ff9b::/96 (NAT64 well-known prefix) carrying 127.0.0.1, 127.0.0.0/8 (loopback)",
			"64:ff9b:1::5db8:d822 | 64:ff9b:1::/48 (NAT64 local-use)",
			"2001:0:4136:e378:8000:63bf:f5ff:fffe | 2001::/32 (Teredo)",
			"::ffff:0:5db8:d822 | ::ffff:0:0:0/96 (IPv4-translated)",
			"::7f00:1 | ::/96 (IPv4-compatible, deprecated)" })
	void transitionFormsAreJudgedByWhatTheyCarryOrRefusedWhole(String address, String reason) throws Exception {
		assertThat(this.strict.whyForbidden(InetAddress.getByName(address))).as(address).hasValue(reason);
	}

	@Test
	void thisHostsOwnAddressesAreRefusedWhateverTheirRange() throws Exception {
		InetAddress own = InetAddress.getByName("93.184.216.34");
		TargetPolicy policy = new TargetPolicy(false, false, HostResolver.SYSTEM, java.time.Duration.ofSeconds(1),
				() -> Set.of(own));
		assertThat(policy.whyForbidden(own)).hasValue("an address of this host");
		assertThatThrownBy(() -> policy.validateUrl("https://93.184.216.34/hooks"))
			.hasMessageContaining("an address of this host");
		assertThat(this.strict.isForbidden(own)).isFalse();
		for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			for (InetAddress address : Collections.list(nic.getInetAddresses())) {
				assertThat(this.strict.isForbidden(address)).as(nic.getName() + " " + address).isTrue();
			}
		}
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
			"https://93.184.216.34/hooks/cà-phê?q=bánh | https://93.184.216.34/hooks/c%C3%A0-ph%C3%AA?q=b%C3%A1nh",
			"https://bücher.example:8443/ä | https://xn--bcher-kva.example:8443/%C3%A4",
			"https://93.184.216.34/ok?a=1 | https://93.184.216.34/ok?a=1",
			"https://93.184.216.34/🛒 | https://93.184.216.34/%F0%9F%9B%92" })
	void nonAsciiUrlsAreStoredAsRfc3986Says(String entered, String stored) {
		assertThat(TargetPolicy.ascii(entered)).isEqualTo(stored);
		assertThat(this.strict.validateUrl(entered).toString()).isEqualTo(stored);
	}

}
