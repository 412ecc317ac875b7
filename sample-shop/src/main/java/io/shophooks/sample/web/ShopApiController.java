package io.shophooks.sample.web;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.shophooks.sample.catalog.CatalogService;
import io.shophooks.sample.catalog.Product;
import io.shophooks.sample.customer.Customer;
import io.shophooks.sample.customer.CustomerService;
import io.shophooks.sample.order.Order;
import io.shophooks.sample.order.OrderService;

/**
 * A small JSON API for scripts (HTTP Basic). Validation errors come back as problem
 * details.
 */
@RestController
@RequestMapping("/api")
class ShopApiController {

	private final CustomerService customers;

	private final CatalogService catalog;

	private final OrderService orders;

	ShopApiController(CustomerService customers, CatalogService catalog, OrderService orders) {
		this.customers = customers;
		this.catalog = catalog;
		this.orders = orders;
	}

	@PostMapping("/customers")
	ResponseEntity<Customer> register(@Valid @RequestBody NewCustomer request) {
		Customer customer = this.customers.register(request.name(), request.email());
		return ResponseEntity.created(URI.create("/api/customers/" + customer.id())).body(customer);
	}

	@PostMapping("/products")
	ResponseEntity<Product> add(@Valid @RequestBody NewProduct request) {
		Product product = this.catalog.add(request.sku(), request.name(), request.price());
		return ResponseEntity.created(URI.create("/api/products/" + product.id())).body(product);
	}

	@PostMapping("/orders")
	ResponseEntity<Order> place(@Valid @RequestBody NewOrder request) {
		Order order = this.orders.place(request.customerId(),
				request.lines().stream().map(l -> new Order.Line(l.sku(), l.quantity())).toList());
		return ResponseEntity.created(URI.create("/api/orders/" + order.id())).body(order);
	}

	@PostMapping("/orders/{id}/approve")
	Order approve(@PathVariable long id) {
		return this.orders.approve(id);
	}

	record NewCustomer(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String email) {
	}

	record NewProduct(@NotBlank @Size(max = 64) String sku, @NotBlank @Size(max = 200) String name,
			@NotNull @DecimalMin("0.00") BigDecimal price) {
	}

	record NewOrder(@NotNull Long customerId, @NotEmpty @Size(max = 100) List<@Valid NewLine> lines) {
	}

	record NewLine(@NotBlank String sku, @Min(1) int quantity) {
	}

}
