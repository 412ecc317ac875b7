package io.shophooks.sample.customer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.shophooks.sample.ShopInput;

/**
 * Customer registration. The webhook is written in the same transaction as the customer.
 */
@Service
public class CustomerService {

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	CustomerService(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	@Transactional
	public Customer register(String name, String email) {
		name = ShopInput.text("name", name, 200);
		email = ShopInput.email(email);
		Instant now = Instant.now();
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO shop_customer (name, email, created_at) VALUES (?, ?, ?)")
			.params(name.trim(), email.trim(), now.atOffset(ZoneOffset.UTC))
			.update(key, "id");
		Customer customer = new Customer(key.getKey().longValue(), name.trim(), email.trim(), now);
		this.events.publishEvent(new CustomerCreated(customer.id(), customer.name(), customer.email(), now));
		return customer;
	}

	public Optional<Customer> find(long id) {
		return this.jdbc.sql("SELECT id, name, email, created_at FROM shop_customer WHERE id = ?")
			.param(id)
			.query((rs, row) -> new Customer(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getObject(4, OffsetDateTime.class).toInstant()))
			.optional();
	}

	public List<Customer> all() {
		return this.jdbc.sql("SELECT id, name, email, created_at FROM shop_customer ORDER BY id DESC")
			.query((rs, row) -> new Customer(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getObject(4, OffsetDateTime.class).toInstant()))
			.list();
	}

}
