package io.paymenthub.partner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A partner call that did not give a usable answer, the one error every partner's API raises. Its {@link Kind} says what
 * went wrong in our words; {@link #code()} keeps the partner's own code (or the HTTP status) for the rules that depend on
 * it (Bancamiga's 512 is an expired token, 551-553 a refused field), and {@link #details()} the partner's error fields
 * when it sent any (Luka's {@code mensaje}, {@code codigo}…). What status a caller then gets is decided by the route's
 * error handling (routes/error-handling.camel.yaml), not here.
 */
public final class PartnerError extends RuntimeException {

    /** What went wrong, in our words. */
    public enum Kind {
        /** No answer (time-out, refused connection), a 5xx or 429, or a call that cannot be made right now: may pass by itself. */
        UNAVAILABLE,
        /** The partner refused our credentials or token (login refused, token expired or invalid). */
        UNAUTHORIZED,
        /** The partner refused what was asked (a field, a format, the request itself): the same call fails again. */
        REFUSED,
        /** An answer we cannot read (no JSON, an unknown code, a missing field). */
        UNEXPECTED
    }

    private final String partner;
    private final Kind kind;
    private final int code;
    private final Map<String, Object> details;

    /**
     * @param partner the partner's name as operators read it ("Bancamiga", "Luka", "Bamboo")
     * @param code    the partner's code or the HTTP status it answered; 0 when there was no answer
     */
    public PartnerError(String partner, Kind kind, int code, String message) {
        this(partner, kind, code, message, Map.of());
    }

    /** As above, with the partner's own error fields (passed on to a caller by the route that shapes the answer). */
    public PartnerError(String partner, Kind kind, int code, String message, Map<String, Object> details) {
        super(message);
        this.partner = partner;
        this.kind = kind;
        this.code = code;
        this.details = details == null ? Map.of() : new LinkedHashMap<>(details);
    }

    public String partner() {
        return partner;
    }

    public Kind kind() {
        return kind;
    }

    /** The partner's code or HTTP status behind it (0 when there was no answer). */
    public int code() {
        return code;
    }

    /** The partner's own error fields, in order; empty when it sent none. */
    public Map<String, Object> details() {
        return details;
    }

    /** The name an operator's log line gives this failure: the partner's, e.g. {@code BancamigaError}. */
    public String label() {
        return partner + "Error";
    }
}
