package io.socketkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The side-by-side's charts, drawn from the runner's own report (issue 14, item 6). */
class BenchChartsTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A report as the runner writes it: two transports, two kinds, two servers besides Netty. */
    private static String report() {
        Map<BenchRunner.Cell, Map<BenchRunner.Server, List<LoadGenerator.Result>>> results = new LinkedHashMap<>();
        for (String transport : List.of("nio", "epoll")) {
            for (String kind : List.of("tcp", "udp")) {
                Map<BenchRunner.Server, List<LoadGenerator.Result>> servers = new LinkedHashMap<>();
                servers.put(new BenchRunner.Server("netty", BenchCharts.BASELINE), List.of(result(100_000)));
                servers.put(new BenchRunner.Server("event", "socketkit event"), List.of(result(transport.equals("nio") ? 97_000 : 105_000)));
                if (kind.equals("tcp")) {
                    servers.put(new BenchRunner.Server("threads", "socketkit threads"), List.of(result(50_000)));
                }
                results.put(new BenchRunner.Cell(transport, kind, 64, 64), servers);
                results.put(new BenchRunner.Cell(transport, kind, 64, 1), servers);
            }
        }
        return BenchRunner.START + "\n" + BenchRunner.report(results, 3, 1, "test") + BenchRunner.targets(results)
                + BenchRunner.END + "\n";
    }

    private static LoadGenerator.Result result(double rate) {
        return new LoadGenerator.Result(rate, 1, 1, 1, 1, 0, (long) rate);
    }

    @Test
    @DisplayName("the runner's table reads back: one ratio per transport, kind, load and server; the targets table is not read")
    void parsesTheRunnersTable() {
        List<BenchCharts.Ratio> ratios = BenchCharts.parse(report());
        assertThat(ratios).hasSize(2 * (2 * 3 + 2 * 2));
        assertThat(ratios).contains(new BenchCharts.Ratio("nio", "tcp", "64 B × 64 clients", "socketkit event", 0.97),
                new BenchCharts.Ratio("epoll", "udp", "64 B ping-pong, 1 client", "socketkit event", 1.05),
                new BenchCharts.Ratio("epoll", "tcp", "64 B × 64 clients", "socketkit threads", 0.50));
        assertThat(ratios.get(0).column()).isEqualTo("tcp 64 B × 64");
        assertThat(ratios.get(3).column()).isEqualTo("tcp 64 B 1:1");
        assertThat(BenchCharts.measuredOn("Command: `toolkit-bench/run-bench.sh 3 3` (2026-11-24, 2 cores, JDK 17)"))
                .isEqualTo("2026-11-24");
        assertThat(BenchCharts.measuredOn(report())).matches("\\d{4}-\\d{2}-\\d{2}");
    }

    @Test
    @DisplayName("a file without the runner's table is refused, not drawn empty")
    void noTable() {
        assertThatThrownBy(() -> BenchCharts.parse("# Benchmarks\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no row");
    }

    @Test
    @DisplayName("one small PNG per transport: a row per server but the baseline, a column per kind and load")
    void oneSmallChartPerTransport(@TempDir Path dir) throws Exception {
        List<BenchCharts.Ratio> ratios = BenchCharts.parse(report());
        List<Path> files = BenchCharts.write(ratios, BenchCharts.measuredOn(report()), dir.resolve("bench").toString());
        assertThat(files).containsExactly(dir.resolve("bench-nio.png"), dir.resolve("bench-epoll.png"));
        BufferedImage image = ImageIO.read(files.get(0).toFile());
        assertThat(image.getWidth()).isEqualTo(230 + 88 * 4).isLessThan(1100);
        assertThat(image.getHeight()).isEqualTo(150 + 30 * 2);
    }

    @Test
    @DisplayName("colours: red below 1, white at 1, green above")
    void colours() {
        BenchCharts.RatioScale scale = new BenchCharts.RatioScale();
        assertThat(scale.getPaint(1.0)).isEqualTo(java.awt.Color.WHITE);
        java.awt.Color slow = (java.awt.Color) scale.getPaint(0.5);
        java.awt.Color fast = (java.awt.Color) scale.getPaint(1.2);
        assertThat(slow.getRed()).isGreaterThan(slow.getGreen());
        assertThat(fast.getGreen()).isGreaterThan(fast.getRed());
    }
}
