package io.shophooks.sample.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.shophooks.sample.ShopInput;

/**
 * The catalog. Adding a product writes its webhook in the same transaction.
 */
@Service
public class CatalogService {

	public static final String CURRENCY = "EUR";

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	CatalogService(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	@Transactional
	public Product add(String sku, String name, BigDecimal price) {
		sku = ShopInput.text("sku", sku, 64);
		name = ShopInput.text("name", name, 200);
		price = ShopInput.price(price);
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		try {
			this.jdbc.sql("INSERT INTO shop_product (sku, name, price, currency) VALUES (?, ?, ?, ?)")
				.params(sku.trim(), name.trim(), price, CURRENCY)
				.update(key, "id");
		}
		catch (DuplicateKeyException ex) {
			throw new IllegalArgumentException("A product with SKU " + sku + " already exists");
		}
		Product product = new Product(key.getKey().longValue(), sku.trim(), name.trim(), price, CURRENCY);
		this.events.publishEvent(new ProductAdded(product.id(), product.sku(), product.name(), price, CURRENCY));
		return product;
	}

	public Optional<Product> findBySku(String sku) {
		return this.jdbc.sql("SELECT id, sku, name, price, currency FROM shop_product WHERE sku = ?")
			.param(sku)
			.query(Product.class)
			.optional();
	}

	public List<Product> all() {
		return this.jdbc.sql("SELECT id, sku, name, price, currency FROM shop_product ORDER BY sku")
			.query(Product.class)
			.list();
	}

}
