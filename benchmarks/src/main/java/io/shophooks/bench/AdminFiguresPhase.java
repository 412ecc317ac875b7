package io.shophooks.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.deliveries.DeliveryFigures;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * The store owner's pages with a long history: {@code attempts} attempts over 50
 * endpoints, spread over two days, on PostgreSQL, with the figures per endpoint and minute
 * they add up to; what the dashboard and the endpoint list read (their figures, the
 * backlog, the endpoints), as their controllers read it, timed {@code runs} times each after
 * a warm-up: p50 and p95 of the server time, without rendering the page.
 */
final class AdminFiguresPhase {

	private AdminFiguresPhase() {
	}

	static void run(DataSource postgres, int attempts, int runs, Report report) {
		String name = "admin figures, " + String.format("%,d", attempts) + " attempts over 50 endpoints (PostgreSQL)";
		try (ConfigurableApplicationContext context = ShopHooksContender.context(postgres, "--shophooks.webhook.delivery.enabled=false")) {
			JdbcTemplate jdbc = new JdbcTemplate(postgres);
			jdbc.execute("TRUNCATE shophooks_attempt_minute, shophooks_attempt, shophooks_delivery, shophooks_event, "
					+ "shophooks_endpoint CASCADE");
			jdbc.update("""
					INSERT INTO shophooks_endpoint (id, name, url, event_types, body_format, signing, enabled, max_concurrency,
					    created_at, updated_at)
					SELECT e, 'endpoint ' || e, 'https://93.184.216.34/' || e, '*', 'JSON', FALSE, TRUE, 8, now(), now()
					FROM generate_series(1, 50) e""");
			int deliveries = Math.max(50, attempts / 2);
			jdbc.update("""
					INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at)
					SELECT 'msg_' || d, 'order.approved', '{}', TRUE, now() FROM generate_series(1, ?) d""", deliveries);
			jdbc.update("""
					INSERT INTO shophooks_delivery (id, event_id, endpoint_id, event_type, status, next_attempt_at,
					    created_at, updated_at)
					SELECT d, 'msg_' || d, 1 + d % 50, 'order.approved', 'DELIVERED', now(), now(), now()
					FROM generate_series(1, ?) d""", deliveries);
			jdbc.update("""
					INSERT INTO shophooks_attempt (delivery_id, attempt_number, started_at, duration_ms, request_url,
					    request_headers, status_code, outcome)
					SELECT 1 + a % ?, 1 + a / ?, now() - (a * interval '172800 seconds') / ?, 5 + a % 200,
					       'https://93.184.216.34/', 'webhook-id: msg', CASE WHEN a % 20 = 0 THEN 500 ELSE 200 END,
					       CASE WHEN a % 20 = 0 THEN 'RETRY_SCHEDULED' ELSE 'DELIVERED' END
					FROM generate_series(1, ?) a""", deliveries, deliveries, attempts, attempts);
			// the figures per endpoint and minute those attempts would have added as they were recorded
			DeliveryFigures figures = context.getBean(DeliveryFigures.class);
			figures.rebuild();
			jdbc.execute("VACUUM ANALYZE shophooks_attempt");
			jdbc.execute("VACUUM ANALYZE shophooks_delivery");
			jdbc.execute("VACUUM ANALYZE shophooks_attempt_minute");
			DeliveryService deliveryService = context.getBean(DeliveryService.class);
			EndpointService endpointService = context.getBean(EndpointService.class);
			List<Long> dashboard = new ArrayList<>();
			List<Long> endpoints = new ArrayList<>();
			for (int i = 0; i < runs + 3; i++) {
				// what each page reads, as its controller reads it
				Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
				Instant start = end.minus(Duration.ofHours(24));
				long began = System.nanoTime();
				figures.summary(start, Duration.ofMinutes(10), Duration.ofHours(1));
				deliveryService.backlog();
				endpointService.list();
				long middle = System.nanoTime();
				endpointService.list();
				figures.endpointHealth(start);
				long ended = System.nanoTime();
				if (i >= 3) {
					dashboard.add(middle - began);
					endpoints.add(ended - middle);
				}
			}
			report.add(name, "dashboard reads p50", ShopLoad.percentile(dashboard, 50) / 1e6, "ms");
			report.add(name, "dashboard reads p95", ShopLoad.percentile(dashboard, 95) / 1e6, "ms");
			report.add(name, "endpoint list reads p50", ShopLoad.percentile(endpoints, 50) / 1e6, "ms");
			report.add(name, "endpoint list reads p95", ShopLoad.percentile(endpoints, 95) / 1e6, "ms");
			jdbc.execute("TRUNCATE shophooks_attempt_minute, shophooks_attempt, shophooks_delivery, shophooks_event, "
					+ "shophooks_endpoint CASCADE");
		}
	}

}
