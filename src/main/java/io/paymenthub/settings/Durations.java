package io.paymenthub.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration format of the settings: an integer and a unit, largest unit first, e.g. {@code 500ms},
 * {@code 30s}, {@code 10m}, {@code 24h}, {@code 1d}, {@code 1h30m}. Units: {@code d h m s ms us}.
 */
public final class Durations {

    /** How the settings file and every message describe the format. */
    public static final String FORMAT = "a duration such as 500ms, 30s, 10m, 24h or 1d";

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|us|d|h|m|s)");
    private static final List<String> ORDER = List.of("d", "h", "m", "s", "ms", "us");

    private Durations() {
    }

    /**
     * Parses {@code text}. A bare integer means {@code bareUnit} (the unit a legacy key's name carries:
     * {@code -ms}, {@code -seconds}, {@code -minutes}); with {@code bareUnit} null only {@code 0} may be bare.
     *
     * @throws IllegalArgumentException when the text is not such a duration
     */
    public static Duration parse(String text, ChronoUnit bareUnit) {
        String t = text.trim();
        if (t.matches("\\d{1,18}")) {
            long n = Long.parseLong(t);
            if (bareUnit == null && n != 0) {
                throw new IllegalArgumentException("a bare number needs a unit");
            }
            return bareUnit == null ? Duration.ZERO : Duration.of(n, bareUnit);
        }
        Matcher m = PART.matcher(t);
        int at = 0;
        int lastUnit = -1;
        Duration total = Duration.ZERO;
        while (m.find() && m.start() == at) {
            int unit = ORDER.indexOf(m.group(2));
            if (unit <= lastUnit || m.group(1).length() > 12) {
                throw new IllegalArgumentException("units out of order");
            }
            total = total.plus(Duration.of(Long.parseLong(m.group(1)), unit(m.group(2))));
            lastUnit = unit;
            at = m.end();
        }
        if (at == 0 || at != t.length()) {
            throw new IllegalArgumentException("not a duration");
        }
        return total;
    }

    /** The duration as a whole number of {@code unit}, or an exception when it is not one. */
    public static long whole(Duration d, ChronoUnit unit) {
        Duration one = unit.getDuration();
        if (!d.equals(one.multipliedBy(d.dividedBy(one)))) {
            throw new IllegalArgumentException("not whole " + unit);
        }
        return d.dividedBy(one);
    }

    private static ChronoUnit unit(String u) {
        return switch (u) {
            case "d" -> ChronoUnit.DAYS;
            case "h" -> ChronoUnit.HOURS;
            case "m" -> ChronoUnit.MINUTES;
            case "s" -> ChronoUnit.SECONDS;
            case "ms" -> ChronoUnit.MILLIS;
            default -> ChronoUnit.MICROS;
        };
    }
}
