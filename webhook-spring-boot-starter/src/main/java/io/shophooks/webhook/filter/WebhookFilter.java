package io.shophooks.webhook.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.InvalidWebhookException;

/**
 * A condition on an event's payload that decides whether an endpoint gets the event. A
 * small language with nothing to call and nothing to loop over:
 *
 * <pre>
 * total &gt;= 100 and customer.country in ['VN', 'DE']
 * not (status == 'TEST') or priority != null
 * </pre>
 *
 * Fields are dotted paths into the payload ({@code customer.address.city}); a missing
 * field is {@code null}. Comparisons: {@code == != < <= > >=}; {@code in} and
 * {@code not in} a list of literals; {@code and}, {@code or}, {@code not}, parentheses.
 * Literals: strings in single or double quotes, numbers, {@code true}, {@code false},
 * {@code null}. A field alone is true when it is {@code true}. Numbers compare as
 * numbers, strings as strings; values of different kinds are never equal and never
 * ordered. Size limits keep a filter cheap: 1,000 characters, 20 levels of nesting,
 * 200 characters per string, 100 items per list.
 */
@Internal
public final class WebhookFilter {

	/** The longest expression accepted. */
	public static final int MAX_LENGTH = 1000;

	private static final int MAX_DEPTH = 20;

	private static final int MAX_STRING = 200;

	private static final int MAX_LIST = 100;

	private static final int MAX_PATH = 10;

	private final String source;

	private final Node root;

	private WebhookFilter(String source, Node root) {
		this.source = source;
		this.root = root;
	}

	/**
	 * Read a filter.
	 * @param expression the expression
	 * @return the filter
	 * @throws InvalidWebhookException (field {@code filter}) with the position of the
	 * error, counted from 1
	 */
	public static WebhookFilter parse(String expression) {
		if (expression.length() > MAX_LENGTH) {
			throw new InvalidWebhookException("filter", "filter.tooLong",
					"The filter is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
		}
		Parser parser = new Parser(expression);
		Node root = parser.expression(0);
		parser.expectEnd();
		return new WebhookFilter(expression, root);
	}

	/**
	 * Whether a payload passes the filter.
	 * @param payload the event's payload
	 * @return whether the endpoint gets the event
	 */
	public boolean matches(JsonNode payload) {
		return truthy(this.root.evaluate(payload));
	}

	@Override
	public String toString() {
		return this.source;
	}

	private static boolean truthy(@Nullable Object value) {
		return Boolean.TRUE.equals(value);
	}

	// --- syntax tree ---------------------------------------------------------------------

	private interface Node {

		@Nullable Object evaluate(JsonNode payload);

	}

	private record Literal(@Nullable Object value) implements Node {

		@Override
		public @Nullable Object evaluate(JsonNode payload) {
			return this.value;
		}

	}

	private record Field(List<String> path) implements Node {

		@Override
		public @Nullable Object evaluate(JsonNode payload) {
			JsonNode node = payload;
			for (String name : this.path) {
				if (node == null || !node.isObject()) {
					return null;
				}
				node = node.get(name);
			}
			if (node == null || node.isNull() || node.isMissingNode()) {
				return null;
			}
			if (node.isNumber()) {
				return node.decimalValue();
			}
			if (node.isBoolean()) {
				return node.booleanValue();
			}
			if (node.isString()) {
				return node.stringValue();
			}
			// Objects and arrays compare with nothing.
			return node;
		}

	}

	private record Not(Node operand) implements Node {

		@Override
		public Object evaluate(JsonNode payload) {
			return !truthy(this.operand.evaluate(payload));
		}

	}

	private record Logical(boolean and, Node left, Node right) implements Node {

		@Override
		public Object evaluate(JsonNode payload) {
			boolean first = truthy(this.left.evaluate(payload));
			if (this.and) {
				return first && truthy(this.right.evaluate(payload));
			}
			return first || truthy(this.right.evaluate(payload));
		}

	}

	private record Comparison(String operator, Node left, Node right) implements Node {

		@Override
		public Object evaluate(JsonNode payload) {
			Object a = this.left.evaluate(payload);
			Object b = this.right.evaluate(payload);
			return switch (this.operator) {
				case "==" -> equal(a, b);
				case "!=" -> !equal(a, b);
				default -> {
					Integer order = compare(a, b);
					yield order != null && switch (this.operator) {
						case "<" -> order < 0;
						case "<=" -> order <= 0;
						case ">" -> order > 0;
						default -> order >= 0;
					};
				}
			};
		}

	}

	private record In(Node value, List<Object> options, boolean negated) implements Node {

		@Override
		public Object evaluate(JsonNode payload) {
			Object a = this.value.evaluate(payload);
			boolean found = false;
			for (Object option : this.options) {
				found |= equal(a, option);
			}
			return found != this.negated;
		}

	}

	private static boolean equal(@Nullable Object a, @Nullable Object b) {
		if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
			return x.compareTo(y) == 0;
		}
		if (a instanceof JsonNode || b instanceof JsonNode) {
			return false;
		}
		return Objects.equals(a, b);
	}

	private static @Nullable Integer compare(@Nullable Object a, @Nullable Object b) {
		if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
			return x.compareTo(y);
		}
		if (a instanceof String x && b instanceof String y) {
			return x.compareTo(y);
		}
		return null;
	}

	// --- parser ----------------------------------------------------------------------------

	private static final class Parser {

		private final String text;

		private int position;

		Parser(String text) {
			this.text = text;
		}

		Node expression(int depth) {
			if (depth > MAX_DEPTH) {
				throw error("tooDeep", "The filter nests deeper than " + MAX_DEPTH + " levels", MAX_DEPTH);
			}
			Node left = conjunction(depth);
			while (keyword("or")) {
				left = new Logical(false, left, conjunction(depth));
			}
			return left;
		}

		private Node conjunction(int depth) {
			Node left = negation(depth);
			while (keyword("and")) {
				left = new Logical(true, left, negation(depth));
			}
			return left;
		}

		private Node negation(int depth) {
			if (keyword("not")) {
				if (depth + 1 > MAX_DEPTH) {
					throw error("tooDeep", "The filter nests deeper than " + MAX_DEPTH + " levels", MAX_DEPTH);
				}
				return new Not(negation(depth + 1));
			}
			return comparison(depth);
		}

		private Node comparison(int depth) {
			Node left = operand(depth);
			int before = skipSpaces();
			String operator = operator();
			if (operator != null) {
				return new Comparison(operator, left, operand(depth));
			}
			if (keyword("in")) {
				return new In(left, list(), false);
			}
			int mark = this.position;
			if (keyword("not")) {
				if (keyword("in")) {
					return new In(left, list(), true);
				}
				this.position = mark;
			}
			this.position = before;
			if (left instanceof Literal) {
				throw error("valueAlone", "A value alone is not a condition; compare it with a field");
			}
			return left;
		}

		private Node operand(int depth) {
			skipSpaces();
			if (peek() == '(') {
				this.position++;
				Node inner = expression(depth + 1);
				skipSpaces();
				expect(')');
				return inner;
			}
			if (peek() == '[') {
				throw error("listWithoutIn", "A list may only follow 'in'");
			}
			Object literal = literal();
			if (literal != NONE) {
				return new Literal(literal);
			}
			int start = this.position;
			String name = identifier();
			if (name == null) {
				throw atEnd() ? error("endsBeforeValue", "The filter ends where a field or a value was expected")
						: error("valueExpected", "Expected a field or a value, found '" + this.text.charAt(this.position) + "'",
								String.valueOf(this.text.charAt(this.position)));
			}
			if (isKeyword(name)) {
				this.position = start;
				throw error("reservedName", "'" + name + "' cannot be used as a field name here", name);
			}
			List<String> path = new ArrayList<>(List.of(name));
			while (peek() == '.') {
				this.position++;
				String next = identifier();
				if (next == null) {
					throw error("fieldAfterDot", "Expected a field name after '.'");
				}
				path.add(next);
				if (path.size() > MAX_PATH) {
					throw error("pathTooLong", "A field path may have " + MAX_PATH + " parts at most", MAX_PATH);
				}
			}
			skipSpaces();
			if (peek() == '(') {
				this.position = start;
				throw error("call", "Function and method calls are not allowed");
			}
			if (peek() == '[') {
				throw error("indexing", "Indexing is not allowed; use a field path such as customer.country");
			}
			return new Field(List.copyOf(path));
		}

		private static final Object NONE = new Object();

		private @Nullable Object literal() {
			skipSpaces();
			char c = peek();
			if (c == '\'' || c == '"') {
				return string(c);
			}
			if (c == '-' || Character.isDigit(c)) {
				return number();
			}
			int start = this.position;
			String word = identifier();
			if (word != null) {
				switch (word) {
					case "true":
						return Boolean.TRUE;
					case "false":
						return Boolean.FALSE;
					case "null":
						return null;
					default:
						this.position = start;
				}
			}
			return NONE;
		}

		private List<Object> list() {
			skipSpaces();
			expect('[');
			List<Object> items = new ArrayList<>();
			skipSpaces();
			if (peek() == ']') {
				throw error("emptyList", "The list is empty");
			}
			while (true) {
				Object item = literal();
				if (item == NONE) {
					throw error("listValues", "A list holds values only (strings, numbers, true, false, null)");
				}
				items.add(item);
				if (items.size() > MAX_LIST) {
					throw error("listTooLong", "A list may hold " + MAX_LIST + " values at most", MAX_LIST);
				}
				skipSpaces();
				if (peek() == ',') {
					this.position++;
					continue;
				}
				expect(']');
				return items;
			}
		}

		private String string(char quote) {
			int start = this.position;
			this.position++;
			StringBuilder value = new StringBuilder();
			while (!atEnd() && this.text.charAt(this.position) != quote) {
				char c = this.text.charAt(this.position++);
				if (c == '\\' && !atEnd()) {
					c = this.text.charAt(this.position++);
				}
				value.append(c);
				if (value.length() > MAX_STRING) {
					this.position = start;
					throw error("stringTooLong", "A string may hold " + MAX_STRING + " characters at most", MAX_STRING);
				}
			}
			if (atEnd()) {
				this.position = start;
				throw error("stringNotClosed", "The string is not closed");
			}
			this.position++;
			return value.toString();
		}

		private BigDecimal number() {
			int start = this.position;
			if (peek() == '-') {
				this.position++;
			}
			while (!atEnd() && (Character.isDigit(peek()) || peek() == '.')) {
				this.position++;
			}
			String digits = this.text.substring(start, this.position);
			if (digits.length() > 30) {
				this.position = start;
				throw error("numberTooLong", "The number is longer than 30 characters");
			}
			try {
				return new BigDecimal(digits);
			}
			catch (NumberFormatException ex) {
				this.position = start;
				throw error("notANumber", "'" + digits + "' is not a number", digits);
			}
		}

		private @Nullable String identifier() {
			skipSpaces();
			int start = this.position;
			if (atEnd() || !(Character.isLetter(peek()) || peek() == '_') || peek() > 127) {
				return null;
			}
			while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_') && peek() <= 127) {
				this.position++;
			}
			return this.text.substring(start, this.position);
		}

		private @Nullable String operator() {
			for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
				if (this.text.startsWith(op, this.position)) {
					this.position += op.length();
					return op;
				}
			}
			if (peek() == '=') {
				throw error("singleEquals", "Use '==' to compare");
			}
			return null;
		}

		private boolean keyword(String word) {
			skipSpaces();
			int start = this.position;
			String found = identifier();
			if (found != null && found.toLowerCase(Locale.ROOT).equals(word)) {
				return true;
			}
			this.position = start;
			return false;
		}

		private static boolean isKeyword(String word) {
			return List.of("and", "or", "not", "in").contains(word.toLowerCase(Locale.ROOT));
		}

		void expectEnd() {
			skipSpaces();
			if (!atEnd()) {
				throw error("unexpected", "Unexpected '" + this.text.charAt(this.position) + "'; join conditions with 'and' or 'or'", String.valueOf(this.text.charAt(this.position)));
			}
		}

		private void expect(char c) {
			if (peek() != c) {
				throw atEnd() ? error("endsBefore", "The filter ends where '" + c + "' was expected", String.valueOf(c))
						: error("expected", "Expected '" + c + "', found '" + this.text.charAt(this.position) + "'",
								String.valueOf(c), String.valueOf(this.text.charAt(this.position)));
			}
			this.position++;
		}

		private int skipSpaces() {
			while (!atEnd() && Character.isWhitespace(this.text.charAt(this.position))) {
				this.position++;
			}
			return this.position;
		}

		private char peek() {
			return atEnd() ? '\0' : this.text.charAt(this.position);
		}

		private boolean atEnd() {
			return this.position >= this.text.length();
		}

		/**
		 * The refusal, in English with the position, and as a code with its arguments and
		 * the position last, for a screen to say in its own language.
		 */
		private InvalidWebhookException error(String code, String message, Object... arguments) {
			Object[] withPosition = Arrays.copyOf(arguments, arguments.length + 1);
			withPosition[arguments.length] = this.position + 1;
			return new InvalidWebhookException("filter", "filter." + code,
					message + " (at position " + (this.position + 1) + ")", withPosition);
		}

	}

}
