package io.shophooks.webhook.endpoint;

import java.net.InetAddress;

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
			.hasMessageContaining("may not be sent there");
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

}
