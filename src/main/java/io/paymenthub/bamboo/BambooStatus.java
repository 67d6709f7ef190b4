package io.paymenthub.bamboo;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Bamboo's transaction status as the project's status. The {@code Status} text wins (one public example
 * pairs TransactionStatusId 3 with "Approved"); the id is the fallback: 1 Approved, 2 Pending,
 * 3 Pre-authorized, 4 Rejected, 5 Paid, 6 Cancelled.
 */
public final class BambooStatus {

    private static final Map<String, String> BY_TEXT = Map.of(
            "approved", "APPROVED",
            "pending", "PENDING",
            "preauthorized", "PREAUTHORIZED",
            "rejected", "REJECTED",
            "paid", "PAID",
            "cancelled", "CANCELLED",
            "canceled", "CANCELLED",
            "expired", "EXPIRED");

    private static final Map<Integer, String> BY_ID = Map.of(
            1, "APPROVED", 2, "PENDING", 3, "PREAUTHORIZED", 4, "REJECTED", 5, "PAID", 6, "CANCELLED");

    /** Statuses after which Bamboo reports nothing new for the purchase (the ones read back when confirming). */
    private static final Set<String> TERMINAL = Set.of("APPROVED", "PAID", "REJECTED", "CANCELLED", "EXPIRED");

    private BambooStatus() {
    }

    /** The normalized status, or null when neither the text nor the id is known. */
    public static String normalize(String text, Integer id) {
        if (text != null) {
            String key = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
            String byText = BY_TEXT.get(key);
            if (byText == null && key.startsWith("pending")) {
                byText = "PENDING"; // "Pending for Redirection", a step status Bamboo shows while the payer is away
            }
            if (byText != null) {
                return byText;
            }
        }
        return id == null ? null : BY_ID.get(id);
    }

    public static boolean terminal(String status) {
        return TERMINAL.contains(status);
    }
}
