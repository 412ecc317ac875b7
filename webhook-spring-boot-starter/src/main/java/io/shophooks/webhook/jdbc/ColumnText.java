package io.shophooks.webhook.jdbc;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.Internal;

/**
 * Text made to fit the column that stores it: at most the column's length in characters
 * (a cut says how much was left out, inside the limit, and never splits a surrogate pair),
 * and no NUL character, which PostgreSQL's text types refuse. Whatever a receiver, an
 * owner or an encoder produced, the row is then written.
 */
@Internal
public final class ColumnText {

	private ColumnText() {
	}

	/**
	 * The value as a column of {@code maxLength} characters can store it.
	 * @param value the value
	 * @param maxLength the column's length in characters
	 * @return the value, or a cut form of it; {@code null} for {@code null}
	 */
	public static @Nullable String fit(@Nullable String value, int maxLength) {
		if (value == null) {
			return null;
		}
		String text = (value.indexOf('\u0000') >= 0) ? value.replace('\u0000', '\uFFFD') : value;
		if (text.length() <= maxLength) {
			return text;
		}
		String note = " ... (" + (text.length() - maxLength) + " more characters not kept)";
		int keep = Math.max(0, maxLength - note.length() - 6);
		if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
			keep--;
		}
		String cut = text.substring(0, keep) + note;
		return (cut.length() <= maxLength) ? cut : cut.substring(0, maxLength);
	}

	/**
	 * The value without NUL characters, for unbounded text columns.
	 * @param value the value
	 * @return the value with each NUL replaced by U+FFFD
	 */
	public static @Nullable String storable(@Nullable String value) {
		return (value == null || value.indexOf('\u0000') < 0) ? value : value.replace('\u0000', '\uFFFD');
	}

}
