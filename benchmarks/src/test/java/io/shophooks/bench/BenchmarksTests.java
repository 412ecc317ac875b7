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

	@Test
	void tinyRunProducesEveryContenderAndWellFormedFiles(@TempDir Path out) throws Exception {
		List<Benchmarks.Row> rows = Benchmarks.run(new Benchmarks.Mode("tiny", 300, 1, 50), out);
		assertThat(rows).extracting(Benchmarks.Row::contender)
			.contains("limit: Apache HttpClient 5", "ShopHooks (H2 file)", "ShopHooks (PostgreSQL)",
					"hand-written AFTER_COMMIT listener (PostgreSQL)",
					"Spring Modulith JDBC registry + async listener (PostgreSQL)");
		assertThat(rows).filteredOn(r -> r.metric().equals("deliveries/s")).hasSize(7)
			.allSatisfy(r -> assertThat(r.value()).isPositive().isFinite());
		// against a receiver that answers after 50 ms: what each transaction of the shop took
		assertThat(rows).filteredOn(r -> r.contender().endsWith("receiver answering after 50 ms"))
			.extracting(Benchmarks.Row::metric)
			.contains("shop transaction p99", "shop transactions/s (8 threads)",
					"deliveries/s vs the hand-written listener");
		assertThat(rows).filteredOn(r -> r.metric().equals("shop transaction p50")).hasSize(2)
			.allSatisfy(r -> assertThat(r.value()).isPositive().isFinite());
		assertThat(rows).filteredOn(r -> r.metric().equals("JVM CPU per 1,000 deliveries")).hasSize(4)
			.allSatisfy(r -> assertThat(r.value()).isPositive());
		assertThat(rows).filteredOn(r -> r.metric().equals("PostgreSQL CPU per 1,000 deliveries")).hasSize(3);
		// the bound on any contender while the shop commits: the shop's own transactions plus the limit's CPU
		assertThat(rows).filteredOn(r -> r.metric().equals("JVM CPU per 1,000 transactions")).hasSize(1)
			.allSatisfy(r -> assertThat(r.value()).isPositive());
		assertThat(rows).filteredOn(r -> r.metric().equals("deliveries/s at most")).hasSize(1)
			.allSatisfy(r -> assertThat(r.value()).isPositive().isFinite());
		assertThat(rows).filteredOn(r -> r.metric().equals("ratio to the best possible while the shop commits"))
			.extracting(Benchmarks.Row::contender)
			.containsExactly("ShopHooks (PostgreSQL)");
		// publish overhead from transactions with and without an event, alternating
		assertThat(rows).filteredOn(r -> r.metric().startsWith("publish overhead p99")).hasSize(4)
			.allSatisfy(r -> assertThat(r.value()).isFinite());
		assertThat(rows).filteredOn(r -> r.metric().equals("drain with the big backlog vs the short queue")).hasSize(1)
			.allSatisfy(r -> assertThat(r.value()).isPositive().isFinite());
		// each queue drained three times, the median compared; the three figures are shown
		assertThat(rows).filteredOn(r -> r.metric().contains("(median of 3: ")).hasSize(2)
			.allSatisfy(r -> assertThat(r.metric()).matches(".*\\(median of 3: \\d+ / \\d+ / \\d+\\)"));
		// the store owner's pages with a long history
		assertThat(rows).filteredOn(r -> r.contender().startsWith("admin figures, "))
			.extracting(Benchmarks.Row::metric)
			.containsExactly("dashboard figures p50", "dashboard figures p95", "endpoint list figures p50",
					"endpoint list figures p95");
		assertThat(rows).filteredOn(r -> r.contender().startsWith("admin figures, "))
			.allSatisfy(r -> assertThat(r.value()).isPositive().isFinite());
		assertThat(Files.readString(out.resolve("profile.md"))).contains("CPU samples")
			.contains("| Threads (samples) | share |")
			.contains("| statement | calls per 1,000 deliveries |")
			.contains("INSERT INTO shophooks_event")
			.contains("| shophooks_delivery |");
		List<String> csv = Files.readAllLines(out.resolve("results.csv"));
		assertThat(csv.get(0)).isEqualTo("contender,metric,value,unit");
		assertThat(csv).hasSize(rows.size() + 1).allSatisfy(line -> assertThat(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")).hasSize(4));
		assertThat(Files.readString(out.resolve("throughput.svg"))).startsWith("<svg").endsWith("</svg>");
		assertThat(Files.readString(out.resolve("results.md"))).contains("| contender | metric | value | unit |");
	}

}
