package io.shophooks.webhook.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's two languages say the same things: English ({@code messages.properties},
 * the default, with no {@code messages_en.properties} copy beside it) and Vietnamese have
 * the same keys, and no Vietnamese message uses an argument the English one does not get.
 */
class MessageBundlesTests {

	private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

	@Test
	void englishAndVietnameseHaveTheSameKeysAndArguments() throws IOException {
		Properties english = load("messages.properties");
		Properties vietnamese = load("messages_vi.properties");
		assertThat(vietnamese.stringPropertyNames()).as("keys in Vietnamese, compared with English")
			.containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
		for (String key : english.stringPropertyNames()) {
			// a translation may leave out a detail (the engine's English message), never invent one
			assertThat(arguments(english.getProperty(key))).as(key).containsAll(arguments(vietnamese.getProperty(key)));
		}
		assertThat(english.size()).isGreaterThan(100);
	}

	@Test
	void englishIsTheDefaultBundleNotAThirdCopy() {
		assertThat(getClass().getClassLoader().getResource(AdminMessages.BASENAME + "_en.properties")).isNull();
		assertThat(AdminMessages.bundle().getMessage("shophooks.nav.logout", null, Locale.ENGLISH)).isNotBlank();
		assertThat(AdminMessages.bundle().getMessage("shophooks.nav.logout", null, Locale.ENGLISH))
			.isNotEqualTo(AdminMessages.bundle().getMessage("shophooks.nav.logout", null, Locale.forLanguageTag("vi")));
	}

	private static Set<String> arguments(String message) {
		Set<String> found = new TreeSet<>();
		Matcher argument = ARGUMENT.matcher(message);
		while (argument.find()) {
			found.add(argument.group(1));
		}
		return found;
	}

	private static Properties load(String name) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = MessageBundlesTests.class.getClassLoader()
			.getResourceAsStream("META-INF/shophooks-admin/" + name)) {
			assertThat(in).as(name).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
