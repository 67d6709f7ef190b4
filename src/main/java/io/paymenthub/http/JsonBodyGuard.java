package io.paymenthub.http;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Admits a request body that fits the configured size and returns its raw bytes: declared as JSON ({@link #admit}),
 * or, from a partner that authenticated (docs/contract.md: Intake policy), with any content type a JSON body can come with
 * ({@link #admitPartnerBody}).
 */
public final class JsonBodyGuard {

    private final long maxBodyBytes;

    public JsonBodyGuard(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public byte[] admit(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !isJson(contentType)) {
            throw HttpProblem.unsupportedMediaType("Content-Type must be application/json, not "
                    + (contentType == null ? "missing" : contentType));
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > maxBodyBytes) {
            throw HttpProblem.payloadTooLarge("The body has " + body.length + " bytes; at most " + maxBodyBytes + " are accepted");
        }
        return body;
    }

    /**
     * A partner's body whatever it is declared as (text/plain, none: what .NET and OkHttp send by default), except
     * form and multipart encodings: Vert.x takes those apart into parameters before the route runs, so the body as
     * sent is no longer there to read (415 says to send it as application/json).
     */
    public byte[] admitPartnerBody(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null) {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (mediaType.equals("application/x-www-form-urlencoded") || mediaType.startsWith("multipart/")) {
                throw HttpProblem.unsupportedMediaType("Content-Type " + mediaType + " cannot carry the JSON body as sent;"
                        + " send it as application/json");
            }
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > maxBodyBytes) {
            throw HttpProblem.payloadTooLarge("The body has " + body.length + " bytes; at most " + maxBodyBytes + " are accepted");
        }
        return body;
    }

    /**
     * Drops every header but Content-Type, all an authenticated body's intake reads: each later bean step would
     * otherwise copy the whole HTTP header map. (Camel's removeHeaders with an excludePattern compiles a regular
     * expression per header and request: 1.4 % of the webhook's CPU, bench/RESULTS.md.)
     */
    public void keepContentTypeOnly(Message message) {
        Object contentType = message.getHeader(Exchange.CONTENT_TYPE);
        message.getHeaders().clear();
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim();
        return mediaType.equalsIgnoreCase("application/json");
    }
}
