package io.paymenthub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.paymenthub.events.Json;
import io.vertx.ext.web.RoutingContext;

/** What an operator action reads: the authenticated operator, path and query parameters, the JSON body. */
public final class OpsRequest {

    /** Largest page a list answers, whatever {@code limit} asks. */
    public static final int MAX_PAGE = 200;

    private final RoutingContext rc;
    private final String actor;

    OpsRequest(RoutingContext rc, String actor) {
        this.rc = rc;
        this.actor = actor;
    }

    /** The operator's user name (from HTTP Basic), as written to the audit trail. */
    public String actor() {
        return actor;
    }

    public String pathParam(String name) {
        return rc.pathParam(name);
    }

    /** A request header, or null. */
    public String header(String name) {
        return rc.request().getHeader(name);
    }

    public String query(String name) {
        return rc.queryParams().get(name);
    }

    /** A path parameter as a positive number, or an {@link IllegalArgumentException} saying which is wrong (a 400). */
    public long idParam(String name) {
        try {
            long id = Long.parseLong(rc.pathParam(name));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + " must be a positive number");
    }

    /** {@code limit} (default 50, at most {@value #MAX_PAGE}). */
    public int limit() {
        String limit = query("limit");
        if (limit == null) {
            return 50;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n > 0) {
                return Math.min(n, MAX_PAGE);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("limit must be a positive number");
    }

    /** A keyset cursor ({@code before}: list rows with a smaller id), or null for the first page. */
    public Long before() {
        String before = query("before");
        if (before == null || before.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(before);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("before must be a number (the last id of the previous page)");
        }
    }

    /** The request body as a JSON object (an empty object when there is none), or an {@link IllegalArgumentException}. */
    public JsonNode json() {
        io.vertx.core.buffer.Buffer body = rc.body() == null ? null : rc.body().buffer();
        if (body == null || body.length() == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body.getBytes());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (Exception e) {
            // below
        }
        throw new IllegalArgumentException("the body must be a JSON object");
    }

    /** A text field of the body, trimmed; null when absent or blank. */
    public String text(String field) {
        JsonNode v = json().get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }
}
