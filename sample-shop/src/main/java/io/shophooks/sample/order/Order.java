package io.shophooks.sample.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

public record Order(long id, long customerId, String status, @Nullable BigDecimal total, @Nullable String currency,
		Instant createdAt, List<Line> lines) {

	public record Line(String sku, int quantity) {
	}

}
