package io.shophooks.sample.web;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.shophooks.sample.catalog.CatalogService;
import io.shophooks.sample.customer.CustomerService;
import io.shophooks.sample.order.Order;
import io.shophooks.sample.order.OrderNotApprovableException;
import io.shophooks.sample.order.OrderService;

/**
 * The shop's pages: one screen to register customers, add products, place and approve
 * orders. Every action redirects with a message.
 */
@Controller
class ShopController {

	private final CustomerService customers;

	private final CatalogService catalog;

	private final OrderService orders;

	ShopController(CustomerService customers, CatalogService catalog, OrderService orders) {
		this.customers = customers;
		this.catalog = catalog;
		this.orders = orders;
	}

	@GetMapping("/login")
	String login(jakarta.servlet.http.HttpServletRequest request, Model model) {
		jakarta.servlet.http.HttpSession session = request.getSession(false);
		Object failure = (session != null)
				? session.getAttribute(org.springframework.security.web.WebAttributes.AUTHENTICATION_EXCEPTION) : null;
		model.addAttribute("loginError", (failure instanceof Exception ex) ? ex.getMessage() : null);
		return "login";
	}

	@GetMapping("/")
	String home(Model model) {
		model.addAttribute("customers", this.customers.all());
		model.addAttribute("products", this.catalog.all());
		model.addAttribute("orders", this.orders.all());
		return "shop";
	}

	@PostMapping("/customers")
	String register(@RequestParam String name, @RequestParam String email, RedirectAttributes redirect) {
		if (name.isBlank() || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
			return fail(redirect, "Enter a name and a valid email address.");
		}
		try {
			var customer = this.customers.register(name, email);
			return done(redirect, "Customer " + customer.name() + " registered (customer.created sent).");
		}
		catch (IllegalArgumentException ex) {
			return fail(redirect, ex.getMessage());
		}
	}

	@PostMapping("/products")
	String add(@RequestParam String sku, @RequestParam String name, @RequestParam String price,
			RedirectAttributes redirect) {
		BigDecimal amount;
		try {
			amount = new BigDecimal(price.trim());
		}
		catch (NumberFormatException ex) {
			return fail(redirect, "Enter the price as a number, e.g. 19.99.");
		}
		if (sku.isBlank() || name.isBlank() || amount.signum() < 0) {
			return fail(redirect, "Enter a SKU, a name and a price of 0 or more.");
		}
		try {
			this.catalog.add(sku, name, amount);
		}
		catch (IllegalArgumentException ex) {
			return fail(redirect, ex.getMessage());
		}
		return done(redirect, "Product " + sku + " added (product.created sent).");
	}

	@PostMapping("/orders")
	String place(@RequestParam long customerId, @RequestParam String sku, @RequestParam(defaultValue = "1") int quantity,
			RedirectAttributes redirect) {
		try {
			Order order = this.orders.place(customerId, List.of(new Order.Line(sku, quantity)));
			return done(redirect, "Order " + order.id() + " placed. Approve it to send order.approved.");
		}
		catch (IllegalArgumentException ex) {
			return fail(redirect, ex.getMessage());
		}
	}

	@PostMapping("/orders/{id}/approve")
	String approve(@PathVariable long id, RedirectAttributes redirect) {
		try {
			this.orders.approve(id);
			return done(redirect, "Order " + id + " approved (order.approved sent).");
		}
		catch (OrderNotApprovableException | IllegalArgumentException ex) {
			return fail(redirect, ex.getMessage() + " Nothing was changed and no webhook was sent.");
		}
	}

	private static String done(RedirectAttributes redirect, String message) {
		redirect.addFlashAttribute("message", message);
		return "redirect:/";
	}

	private static String fail(RedirectAttributes redirect, String message) {
		redirect.addFlashAttribute("error", message);
		return "redirect:/";
	}

}
