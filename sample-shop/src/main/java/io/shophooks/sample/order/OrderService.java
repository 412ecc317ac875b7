package io.shophooks.sample.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.shophooks.sample.ShopInput;
import io.shophooks.sample.catalog.CatalogService;
import io.shophooks.sample.catalog.Product;
import io.shophooks.sample.customer.Customer;
import io.shophooks.sample.customer.CustomerService;

/**
 * Orders: placed with lines, then approved. Approval prices every line from the catalog
 * and publishes {@code order.approved}; if any line cannot be priced the whole
 * transaction, webhook included, rolls back.
 */
@Service
public class OrderService {

	/** The most an order's total may be ({@code NUMERIC(12, 2)}). */
	static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final CustomerService customers;

	private final CatalogService catalog;

	OrderService(JdbcClient jdbc, ApplicationEventPublisher events, CustomerService customers,
			CatalogService catalog) {
		this.jdbc = jdbc;
		this.events = events;
		this.customers = customers;
		this.catalog = catalog;
	}

	@Transactional
	public Order place(long customerId, List<Order.Line> lines) {
		this.customers.find(customerId)
			.orElseThrow(() -> new IllegalArgumentException("No customer with id " + customerId));
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}
		if (lines.size() > ShopInput.MAX_LINES) {
			throw new IllegalArgumentException("lines: an order may have " + ShopInput.MAX_LINES + " lines at most");
		}
		lines = lines.stream()
			.map(line -> new Order.Line(ShopInput.text("sku", line.sku(), 64), ShopInput.quantity(line.quantity())))
			.toList();
		Instant now = Instant.now();
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO shop_order (customer_id, status, created_at) VALUES (?, 'PLACED', ?)")
			.params(customerId, now.atOffset(ZoneOffset.UTC))
			.update(key, "id");
		long id = key.getKey().longValue();
		for (int i = 0; i < lines.size(); i++) {
			this.jdbc.sql("INSERT INTO shop_order_line (order_id, line_no, sku, quantity) VALUES (?, ?, ?, ?)")
				.params(id, i + 1, lines.get(i).sku().trim(), lines.get(i).quantity())
				.update();
		}
		return find(id).orElseThrow();
	}

	@Transactional
	public Order approve(long orderId) {
		Order order = find(orderId).orElseThrow(() -> new IllegalArgumentException("No order with id " + orderId));
		if (!"PLACED".equals(order.status())) {
			throw new OrderNotApprovableException("Order " + orderId + " is " + order.status() + " already");
		}
		Customer customer = this.customers.find(order.customerId()).orElseThrow();
		Instant now = Instant.now();
		this.jdbc.sql("UPDATE shop_order SET status = 'APPROVED', approved_at = ? WHERE id = ?")
			.params(now.atOffset(ZoneOffset.UTC), orderId)
			.update();
		List<OrderApproved.Line> lines = new ArrayList<>();
		BigDecimal total = BigDecimal.ZERO;
		for (Order.Line line : order.lines()) {
			Product product = this.catalog.findBySku(line.sku())
				.orElseThrow(() -> new OrderNotApprovableException(
						"Order " + orderId + " cannot be approved: unknown product " + line.sku()));
			BigDecimal lineTotal = product.price().multiply(BigDecimal.valueOf(line.quantity()));
			lines.add(new OrderApproved.Line(product.sku(), product.name(), line.quantity(), product.price(),
					lineTotal));
			total = total.add(lineTotal);
		}
		if (total.compareTo(MAX_TOTAL) > 0) {
			throw new OrderNotApprovableException("Order " + orderId + " cannot be approved: its total " + total.toPlainString()
					+ " is more than " + MAX_TOTAL.toPlainString());
		}
		this.jdbc.sql("UPDATE shop_order SET total = ?, currency = ? WHERE id = ?")
			.params(total, CatalogService.CURRENCY, orderId)
			.update();
		this.events.publishEvent(new OrderApproved(orderId,
				new OrderApproved.Customer(customer.id(), customer.name(), customer.email()), lines, total,
				CatalogService.CURRENCY, now));
		return find(orderId).orElseThrow();
	}

	public Optional<Order> find(long id) {
		List<Order.Line> lines = this.jdbc
			.sql("SELECT sku, quantity FROM shop_order_line WHERE order_id = ? ORDER BY line_no")
			.param(id)
			.query((rs, row) -> new Order.Line(rs.getString(1), rs.getInt(2)))
			.list();
		return this.jdbc.sql("SELECT id, customer_id, status, total, currency, created_at FROM shop_order WHERE id = ?")
			.param(id)
			.query((rs, row) -> new Order(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4),
					rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(), lines))
			.optional();
	}

	public List<Order> all() {
		return this.jdbc.sql("SELECT id FROM shop_order ORDER BY id DESC LIMIT 100")
			.query(Long.class)
			.list()
			.stream()
			.map(id -> find(id).orElseThrow())
			.toList();
	}

}
