package io.shophooks.webhook.admin.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.admin.AdminTimes;
import io.shophooks.webhook.deliveries.DeliveryFigures;

/**
 * The dashboard's charts of the last 24 hours, drawn on the server as SVG on purpose: no
 * script (the admin's Content-Security-Policy allows none inline) and nothing to load.
 * Each has axes with units, gridlines, hour marks in UTC, the window stated, labels in
 * the user's language, gaps where there was no attempt (no data is not 0 ms), and the
 * same figures as a table for screen readers. The figures come from the database
 * ({@link DeliveryFigures}), a few rows whatever the history's length.
 */
final class DeliveryCharts {

	static final int WIDTH = 720;

	static final int HEIGHT = 200;

	private static final int LEFT = 56;

	private static final int RIGHT = 8;

	private static final int TOP = 22;

	private static final int BOTTOM = 24;

	private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

	private DeliveryCharts() {
	}

	/**
	 * The words the charts use, in the user's language.
	 * @param attemptsAxis the throughput chart's unit ("attempts per 10 min")
	 * @param latencyAxis the latency chart's unit ("ms")
	 * @param succeeded the succeeded series
	 * @param failed the failed series
	 * @param p50 the median series
	 * @param p95 the 95th percentile series
	 */
	record Labels(String attemptsAxis, String latencyAxis, String succeeded, String failed, String p50, String p95) {
	}

	/**
	 * One hour of the window, for the table.
	 * @param hour its start (UTC)
	 * @param succeeded attempts answered with 2xx
	 * @param failed the other attempts
	 * @param p50 the median duration, or {@code null} without attempts
	 * @param p95 the 95th percentile, or {@code null} without attempts
	 */
	record Hour(String hour, long succeeded, long failed, @Nullable Long p50, @Nullable Long p95) {
	}

	/**
	 * The dashboard's figures.
	 * @param throughputSvg attempts per 10 minutes, succeeded stacked on failed
	 * @param latencySvg p50 and p95 per hour
	 * @param succeeded attempts answered with 2xx in the window
	 * @param failed the other attempts
	 * @param p50 the median duration, or {@code null} without attempts
	 * @param p95 the 95th percentile, or {@code null} without attempts
	 * @param hours the same figures per hour, for the table
	 * @param from the window's start
	 * @param to the window's end
	 */
	record Summary(String throughputSvg, String latencySvg, long succeeded, long failed, @Nullable Long p50,
			@Nullable Long p95, List<Hour> hours, String from, String to) {
	}

	static Summary summarize(Instant now, List<DeliveryFigures.Count> counts, List<DeliveryFigures.Latency> latencies,
			DeliveryFigures.@Nullable Latency overall, Labels labels) {
		Instant start = now.minus(Duration.ofHours(24));
		long[] succeeded = new long[144];
		long[] failed = new long[144];
		long[] hourSucceeded = new long[24];
		long[] hourFailed = new long[24];
		long ok = 0;
		long bad = 0;
		for (DeliveryFigures.Count count : counts) {
			int bucket = (int) (count.bucket().toMinutes() / 10);
			if (bucket < 0 || bucket >= 144) {
				continue;
			}
			succeeded[bucket] += count.succeeded();
			failed[bucket] += count.failed();
			hourSucceeded[bucket / 6] += count.succeeded();
			hourFailed[bucket / 6] += count.failed();
			ok += count.succeeded();
			bad += count.failed();
		}
		Long[] p50 = new Long[24];
		Long[] p95 = new Long[24];
		for (DeliveryFigures.Latency latency : latencies) {
			int hour = (int) latency.bucket().toHours();
			if (hour >= 0 && hour < 24 && latency.attempts() > 0) {
				p50[hour] = Math.round(latency.p50());
				p95[hour] = Math.round(latency.p95());
			}
		}
		List<Hour> hours = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			hours.add(new Hour(HOUR.format(start.plus(Duration.ofHours(i))), hourSucceeded[i], hourFailed[i], p50[i],
					p95[i]));
		}
		return new Summary(throughputSvg(start, succeeded, failed, labels), latencySvg(start, p50, p95, labels), ok, bad,
				(overall != null) ? Math.round(overall.p50()) : null, (overall != null) ? Math.round(overall.p95()) : null,
				hours, AdminTimes.minute(start), AdminTimes.minute(now));
	}

	private static String throughputSvg(Instant start, long[] succeeded, long[] failed, Labels labels) {
		long most = 0;
		for (int i = 0; i < succeeded.length; i++) {
			most = Math.max(most, succeeded[i] + failed[i]);
		}
		double top = niceTop(most);
		StringBuilder svg = open("shophooks-throughput", labels.attemptsAxis());
		axes(svg, start, top, labels.attemptsAxis());
		double width = (double) (WIDTH - LEFT - RIGHT) / succeeded.length;
		for (int i = 0; i < succeeded.length; i++) {
			double x = LEFT + i * width;
			double okHeight = succeeded[i] / top * plotHeight();
			double failHeight = failed[i] / top * plotHeight();
			if (okHeight > 0) {
				rect(svg, x, bottom() - okHeight, width - 0.5, okHeight, "#2e7d32", labels.succeeded());
			}
			if (failHeight > 0) {
				rect(svg, x, bottom() - okHeight - failHeight, width - 0.5, failHeight, "#c62828", labels.failed());
			}
		}
		return svg.append("</svg>").toString();
	}

	private static String latencySvg(Instant start, Long[] p50, Long[] p95, Labels labels) {
		long most = 0;
		for (Long value : p95) {
			most = Math.max(most, (value != null) ? value : 0);
		}
		double top = niceTop(most);
		StringBuilder svg = open("shophooks-latency", labels.latencyAxis());
		axes(svg, start, top, labels.latencyAxis());
		line(svg, p50, top, "#1565c0", labels.p50());
		line(svg, p95, top, "#ef6c00", labels.p95());
		return svg.append("</svg>").toString();
	}

	/** A line through the hours that have data: an hour without attempts breaks it. */
	private static void line(StringBuilder svg, Long[] values, double top, String color, String name) {
		double step = (double) (WIDTH - LEFT - RIGHT) / values.length;
		StringBuilder points = new StringBuilder();
		for (int i = 0; i <= values.length; i++) {
			Long value = (i < values.length) ? values[i] : null;
			if (value != null) {
				double x = LEFT + (i + 0.5) * step;
				double y = bottom() - value / top * plotHeight();
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
				svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s %d ms</title></circle>",
						x, y, color, escape(name), value));
			}
			else if (!points.isEmpty()) {
				svg.append("<polyline fill=\"none\" stroke=\"").append(color)
					.append("\" stroke-width=\"2\" points=\"")
					.append(points.toString().strip())
					.append("\"/>");
				points.setLength(0);
			}
		}
	}

	private static void axes(StringBuilder svg, Instant start, double top, String unit) {
		// round steps: a top of 5 in fifths, of 2 in quarters, of 1 in fifths (times a power of ten)
		int ticks = (Math.round(top / Math.pow(10, Math.floor(Math.log10(top)))) == 2) ? 4 : 5;
		for (int tick = 0; tick <= ticks; tick++) {
			double value = top * tick / ticks;
			double y = bottom() - (double) tick / ticks * plotHeight();
			svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", LEFT, y,
					WIDTH - RIGHT, y));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>",
					LEFT - 4, y + 3, (value == Math.rint(value)) ? Long.toString((long) value)
							: String.format(Locale.ROOT, "%.1f", value)));
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"10\">%s</text>", TOP - 10, escape(unit)));
		double hourWidth = (double) (WIDTH - LEFT - RIGHT) / 24;
		for (int hour = 0; hour <= 24; hour += 4) {
			double x = LEFT + hour * hourWidth;
			svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, TOP, x,
					bottom()));
			String anchor = (hour == 0) ? "start" : (hour == 24) ? "end" : "middle";
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"%s\">%s</text>",
					x, HEIGHT - 8, anchor, HOUR.format(start.plus(Duration.ofHours(hour)))));
		}
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>", LEFT, bottom(),
				WIDTH - RIGHT, bottom()));
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>", LEFT, TOP, LEFT,
				bottom()));
	}

	/** A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
	static double niceTop(double most) {
		if (most <= 0) {
			return 1;
		}
		double magnitude = Math.pow(10, Math.floor(Math.log10(most)));
		for (double step : new double[] { 1, 2, 5, 10 }) {
			if (step * magnitude >= most) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static int bottom() {
		return HEIGHT - BOTTOM;
	}

	private static int plotHeight() {
		return HEIGHT - BOTTOM - TOP;
	}

	private static StringBuilder open(String id, String title) {
		return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id + "\" width=\"100%\" viewBox=\"0 0 "
				+ WIDTH + " " + HEIGHT + "\" role=\"img\" aria-label=\"" + escape(title) + "\">" + "<rect width=\"" + WIDTH
				+ "\" height=\"" + HEIGHT + "\" fill=\"#fafafa\"/>");
	}

	private static void rect(StringBuilder svg, double x, double y, double w, double h, String color, String name) {
		svg.append(String.format(Locale.ROOT,
				"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>", x, y,
				Math.max(w, 0.5), h, color, escape(name)));
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
