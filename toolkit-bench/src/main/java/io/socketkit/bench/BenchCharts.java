package io.socketkit.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The side-by-side's charts: one small heat map per transport, a row per server and a column per kind
 * and load, each cell the server's round trips per second as a ratio to hand-written Netty on the same
 * transport, kind and load, written in the cell and coloured (red below 1, white at 1, green above).
 *
 * <p>Drawn from the runner's own table ({@link BenchRunner#START} to {@link BenchRunner#END} in its
 * report), so the charts of a past run can be drawn again from the file that holds its results:
 * {@code BenchCharts REPORT.md PREFIX} writes {@code PREFIX-TRANSPORT.png} for each transport in the
 * table ({@code toolkit-bench/run-bench.sh --charts} does it for docs/benchmarks.md).
 */
public final class BenchCharts {
    /** The server every ratio is to; it is 1.00 everywhere, so it gets no row. */
    static final String BASELINE = "hand-written Netty";
    private static final int CELL_WIDTH = 88;
    private static final int ROW_HEIGHT = 30;

    private BenchCharts() {
    }

    /** One row of the runner's table: a server's ratio to the baseline in one cell. */
    record Ratio(String transport, String kind, String load, String server, double ratio) {
        /** The column this ratio goes in: kind and a short form of the load. */
        String column() {
            return kind + " " + load.replace(" B ping-pong, 1 client", " B 1:1").replace(" clients", "")
                    .replace("16384 B", "16 KiB");
        }
    }

    /**
     * Draws the charts of a report file again.
     *
     * @param args the report (Markdown with the runner's table) and the prefix of the PNG files
     * @throws IOException if the report cannot be read or a chart written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BenchCharts REPORT.md PREFIX (writes PREFIX-TRANSPORT.png)");
        }
        String report = Files.readString(Path.of(args[0]));
        for (Path written : write(parse(report), measuredOn(report), args[1])) {
            System.out.println(written);
        }
    }

    /**
     * The ratios of the runner's table in a report: the rows between its marker lines, or every table row
     * of that shape if the report has no markers.
     *
     * @throws IllegalArgumentException if the report has no such row
     */
    static List<Ratio> parse(String report) {
        int start = report.indexOf(BenchRunner.START);
        int end = report.indexOf(BenchRunner.END);
        String table = start >= 0 && end > start ? report.substring(start, end) : report;
        List<Ratio> ratios = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|", -1);
            // | transport | kind | load | server | 7 figures | ratio to Netty |: 12 cells, 14 pieces.
            if (cells.length != 14 || !cells[12].trim().matches("\\d+\\.\\d+")) {
                continue;
            }
            ratios.add(new Ratio(cells[1].trim(), cells[2].trim(), cells[3].trim(), cells[4].trim(),
                    Double.parseDouble(cells[12].trim())));
        }
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("no row of the runner's table (| transport | kind | load | server | ... | ratio |) in the report");
        }
        return ratios;
    }

    /** The date of the run, from the runner's "Command: ... (DATE, ..." line, or null. */
    static String measuredOn(String report) {
        Matcher date = Pattern.compile("Command: `[^`]*` \\((\\d{4}-\\d{2}-\\d{2}),").matcher(report);
        return date.find() ? date.group(1) : null;
    }

    /**
     * Writes one chart per transport, {@code PREFIX-TRANSPORT.png}.
     *
     * @param date when the figures were measured, said under the title; null says nothing
     * @return the files written, in the table's order of transports
     */
    static List<Path> write(List<Ratio> ratios, String date, String prefix) throws IOException {
        Map<String, List<Ratio>> byTransport = new LinkedHashMap<>();
        ratios.forEach(r -> byTransport.computeIfAbsent(r.transport(), t -> new ArrayList<>()).add(r));
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, List<Ratio>> transport : byTransport.entrySet()) {
            JFreeChart chart = chart(transport.getKey(), transport.getValue(), date);
            Path file = Path.of(prefix + "-" + transport.getKey() + ".png");
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width(transport.getValue()), height(transport.getValue()));
            written.add(file);
        }
        return written;
    }

    /** The width of a transport's chart: the row labels and a fixed width per column. */
    static int width(List<Ratio> ratios) {
        return 230 + CELL_WIDTH * columns(ratios).size();
    }

    /** The height of a transport's chart: title, column labels and a fixed height per row. */
    static int height(List<Ratio> ratios) {
        return 150 + ROW_HEIGHT * rows(ratios).size();
    }

    private static List<String> columns(List<Ratio> ratios) {
        Set<String> columns = new LinkedHashSet<>();
        ratios.forEach(r -> columns.add(r.column()));
        return new ArrayList<>(columns);
    }

    /** The servers, baseline left out, in the table's order. */
    private static List<String> rows(List<Ratio> ratios) {
        Set<String> rows = new LinkedHashSet<>();
        ratios.stream().filter(r -> !r.server().equals(BASELINE)).forEach(r -> rows.add(r.server()));
        return new ArrayList<>(rows);
    }

    /** One transport's heat map: x the column, y the row (first server on top), z the ratio. */
    static JFreeChart chart(String transport, List<Ratio> ratios, String date) {
        List<String> columns = columns(ratios);
        List<String> rows = rows(ratios);
        List<Ratio> cells = ratios.stream().filter(r -> !r.server().equals(BASELINE)).toList();
        double[][] xyz = new double[3][cells.size()];
        XYPlot plot = new XYPlot();
        for (int i = 0; i < cells.size(); i++) {
            Ratio r = cells.get(i);
            xyz[0][i] = columns.indexOf(r.column());
            xyz[1][i] = rows.size() - 1 - rows.indexOf(r.server());
            xyz[2][i] = r.ratio();
            XYTextAnnotation text = new XYTextAnnotation(String.format("%.2f", r.ratio()), xyz[0][i], xyz[1][i]);
            text.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            plot.addAnnotation(text);
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("ratio", xyz);
        plot.setDataset(data);

        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new RatioScale());
        plot.setRenderer(renderer);

        SymbolAxis x = new SymbolAxis(null, columns.toArray(new String[0]));
        x.setGridBandsVisible(false);
        x.setVerticalTickLabels(false);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        x.setRange(-0.5, columns.size() - 0.5);
        List<String> reversed = new ArrayList<>(rows);
        Collections.reverse(reversed);
        SymbolAxis y = new SymbolAxis(null, reversed.toArray(new String[0]));
        y.setGridBandsVisible(false);
        y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        y.setRange(-0.5, rows.size() - 0.5);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setDomainAxisLocation(AxisLocation.TOP_OR_LEFT);
        plot.setBackgroundPaint(new Color(0xEEEEEE));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineStroke(new BasicStroke(0));

        JFreeChart chart = new JFreeChart(transport + ": round trips/s ÷ hand-written Netty",
                new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
        chart.addSubtitle(new TextTitle((date == null ? "" : "measured " + date + "; ")
                + "same transport, kind and load; 1.00 = as fast as Netty; grey: no such server there",
                new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Red below 1 (darkest at 0.4 and under), white at 1, green above (darkest at 1.3 and over). */
    static final class RatioScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 2;
        }

        @Override
        public Paint getPaint(double ratio) {
            if (ratio < 1) {
                double t = Math.min(1, (1 - ratio) / 0.6);
                return mix(Color.WHITE, new Color(0xE06666), t);
            }
            double t = Math.min(1, (ratio - 1) / 0.3);
            return mix(Color.WHITE, new Color(0x6AA84F), t);
        }

        private static Color mix(Color from, Color to, double t) {
            return new Color((int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * t),
                    (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * t),
                    (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * t));
        }
    }
}
