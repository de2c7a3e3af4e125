package io.socketkit.examples;

import io.socketkit.examples.echo.EchoServer;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli's converters for the examples' option values. A value that does not convert is a usage error
 * (exit code 2) whose message says what would be accepted.
 */
public final class Converters {
    private Converters() {
    }

    /**
     * Durations, one syntax for every option: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, or
     * ISO-8601 ({@code PT2S}); never negative.
     */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        /** A converter; picocli makes one per option. */
        public DurationConverter() {
        }

        @Override
        public Duration convert(String value) {
            Duration duration = parse(value.trim());
            if (duration.isNegative()) {
                throw new TypeConversionException("a duration cannot be negative, got '" + value + "'");
            }
            return duration;
        }

        private static Duration parse(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            try {
                if (lower.startsWith("p")) {
                    return Duration.parse(text);
                }
                String unit = lower.endsWith("ms") ? "ms" : lower.isEmpty() ? "" : lower.substring(lower.length() - 1);
                long amount = Long.parseLong(lower.substring(0, lower.length() - unit.length()));
                switch (unit) {
                    case "ms":
                        return Duration.ofMillis(amount);
                    case "s":
                        return Duration.ofSeconds(amount);
                    case "m":
                        return Duration.ofMinutes(amount);
                    case "h":
                        return Duration.ofHours(amount);
                    default:
                        break;
                }
            } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
                // the message below says what would do
            }
            throw new TypeConversionException("'" + text + "' is not a duration (500ms, 2s, 5m, 1h or PT2S)");
        }
    }

    /** {@code --kind}: tcp, udp, unix or unix-dgram. */
    public static final class KindConverter implements ITypeConverter<ExampleKind> {
        /** A converter; picocli makes one per option. */
        public KindConverter() {
        }

        @Override
        public ExampleKind convert(String value) {
            try {
                return ExampleKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --style}: event, threads, virtual or serial. */
    public static final class StyleConverter implements ITypeConverter<EchoServer.Style> {
        /** A converter; picocli makes one per option. */
        public StyleConverter() {
        }

        @Override
        public EchoServer.Style convert(String value) {
            try {
                return EchoServer.Style.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * {@code --transport}: auto, nio, epoll, io_uring or kqueue. Only the name is checked here; whether
     * the transport is available on this machine is known when it is used (a runtime failure, exit 1).
     */
    public static final class TransportConverter implements ITypeConverter<String> {
        /** The names {@code --transport} takes. */
        public static final List<String> NAMES = List.of("auto", "nio", "epoll", "io_uring", "kqueue");

        /** A converter; picocli makes one per option. */
        public TransportConverter() {
        }

        @Override
        public String convert(String value) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw new TypeConversionException("unknown transport '" + value + "' (" + String.join(", ", NAMES) + ")");
            }
            return name;
        }
    }
}
