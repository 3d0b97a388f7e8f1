package bnsweep.report;

import bnsweep.run.RunTables;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts (XChart), rendered as PNG data URIs so that report.html needs nothing else. */
final class Charts {
    static final Color[] PALETTE = {new Color(0x55, 0x55, 0x55), new Color(0x1f, 0x77, 0xb4), new Color(0xd6, 0x27, 0x28),
            new Color(0x2c, 0xa0, 0x2c), new Color(0x94, 0x67, 0xbd)};

    private final SweepTables t;
    private final List<String> modes;

    Charts(SweepTables t) {
        this.t = t;
        this.modes = t.bnModes();
    }

    Color color(String bn) {
        return PALETTE[modes.indexOf(bn) % PALETTE.length];
    }

    /** One metric per epoch at one batch size: a mean line per BN mode and a band of +/- one std over seeds. */
    String perEpoch(int batch, String column, String yTitle) {
        XYChart c = chart("batch " + batch + " per worker", "epoch", yTitle, 330, 300, yPattern(column));
        c.getStyler().setXAxisDecimalPattern("0");
        for (String bn : modes) {
            Map<String, List<Map<String, String>>> bySeed = t.epochsBySeed(bn, batch);
            if (bySeed.isEmpty()) continue;
            int epochs = bySeed.values().stream().mapToInt(List::size).min().orElse(0);
            double[] x = new double[epochs], mean = new double[epochs], sd = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                DescriptiveStatistics d = new DescriptiveStatistics();
                for (List<Map<String, String>> rows : bySeed.values()) d.addValue(SweepTables.num(rows.get(e), column));
                x[e] = e + 1;
                mean[e] = d.getMean();
                sd[e] = d.getN() > 1 ? d.getStandardDeviation() : 0;
            }
            band(c, bn, x, mean, sd);
            XYSeries s = c.addSeries(label(bn), x, mean);
            s.setLineColor(color(bn));
            s.setMarkerColor(color(bn));
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return png(c);
    }

    /** A per-(bn, batch) summary column against batch size on a log2 axis, with +/- one std error bars. */
    String versusBatch(String meanColumn, String stdColumn, String title, String yTitle) {
        XYChart c = chart(title, "batch size per worker (log2 scale)", yTitle, 520, 360, yPattern(meanColumn));
        log2Axis(c);
        int plotted = 0;
        for (String bn : modes) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>(), err = new ArrayList<>();
            for (int b : t.batchSizes()) {
                Map<String, String> row = t.summaryRow(bn, b);
                if (row == null || Double.isNaN(SweepTables.num(row, meanColumn))) continue;
                x.add(log2(b));
                y.add(SweepTables.num(row, meanColumn));
                double e = stdColumn == null ? 0 : SweepTables.num(row, stdColumn);
                err.add(Double.isNaN(e) ? 0 : e);
            }
            if (x.isEmpty()) continue;
            XYSeries s = c.addSeries(label(bn), x, y, err);
            s.setLineColor(color(bn));
            s.setMarkerColor(color(bn));
            s.setMarker(SeriesMarkers.CIRCLE);
            plotted++;
        }
        if (plotted == 0) return null;
        return png(c);
    }

    /**
     * A line per entry of {@code lines} (x to y, x on a log2 axis labelled 2^x when {@code log2x}): a BN
     * series in its colour of the other charts, other lines in palette order.
     */
    String lines(String title, String xTitle, String yTitle, Map<String, TreeMap<Double, Double>> lines, boolean log2x,
                 String yColumn) {
        XYChart c = chart(title, xTitle, yTitle, 560, 380, yPattern(yColumn));
        if (log2x) {
            log2Axis(c);
        } else {
            c.getStyler().setXAxisDecimalPattern("0");
        }
        int k = 0;
        for (Map.Entry<String, TreeMap<Double, Double>> e : lines.entrySet()) {
            XYSeries s = c.addSeries(e.getKey(), new ArrayList<>(e.getValue().keySet()), new ArrayList<>(e.getValue().values()));
            Color col = modes.contains(e.getKey()) ? color(e.getKey()) : PALETTE[k % PALETTE.length]; // a BN series keeps its colour
            k++;
            s.setLineColor(col);
            s.setMarkerColor(col);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return png(c);
    }

    /** x values are log2 of the quantity plotted: label each tick with 2^x. */
    private static void log2Axis(XYChart c) {
        c.setCustomXAxisTickLabelsFormatter(x -> String.valueOf(Math.round(Math.pow(2, x))));
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private void band(XYChart c, String bn, double[] x, double[] mean, double[] sd) {
        int n = x.length;
        double[] px = new double[2 * n], py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = mean[i] + sd[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = mean[i] - sd[i];
        }
        XYSeries s = c.addSeries(bn + " band", px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        Color col = color(bn);
        s.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 50));
        s.setLineColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 0));
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
    }

    static String label(String bn) {
        return bn.startsWith("none") ? "no BN" + bn.substring(4) : "BN (" + bn + ")";
    }

    /** Number format of the y axis for a column: accuracies and losses to 3 decimals, times to 1, throughput whole. */
    static String yPattern(String column) {
        if (column.startsWith(RunTables.EXAMPLES_PER_SECOND.name())) return "#,##0";
        if (column.contains("seconds") || column.startsWith("epochs_to")) return "0.0";
        return "0.000";
    }

    private static XYChart chart(String title, String x, String y, int w, int h, String yPattern) {
        XYChart c = new XYChartBuilder().width(w).height(h).title(title).xAxisTitle(x).yAxisTitle(y).build();
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        // below the plot: inside, the legend would cover the curves
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setYAxisDecimalPattern(yPattern);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        c.getStyler().setMarkerSize(6);
        return c;
    }

    private static String png(XYChart c) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + c.getTitle(), e);
        }
    }
}
