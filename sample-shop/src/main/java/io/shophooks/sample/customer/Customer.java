package io.shophooks.sample.customer;

import java.time.Instant;

public record Customer(long id, String name, String email, Instant createdAt) {

}
