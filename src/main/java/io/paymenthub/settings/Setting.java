package io.paymenthub.settings;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

import org.quartz.CronExpression;

/**
 * One key of application.properties and what it must hold. {@link SettingKeys} lists them all; {@link Settings}
 * reads them through these rules, so a value is parsed the same way at the start-up check and where it is used.
 */
public final class Setting {

    final String key;
    final String expected;
    final boolean secret;
    final boolean optional;
    /** For a legacy duration key ({@code -ms}, {@code -seconds}...): the unit of its bare integer; else null. */
    final ChronoUnit unit;
    private final Function<String, Object> parser;

    private Setting(String key, String expected, boolean secret, boolean optional, ChronoUnit unit,
                    Function<String, Object> parser) {
        this.key = key;
        this.expected = expected;
        this.secret = secret;
        this.optional = optional;
        this.unit = unit;
        this.parser = parser;
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Setting number(String key, long min, long max) {
        return new Setting(key, "a whole number from " + min + " to " + max, false, false, null, text -> {
            long n = Long.parseLong(text);
            if (n < min || n > max) {
                throw new IllegalArgumentException("out of range");
            }
            return n;
        });
    }

    /** A TCP port: 0 to 65535. */
    public static Setting port(String key) {
        return number(key, 0, 65535);
    }

    /** A duration in the settings' one format ({@link Durations#FORMAT}), at least zero. */
    public static Setting duration(String key) {
        return new Setting(key, Durations.FORMAT, false, false, null, text -> Durations.parse(text, null));
    }

    /**
     * A legacy key whose name carries its unit ({@code db.connection-timeout-ms}, {@code luka.circuit.open-seconds}):
     * a bare integer in that unit, as before, or a duration in the one format that is a whole number of it.
     * Camel placeholders of the key then read the bare integer.
     */
    public static Setting duration(String key, ChronoUnit bareUnit) {
        String name = switch (bareUnit) {
            case MICROS -> "microseconds";
            case MILLIS -> "milliseconds";
            default -> bareUnit.toString().toLowerCase(Locale.ROOT);
        };
        String example = switch (bareUnit) {
            case MICROS -> "500 or 1ms";
            case MILLIS -> "5000, 500ms, 5s or 2m";
            case SECONDS -> "30, 30s or 2m";
            case MINUTES -> "10, 10m or 2h";
            case DAYS -> "30 or 30d";
            default -> "a bare number";
        };
        return new Setting(key, "a whole number of " + name + " (a bare number is " + name + "), e.g. " + example,
                false, false, bareUnit, text -> {
                    Duration d = Durations.parse(text, bareUnit);
                    Durations.whole(d, bareUnit);
                    return d;
                });
    }

    /** A Quartz cron expression (seconds first, e.g. {@code 0 * /5 * * * ?}), checked by Quartz itself. */
    public static Setting cron(String key) {
        return new Setting(key, "a Quartz cron expression such as 0 */5 * * * ? (second minute hour day month weekday)",
                false, false, null, text -> {
                    if (!CronExpression.isValidExpression(text)) {
                        throw new IllegalArgumentException("not a cron expression");
                    }
                    return text;
                });
    }

    /** An absolute http or https URL with a host, e.g. {@code https://api.example.com}. */
    public static Setting url(String key) {
        return new Setting(key, "an http(s) URL such as https://api.example.com", false, false, null, text -> {
            URI uri = URI.create(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return text;
        });
    }

    /** One of {@code values}, any case; read back in lower case. */
    public static Setting oneOf(String key, String... values) {
        List<String> allowed = Arrays.asList(values);
        return new Setting(key, "one of " + String.join(", ", values), false, false, null, text -> {
            String v = text.toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) {
                throw new IllegalArgumentException("not listed");
            }
            return v;
        });
    }

    /** {@code true} or {@code false} (any case): not Java's "anything else is false", which reads "yes" as false. */
    public static Setting flag(String key) {
        return new Setting(key, "true or false", false, false, null, text -> {
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("not a boolean");
            }
            return Boolean.parseBoolean(text);
        });
    }

    /** Free text; may be empty. */
    public static Setting text(String key) {
        return new Setting(key, "text", false, true, null, text -> text);
    }

    /** A secret: may be empty, never resolved as a placeholder (Camel's start-up summary would list it), never shown. */
    public static Setting secret(String key) {
        return new Setting(key, "a secret", true, true, null, text -> text);
    }

    /** Text that {@code parser} accepts (it throws IllegalArgumentException otherwise), e.g. a list of pairs. */
    public static Setting parsed(String key, String expected, Consumer<String> parser) {
        return new Setting(key, expected, false, false, null, text -> {
            parser.accept(text);
            return text;
        });
    }

    /** The same rule, but an empty value is accepted too (read back as empty text, or null for a number or duration). */
    public Setting optional() {
        return new Setting(key, expected + ", or empty", secret, true, unit, parser);
    }

    /** Parses the trimmed {@code raw} value. */
    Object parse(String raw) {
        String text = raw == null ? "" : raw.trim();
        if (text.isEmpty()) {
            if (optional) {
                return null;
            }
            throw InvalidSetting.of(key, text, secret, expected);
        }
        try {
            return parser.apply(text);
        } catch (InvalidSetting e) {
            throw e; // the parser worded it itself
        } catch (RuntimeException e) {
            throw InvalidSetting.of(key, text, secret, expected);
        }
    }

    public String key() {
        return key;
    }
}
