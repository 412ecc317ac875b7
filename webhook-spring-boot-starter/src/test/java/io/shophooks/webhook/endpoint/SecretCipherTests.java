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
			.isInstanceOf(UnreadableSecretException.class)
			.withMessageContaining("previous-encryption-keys");
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

	@Test
	void aPreviousKeyStillReadsWhatItWroteAndNewValuesUseTheCurrentKey() {
		String oldKey = SecretCipher.generateKey();
		String newKey = SecretCipher.generateKey();
		String written = SecretCipher.fromBase64Key(oldKey).encrypt("whsec_old");
		SecretCipher rotating = SecretCipher.fromBase64Keys(newKey, java.util.List.of(oldKey));
		assertThat(rotating.decrypt(written)).isEqualTo("whsec_old");
		assertThat(rotating.isCurrent(written)).isFalse();
		String again = rotating.encrypt("whsec_old");
		assertThat(rotating.isCurrent(again)).isTrue();
		assertThat(SecretCipher.fromBase64Key(newKey).decrypt(again)).isEqualTo("whsec_old");
		assertThat(SecretCipher.fromBase64Key(newKey).canRead(written)).isFalse();
	}

	@Test
	void aMalformedPreviousKeyNamesItsProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SecretCipher.fromBase64Keys(SecretCipher.generateKey(), java.util.List.of("nope!")))
			.isInstanceOf(InvalidEncryptionKeyException.class)
			.withMessageContaining("shophooks.webhook.security.previous-encryption-keys[0]");
	}

	@Test
	void theLargestStorableValueIsTheLongestThatFitsItsColumn() {
		int largest = SecretCipher.largestStorable(1000);
		assertThat(largest).isEqualTo(719);
		assertThat(this.cipher.encrypt("x".repeat(largest))).hasSizeLessThanOrEqualTo(1000);
		assertThat(this.cipher.encrypt("x".repeat(largest + 1))).hasSizeGreaterThan(1000);
	}

	@Test
	void storedLengthIsTheLengthOfTheStoredForm() {
		for (String plain : new String[] { "", "a", "ab", "abc", "é".repeat(300), "漢".repeat(500), "x".repeat(719) }) {
			assertThat(SecretCipher.storedLength(plain)).as(plain).isEqualTo(this.cipher.encrypt(plain).length());
		}
	}

}
