package io.paymenthub.http;

import java.util.List;

/**
 * A request the runner refuses, with the HTTP status and the message the caller gets. Routes throw it
 * from their beans; the shared error handling (routes/error-handling.camel.yaml) turns it into a JSON answer.
 */
public final class HttpProblem extends RuntimeException {

    private final int status;
    private final List<FieldError> errors;

    private HttpProblem(int status, String message, List<FieldError> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static HttpProblem badRequest(String message, List<FieldError> errors) {
        return new HttpProblem(400, message, errors);
    }

    public static HttpProblem unauthorized(String message) {
        return new HttpProblem(401, message, List.of());
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

    /** Whether the refused body is worth keeping for an operator: the caller was authenticated but sent bad input. */
    public boolean keepsBody() {
        return status != 401;
    }
}
