package io.paymenthub.luka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Luka did not give a usable answer: it could not be reached, refused our credentials, failed on its side,
 * or answered something we cannot read. Carries Luka's own error ({@code mensaje}, {@code codigo},
 * {@code continua}, {@code mensajeId}) when it sent one.
 */
public final class LukaError extends RuntimeException {

    /** What went wrong, in our words. */
    public enum Kind {
        /** Login refused, or a call refused twice with 401 even after a fresh login. */
        UNAUTHORIZED,
        /** 5xx, 429, or no answer (the circuit breaker counts these). */
        UNAVAILABLE,
        /** An answer we cannot read. */
        UNEXPECTED
    }

    private final Kind kind;
    private final int httpStatus;
    private final LukaAnswer answer;

    public LukaError(Kind kind, int httpStatus, String message, LukaAnswer answer) {
        super(message);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.answer = answer;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status Luka answered (0 when there was no answer). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Luka's error fields, for an answer passed on to a caller; empty when Luka sent none. */
    public Map<String, Object> partnerError() {
        return answer == null ? Map.of() : answer.partnerError();
    }

    static Map<String, Object> details(Map<String, Object> partnerError) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!partnerError.isEmpty()) {
            details.put("luka", partnerError);
        }
        return details;
    }
}
