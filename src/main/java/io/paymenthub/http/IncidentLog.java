package io.paymenthub.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * One log line per incident instead of one per request: the first occurrence is logged, repeats within
 * the quiet period are counted and summed up in the next line.
 */
public final class IncidentLog {

    private static final long QUIET_NANOS = 30_000_000_000L;

    private final Logger log;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - QUIET_NANOS);
    private final AtomicInteger suppressed = new AtomicInteger();

    public IncidentLog(Logger log) {
        this.log = log;
    }

    public void warn(String what) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= QUIET_NANOS && lastLogged.compareAndSet(last, now)) {
            int repeats = suppressed.getAndSet(0);
            log.warn("{}{}", what, repeats == 0 ? "" : " (and " + repeats + " more like it in the last 30 s)");
        } else {
            suppressed.incrementAndGet();
        }
    }
}
