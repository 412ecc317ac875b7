package io.shophooks.webhook.broadleaf;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.broadleafcommerce.common.money.Money;
import org.broadleafcommerce.core.catalog.domain.Sku;
import org.broadleafcommerce.core.order.domain.DiscreteOrderItem;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.domain.OrderItem;
import org.broadleafcommerce.openadmin.dto.Entity;
import org.broadleafcommerce.openadmin.dto.Property;
import org.broadleafcommerce.profile.core.domain.Customer;
import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.WebhookEvent;

/**
 * The payloads of the Broadleaf webhooks, read from Broadleaf's domain interfaces (and,
 * for products added in the admin, from the admin's entity DTO).
 */
public final class BroadleafPayloads {

	private BroadleafPayloads() {
	}

	/**
	 * {@code customer.created}.
	 */
	@WebhookEvent(value = "customer.created", description = "A customer registered (Broadleaf)")
	public record CustomerCreated(@Nullable Long customerId, @Nullable String username, @Nullable String email,
			@Nullable String firstName, @Nullable String lastName) {
	}

	/**
	 * {@code product.created}.
	 */
	@WebhookEvent(value = "product.created", description = "A product was added in the Broadleaf admin")
	public record ProductCreated(@Nullable Long productId, @Nullable String name, @Nullable Long defaultSkuId,
			@Nullable BigDecimal price, @Nullable String url) {
	}

	/**
	 * {@code order.approved}.
	 */
	@WebhookEvent(value = "order.approved", description = "An order completed Broadleaf's checkout")
	public record OrderApproved(@Nullable Long orderId, @Nullable String orderNumber, @Nullable String status,
			@Nullable CustomerCreated customer, List<Line> lines, @Nullable BigDecimal subTotal,
			@Nullable BigDecimal total, @Nullable String currency) {
	}

	/**
	 * One order line.
	 */
	public record Line(@Nullable Long skuId, @Nullable String name, int quantity, @Nullable BigDecimal price,
			@Nullable BigDecimal total) {
	}

	static CustomerCreated customer(Customer customer) {
		return new CustomerCreated(customer.getId(), customer.getUsername(), customer.getEmailAddress(),
				customer.getFirstName(), customer.getLastName());
	}

	static OrderApproved order(Order order) {
		List<Line> lines = new ArrayList<>();
		if (order.getOrderItems() != null) {
			for (OrderItem item : order.getOrderItems()) {
				Long skuId = null;
				if (item instanceof DiscreteOrderItem discrete && discrete.getSku() != null) {
					skuId = discrete.getSku().getId();
				}
				Money price = firstMoney(() -> item.getAveragePrice(), () -> item.getPrice(),
						() -> item.getSalePrice(), () -> item.getRetailPrice());
				Money total = firstMoney(() -> item.getTotalPrice());
				BigDecimal lineTotal = (total != null) ? total.getAmount()
						: (price != null) ? price.getAmount().multiply(BigDecimal.valueOf(item.getQuantity())) : null;
				lines.add(new Line(skuId, item.getName(), item.getQuantity(), amount(price), lineTotal));
			}
		}
		Money total = firstMoney(order::getTotal);
		Money subTotal = firstMoney(order::getSubTotal);
		String currency = (order.getCurrency() != null) ? order.getCurrency().getCurrencyCode()
				: (total != null && total.getCurrency() != null) ? total.getCurrency().getCurrencyCode() : null;
		return new OrderApproved(order.getId(), order.getOrderNumber(),
				(order.getStatus() != null) ? order.getStatus().getType() : null,
				(order.getCustomer() != null) ? customer(order.getCustomer()) : null, List.copyOf(lines),
				amount(subTotal), amount(total), currency);
	}

	static ProductCreated product(Entity entity) {
		return new ProductCreated(longValue(entity, "id"), firstValue(entity, "defaultSku.name", "name"),
				longValue(entity, "defaultSku.id"),
				decimal(firstValue(entity, "defaultSku.retailPrice", "defaultSku.salePrice", "defaultSku.price")),
				firstValue(entity, "url"));
	}

	static ProductCreated product(org.broadleafcommerce.core.catalog.domain.Product product) {
		Sku sku = product.getDefaultSku();
		Money price = (sku != null) ? firstMoney(sku::getPrice, sku::getRetailPrice) : null;
		return new ProductCreated(product.getId(), product.getName(), (sku != null) ? sku.getId() : null,
				amount(price), product.getUrl());
	}

	@SafeVarargs
	private static @Nullable Money firstMoney(Supplier<Money>... candidates) {
		for (Supplier<Money> candidate : candidates) {
			try {
				Money money = candidate.get();
				if (money != null) {
					return money;
				}
			}
			catch (RuntimeException ex) {
				// Broadleaf computes some prices from request context; try the next one
			}
		}
		return null;
	}

	private static @Nullable BigDecimal amount(@Nullable Money money) {
		return (money != null) ? money.getAmount() : null;
	}

	private static @Nullable String firstValue(Entity entity, String... names) {
		for (String name : names) {
			Property property = entity.findProperty(name);
			if (property != null && property.getValue() != null && !property.getValue().isBlank()) {
				return property.getValue();
			}
		}
		return null;
	}

	private static @Nullable Long longValue(Entity entity, String name) {
		String value = firstValue(entity, name);
		try {
			return (value != null) ? Long.valueOf(value.trim()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable BigDecimal decimal(@Nullable String value) {
		try {
			return (value != null) ? new BigDecimal(value.trim()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
