package io.socketkit.netty;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.socketkit.server.ServerMetrics;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer binder for a server's {@link ServerMetrics}: bind it to a registry and the counters are
 * read from the server at each scrape (nothing is counted twice, nothing runs in between). Needs
 * {@code io.micrometer:micrometer-core} on the class path, which toolkit-netty does not bring itself.
 *
 * <pre>{@code
 * new SocketServerMeters(server.metrics(), Tags.of("server", "echo")).bindTo(registry);
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code socketkit.server.connections.accepted}, {@code .refused}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code socketkit.server.connections.active}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code socketkit.server.bytes.received}, {@code .sent}</td><td>counter (bytes)</td><td></td></tr>
 * <tr><td>{@code socketkit.server.datagrams.truncated}, {@code .dropped}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code socketkit.server.limit.hits}</td><td>counter</td><td>{@code limit}: each
 *     {@link ServerMetrics.Limit}</td></tr>
 * <tr><td>{@code socketkit.server.errors}</td><td>counter</td><td>{@code kind}: {@code ECONNRESET},
 *     {@code EPIPE}, {@code ETIMEDOUT}, {@code ECONNREFUSED}, {@code ECONNABORTED}, {@code SslError},
 *     {@code other} (every other kind; {@link ServerMetrics#errors()} has them all by name)</td></tr>
 * </table>
 */
public final class SocketServerMeters implements MeterBinder {
    private static final List<String> ERROR_KINDS = List.of("ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNREFUSED",
            "ECONNABORTED", "SslError");

    private final ServerMetrics metrics;
    private final Tags tags;

    /**
     * A binder for one server.
     *
     * @param metrics the server's {@link io.socketkit.server.SocketServer#metrics()}
     * @param tags tags on every meter (say, which server)
     */
    public SocketServerMeters(ServerMetrics metrics, Iterable<Tag> tags) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "socketkit.server.connections.accepted", "connections accepted and served", null, m -> m.accepted(), tags);
        counter(registry, "socketkit.server.connections.refused", "connections refused by a limit or verifyRequest", null,
                m -> m.refused(), tags);
        Gauge.builder("socketkit.server.connections.active", metrics, m -> m.active()).description("connections open now")
                .tags(tags).register(registry);
        counter(registry, "socketkit.server.bytes.received", "payload bytes received", "bytes", m -> m.bytesReceived(), tags);
        counter(registry, "socketkit.server.bytes.sent", "payload bytes sent", "bytes", m -> m.bytesSent(), tags);
        counter(registry, "socketkit.server.datagrams.truncated", "datagrams cut to maxPacketSize", null,
                m -> m.truncatedDatagrams(), tags);
        counter(registry, "socketkit.server.datagrams.dropped", "datagrams received and not served", null,
                m -> m.droppedDatagrams(), tags);
        for (ServerMetrics.Limit limit : ServerMetrics.Limit.values()) {
            counter(registry, "socketkit.server.limit.hits", "times a limit was reached", null,
                    m -> m.limitHits().get(limit), tags.and("limit", limit.name()));
        }
        for (String kind : ERROR_KINDS) {
            counter(registry, "socketkit.server.errors", "connections or requests that ended with an error", null,
                    m -> m.errors().getOrDefault(kind, 0L), tags.and("kind", kind));
        }
        counter(registry, "socketkit.server.errors", "connections or requests that ended with an error", null,
                m -> m.errors().entrySet().stream().filter(e -> !ERROR_KINDS.contains(e.getKey()))
                        .mapToLong(java.util.Map.Entry::getValue).sum(), tags.and("kind", "other"));
    }

    private void counter(MeterRegistry registry, String name, String description, String unit,
            ToDoubleFunction<ServerMetrics> value, Tags meterTags) {
        FunctionCounter.builder(name, metrics, value).description(description).baseUnit(unit).tags(meterTags).register(registry);
    }
}
