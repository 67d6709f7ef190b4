package io.paymenthub.ops;

import java.util.Map;

/** An operator action's answer: the HTTP status and the object written as its JSON body. */
public record OpsAnswer(int status, Object body) {

    public static OpsAnswer ok(Object body) {
        return new OpsAnswer(200, body);
    }

    /** A 200 answer that is not JSON (e.g. CSV): written as is with its content type. */
    public static OpsAnswer text(String contentType, String body) {
        return new OpsAnswer(200, new Text(contentType, body));
    }

    /** The body of a {@link #text} answer. */
    public record Text(String contentType, String body) {
    }

    /** An error answer: {@code {"message": …}}, as every error of the project. */
    public static OpsAnswer error(int status, String message) {
        return new OpsAnswer(status, Map.of("message", message));
    }
}
