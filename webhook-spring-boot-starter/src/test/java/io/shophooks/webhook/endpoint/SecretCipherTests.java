package io.shophooks.webhook.endpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretCipherTests {

	private final SecretCipher cipher = SecretCipher.fromBase64Key(SecretCipher.generateKey());

	@Test
	void roundTripsAndNeverRepeatsACiphertext() {
		String first = this.cipher.encrypt("whsec_abc");
		String second = this.cipher.encrypt("whsec_abc");
		assertThat(first).startsWith("v1:").doesNotContain("abc").isNotEqualTo(second);
		assertThat(this.cipher.decrypt(first)).isEqualTo("whsec_abc");
	}

	@Test
	void anotherKeyCannotDecrypt() {
		String stored = this.cipher.encrypt("secret");
		SecretCipher other = SecretCipher.fromBase64Key(SecretCipher.generateKey());
		assertThatIllegalStateException().isThrownBy(() -> other.decrypt(stored))
			.withMessageContaining("encryption-key changed");
	}

	@Test
	void tamperingIsDetected() {
		String stored = this.cipher.encrypt("secret");
		int middle = 10;
		char replaced = (stored.charAt(middle) == 'A') ? 'B' : 'A';
		String tampered = stored.substring(0, middle) + replaced + stored.substring(middle + 1);
		assertThatIllegalStateException().isThrownBy(() -> this.cipher.decrypt(tampered));
	}

	@Test
	void malformedKeyNamesTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> SecretCipher.fromBase64Key("short"))
			.withMessageContaining("shophooks.webhook.security.encryption-key");
	}

}
