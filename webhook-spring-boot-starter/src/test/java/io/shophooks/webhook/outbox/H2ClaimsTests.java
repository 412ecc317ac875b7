package io.shophooks.webhook.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.SqlTimes;
import io.shophooks.webhook.jdbc.Tables;
import io.shophooks.webhook.support.Databases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claims on H2 read about what they take: 5,000 due deliveries of a busy endpoint come
 * first in time, then 10 of a healthy one. Counted with H2's own {@code EXPLAIN ANALYZE}
 * of the claim's candidate statement (rows scanned), not timed: before, the claim read
 * every due delivery of every endpoint to sort them, so an endpoint whose receiver hangs
 * made each claim for the others as slow as its queue was long.
 */
class H2ClaimsTests {

	private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

	private HikariDataSource dataSource;

	private JdbcTemplate jdbc;

	private Claims claims;

	private long busy;

	private long healthy;

	@BeforeEach
	void queue() {
		this.dataSource = Databases.newH2("claims-" + System.nanoTime());
		new ResourceDatabasePopulator(new ClassPathResource("io/shophooks/webhook/jdbc/schema-h2.sql"))
			.execute(this.dataSource);
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.claims = Claims.of(DatabaseType.H2, this.jdbc, new Tables(Tables.DEFAULT_PREFIX),
				new TransactionTemplate(new JdbcTransactionManager(this.dataSource)));
		for (String name : List.of("busy", "healthy")) {
			this.jdbc.update("""
					INSERT INTO shophooks_endpoint (name, url, event_types, body_format, signing, enabled, max_concurrency,
					    created_at, updated_at)
					VALUES (?, 'https://93.184.216.34/', '*', 'JSON', FALSE, TRUE, 8, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""",
					name);
		}
		this.busy = this.jdbc.queryForObject("SELECT id FROM shophooks_endpoint WHERE name = 'busy'", Long.class);
		this.healthy = this.jdbc.queryForObject("SELECT id FROM shophooks_endpoint WHERE name = 'healthy'", Long.class);
		this.jdbc.update("""
				INSERT INTO shophooks_event (id, event_type, payload, fanned_out, created_at)
				SELECT 'b-' || X, 'order.approved', '{}', TRUE, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, 5010)""");
		this.jdbc.update("""
				INSERT INTO shophooks_delivery (event_id, endpoint_id, event_type, status, next_attempt_at, created_at,
				    updated_at)
				SELECT 'b-' || X, CASE WHEN X <= 5000 THEN ? ELSE ? END, 'order.approved', 'PENDING',
				    DATEADD('MILLISECOND', X, DATEADD('MINUTE', -1, CURRENT_TIMESTAMP)), CURRENT_TIMESTAMP,
				    CURRENT_TIMESTAMP
				FROM SYSTEM_RANGE(1, 5010)""", this.busy, this.healthy);
	}

	@AfterEach
	void close() {
		Databases.close(this.dataSource);
	}

	@Test
	void claimingForTheOthersDoesNotReadTheQueueOfAnEndpointAtItsLimit() {
		assertThat(rowsScanned(this.healthy, 20)).as("rows scanned for the healthy endpoint").isLessThanOrEqualTo(21);
		List<DeliveryRepository.ClaimedDelivery> claimed = this.claims.deliveries("probe", Instant.now(), Instant.now().plusSeconds(60), 20,
				20, Set.of(this.busy));
		assertThat(claimed).hasSize(10).allSatisfy(d -> assertThat(d.endpointId()).isEqualTo(this.healthy));
	}

	@Test
	void aClaimTakesTheOldestDueOfEveryEndpointReadingAboutWhatItTakes() {
		assertThat(rowsScanned(this.busy, 10)).as("rows scanned for the busy endpoint").isLessThanOrEqualTo(11);
		List<DeliveryRepository.ClaimedDelivery> claimed = this.claims.deliveries("probe", Instant.now(), Instant.now().plusSeconds(60), 10,
				10, Set.of());
		// the oldest ten are the busy endpoint's first ten
		assertThat(claimed).extracting(d -> d.event().id())
			.containsExactlyInAnyOrder("b-1", "b-2", "b-3", "b-4", "b-5", "b-6", "b-7", "b-8", "b-9", "b-10");
		// taken once: the next claim goes on with the next oldest
		assertThat(this.claims.deliveries("probe", Instant.now(), Instant.now().plusSeconds(60), 10, 10, Set.of()))
			.extracting(d -> d.event().id())
			.contains("b-11")
			.doesNotContain("b-1");
	}

	/** Rows H2 scans to find one endpoint's candidates, from its own {@code EXPLAIN ANALYZE}. */
	private long rowsScanned(long endpoint, int limit) {
		String plan = this.jdbc.queryForObject("EXPLAIN ANALYZE " + Claims.Portable.ENDPOINT_CANDIDATES, String.class,
				endpoint, SqlTimes.utc(Instant.now()), SqlTimes.utc(Instant.now()), limit);
		Matcher matcher = SCAN_COUNT.matcher(plan);
		long scanned = 0;
		// the delivery table's scan; the endpoint's row is read once per candidate as well
		if (matcher.find()) {
			scanned = Long.parseLong(matcher.group(1));
		}
		return scanned;
	}

}
