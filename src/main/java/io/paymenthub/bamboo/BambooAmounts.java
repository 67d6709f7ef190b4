package io.paymenthub.bamboo;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bamboo's amounts are integers in minor units ({@code COP 5.000} is {@code 500000}): two implied decimals
 * unless {@code bamboo.amount.scales} says otherwise for a currency ({@code CLP:0}).
 */
public final class BambooAmounts {

    static final int DEFAULT_SCALE = 2;

    private final Map<String, Integer> scales;

    /** @param scales {@code CUR:scale} pairs, comma-separated; scales 0 to 2 (the event carries two decimals) */
    public BambooAmounts(String scales) {
        Map<String, Integer> parsed = new HashMap<>();
        for (String pair : scales == null ? new String[0] : scales.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.trim().split(":");
            if (parts.length != 2 || !parts[0].trim().matches("[A-Za-z]{3}") || !parts[1].trim().matches("[0-2]")) {
                throw new IllegalArgumentException("bamboo.amount.scales: '" + pair.trim()
                        + "' is not CUR:scale with a scale from 0 to 2 (e.g. COP:2,CLP:0)");
            }
            parsed.put(parts[0].trim().toUpperCase(Locale.ROOT), Integer.parseInt(parts[1].trim()));
        }
        this.scales = Map.copyOf(parsed);
    }

    public int scale(String currency) {
        return scales.getOrDefault(currency, DEFAULT_SCALE);
    }

    /** {@code 500000 COP} → {@code 5000.00}. */
    public BigDecimal toDecimal(long minorUnits, String currency) {
        return BigDecimal.valueOf(minorUnits, scale(currency));
    }
}
