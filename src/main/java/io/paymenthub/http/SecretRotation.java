package io.paymenthub.http;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret setting that holds the current value and the next one at once, comma-separated (docs/operations.md: Rotating a
 * secret), so a partner can switch at any moment without a refused call. Says in the log which position a caller
 * used, once whenever it changes (never the value), so the operator knows when the old value can go.
 */
public final class SecretRotation {

    private static final Logger LOG = LoggerFactory.getLogger(SecretRotation.class);

    private final String setting;
    private final List<String> values;
    private final AtomicInteger lastMatched = new AtomicInteger(-1);

    public SecretRotation(String setting, String commaSeparated) {
        this.setting = setting;
        this.values = commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(","))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** The configured values, current first; empty when the setting is empty. */
    public List<String> values() {
        return values;
    }

    /** Records that a caller used value {@code index} (0-based); logs when that differs from the previous caller's. */
    public void matched(int index) {
        int previous = lastMatched.getAndSet(index);
        if (previous != index) {
            LOG.info("{}: callers authenticate with value {} of {}{}", setting, index + 1, values.size(),
                    values.size() > 1 && index > 0 ? " (the next one: the earlier value can be removed once no caller uses it)" : "");
        }
    }
}
