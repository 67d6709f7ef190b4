package io.paymenthub.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the runner refuses, with the HTTP status and the message the caller gets. Routes throw it
 * from their beans; the shared error handling (routes/error-handling.camel.yaml) turns it into a JSON answer.
 */
public final class HttpProblem extends RuntimeException {

    private final int status;
    private final List<FieldError> errors;
    private final Map<String, Object> details;
    private final boolean keepsBody;

    private HttpProblem(int status, String message, List<FieldError> errors, Map<String, Object> details, boolean keepsBody) {
        super(message, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.details = details == null ? Map.of() : new LinkedHashMap<>(details);
        this.keepsBody = keepsBody;
    }

    private HttpProblem(int status, String message, List<FieldError> errors) {
        this(status, message, errors, null, status != 401 && status < 500);
    }

    public static HttpProblem badRequest(String message, List<FieldError> errors) {
        return new HttpProblem(400, message, errors);
    }

    public static HttpProblem unauthorized(String message) {
        return new HttpProblem(401, message, List.of());
    }

    /** A partner refused or failed the call made on the caller's behalf (e.g. Bamboo answered 5xx or refused our key). */
    public static HttpProblem badGateway(String message, List<FieldError> errors) {
        return new HttpProblem(502, message, errors);
    }

    /** The endpoint cannot serve now (a partner flow is off or a partner cannot be reached). */
    public static HttpProblem unavailable(String message) {
        return new HttpProblem(503, message, List.of());
    }

    /**
     * Any other answer, e.g. a partner's refusal passed on (400) or a partner that did not answer (502).
     * The {@code details} are added to the JSON body beside {@code message}; the request body is not
     * kept (the caller's input was not at fault, or the message no longer holds it).
     */
    public static HttpProblem of(int status, String message, Map<String, Object> details) {
        return new HttpProblem(status, message, List.of(), details, false);
    }

    /** The same refusal, without keeping the body: the caller is not authenticated yet (e.g. a signature not yet verifiable). */
    public HttpProblem withoutKeepingBody() {
        return new HttpProblem(status, getMessage(), errors, details, false);
    }

    public static HttpProblem payloadTooLarge(String message) {
        return new HttpProblem(413, message, List.of());
    }

    public static HttpProblem unsupportedMediaType(String message) {
        return new HttpProblem(415, message, List.of());
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Extra fields of the JSON answer (e.g. the partner's own error), in order. */
    public Map<String, Object> details() {
        return details;
    }

    /** Whether the refused body is worth keeping for an operator: the caller was authenticated but sent bad input. */
    public boolean keepsBody() {
        return keepsBody;
    }
}
