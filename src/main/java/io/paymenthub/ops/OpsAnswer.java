package io.paymenthub.ops;

import java.util.Map;

/** An operator action's answer: the HTTP status and the object written as its JSON body. */
public record OpsAnswer(int status, Object body) {

    public static OpsAnswer ok(Object body) {
        return new OpsAnswer(200, body);
    }

    /** An error answer: {@code {"message": …}}, as every error of the project. */
    public static OpsAnswer error(int status, String message) {
        return new OpsAnswer(status, Map.of("message", message));
    }
}
