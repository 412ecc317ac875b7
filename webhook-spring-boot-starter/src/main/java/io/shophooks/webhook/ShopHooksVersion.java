package io.shophooks.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of ShopHooks, written into the starter by its build, so it is right
 * whether the starter runs from its jar or from a build's classes directory. Sent as
 * {@code User-Agent: ShopHooks/<version>} and shown in {@code /actuator/info}.
 */
@Internal
public final class ShopHooksVersion {

	private static final String VERSION = read();

	private ShopHooksVersion() {
	}

	/**
	 * The version, e.g. {@code 0.1.0}.
	 * @return the version
	 */
	public static String get() {
		return VERSION;
	}

	private static String read() {
		try (InputStream in = ShopHooksVersion.class.getResourceAsStream("version.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				String version = properties.getProperty("version", "");
				if (!version.isBlank() && !version.startsWith("@")) {
					return version;
				}
			}
		}
		catch (IOException ex) {
			// fall through to the jar's manifest
		}
		String manifest = ShopHooksVersion.class.getPackage().getImplementationVersion();
		return (manifest != null) ? manifest : "unknown";
	}

}
