package io.shophooks.webhook.send;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile receiver costs only its own endpoint: the sender runs in a JVM of its own at
 * {@code -Xmx256m} while receivers stream endless headers, an endless header line, an
 * endless chunk-size line and an endless chunked body, three requests at a time each,
 * with a request timeout (60 s) far longer than the run so that only the sender's bounds
 * can save it. A healthy receiver is sent to all the while.
 */
class HostileReceiversIntegrationTests {

	@Test
	void hostileReceiversFailOnlyTheirOwnAttemptsWithinASmallHeap() throws Exception {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				HostileReceivers.class.getName(), "8000")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.PIPE)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		System.out.println(output);
		assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("Connection pool shut down");
		assertThat(process.exitValue()).as(output).isZero();
		for (String kind : List.of("endless-headers", "endless-header-line", "endless-chunk-size-line")) {
			String line = line(output, "hostile " + kind);
			assertThat(attempts(line)).as(line).isGreaterThan(0);
			assertThat(line).as(line).doesNotContain("success").containsAnyOf("Maximum", "limit");
		}
		// a body without end is cut at the excerpt: the status is the receiver's own
		assertThat(attempts(line(output, "hostile endless-chunked-body"))).isGreaterThan(3);
		Matcher healthy = Pattern.compile("healthy delivered=(\\d+) failed=(\\d+)").matcher(output);
		assertThat(healthy.find()).as(output).isTrue();
		assertThat(Integer.parseInt(healthy.group(1))).as(output).isGreaterThan(20);
		assertThat(Integer.parseInt(healthy.group(2))).as(output).isZero();
		Matcher heap = Pattern.compile("maxHeapAfterCollectionMb=(\\d+)").matcher(output);
		assertThat(heap.find()).isTrue();
		assertThat(Integer.parseInt(heap.group(1))).as(output).isLessThan(96);
		assertThat(output).contains("unavailable=null");
	}

	private static String line(String output, String prefix) {
		return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(output));
	}

	private static int attempts(String line) {
		Matcher m = Pattern.compile("attempts=(\\d+)").matcher(line);
		assertThat(m.find()).isTrue();
		return Integer.parseInt(m.group(1));
	}

}
