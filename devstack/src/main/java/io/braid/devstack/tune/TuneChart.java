package io.braid.devstack.tune;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The PNG chart of a run: one point per case at (p99 latency, mean items/s), with a bar from the slowest to
 * the fastest repeat; up and to the left is better. Rendered headless ({@code java.awt.headless=true}).
 */
final class TuneChart {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0x7f7f7f), new Color(0xbcbd22)};

    private TuneChart() {
    }

    static void write(Path png, String title, List<Verdicts.Judged> judged) throws IOException {
        System.setProperty("java.awt.headless", "true");
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Verdicts.Judged j : judged) {
            CaseResult r = j.result();
            YIntervalSeries s = new YIntervalSeries(r.tuneCase().name() + ": " + r.tuneCase().describe()
                    + " (" + j.verdict().text() + ")");
            double min = r.repeats().stream().mapToDouble(CaseResult.Repeat::itemsPerSecond).min().orElse(0);
            double max = r.repeats().stream().mapToDouble(CaseResult.Repeat::itemsPerSecond).max().orElse(0);
            s.add(finite(r.p99()), r.throughput(), min, max);
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(title, "p99 latency per job (ms)", "throughput (items/s)",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        for (int i = 0; i < judged.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        for (Verdicts.Judged j : judged) {
            CaseResult r = j.result();
            String mark = switch (j.verdict()) {
                case BASELINE -> " (current)";
                case RECOMMENDED -> " +";
                case REJECTED -> " x";
                case UNTRUSTED -> " ?";
                default -> "";
            };
            XYTextAnnotation label = new XYTextAnnotation("  " + r.tuneCase().name() + mark, finite(r.p99()),
                    r.throughput());
            label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            label.setTextAnchor(TextAnchor.CENTER_LEFT);
            plot.addAnnotation(label);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 700);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
