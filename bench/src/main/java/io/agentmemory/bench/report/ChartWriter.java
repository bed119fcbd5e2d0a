package io.agentmemory.bench.report;

import io.agentmemory.bench.workload.OperationKind;
import io.agentmemory.bench.workload.WorkloadRunner;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The report drawn: latency percentiles per operation and throughput, one bar group per system. */
public final class ChartWriter {

    public static final String LATENCY_FILE = "latency.png";
    public static final String THROUGHPUT_FILE = "throughput.png";
    private static final int WIDTH = 560;
    private static final int HEIGHT = 400;
    private static final List<String> OPERATIONS = List.of(OperationKind.ADD.label(), WorkloadRunner.SEARCH_CACHE_HIT,
            WorkloadRunner.SEARCH_CACHE_MISS, OperationKind.BATCH_10.label(), OperationKind.BATCH_100.label());

    private ChartWriter() {
    }

    public static List<Path> write(BenchmarkReport report, Path directory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> systems = report.systems().stream().map(SystemResult::system).toList();

        List<CategoryChart> latency = new ArrayList<>();
        for (String operation : OPERATIONS) {
            List<Number> p50 = new ArrayList<>();
            List<Number> p95 = new ArrayList<>();
            List<Number> p99 = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (SystemResult system : report.systems()) {
                OperationStats stats = system.operation(operation);
                if (stats != null && stats.count() > 0) {
                    shown.add(system.system());
                    p50.add(stats.p50());
                    p95.add(stats.p95());
                    p99.add(stats.p99());
                }
            }
            if (shown.isEmpty()) {
                continue;
            }
            CategoryChart chart = chart(operation + " latency", "ms");
            chart.addSeries("p50", shown, p50);
            chart.addSeries("p95", shown, p95);
            chart.addSeries("p99", shown, p99);
            latency.add(chart);
        }
        Path latencyFile = directory.resolve(LATENCY_FILE);
        saveGrid(latency, 3, latencyFile);

        CategoryChart operations = chart("throughput (whole workload)", "operations / s");
        operations.addSeries("ops/s", systems, report.systems().stream().map(s -> (Number) s.throughput()).toList());
        CategoryChart searches = chart("searches answered (batch items counted)", "searches / s");
        searches.addSeries("searches/s", systems, report.systems().stream().map(s -> (Number) s.searchesPerSecond()).toList());
        Path throughputFile = directory.resolve(THROUGHPUT_FILE);
        saveGrid(List.of(operations, searches), 2, throughputFile);
        return List.of(latencyFile, throughputFile);
    }

    /** Charts side by side, row by row; unlike XChart's own grid, a last row may be partly empty. */
    private static void saveGrid(List<CategoryChart> charts, int maxColumns, Path file) throws IOException {
        int columns = Math.max(1, Math.min(maxColumns, charts.size()));
        int rows = Math.max(1, (charts.size() + columns - 1) / columns);
        BufferedImage grid = new BufferedImage(columns * WIDTH, rows * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = grid.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            graphics.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % columns) * WIDTH, (i / columns) * HEIGHT, null);
        }
        graphics.dispose();
        ImageIO.write(grid, "png", file.toFile());
    }

    private static CategoryChart chart(String title, String yAxis) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yAxis).build();
        // Below the plot, so no legend box hides a bar.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDecimalPattern("#,##0.#");
        return chart;
    }
}
