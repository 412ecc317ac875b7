package io.shophooks.webhook.jdbc;

import java.util.regex.Pattern;

import org.springframework.util.Assert;

import io.shophooks.webhook.Internal;

/**
 * Table names with the configured prefix. SQL in the repositories is written with the
 * default prefix {@code shophooks_} and rewritten once here.
 */
@Internal
public final class Tables {

	/** The prefix SQL and schema files are written with. */
	public static final String DEFAULT_PREFIX = "shophooks_";

	private static final Pattern VALID_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,30}");

	private final String prefix;

	public Tables(String prefix) {
		Assert.isTrue(VALID_PREFIX.matcher(prefix).matches(), () -> "shophooks.webhook.jdbc.table-prefix '" + prefix
				+ "' is invalid: use letters, digits and underscores, starting with a letter (default '"
				+ DEFAULT_PREFIX + "')");
		this.prefix = prefix;
	}

	public String prefix() {
		return this.prefix;
	}

	/**
	 * Rewrite SQL written with the default prefix.
	 * @param sql the SQL
	 * @return the SQL for the configured prefix
	 */
	public String sql(String sql) {
		return DEFAULT_PREFIX.equals(this.prefix) ? sql : sql.replace(DEFAULT_PREFIX, this.prefix);
	}

}
