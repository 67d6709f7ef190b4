package io.paymenthub.core;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;

/**
 * One WARN line when something starts failing, silence while it goes on, one INFO line with the count when it works
 * again: how the relay, the pollers and the forwarder report an outage, instead of a line per attempt. Outages are
 * kept apart by a key (a route id, say); thread-safe. (HTTP answers, which never see a recovery, use
 * {@code http.IncidentLog}'s 30-second window instead.)
 */
public final class OutageLog {

    private static final String ONE = "";

    private final Logger log;
    private final Map<String, Integer> failuresInARow = new ConcurrentHashMap<>();

    /** Lines go to the caller's logger, so they read as the caller's. */
    public OutageLog(Logger log) {
        this.log = log;
    }

    /** Counts a failure; logs the WARN line (SLF4J format) only when it starts an outage, and says whether it did. */
    public boolean failed(String key, String format, Object... args) {
        boolean first = failed(key);
        if (first) {
            log.warn(format, args);
        }
        return first;
    }

    /** Counts a failure without a line (the caller logs it its own way); true when it starts an outage. */
    public boolean failed(String key) {
        return failuresInARow.merge(key, 1, Integer::sum) == 1;
    }

    /**
     * Ends the outage: the INFO line (SLF4J format) gets the number of failures as its last argument. Nothing is logged
     * when nothing was failing. Returns that number (0 then).
     */
    public int recovered(String key, String format, Object... args) {
        Integer failures = failuresInARow.remove(key);
        if (failures == null) {
            return 0;
        }
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = failures;
        log.info(format, all);
        return failures;
    }

    /** {@link #failed(String, String, Object...)} for a caller with a single outage to follow. */
    public boolean failedOnce(String format, Object... args) {
        return failed(ONE, format, args);
    }

    /** {@link #recovered(String, String, Object...)} for a caller with a single outage to follow. */
    public int recoveredOnce(String format, Object... args) {
        return recovered(ONE, format, args);
    }
}
