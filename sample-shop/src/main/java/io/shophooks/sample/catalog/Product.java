package io.shophooks.sample.catalog;

import java.math.BigDecimal;

public record Product(long id, String sku, String name, BigDecimal price, String currency) {

}
