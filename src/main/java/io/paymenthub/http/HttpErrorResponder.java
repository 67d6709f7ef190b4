package io.paymenthub.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.paymenthub.events.Json;
import io.paymenthub.partner.PartnerError;
import io.paymenthub.store.RejectedMessages;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the JSON answer of the contract for a failed HTTP route: the status, a human-readable {@code message}, field
 * errors when there are any, never a stack trace. Which method answers which failure (and so which status it gets) is
 * decided in routes/error-handling.camel.yaml; each method here only words and records it. Refused bodies of
 * authenticated callers are kept in the store; every refusal of a webhook is counted; a partner or store outage is
 * logged once per incident, not once per request.
 */
public final class HttpErrorResponder {

    /** Exchange property naming the partner a webhook route serves; tags the refusal metrics. */
    public static final String PROVIDER = "webhookProvider";
    /**
     * Exchange property: the name of the bean ({@link ErrorBody}) that shapes the route's error answers; without it
     * an answer is {@code {"message":…}} plus errors and details.
     */
    public static final String ERROR_BODY = "errorBody";
    /**
     * Exchange property: what the caller should know when a partner call was sent but its answer never came
     * (e.g. "the purchase may exist at Bamboo: check … before creating it again"); added to that 503's message.
     */
    public static final String IF_ANSWER_LOST = "partnerAnswerLostHint";

    /**
     * Exchange property: the request body as received (byte[]), kept when the route refuses it after the message body
     * was already turned into something else (Bamboo's webhook reads it before its signature is checked).
     */
    public static final String RECEIVED_BODY = "receivedBody";

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrorResponder.class);
    private static final String CALL_NOT_PERMITTED = "io.github.resilience4j.circuitbreaker.CallNotPermittedException";

    private final IncidentLog storeIncidents = new IncidentLog(LOG);
    /** Per route: one partner's outage does not silence the line of another's. */
    private final Map<String, IncidentLog> partnerIncidents = new ConcurrentHashMap<>();
    private final RejectedMessages rejected;
    private final WebhookMetrics metrics;

    public HttpErrorResponder(RejectedMessages rejected, WebhookMetrics metrics) {
        this.rejected = rejected;
        this.metrics = metrics;
    }

    /**
     * Whether the failure or one of its causes is of one of the named classes (comma-separated) or a subclass of one;
     * compared by name, so a library's exception need not be loaded. The tests of routes/error-handling.camel.yaml.
     */
    public boolean causedBy(Throwable failure, String types) {
        List<String> names = List.of(types.split("\\s*,\\s*"));
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (names.contains(c.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The route refused the request itself ({@link HttpProblem}): the status, message, field errors and details it
     * chose. The body is kept when the caller was authenticated but sent bad input ({@link HttpProblem#keepsBody()}).
     */
    public void refused(Exchange exchange) {
        HttpProblem problem = caught(exchange, HttpProblem.class);
        int status = problem.status();
        if (status >= 502) {
            // a partner failed or could not be asked: one line per incident, not one per request
            partnerIncident(exchange).warn(exchange.getFromRouteId() + " answered " + status + ": " + problem.getMessage());
        }
        if (problem.keepsBody()) {
            keep(exchange, status, problem.getMessage(), problem.errors());
        }
        answer(exchange, status, problem.getMessage(), problem.errors(), problem.details());
    }

    /** The payment store cannot be reached: 503, nothing was stored; the caller may retry. */
    public void storeUnavailable(Exchange exchange) {
        Throwable failure = failure(exchange);
        storeIncidents.warn(exchange.getFromRouteId() + " answered 503: the store is unavailable (" + failure.getMessage() + ")");
        answer(exchange, 503, "The payment store is unavailable; nothing was stored. Please retry later.", List.of(), Map.of());
    }

    /** A partner refused what the caller sent (its 4xx about the request): 400 with the partner's words; the body is kept. */
    public void partnerRefused(Exchange exchange) {
        String text = caught(exchange, PartnerError.class).getMessage();
        keep(exchange, 400, text, List.of());
        answer(exchange, 400, text, List.of(), Map.of());
    }

    /** A partner failed the call made on the caller's behalf, or refused our credentials: 502 with the partner's words. */
    public void partnerFailed(Exchange exchange) {
        String text = caught(exchange, PartnerError.class).getMessage();
        partnerIncident(exchange).warn(exchange.getFromRouteId() + " answered 502: " + text);
        answer(exchange, 502, text, List.of(), Map.of());
    }

    /**
     * A partner is down, slow, refused us, or its circuit breaker is open: 503. When the request went out and its
     * answer never came, the route's {@link #IF_ANSWER_LOST} hint says what that means for the caller.
     */
    public void partnerUnavailable(Exchange exchange) {
        Throwable failure = failure(exchange);
        String hint = answerLost(failure) ? exchange.getProperty(IF_ANSWER_LOST, String.class) : null;
        String text = hint == null ? "The partner could not be asked right now (" + partnerReason(failure) + "). Please retry later."
                : "The partner did not answer in time: " + hint;
        partnerIncident(exchange).warn(exchange.getFromRouteId() + " answered 503: partner unavailable (" + failure.getMessage() + ")");
        answer(exchange, 503, text, List.of(), Map.of());
    }

    /** Anything else: 500, nothing acknowledged; the operator's log line has the stack trace, the caller never does. */
    public void internalError(Exchange exchange) {
        LOG.error("{} failed unexpectedly", exchange.getFromRouteId(), failure(exchange));
        answer(exchange, 500, "Internal error; nothing was acknowledged. Please retry later.", List.of(), Map.of());
    }

    private void answer(Exchange exchange, int status, String text, List<FieldError> errors, Map<String, Object> details) {
        String provider = exchange.getProperty(PROVIDER, String.class);
        if (provider != null) {
            metrics.rejected(provider, status);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String shape = exchange.getProperty(ERROR_BODY, String.class);
        if (shape != null) {
            // a runtime lookup: the bean is named by the failing route's errorBody property, so it is known per exchange
            body.putAll(exchange.getContext().getRegistry().lookupByNameAndType(shape, ErrorBody.class).leadingFields(exchange, status));
        }
        body.put("message", text);
        body.putAll(details);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(toJson(body));
    }

    private void keep(Exchange exchange, int status, String text, List<FieldError> errors) {
        rejected.keep(exchange.getFromRouteId(), status, reason(text, errors),
                exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class), receivedBody(exchange));
    }

    /** The body as received: the one a route set aside ({@link #RECEIVED_BODY}), else the message's. */
    private static byte[] receivedBody(Exchange exchange) {
        byte[] received = exchange.getProperty(RECEIVED_BODY, byte[].class);
        return received != null ? received : exchange.getMessage().getBody(byte[].class);
    }

    private static Throwable failure(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** The failure of that type: the one caught, or the first of its causes that is one. */
    private static <T extends Throwable> T caught(Exchange exchange, Class<T> type) {
        for (Throwable t = failure(exchange); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new IllegalStateException("routes/error-handling.camel.yaml sent a failure that is no " + type.getSimpleName()
                + " to its answer: " + failure(exchange));
    }

    private IncidentLog partnerIncident(Exchange exchange) {
        return partnerIncidents.computeIfAbsent(String.valueOf(exchange.getFromRouteId()), route -> new IncidentLog(LOG));
    }

    /**
     * Why a partner could not be asked, in words for the caller: never an exception class, a host or a port (those
     * are in the log line for the operator).
     */
    private static String partnerReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PartnerError) {
                return t.getMessage();
            }
            if (t.getClass().getName().equals(CALL_NOT_PERMITTED)) {
                return "calls to it are paused after repeated failures";
            }
            String words = NetworkFailures.inWords(t);
            if (words != null) {
                return words;
            }
        }
        return "the connection to it failed";
    }

    /** The request went out and no answer came back (a read time-out, a dropped connection): it may have been carried out. */
    private static boolean answerLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.InterruptedIOException || t.getClass().getSimpleName().equals("NoHttpResponseException")) {
                return true;
            }
        }
        return false;
    }

    private static String reason(String text, List<FieldError> errors) {
        StringBuilder sb = new StringBuilder(text);
        for (FieldError e : errors) {
            sb.append("; ").append(e.field()).append(' ').append(e.message());
        }
        return sb.toString();
    }

    static String toJson(Map<String, Object> body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return "{\"message\":\"Internal error\"}";
        }
    }
}
