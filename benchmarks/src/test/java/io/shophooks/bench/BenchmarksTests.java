package io.shophooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness runs end to end in a tiny mode and writes a well-formed result. It asserts
 * shapes, never durations.
 */
class BenchmarksTests {

	private static final List<String> DELIVERING = List.of(ShopHooksContender.POSTGRESQL, HandWrittenContender.NAME,
			ModulithContender.NAME, DurableQueueFloor.NAME, TunedDurableQueue.NAME);

	@Test
	void tinyRunProducesEveryRowAndWellFormedFiles(@TempDir Path out) throws Exception {
		Report report = Benchmarks.run(Mode.tiny(), out, 42);
		List<Report.Row> rows = report.rows();
		assertThat(rows).extracting(Report.Row::contender)
			.contains(LimitPhase.NAME, ShopAlone.NAME, H2Phase.NAME, RoundsPhase.CEILING)
			.containsAll(DELIVERING);
		// every contender in rounds: throughput, CPU of both sides, heap, fixed-rate latency
		for (String contender : DELIVERING) {
			assertThat(rows).filteredOn(r -> r.contender().equals(contender))
				.extracting(Report.Row::metric)
				.contains("deliveries/s", "shop transactions/s (8 threads)", "JVM CPU per 1,000 deliveries",
						"PostgreSQL CPU per 1,000 deliveries", "JVM heap peak", RoundsPhase.RATIO_TO_CEILING,
						"commit-to-receiver p50 at 200/s", "commit-to-receiver p90 at 200/s",
						"commit-to-receiver p99 at 200/s", "commit-to-receiver max at 200/s", "rate reached at 200/s",
						"commit-to-receiver p99 at 500/s", "rate reached at 500/s",
						"JVM CPU per 1,000 deliveries at 500/s", "PostgreSQL CPU per 1,000 deliveries at 500/s");
		}
		assertThat(rows).filteredOn(r -> r.contender().equals(ShopAlone.NAME))
			.extracting(Report.Row::metric)
			.contains("PostgreSQL CPU per 1,000 transactions at 500/s", "JVM CPU per 1,000 transactions at 500/s");
		// figures of rounds carry their spread: the lowest and the highest round
		assertThat(rows).filteredOn(r -> DELIVERING.contains(r.contender()) && r.metric().equals("deliveries/s"))
			.hasSize(DELIVERING.size())
			.allSatisfy(r -> {
				assertThat(r.value()).isPositive().isFinite();
				assertThat(r.spread()).matches("\\d+(\\.\\d+)? - \\d+(\\.\\d+)?");
			});
		assertThat(rows).filteredOn(r -> r.metric().startsWith("commit-to-receiver p99"))
			.allSatisfy(r -> assertThat(r.value()).isNotNegative().isFinite());
		assertThat(rows).filteredOn(r -> r.metric().startsWith("rate reached"))
			.allSatisfy(r -> assertThat(r.value()).isPositive().isFinite());
		assertThat(rows).filteredOn(r -> r.contender().equals(ShopHooksContender.POSTGRESQL))
			.extracting(Report.Row::metric)
			.contains("deliveries/s vs the naive durable queue", "deliveries/s vs the tuned durable queue", "deliveries/s vs the hand-written listener",
					"deliveries/s vs Spring Modulith", "JVM CPU per 1,000 deliveries vs the raw client's",
					"publish overhead p99 (1 endpoint)", "publish overhead p99 (5 endpoints)",
					"drain deliveries/s (backlog, nothing else running)",
					"healthy rate kept while one endpoint hangs", "drain with the big backlog vs the short queue");
		assertThat(rows).filteredOn(r -> r.metric().equals("PostgreSQL CPU per 1,000 transactions")).hasSize(2);
		// the durable bound and every contender's ratio to it, a ratio of medians with the rounds' ratios kept
		assertThat(rows).filteredOn(r -> r.metric().equals(RoundsPhase.DURABLE_AT_MOST)).singleElement()
			.satisfies(r -> assertThat(r.value()).isPositive().isFinite());
		assertThat(rows).filteredOn(r -> r.metric().equals(RoundsPhase.RATIO_TO_DURABLE_BOUND))
			.extracting(Report.Row::contender)
			.containsAll(DELIVERING);
		assertThat(rows).filteredOn(r -> r.metric().equals(RoundsPhase.RATIO_TO_DURABLE_BOUND))
			.allSatisfy(r -> assertThat(r.rounds()).hasSizeGreaterThanOrEqualTo(2));
		assertThat(rows).filteredOn(r -> r.metric().equals("deliveries/s at most")).hasSize(1)
			.allSatisfy(r -> assertThat(r.value()).isPositive().isFinite());
		// the embedded default
		assertThat(rows).filteredOn(r -> r.contender().equals(H2Phase.NAME))
			.extracting(Report.Row::metric)
			.contains("deliveries/s", "ratio to limit", "JVM heap peak", "commit-to-receiver p99 at 200/s",
					"the shop alone on H2: transactions/s", "deliveries/s vs the shop alone on H2",
					"healthy rate kept while one endpoint hangs");
		// against a receiver that answers after 50 ms: what each transaction of the shop took
		assertThat(rows).filteredOn(r -> r.contender().endsWith(SlowReceiverPhase.SUFFIX))
			.extracting(Report.Row::metric)
			.contains("shop transaction p99", "shop transactions/s (8 threads)",
					"deliveries/s vs the hand-written listener");
		// the store owner's pages with a long history
		assertThat(rows).filteredOn(r -> r.contender().startsWith("admin figures, "))
			.extracting(Report.Row::metric)
			.containsExactly("dashboard reads p50", "dashboard reads p95", "endpoint list reads p50",
					"endpoint list reads p95");
		// one instance against three: every event delivered once, by either
		for (String instances : List.of(InstancesPhase.ONE, InstancesPhase.THREE)) {
			assertThat(rows).filteredOn(r -> r.contender().equals(instances))
				.extracting(Report.Row::metric)
				.contains("deliveries/s", "JVM CPU per 1,000 deliveries", "PostgreSQL CPU per 1,000 deliveries",
						"requests beyond one per event");
			assertThat(rows).filteredOn(r -> r.contender().equals(instances)
					&& r.metric().equals("requests beyond one per event"))
				.singleElement()
				.satisfies(r -> assertThat(r.value()).isZero());
		}
		assertThat(rows).filteredOn(r -> r.contender().equals(InstancesPhase.THREE))
			.extracting(Report.Row::metric)
			.contains("deliveries/s vs 1 instance");
		// retention over a long history: the day past its age is deleted, and only that
		assertThat(rows).filteredOn(r -> r.contender().startsWith("retention, "))
			.extracting(Report.Row::metric)
			.containsExactly("purge of the day past 30 days", "rows deleted by it", "rows read per row deleted",
					"WAL per 1,000 rows deleted", "the next hour's purge", "rows deleted by the next hour's purge",
					"rows read by the next hour's purge");
		assertThat(rows).filteredOn(r -> r.contender().startsWith("retention, ") && r.metric().equals("rows deleted by it"))
			.singleElement()
			.satisfies(r -> assertThat(r.value()).isPositive());
		assertThat(rows).filteredOn(r -> !r.unit().startsWith("ms /"))
			.allSatisfy(r -> assertThat(r.value()).as(r.contender() + " " + r.metric()).isFinite());
		String markdown = report.markdown(Mode.tiny());
		assertThat(markdown).contains("seed of the rounds' order: 42")
			.contains("synchronous_commit=on, fsync=on")
			.contains("| contender | metric | value | unit | spread (lowest - highest round) |");
		assertThat(Files.readString(out.resolve("profile.md"))).contains("CPU samples")
			.contains("| Threads (samples) | share |")
			.contains("| statement | calls per 1,000 deliveries |")
			.contains("INSERT INTO shophooks_event")
			.contains("| shophooks_delivery |");
		List<String> csv = Files.readAllLines(out.resolve("results.csv"));
		assertThat(csv.get(0)).isEqualTo("contender,metric,value,unit,spread,rounds");
		assertThat(csv).hasSize(rows.size() + 1)
			.allSatisfy(line -> assertThat(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")).hasSize(6));
		assertThat(Files.readString(out.resolve("throughput.svg"))).startsWith("<svg").endsWith("</svg>");
	}

	@Test
	void receiverKeysArrivalsByTheOrderInTheBody() {
		assertThat(FastReceiver.orderId("{\"type\":\"order.approved\",\"data\":{\"orderId\":\"r0-7\",\"x\":1}}".getBytes()))
			.isEqualTo("r0-7");
		assertThat(FastReceiver.orderId("{\"data\":{}}".getBytes())).isNull();
	}

}
