package io.paymenthub.http;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.paymenthub.bancamiga.BancamigaError;
import io.paymenthub.bancamiga.BancamigaWebhookParser;
import io.paymenthub.events.Json;
import io.paymenthub.store.RejectedMessages;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever made an HTTP route fail into the JSON answer of the contract: the status, a
 * human-readable {@code message}, field errors when there are any, never a stack trace. Refused bodies
 * of authenticated callers are kept in the store; every refusal is counted.
 */
public final class HttpErrorResponder {

    /** Exchange property naming the partner a webhook route serves; shapes the error body and tags metrics. */
    public static final String PROVIDER = "webhookProvider";
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

    private final IncidentLog storeIncidents = new IncidentLog(LOG);
    /** Per route: one partner's outage does not silence the line of another's. */
    private final Map<String, IncidentLog> partnerIncidents = new ConcurrentHashMap<>();
    private final RejectedMessages rejected;
    private final WebhookMetrics metrics;

    public HttpErrorResponder(RejectedMessages rejected, WebhookMetrics metrics) {
        this.rejected = rejected;
        this.metrics = metrics;
    }

    /** The body as received: the one a route set aside ({@link #RECEIVED_BODY}), else the message's. */
    private static byte[] receivedBody(Exchange exchange) {
        byte[] received = exchange.getProperty(RECEIVED_BODY, byte[].class);
        return received != null ? received : exchange.getMessage().getBody(byte[].class);
    }

    public void respond(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message message = exchange.getMessage();
        String provider = exchange.getProperty(PROVIDER, String.class);
        int status;
        String text;
        List<FieldError> errors = List.of();
        Map<String, Object> details = Map.of();
        if (failure instanceof HttpProblem problem) {
            status = problem.status();
            text = problem.getMessage();
            errors = problem.errors();
            details = problem.details();
            if (status >= 502) {
                // a partner failed or could not be asked: one line per incident, not one per request
                partnerIncident(exchange).warn(exchange.getFromRouteId() + " answered " + status + ": " + text);
            }
            if (problem.keepsBody()) {
                rejected.keep(exchange.getFromRouteId(), status, reason(text, errors),
                        message.getHeader(Exchange.CONTENT_TYPE, String.class), receivedBody(exchange));
            }
        } else if (isStoreFailure(failure)) {
            status = 503;
            text = "The payment store is unavailable; nothing was stored. Please retry later.";
            storeIncidents.warn(exchange.getFromRouteId() + " answered 503: the store is unavailable (" + failure.getMessage() + ")");
        } else if (isPartnerFailure(failure)) {
            status = 503;
            String hint = answerLost(failure) ? exchange.getProperty(IF_ANSWER_LOST, String.class) : null;
            text = hint == null ? "The partner could not be asked right now (" + partnerReason(failure) + "). Please retry later."
                    : "The partner did not answer in time: " + hint;
            partnerIncident(exchange).warn(exchange.getFromRouteId() + " answered 503: partner unavailable (" + failure.getMessage() + ")");
        } else {
            status = 500;
            text = "Internal error; nothing was acknowledged. Please retry later.";
            LOG.error("{} failed unexpectedly", exchange.getFromRouteId(), failure);
        }
        if (provider != null) {
            metrics.rejected(provider, status);
        }

        Map<String, Object> body = new LinkedHashMap<>();
        if ("bancamiga".equals(provider)) {
            body.put("Code", status);
            body.put("Refpk", exchange.getProperty(BancamigaWebhookParser.REFPK_PROPERTY, String.class));
        }
        body.put("message", text);
        body.putAll(details);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(toJson(body));
    }

    private IncidentLog partnerIncident(Exchange exchange) {
        return partnerIncidents.computeIfAbsent(String.valueOf(exchange.getFromRouteId()), route -> new IncidentLog(LOG));
    }

    /** The partner is down, slow, refused our credentials, or its circuit breaker is open. */
    private static boolean isPartnerFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BancamigaError || t instanceof java.io.IOException
                    || t.getClass().getName().equals("io.github.resilience4j.circuitbreaker.CallNotPermittedException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a partner could not be asked, in words for the caller: never an exception class, a host or a port (those
     * are in the log line for the operator).
     */
    private static String partnerReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BancamigaError) {
                return t.getMessage();
            }
            if (t.getClass().getName().equals("io.github.resilience4j.circuitbreaker.CallNotPermittedException")) {
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

    private static boolean isStoreFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
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
