package io.shophooks.webhook.admin.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.shophooks.webhook.delivery.DeliveryRepository.AttemptSample;

/**
 * Server-side SVG charts of the last 24 hours: attempts per minute (succeeded stacked
 * on failed) in 10-minute buckets, and latency p50/p95 per hour. No script, no library.
 */
final class DeliveryCharts {

	static final int WIDTH = 720;

	static final int HEIGHT = 160;

	private DeliveryCharts() {
	}

	static Summary summarize(List<AttemptSample> samples, Instant now) {
		Instant start = now.minus(Duration.ofHours(24));
		int buckets = 144;
		int[] succeeded = new int[buckets];
		int[] failed = new int[buckets];
		List<List<Long>> hourly = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			hourly.add(new ArrayList<>());
		}
		long ok = 0;
		List<Long> all = new ArrayList<>();
		for (AttemptSample sample : samples) {
			long minutes = Duration.between(start, sample.startedAt()).toMinutes();
			if (minutes < 0 || minutes >= 24 * 60) {
				continue;
			}
			int bucket = (int) (minutes / 10);
			if (sample.succeeded()) {
				succeeded[bucket]++;
				ok++;
			}
			else {
				failed[bucket]++;
			}
			hourly.get((int) (minutes / 60)).add(sample.durationMillis());
			all.add(sample.durationMillis());
		}
		long[] p50 = new long[24];
		long[] p95 = new long[24];
		for (int i = 0; i < 24; i++) {
			p50[i] = percentile(hourly.get(i), 50);
			p95[i] = percentile(hourly.get(i), 95);
		}
		return new Summary(throughputSvg(succeeded, failed), latencySvg(p50, p95), ok, all.size() - ok,
				percentile(all, 50), percentile(all, 95));
	}

	static long percentile(List<Long> values, int percent) {
		if (values.isEmpty()) {
			return 0;
		}
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

	private static String throughputSvg(int[] succeeded, int[] failed) {
		double max = 0.1;
		for (int i = 0; i < succeeded.length; i++) {
			max = Math.max(max, (succeeded[i] + failed[i]) / 10.0);
		}
		double barWidth = (double) WIDTH / succeeded.length;
		StringBuilder svg = open("shophooks-throughput");
		for (int i = 0; i < succeeded.length; i++) {
			double okHeight = (succeeded[i] / 10.0) / max * (HEIGHT - 20);
			double failHeight = (failed[i] / 10.0) / max * (HEIGHT - 20);
			double x = i * barWidth;
			if (okHeight > 0) {
				rect(svg, x, HEIGHT - okHeight, barWidth - 1, okHeight, "#2e7d32");
			}
			if (failHeight > 0) {
				rect(svg, x, HEIGHT - okHeight - failHeight, barWidth - 1, failHeight, "#c62828");
			}
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"12\" font-size=\"11\">max %.1f/min</text>", max));
		return svg.append("</svg>").toString();
	}

	private static String latencySvg(long[] p50, long[] p95) {
		long max = Math.max(1, Arrays.stream(p95).max().orElse(1));
		StringBuilder svg = open("shophooks-latency");
		svg.append(polyline(p50, max, "#1565c0")).append(polyline(p95, max, "#ef6c00"));
		svg.append("<text x=\"4\" y=\"12\" font-size=\"11\">max ").append(max).append(" ms</text>");
		return svg.append("</svg>").toString();
	}

	private static String polyline(long[] values, long max, String color) {
		StringBuilder points = new StringBuilder();
		double step = (double) WIDTH / (values.length - 1);
		for (int i = 0; i < values.length; i++) {
			double y = HEIGHT - (double) values[i] / max * (HEIGHT - 20);
			points.append(String.format(Locale.ROOT, "%.1f,%.1f ", i * step, y));
		}
		return "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\" points=\"" + points + "\"/>";
	}

	private static StringBuilder open(String id) {
		return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id + "\" width=\"100%\" "
				+ "viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" preserveAspectRatio=\"none\" role=\"img\">"
				+ "<rect width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\" fill=\"#fafafa\"/>");
	}

	private static void rect(StringBuilder svg, double x, double y, double w, double h, String color) {
		svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
				x, y, Math.max(w, 0.5), h, color));
	}

	/**
	 * The dashboard's figures.
	 */
	record Summary(String throughputSvg, String latencySvg, long succeeded, long failed, long p50, long p95) {
	}

}
