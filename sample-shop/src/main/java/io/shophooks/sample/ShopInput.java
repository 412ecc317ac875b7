package io.shophooks.sample;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The limits of what the shop stores, checked before the database sees a value, for the
 * pages and the JSON API alike. A value out of bounds is an {@link IllegalArgumentException}
 * whose message names the field and the limit (a 400 on the API, a message on the page).
 */
public final class ShopInput {

	/** The most a price may be: {@code NUMERIC(12, 2)}, with room for an order's total. */
	public static final BigDecimal MAX_PRICE = new BigDecimal("99999999.99");

	/** The most a line's quantity may be. */
	public static final int MAX_QUANTITY = 10_000;

	/** The most lines an order may have. */
	public static final int MAX_LINES = 100;

	private ShopInput() {
	}

	/**
	 * A required text: trimmed, not blank, at most {@code max} characters, no control
	 * characters (NUL, line breaks) and no unpaired surrogates (text that is not Unicode).
	 * @param field the field's name, for the message
	 * @param value the value
	 * @param max the most characters it may hold
	 * @return the trimmed value
	 */
	public static String text(String field, @Nullable String value, int max) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(field + ": enter a value");
		}
		String trimmed = value.strip();
		if (trimmed.length() > max) {
			throw new IllegalArgumentException(field + ": may hold " + max + " characters at most (got "
					+ trimmed.length() + ")");
		}
		for (int i = 0; i < trimmed.length(); i++) {
			char c = trimmed.charAt(i);
			if (Character.isISOControl(c)) {
				throw new IllegalArgumentException(field + ": must not contain control characters such as NUL or line breaks");
			}
			if (Character.isSurrogate(c)) {
				boolean paired = Character.isHighSurrogate(c) && i + 1 < trimmed.length()
						&& Character.isLowSurrogate(trimmed.charAt(i + 1));
				if (!paired) {
					throw new IllegalArgumentException(field + ": is not valid Unicode text (an unpaired surrogate)");
				}
				i++;
			}
		}
		return trimmed;
	}

	/**
	 * An email address: a text of at most 320 characters with one {@code @} and a dot in its
	 * domain.
	 * @param value the value
	 * @return the trimmed value
	 */
	public static String email(@Nullable String value) {
		String email = text("email", value, 320);
		if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
			throw new IllegalArgumentException("email: enter a valid email address, e.g. ann@example.com");
		}
		return email;
	}

	/**
	 * A price: 0 to {@link #MAX_PRICE}, with at most two decimals.
	 * @param price the price
	 * @return the price
	 */
	public static BigDecimal price(@Nullable BigDecimal price) {
		if (price == null) {
			throw new IllegalArgumentException("price: enter a price, e.g. 19.99");
		}
		if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0) {
			throw new IllegalArgumentException("price: must be between 0 and " + MAX_PRICE.toPlainString());
		}
		if (price.stripTrailingZeros().scale() > 2) {
			throw new IllegalArgumentException("price: may have two decimals at most");
		}
		return price;
	}

	/**
	 * A line's quantity: 1 to {@link #MAX_QUANTITY}.
	 * @param quantity the quantity
	 * @return the quantity
	 */
	public static int quantity(int quantity) {
		if (quantity < 1 || quantity > MAX_QUANTITY) {
			throw new IllegalArgumentException("quantity: must be between 1 and " + MAX_QUANTITY);
		}
		return quantity;
	}

}
