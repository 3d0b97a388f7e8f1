package bnsweep.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The chart of submit/bench-collective's CSV: milliseconds per round of the 3.2 MB all-reduce against the number of
 * workers, one line per algorithm and link. {@code java -cp … bnsweep.bench.CollectiveChart OUT.png rows.csv [more.csv]}
 */
public final class CollectiveChart {
    public static void main(String[] args) throws Exception {
        Map<String, TreeMap<Integer, Double>> series = new TreeMap<>();
        for (int k = 1; k < args.length; k++) {
            for (String line : Files.readAllLines(Path.of(args[k]))) {
                String[] f = line.split(",");
                if (line.startsWith("#") || f.length != 8 || !f[2].equals("parameters")) continue;
                series.computeIfAbsent(f[0] + ", " + f[4], s -> new TreeMap<>()).put(Integer.parseInt(f[1]), Double.parseDouble(f[5]) * 1e3);
            }
        }
        XYChart chart = new XYChartBuilder().width(720).height(440).title("All-reduce of 3.2 MB, emulated links, all processes on one 2-vCPU machine")
                .xAxisTitle("workers (each its own process and network namespace)").yAxisTitle("ms per round (median)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        for (var e : series.entrySet()) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            e.getValue().forEach((w, ms) -> {
                x.add(w.doubleValue());
                y.add(ms);
            });
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, args[0].replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
