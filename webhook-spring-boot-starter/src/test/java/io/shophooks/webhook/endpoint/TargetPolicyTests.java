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

}
